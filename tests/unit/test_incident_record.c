/*
 * test_incident_record.c: the incident record (issue 11, part 3): the
 * legal fields, every revision kept with its exact content, recovery
 * before the review with the time it happened, deadlines attributed to
 * who owes them, a report received by phone (its deadlines to the
 * second), and supervising agencies over a three-level hierarchy with an
 * unrelated agency that sees nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_main.h"

#include "test_incident_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef test_incident_fx fixture;

static auth_principal staff = {1, "analyst1", AUTH_ROLE_ANALYST, NULL};
static auth_principal ministry = {2, "off-min", AUTH_ROLE_AGENCY, "min"};
static auth_principal department = {3, "off-dep", AUTH_ROLE_AGENCY, "dep"};
static auth_principal office = {4, "off-off", AUTH_ROLE_AGENCY, "off"};
static auth_principal other = {5, "off-oth", AUTH_ROLE_AGENCY, "oth"};

/* ministry "min" > department "dep" > office "off"; "oth" unrelated */
static int setup(void **state)
{
    static const test_agency ag[] = {
        {"min", NULL, NULL}, {"dep", NULL, "min"}, {"off", NULL, "dep"}, {"oth", NULL, NULL}};
    return test_incident_setup(state, "/tmp/gisac-increc-XXXXXX", ag, 4);
}

static int teardown(void **state)
{
    return test_incident_teardown(state);
}

static void file(fixture *f, const auth_principal *who, const char *agency, const char *aware,
                 const char *now, incident *out)
{
    incident_input in = test_incident_input(agency, "Defaced site", "core", test_at(aware));
    in.integrity = "serious"; /* level 3: review 2 h, recovery 36 h */
    in.measures = "took the site offline";
    gisac_err err = GISAC_ERR_INIT;
    int rc = incident_report(f->svc, who, &in, test_at(now), out, &err);
    if (rc != 0)
        fail_msg("report: %d %s", rc, err.msg);
}

typedef struct revs {
    int n;
    char text[8][2048];
} revs;

static int rev_cb(void *ctx, const incident_revision *rv)
{
    revs *r = ctx;
    gisac_buf b = GISAC_BUF_INIT;
    assert_int_equal(incident_revision_to_json(rv, &b), 0);
    if (r->n < 8)
        snprintf(r->text[r->n], sizeof r->text[0], "%s", b.data);
    r->n++;
    gisac_buf_free(&b);
    return 0;
}

/* ---- the legal fields and their revisions --------------------------------- */

