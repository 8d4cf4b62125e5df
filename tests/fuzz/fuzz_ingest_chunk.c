/*
 * fuzz_ingest_chunk.c: libFuzzer target for the chunks the NATS workers
 * read from the stream (src/ingest: ingest_msg_chunk), whose headers
 * anyone who may publish to gisac.events.> writes.
 *
 * The input is fields separated by newlines: the subject, then header
 * values Nats-Msg-Id, Gisac-Agency, Gisac-Source, Gisac-Offset,
 * Gisac-Format, Gisac-Sensor (an empty field: the header is absent), then
 * the data (the rest). For every message NATS accepts:
 *  - a chunk is read (0) or refused with GISAC_EINVAL and a message;
 *  - a chunk read has a 32-character id, an agency, a source and a
 *    format, its offset the header's number, its data the message's;
 *  - reading is deterministic.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "ingest/ingest.h"

#define FIELDS 7

static const char *const keys[FIELDS - 1] = {"Nats-Msg-Id",  "Gisac-Agency", "Gisac-Source",
                                             "Gisac-Offset", "Gisac-Format", "Gisac-Sensor"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_text(data, size, 1);
    if (!s)
        return 0;
    char *f[FIELDS] = {NULL};
    char *p = s;
    for (int i = 0; i < FIELDS && p; i++) {
        f[i] = p;
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        p = nl ? nl + 1 : NULL;
    }
    const char *h[2 * FIELDS + 1];
    size_t n = 0;
    for (int i = 1; i < FIELDS; i++)
        if (f[i] && *f[i]) {
            h[n++] = keys[i - 1];
            h[n++] = f[i];
        }
    h[n] = NULL;
    const char *body = p ? p : "";
    gisac_err err = GISAC_ERR_INIT;
    ingest_msg *m = NULL;
    if (!f[0] || !*f[0] || ingest_msg_from(f[0], h, body, strlen(body), &m, &err) < 0) {
        free(s);
        return 0;
    }
    ingest_chunk a, b;
    gisac_err e1 = GISAC_ERR_INIT, e2 = GISAC_ERR_INIT;
    int rc = ingest_msg_chunk(m, &a, &e1);
    CHECK(ingest_msg_chunk(m, &b, &e2) == rc);
    if (rc == 0) {
        CHECK(strlen(a.id) == INGEST_ID_LEN && strcmp(a.id, b.id) == 0);
        CHECK(a.agency && *a.agency && a.source && a.format);
        CHECK(a.offset == b.offset && a.len == strlen(body));
        CHECK(memcmp(a.data, body, a.len) == 0);
    } else {
        CHECK(rc == GISAC_EINVAL && e1.msg[0]);
    }
    ingest_msg_free(m);
    free(s);
    return 0;
}
