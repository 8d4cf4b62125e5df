/*
 * fuzz_report_rules.c: libFuzzer target for the alert light's rules
 * (report_light_rules_parse), fed the policy file's "alert_light" object
 * and the raw input itself. For every input:
 *  - a rejection is GISAC_EINVAL with a message naming a JSON path under
 *    $.alert_light, and leaves the defaults in place;
 *  - accepted rules are in range, and parsing the same text again gives
 *    the same rules.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "policy/policy.h"
#include "report/report.h"

static void one(const char *text)
{
    report_light_rules r, d, again;
    gisac_err err = GISAC_ERR_INIT;
    report_light_rules_default(&d);
    int rc = report_light_rules_parse(text, &r, &err);
    if (rc < 0) {
        CHECK(rc == GISAC_EINVAL);
        CHECK(strncmp(err.msg, "$.alert_light", 13) == 0);
        CHECK(memcmp(&r, &d, sizeof r) == 0);
        return;
    }
    CHECK(r.red_open_level >= 0 && r.red_open_level <= 4);
    CHECK(r.red_recover_breach_level >= 0 && r.red_recover_breach_level <= 4);
    CHECK(r.orange_open_level >= 0 && r.orange_open_level <= 4);
    CHECK(r.orange_breach == 0 || r.orange_breach == 1);
    CHECK(r.yellow_open_incidents >= 0 && r.yellow_open_incidents <= 1000000);
    CHECK(r.yellow_max_level >= 1 && r.yellow_max_level <= 4);
    CHECK(r.yellow_spike_factor >= 0 && r.yellow_spike_factor <= 1000);
    CHECK(r.yellow_baseline_days >= 1 && r.yellow_baseline_days <= 90);
    CHECK(r.yellow_min_sightings >= 1 && r.yellow_min_sightings <= 1000000000);
    CHECK(r.blue_open == 0 || r.blue_open == 1);
    CHECK(r.blue_sightings == 0 || r.blue_sightings == 1);
    CHECK(report_light_rules_parse(text, &again, &err) == 0);
    CHECK(memcmp(&r, &again, sizeof r) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_text(data, size, 1);
    if (!text)
        return 0;
    one(text);
    free(text);
    policy p;
    gisac_err err = GISAC_ERR_INIT;
    if (policy_parse((const char *)data, size, "fuzz", &p, &err) == 0) {
        one(p.alert_light);
        policy_free(&p);
    }
    return 0;
}