static void test_revisions(void **state)
{
    fixture *f = *state;
    incident inc;
    gisac_err err = GISAC_ERR_INIT;
    file(f, &office, "off", "2026-11-24T00:00:00Z", "2026-11-24T00:20:00Z", &inc);
    assert_string_equal(inc.measures, "took the site offline");
    assert_int_equal(inc.support_needed, INCIDENT_SUPPORT_UNSTATED);
    assert_int_equal(inc.revisions, 1);
    char id[INCIDENT_ID_MAX];
    snprintf(id, sizeof id, "%s", inc.id);

    /* three edits by the office, then staff */
    incident_change ch = {.level = -1,
                          .description = "defaced with a political message",
                          .support_needed = INCIDENT_SUPPORT_YES,
                          .support_detail = "forensics of the web server"};
    assert_int_equal(
        incident_update(f->svc, &office, id, &ch, test_at("2026-11-24T01:00:00Z"), &inc, &err), 0);
    ch = (incident_change){.level = -1,
                           .measures = "took the site offline; restored from the backup of 11-20",
                           .notes = "the vendor was called"};
    assert_int_equal(
        incident_update(f->svc, &office, id, &ch, test_at("2026-11-24T02:00:00Z"), &inc, &err), 0);
    ch = (incident_change){.level = -1,
                           .description = "",
                           .support_needed = INCIDENT_SUPPORT_NO,
                           .support_detail = ""};
    assert_int_equal(
        incident_update(f->svc, &staff, id, &ch, test_at("2026-11-24T03:00:00Z"), &inc, &err), 0);
    assert_int_equal(inc.revisions, 4);
    assert_string_equal(inc.description, "");
    assert_int_equal(inc.support_needed, INCIDENT_SUPPORT_NO);

    gisac_buf b = GISAC_BUF_INIT;
    assert_int_equal(incident_to_json(&inc, test_at("2026-11-24T03:00:00Z"), &b), 0);
    assert_non_null(strstr(b.data, "\"measures\":\"took the site offline; restored from the "
                                   "backup of 11-20\",\"support_needed\":{\"needed\":false,"
                                   "\"detail\":null},\"notes\":\"the vendor was called\","
                                   "\"channel\":\"portal\",\"received_at\":null,\"revisions\":4}"));
    gisac_buf_free(&b);

    revs r;
    memset(&r, 0, sizeof r);
    assert_int_equal(incident_revisions(f->svc, &office, id, rev_cb, &r, &err), 0);
    assert_int_equal(r.n, 4);
#define CONTENT(desc, measures, support, detail, notes)                                            \
    "\"content\":{\"title\":\"Defaced site\",\"description\":" desc ",\"category\":\"other\","     \
    "\"asset\":\"core\",\"confidentiality\":\"none\",\"integrity\":\"serious\","                   \
    "\"availability\":\"none\",\"level_override\":null,\"override_reason\":null,"                  \
    "\"occurred_at\":null,\"aware_at\":\"2026-11-24T00:00:00Z\",\"measures\":" measures            \
    ",\"support_needed\":" support ",\"support_detail\":" detail ",\"notes\":" notes               \
    ",\"channel\":\"portal\",\"received_at\":null}}"
    assert_string_equal(
        r.text[0],
        "{\"n\":1,\"at\":\"2026-11-24T00:20:00Z\",\"by\":\"test:runner\","
        "\"changed\":[]," CONTENT("null", "\"took the site offline\"", "null", "null", "null"));
    assert_string_equal(r.text[1],
                        "{\"n\":2,\"at\":\"2026-11-24T01:00:00Z\",\"by\":\"test:runner\","
                        "\"changed\":[\"description\",\"support_needed\"]," CONTENT(
                            "\"defaced with a political message\"", "\"took the site offline\"",
                            "true", "\"forensics of the web server\"", "null"));
    assert_string_equal(r.text[2],
                        "{\"n\":3,\"at\":\"2026-11-24T02:00:00Z\",\"by\":\"test:runner\","
                        "\"changed\":[\"measures\",\"notes\"]," CONTENT(
                            "\"defaced with a political message\"",
                            "\"took the site offline; restored from the backup of 11-20\"", "true",
                            "\"forensics of the web server\"", "\"the vendor was called\""));
    assert_string_equal(r.text[3],
                        "{\"n\":4,\"at\":\"2026-11-24T03:00:00Z\",\"by\":\"test:runner\","
                        "\"changed\":[\"description\",\"support_needed\"]," CONTENT(
                            "null", "\"took the site offline; restored from the backup of 11-20\"",
                            "false", "null", "\"the vendor was called\""));
#undef CONTENT

    /* a bad value names its member and changes nothing */
    ch = (incident_change){.level = -1, .notes = "a\x01"};
    assert_int_equal(
        incident_update(f->svc, &office, id, &ch, test_at("2026-11-24T04:00:00Z"), &inc, &err),
        GISAC_EINVAL);
    assert_string_equal(err.field, "$.notes");
    memset(&r, 0, sizeof r);
    assert_int_equal(incident_revisions(f->svc, &staff, id, rev_cb, &r, &err), 0);
    assert_int_equal(r.n, 4);
    /* the unrelated agency: not found */
    assert_int_equal(incident_revisions(f->svc, &other, id, rev_cb, &r, &err), GISAC_ENOTFOUND);
}

/* ---- recovery before the review, at the time it happened ------------------- */

