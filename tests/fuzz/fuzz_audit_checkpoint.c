/*
 * fuzz_audit_checkpoint.c: libFuzzer target for audit_checkpoint_parse, the
 * reader of a checkpoint kept outside the machine (gisac audit verify
 * --checkpoint FILE): the JSON of `audit checkpoint --json` or the webhook
 * body of the notification audit.checkpoint, from a file anyone may have
 * handed over. It must never crash, must fill every field with the shape
 * it promises (seq >= 1, lower-case hex of the right lengths) when it
 * accepts, and what it accepts must come back the same through
 * audit_checkpoint_to_json and a second parse.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "fuzz_util.h"

/* s is n characters of lower-case hex */
static int hex_of(const char *s, size_t n)
{
    return strlen(s) == n && strspn(s, "0123456789abcdef") == n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    audit_checkpoint c, again;
    gisac_err err = GISAC_ERR_INIT;
    if (audit_checkpoint_parse((const char *)data, size, &c, &err) < 0) {
        CHECK(err.msg[0] != '\0');
        return 0;
    }
    CHECK(c.seq >= 1);
    CHECK(hex_of(c.hash, 64) && hex_of(c.key, 64) && hex_of(c.signature, 128));
    gisac_buf b = GISAC_BUF_INIT;
    CHECK(audit_checkpoint_to_json(&c, &b) == 0);
    CHECK(jsonx_walk(b.data, b.len, NULL, NULL, NULL, NULL) == 0);
    gisac_err e2 = GISAC_ERR_INIT;
    CHECK(audit_checkpoint_parse(b.data, b.len, &again, &e2) == 0);
    CHECK(again.seq == c.seq && strcmp(again.hash, c.hash) == 0 && strcmp(again.key, c.key) == 0 &&
          strcmp(again.signature, c.signature) == 0);
    /* the time is written in whole seconds UTC and read back the same,
     * within what gisac_time_format can show */
    if (c.ts >= 0 && c.ts < 253402300800LL)
        CHECK(again.ts == c.ts);
    gisac_buf_free(&b);
    return 0;
}
