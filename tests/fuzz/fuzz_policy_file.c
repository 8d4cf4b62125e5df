/*
 * fuzz_policy_file.c: libFuzzer target for the policy file parser
 * (policy_parse). For every input:
 *  - a rejection carries a message and leaves nothing allocated;
 *  - an accepted policy is complete and in range: every level cell 0..4,
 *    major_level 1..4, every deadline non-zero, reserved sections objects;
 *  - its canonical form (policy_to_json) parses back to a policy whose
 *    canonical form is byte for byte the same, with and without a version;
 *  - every level the policy computes is 0..4 or refused, and every
 *    deadline lies after its start.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_util.h"
#include "policy/policy.h"

static void check_policy(const policy *p)
{
    CHECK(p->major_level >= 1 && p->major_level <= POLICY_LEVEL_MAX);
    for (int a = 1; a < POLICY_ASSET_COUNT; a++)
        for (int k = 0; k < POLICY_COL_COUNT; k++)
            CHECK(p->level[a][k] >= 0 && p->level[a][k] <= POLICY_LEVEL_MAX);
    CHECK(!policy_duration_is_zero(p->report) && !policy_duration_is_zero(p->report_level_change));
    for (int lv = 1; lv <= POLICY_LEVEL_MAX; lv++) {
        CHECK(!policy_duration_is_zero(p->review[lv]));
        CHECK(!policy_duration_is_zero(p->recover[lv]));
        CHECK(!policy_duration_is_zero(p->investigation[lv]));
    }
    CHECK(!p->alert_light || p->alert_light[0] == '{');
    CHECK(!p->auto_report || p->auto_report[0] == '{');
    for (int a = 1; a < POLICY_ASSET_COUNT; a++)
        for (int c = 0; c <= 2; c++)
            for (int i = 0; i <= 2; i++)
                for (int av = 0; av <= 2; av++) {
                    int lv = -1;
                    gisac_err err;
                    int rc = policy_level(p, (policy_asset)a, (policy_impact)c, (policy_impact)i,
                                          (policy_avail)av, &lv, &err);
                    CHECK(rc == 0 || rc == GISAC_EINVAL);
                    CHECK(rc != 0 || (lv >= 0 && lv <= POLICY_LEVEL_MAX));
                    CHECK(rc != 0 || ((c || i || av) ? lv >= 1 : lv == 0));
                }
    const int64_t t0 = 1795478400; /* 2026-11-24 */
    for (int lv = 0; lv <= POLICY_LEVEL_MAX; lv++) {
        policy_clock clk = {lv, t0, t0 + 60, lv & 1, t0 + 120, t0 + 180, NULL};
        int64_t due[POLICY_DL_COUNT];
        policy_deadlines(p, &clk, due);
        CHECK(due[POLICY_DL_REPORT] > clk.report_clock);
        CHECK(lv ? due[POLICY_DL_REVIEW] > clk.reported_at : due[POLICY_DL_REVIEW] == 0);
        CHECK(lv ? due[POLICY_DL_RECOVER] > clk.aware_at : due[POLICY_DL_RECOVER] == 0);
        CHECK(lv ? due[POLICY_DL_INVESTIGATION] > clk.recovered_at
                 : due[POLICY_DL_INVESTIGATION] == 0);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    policy p;
    gisac_err err = GISAC_ERR_INIT;
    int rc = policy_parse((const char *)data, size, "fuzz", &p, &err);
    if (rc < 0) {
        CHECK(rc == GISAC_EINVAL || rc == GISAC_ENOMEM);
        CHECK(err.msg[0] != '\0');
        CHECK(!p.description && !p.alert_light && !p.auto_report);
        return 0;
    }
    check_policy(&p);
    gisac_buf a = GISAC_BUF_INIT, b = GISAC_BUF_INIT, v = GISAC_BUF_INIT;
    CHECK(policy_to_json(&p, 0, &a) == 0);
    policy q;
    CHECK(policy_parse(a.data, a.len, "canonical", &q, &err) == 0);
    CHECK(policy_to_json(&q, 0, &b) == 0);
    CHECK(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
    CHECK(policy_to_json(&q, 42, &v) == 0);
    policy r;
    CHECK(policy_parse(v.data, v.len, "versioned", &r, &err) == 0);
    gisac_buf_reset(&b);
    CHECK(policy_to_json(&r, 0, &b) == 0);
    CHECK(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
    policy c;
    CHECK(policy_copy(&c, &r, &err) == 0);
    policy_free(&c);
    policy_free(&r);
    policy_free(&q);
    policy_free(&p);
    gisac_buf_free(&a);
    gisac_buf_free(&b);
    gisac_buf_free(&v);
    return 0;
}