static void test_recover_before_review(void **state)
{
    fixture *f = *state;
    incident inc;
    gisac_err err = GISAC_ERR_INIT;
    file(f, &office, "off", "2026-11-24T00:00:00Z", "2026-11-24T00:30:00Z", &inc);
    char id[INCIDENT_ID_MAX];
    snprintf(id, sizeof id, "%s", inc.id);
    test_assert_time(inc.deadlines[POLICY_DL_RECOVER].due, "2026-11-25T12:00:00Z");

    /* at: not in the future, not before awareness */
    assert_int_equal(incident_recover(f->svc, &office, id, test_at("2026-11-23T23:59:59Z"), NULL,
                                      test_at("2026-11-26T00:00:00Z"), &inc, &err),
                     GISAC_EINVAL);
    assert_string_equal(err.field, "$.at");
    assert_string_equal(err.msg, "at is before aware-at");
    assert_int_equal(incident_recover(f->svc, &office, id, test_at("2026-11-26T00:00:01Z"), NULL,
                                      test_at("2026-11-26T00:00:00Z"), &inc, &err),
                     GISAC_EINVAL);
    assert_string_equal(err.msg, "at 2026-11-26T08:00:01+08:00 is in the future");

    /* entered a day late (after the deadline), but it happened in time: met, no breach of it */
    assert_int_equal(incident_recover(f->svc, &office, id, test_at("2026-11-25T11:00:00Z"), "done",
                                      test_at("2026-11-26T00:00:00Z"), &inc, &err),
                     0);
    assert_int_equal(inc.status, INCIDENT_RECOVERED);
    test_assert_time(inc.recovered_at, "2026-11-25T11:00:00Z");
    test_assert_time(inc.reviewed_at, "null");
    assert_int_equal(inc.deadlines[POLICY_DL_RECOVER].state, INCIDENT_DL_MET);
    /* the review (the reviewer's) is overdue: its breach is the only one */
    assert_int_equal(inc.deadlines[POLICY_DL_REVIEW].state, INCIDENT_DL_OVERDUE);
    assert_int_equal(inc.breaches, 1);
    /* the investigation report counts from when the recovery happened */
    test_assert_time(inc.deadlines[POLICY_DL_INVESTIGATION].due, "2026-12-25T11:00:00Z");
    assert_int_equal(inc.next, POLICY_DL_REVIEW);
    gisac_buf b = GISAC_BUF_INIT;
    assert_int_equal(incident_to_json(&inc, test_at("2026-11-26T00:00:00Z"), &b), 0);
    assert_non_null(strstr(b.data, "\"next_deadline\":{\"kind\":\"review\",\"owner\":\"reviewer\","
                                   "\"due\":\"2026-11-24T02:30:00Z\",\"seconds_left\":-163800}"));
    gisac_buf_free(&b);
    /* twice: refused */
    assert_int_equal(
        incident_recover(f->svc, &office, id, 0, NULL, test_at("2026-11-26T00:00:00Z"), &inc, &err),
        GISAC_ECONFLICT);
    /* the review after the recovery: stamped, the status stays */
    assert_int_equal(incident_advance(f->svc, &department, id, INCIDENT_REVIEWED, NULL, NULL,
                                      test_at("2026-11-26T01:00:00Z"), &inc, &err),
                     0);
    assert_int_equal(inc.status, INCIDENT_RECOVERED);
    test_assert_time(inc.reviewed_at, "2026-11-26T01:00:00Z");
    assert_int_equal(inc.deadlines[POLICY_DL_REVIEW].state, INCIDENT_DL_LATE);
    assert_int_equal(inc.next, POLICY_DL_INVESTIGATION);
    assert_int_equal(inc.breaches, 1);
}

/* ---- a report received by phone --------------------------------------------- */

/* incident_report of in by who, at 03:00, refused with code; why in *err */
static void report_refused(fixture *f, const auth_principal *who, const incident_input *in,
                           int code, gisac_err *err)
{
    incident inc;
    assert_int_equal(incident_report(f->svc, who, in, test_at("2026-11-24T03:00:00Z"), &inc, err),
                     code);
}

