/*
 * fuzz_mobile_rules.c: libFuzzer target for the policy's "apps" section
 * (mobile_rules_parse, docs/app.md). For every input:
 *  - a rejection is GISAC_EINVAL with a message naming a JSON path under
 *    $.apps;
 *  - accepted rules are in range, their JSON (mobile_rules_to_json)
 *    parses back to the same rules, and every overridden id gets its
 *    severity from mobile_severity.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "mobile/mobile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_text(data, size, 1);
    if (!text)
        return 0;
    mobile_rules r, again;
    gisac_err err = GISAC_ERR_INIT;
    int rc = mobile_rules_parse(text, &r, &err);
    free(text);
    if (rc < 0) {
        CHECK(rc == GISAC_EINVAL || rc == GISAC_ENOMEM);
        CHECK(rc != GISAC_EINVAL || strncmp(err.msg, "$.apps", 6) == 0);
        return 0;
    }
    CHECK(r.min_sdk_floor >= 1 && r.min_sdk_floor <= 10000);
    CHECK(r.target_sdk_floor >= 1 && r.target_sdk_floor <= 10000);
    CHECK(r.nover <= MOBILE_OVERRIDES_MAX);
    gisac_buf b = GISAC_BUF_INIT;
    CHECK(mobile_rules_to_json(&r, &b) == 0);
    CHECK(mobile_rules_parse(b.data, &again, &err) == 0);
    CHECK(again.min_sdk_floor == r.min_sdk_floor && again.target_sdk_floor == r.target_sdk_floor);
    CHECK(again.nover == r.nover);
    for (size_t i = 0; i < r.nover; i++) {
        CHECK(r.over[i].rank >= 0 && r.over[i].rank <= 4);
        const char *s = mobile_severity(&again, r.over[i].id, NULL);
        CHECK(s != NULL && apk_severity_rank(s) >= 0);
    }
    gisac_buf_free(&b);
    return 0;
}