static void test_phone_channel(void **state)
{
    fixture *f = *state;
    incident inc;
    gisac_err err = GISAC_ERR_INIT;
    incident_input in =
        test_incident_input("oth", "Ransomware", "core", test_at("2026-11-24T00:00:00Z"));
    in.availability = "beyond-mtd"; /* level 3 */
    in.channel = "phone";
    in.received_at = test_at("2026-11-24T00:50:00Z");
    /* only staff record another channel */
    report_refused(f, &other, &in, GISAC_EFORBIDDEN, &err);
    assert_string_equal(err.msg, "only office staff record a report received by phone");
    in.channel = "pigeon";
    report_refused(f, &staff, &in, GISAC_EINVAL, &err);
    assert_string_equal(err.field, "$.channel");
    in.channel = "phone";
    in.received_at = test_at("2026-11-23T23:59:00Z");
    report_refused(f, &staff, &in, GISAC_EINVAL, &err);
    assert_string_equal(err.msg, "received-at is before aware-at");
    in.received_at = 0;
    report_refused(f, &staff, &in, GISAC_EINVAL, &err);
    assert_string_equal(err.field, "$.received_at");

    /* received at 00:50 by phone, entered at 03:00: reported in time, the review counts from
     * 00:50 */
    in.received_at = test_at("2026-11-24T00:50:00Z");
    assert_int_equal(
        incident_report(f->svc, &staff, &in, test_at("2026-11-24T03:00:00Z"), &inc, &err), 0);
    assert_string_equal(inc.channel, "phone");
    test_assert_time(inc.received_at, "2026-11-24T00:50:00Z");
    test_assert_time(inc.reported_at, "2026-11-24T00:50:00Z");
    test_assert_time(inc.deadlines[POLICY_DL_REPORT].due, "2026-11-24T01:00:00Z");
    assert_int_equal(inc.deadlines[POLICY_DL_REPORT].state, INCIDENT_DL_MET);
    test_assert_time(inc.deadlines[POLICY_DL_REVIEW].due, "2026-11-24T02:50:00Z");
    assert_int_equal(inc.deadlines[POLICY_DL_REVIEW].state, INCIDENT_DL_OVERDUE);
    test_assert_time(inc.deadlines[POLICY_DL_RECOVER].due, "2026-11-25T12:00:00Z");
    assert_int_equal(inc.breaches, 1); /* the review's: the office's, not the agency's */
    assert_string_equal(inc.created_by, "test:runner");
    /* the agency completes the details; the revision names who */
    incident_change ch = {.level = -1,
                          .description = "files encrypted on two servers",
                          .measures = "isolated the servers"};
    store_set_actor(incident_svc_store(f->svc), "user:off-oth");
    assert_int_equal(
        incident_update(f->svc, &other, inc.id, &ch, test_at("2026-11-24T04:00:00Z"), &inc, &err),
        0);
    store_set_actor(incident_svc_store(f->svc), "test:runner");
    revs r;
    memset(&r, 0, sizeof r);
    assert_int_equal(incident_revisions(f->svc, &other, inc.id, rev_cb, &r, &err), 0);
    assert_int_equal(r.n, 2);
    assert_non_null(strstr(r.text[0], "\"by\":\"test:runner\""));
    assert_non_null(strstr(r.text[0], "\"channel\":\"phone\",\"received_at\":"
                                      "\"2026-11-24T00:50:00Z\"}"));
    assert_non_null(strstr(r.text[1], "{\"n\":2,\"at\":\"2026-11-24T04:00:00Z\","
                                      "\"by\":\"user:off-oth\",\"changed\":[\"description\","
                                      "\"measures\"]"));
}

/* ---- supervising agencies ---------------------------------------------------- */

typedef struct ids {
    int n;
    char v[8][INCIDENT_ID_MAX];
} ids;

static int id_cb(void *ctx, const incident *inc)
{
    ids *l = ctx;
    if (l->n < 8)
        snprintf(l->v[l->n], sizeof l->v[0], "%s", inc->id);
    l->n++;
    return 0;
}

static int list_count(fixture *f, const auth_principal *who, const char *agency)
{
    ids l;
    memset(&l, 0, sizeof l);
    incident_filter flt = {.agency = agency};
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(
        incident_list(f->svc, who, &flt, test_at("2026-11-24T01:00:00Z"), id_cb, &l, &err), 0);
    return l.n;
}

TEST_COUNTER(ev_cb, incident_evidence)

static void test_supervisors(void **state)
{
    fixture *f = *state;
    incident inc;
    gisac_err err = GISAC_ERR_INIT;
    char ref[3][INCIDENT_ID_MAX];
    const auth_principal *by[3] = {&ministry, &department, &office};
    const char *ag[3] = {"min", "dep", "off"};
    for (int i = 0; i < 3; i++) {
        file(f, by[i], ag[i], "2026-11-24T00:00:00Z", "2026-11-24T00:10:00Z", &inc);
        snprintf(ref[i], sizeof ref[i], "%s", inc.id);
    }
    char path[160];
    snprintf(path, sizeof path, "%s/log.txt", f->dir);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("GET /admin\n", fp);
    fclose(fp);
    incident_evidence_input ein = {path, NULL, NULL, 0};
    incident_evidence ev;
    assert_int_equal(incident_evidence_add(f->svc, &office, ref[2], &ein,
                                           test_at("2026-11-24T00:20:00Z"), &ev, &err),
                     0);

    /* the visibility rule */
    int yes = 0;
    const char *rows[] = {"min", "dep", "off", "oth"};
    const auth_principal *who[] = {&ministry, &department, &office, &other, &staff};
    int want[5][4] = {{1, 1, 1, 0}, {0, 1, 1, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}, {1, 1, 1, 1}};
    for (int w = 0; w < 5; w++)
        for (int a = 0; a < 4; a++) {
            assert_int_equal(incident_may_see_agency(f->svc, who[w], rows[a], &yes, &err), 0);
            assert_int_equal(yes, want[w][a]);
        }

    /* lists: each level sees its own and what is below it */
    assert_int_equal(list_count(f, &ministry, NULL), 3);
    assert_int_equal(list_count(f, &department, NULL), 2);
    assert_int_equal(list_count(f, &office, NULL), 1);
    assert_int_equal(list_count(f, &other, NULL), 0);
    assert_int_equal(list_count(f, &ministry, "off"), 1);
    assert_int_equal(list_count(f, &department, "min"), 0);
    assert_int_equal(list_count(f, &other, "off"), 0);

    /* the ministry reads the office's incident and its evidence */
    assert_int_equal(
        incident_get(f->svc, &ministry, ref[2], test_at("2026-11-24T01:00:00Z"), &inc, &err), 0);
    int n = 0;
    assert_int_equal(incident_evidence_list(f->svc, &ministry, ref[2], ev_cb, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(incident_evidence_get(f->svc, &department, ref[2], 1, &ev, &err), 0);

    /* a supervisor reads the evidence; it does not add to it */
    assert_int_equal(incident_evidence_add(f->svc, &ministry, ref[2], &ein,
                                           test_at("2026-11-24T00:30:00Z"), &ev, &err),
                     GISAC_EFORBIDDEN);
    assert_string_equal(err.msg, "the evidence of INC-2026-000003 is off's: its supervising agency "
                                 "reads it, the agency or the office adds to it");
    assert_int_equal(incident_evidence_transfer(f->svc, &department, ref[2], 1, NULL, "x", "y", 0,
                                                test_at("2026-11-24T00:30:00Z"), &ev, &err),
                     GISAC_EFORBIDDEN);
    /* verifying every file one may see: the ministry's include the office's */
    size_t checked = 9, bad = 9;
    assert_int_equal(incident_evidence_verify(f->svc, &ministry, NULL,
                                              test_at("2026-11-24T01:00:00Z"), NULL, NULL, &checked,
                                              &bad, &err),
                     0);
    assert_int_equal(checked, 1);
    assert_int_equal(bad, 0);
    assert_int_equal(incident_evidence_verify(f->svc, &other, NULL, test_at("2026-11-24T01:00:00Z"),
                                              NULL, NULL, &checked, &bad, &err),
                     0);
    assert_int_equal(checked, 0);
    /* the unrelated agency: 404 everywhere */
    assert_int_equal(
        incident_get(f->svc, &other, ref[2], test_at("2026-11-24T01:00:00Z"), &inc, &err),
        GISAC_ENOTFOUND);
    assert_string_equal(err.msg, "incident INC-2026-000003: not found");
    assert_int_equal(incident_evidence_list(f->svc, &other, ref[2], ev_cb, &n, &err),
                     GISAC_ENOTFOUND);
    assert_int_equal(incident_evidence_get(f->svc, &other, ref[2], 1, &ev, &err), GISAC_ENOTFOUND);
    revs r;
    memset(&r, 0, sizeof r);
    assert_int_equal(incident_revisions(f->svc, &other, ref[2], rev_cb, &r, &err), GISAC_ENOTFOUND);
    assert_int_equal(incident_advance(f->svc, &other, ref[2], INCIDENT_REVIEWED, NULL, NULL,
                                      test_at("2026-11-24T01:00:00Z"), &inc, &err),
                     GISAC_ENOTFOUND);
    /* the office cannot see up */
    assert_int_equal(
        incident_get(f->svc, &office, ref[1], test_at("2026-11-24T01:00:00Z"), &inc, &err),
        GISAC_ENOTFOUND);

    /* reviews: not one's own; a supervisor (any level above) may; it does not edit */
    assert_int_equal(incident_advance(f->svc, &office, ref[2], INCIDENT_REVIEWED, NULL, NULL,
                                      test_at("2026-11-24T01:00:00Z"), &inc, &err),
                     GISAC_EFORBIDDEN);
    incident_change ch = {.level = -1, .title = "renamed"};
    assert_int_equal(incident_update(f->svc, &ministry, ref[2], &ch,
                                     test_at("2026-11-24T01:00:00Z"), &inc, &err),
                     GISAC_EFORBIDDEN);
    assert_string_equal(err.msg, "incident INC-2026-000003 is off's: its supervising agency "
                                 "reviews it, the agency or the office changes it");
    assert_int_equal(incident_advance(f->svc, &ministry, ref[2], INCIDENT_REVIEWED, NULL, NULL,
                                      test_at("2026-11-24T01:00:00Z"), &inc, &err),
                     0);
    assert_int_equal(inc.status, INCIDENT_REVIEWED);
    assert_int_equal(incident_advance(f->svc, &department, ref[1], INCIDENT_REVIEWED, NULL, NULL,
                                      test_at("2026-11-24T01:00:00Z"), &inc, &err),
                     GISAC_EFORBIDDEN);
    /* the ministry has no parent: the office (staff) reviews it */
    assert_int_equal(incident_advance(f->svc, &ministry, ref[0], INCIDENT_REVIEWED, NULL, NULL,
                                      test_at("2026-11-24T01:00:00Z"), &inc, &err),
                     GISAC_EFORBIDDEN);
    assert_int_equal(incident_advance(f->svc, &staff, ref[0], INCIDENT_REVIEWED, NULL, NULL,
                                      test_at("2026-11-24T01:00:00Z"), &inc, &err),
                     0);
    assert_int_equal(incident_may_review_agency(f->svc, &ministry, "off", &yes, &err), 0);
    assert_int_equal(yes, 1);
    assert_int_equal(incident_may_review_agency(f->svc, &department, "min", &yes, &err), 0);
    assert_int_equal(yes, 0);
}

/* ---- an incident confirmed from an alert: linked in the same transaction ----- */

static int link_cb(void *ctx, const char *kind, const char *target, int64_t added)
{
    char *out = ctx;
    snprintf(out, 128, "%s %s %lld", kind, target, (long long)added);
    return 0;
}

static void test_alert_link(void **state)
{
    fixture *f = *state;
    incident inc;
    gisac_err err = GISAC_ERR_INIT;
    incident_input in = test_incident_input("oth", "Beacon to a C2 domain", "core",
                                            test_at("2026-11-24T00:00:00Z"));
    in.alert = "ALR-2026-000007";
    assert_int_equal(
        incident_report(f->svc, &other, &in, test_at("2026-11-24T00:05:00Z"), &inc, &err), 0);
    char link[128] = "";
    assert_int_equal(incident_links(f->svc, &other, inc.id, link_cb, link, &err), 0);
    assert_string_equal(link, "alert ALR-2026-000007 1795478700");
    in.alert = "bad\nid";
    assert_int_equal(
        incident_report(f->svc, &other, &in, test_at("2026-11-24T00:05:00Z"), &inc, &err),
        GISAC_EINVAL);
    assert_string_equal(err.field, "$.alert");
}

TEST_MAIN(setup, teardown, TEST_CASE(test_revisions), TEST_CASE(test_recover_before_review),
          TEST_CASE(test_phone_channel), TEST_CASE(test_supervisors), TEST_CASE(test_alert_link))
