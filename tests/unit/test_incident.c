/*
 * test_incident.c: the incident service on a real store: reports, ids,
 * every deadline, the state machine with every illegal transition, level
 * overrides and the report clock restart, breaches (once, idempotent,
 * audited), warnings, drafts, policies by version, events and the hook,
 * links, evidence with its chain of custody and verification after
 * corrupting and deleting a stored file, and agency isolation.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_main.h"

#include "test_incident_util.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef test_incident_fx fixture;

static auth_principal staff = {1, "analyst1", AUTH_ROLE_ANALYST, NULL};
static auth_principal admin = {2, "root", AUTH_ROLE_ADMIN, NULL};
static auth_principal agency_a = {3, "officer-a", AUTH_ROLE_AGENCY, "moda"};
static auth_principal agency_b = {4, "officer-b", AUTH_ROLE_AGENCY, "hospital"};
static auth_principal sensor_a = {5, "sensor-a", AUTH_ROLE_SENSOR, "moda"};
static auth_principal consumer = {6, "cert", AUTH_ROLE_CONSUMER, NULL};

static int setup(void **state)
{
    static const test_agency ag[] = {{"moda", NULL, NULL}, {"hospital", NULL, NULL}};
    return test_incident_setup(state, "/tmp/gisac-incident-XXXXXX", ag, 2);
}

static int teardown(void **state)
{
    return test_incident_teardown(state);
}

/* Report an incident of moda aware at aware, filed at now. */
static void report(fixture *f, const auth_principal *who, const char *agency, const char *asset,
                   const char *c, const char *i, const char *a, const char *aware, const char *now,
                   incident *out)
{
    incident_input in = test_incident_input(agency, "Test incident", asset, test_at(aware));
    in.confidentiality = c;
    in.integrity = i;
    in.availability = a;
    gisac_err err = GISAC_ERR_INIT;
    int rc = incident_report(f->svc, who, &in, test_at(now), out, &err);
    if (rc != 0)
        fail_msg("report: %d %s", rc, err.msg);
}

static int count_audit_cb(void *ctx, const store_audit_entry *e)
{
    const char **want = ctx;
    if (strcmp(e->action, want[0]) == 0)
        (*(int *)(void *)want[1])++;
    return 0;
}

static int audit_count(fixture *f, const char *action)
{
    int n = 0;
    const char *ctx[2] = {action, (const char *)(void *)&n};
    gisac_err err;
    assert_int_equal(store_audit_iter(incident_svc_store(f->svc), 0, count_audit_cb, ctx, &err), 0);
    return n;
}

static int ev_cb(void *ctx, const incident_event *ev)
{
    test_linef(ctx, "%s", ev->kind);
    return 0;
}

static int events_of(fixture *f, const auth_principal *who, const char *kind)
{
    test_lines e;
    memset(&e, 0, sizeof e);
    gisac_err err;
    assert_int_equal(incident_events(f->svc, who, NULL, 0, ev_cb, &e, &err), 0);
    int n = 0;
    for (int i = 0; i < e.n && i < 64; i++)
        if (!kind || strcmp(e.line[i], kind) == 0)
            n++;
    return n;
}

/* ---- reports, ids, deadlines ------------------------------------------------ */

static void test_report_and_deadlines(void **state)
{
    fixture *f = *state;
    incident inc;
    report(f, &staff, "moda", "core", "none", "serious", "within-mtd", "2026-11-23T23:30:00Z",
           "2026-11-24T00:00:00Z", &inc);
    assert_string_equal(inc.id, "INC-2026-000001");
    assert_int_equal(inc.level, 3);
    assert_int_equal(inc.level_computed, 3);
    assert_int_equal(inc.major, 1);
    assert_int_equal(inc.policy_version, 1);
    assert_int_equal(inc.status, INCIDENT_REPORTED);
    assert_string_equal(inc.category, "other");
    assert_string_equal(inc.created_by, "test:runner");
    test_assert_time(inc.deadlines[POLICY_DL_REPORT].due, "2026-11-24T00:30:00Z");
    assert_int_equal(inc.deadlines[POLICY_DL_REPORT].state, INCIDENT_DL_MET);
    test_assert_time(inc.deadlines[POLICY_DL_REVIEW].due, "2026-11-24T02:00:00Z");
    test_assert_time(inc.deadlines[POLICY_DL_RECOVER].due, "2026-11-25T11:30:00Z");
    test_assert_time(inc.deadlines[POLICY_DL_INVESTIGATION].due, "null");
    assert_int_equal(inc.next, POLICY_DL_REVIEW);
    assert_int_equal(inc.breaches, 0);

    gisac_buf b = GISAC_BUF_INIT;
    assert_int_equal(incident_to_json(&inc, test_at("2026-11-24T00:00:00Z"), &b), 0);
    assert_non_null(strstr(b.data, "\"level\":3,"));
    assert_non_null(strstr(b.data, "\"deadlines\":{\"report\":\"2026-11-24T00:30:00Z\","
                                   "\"review\":\"2026-11-24T02:00:00Z\","
                                   "\"recover\":\"2026-11-25T11:30:00Z\","
                                   "\"investigation_report\":null}"));
    assert_non_null(strstr(b.data, "\"deadline_owners\":{\"report\":\"agency\","
                                   "\"review\":\"reviewer\",\"recover\":\"agency\","
                                   "\"investigation_report\":\"agency\"}"));
    assert_non_null(strstr(b.data, "\"next_deadline\":{\"kind\":\"review\",\"owner\":"
                                   "\"reviewer\",\"due\":\"2026-11-24T02:00:00Z\","
                                   "\"seconds_left\":7200}"));
    assert_non_null(strstr(b.data, "\"measures\":null,\"support_needed\":null,\"notes\":null,"
                                   "\"channel\":\"portal\",\"received_at\":null,"
                                   "\"revisions\":1}"));
    gisac_buf_free(&b);

    /* levels 1 and 2: 8 h review, 72 h recovery */
    report(f, &staff, "moda", "non-core", "minor", NULL, NULL, "2026-11-24T00:00:00Z",
           "2026-11-24T00:10:00Z", &inc);
    assert_string_equal(inc.id, "INC-2026-000002");
    assert_int_equal(inc.level, 1);
    assert_int_equal(inc.major, 0);
    test_assert_time(inc.deadlines[POLICY_DL_REPORT].due, "2026-11-24T01:00:00Z");
    test_assert_time(inc.deadlines[POLICY_DL_REVIEW].due, "2026-11-24T08:10:00Z");
    test_assert_time(inc.deadlines[POLICY_DL_RECOVER].due, "2026-11-27T00:00:00Z");
    /* level 4 */
    report(f, &staff, "moda", "national-secret", "minor", NULL, NULL, "2026-11-24T00:00:00Z",
           "2026-11-24T00:05:00Z", &inc);
    assert_int_equal(inc.level, 4);
    test_assert_time(inc.deadlines[POLICY_DL_REVIEW].due, "2026-11-24T02:05:00Z");
    test_assert_time(inc.deadlines[POLICY_DL_RECOVER].due, "2026-11-25T12:00:00Z");
    /* no impact: no level, only the report deadline */
    report(f, &staff, "moda", "core", NULL, NULL, NULL, "2026-11-24T00:00:00Z",
           "2026-11-24T00:05:00Z", &inc);
    assert_int_equal(inc.level, 0);
    test_assert_time(inc.deadlines[POLICY_DL_REVIEW].due, "null");
    test_assert_time(inc.deadlines[POLICY_DL_RECOVER].due, "null");
    assert_int_equal(inc.next, -1);
    /* a new year starts a new sequence */
    report(f, &staff, "moda", "core", "minor", NULL, NULL, "2026-12-31T23:00:00Z",
           "2027-01-01T00:00:00Z", &inc);
    assert_string_equal(inc.id, "INC-2027-000001");
    assert_int_equal(audit_count(f, "incident.report"), 5);
    assert_int_equal(audit_count(f, "policy.set"), 1); /* the built-in one, stored once */
    assert_int_equal(events_of(f, &staff, "incident.new"), 5);
}

static void test_report_errors(void **state)
{
    fixture *f = *state;
    incident_input in = test_incident_input("moda", "x", "core", test_at("2026-11-24T00:00:00Z"));
    int64_t now = test_at("2026-11-24T00:10:00Z");
    gisac_err err;
    struct {
        const char *field, *value, *msg;
    } bad[] = {
        {"asset", "secret", "asset 'secret': use non-core, core, core-ci or national-secret"},
        {"confidentiality", "high", "confidentiality 'high': use none, minor or serious"},
        {"availability", "down", "availability 'down': use none, within-mtd or beyond-mtd"},
        {"category", "spam",
         "category 'spam': use malicious-content, malware, information-gathering, "
         "intrusion-attempt, intrusion, denial-of-service, information-content-security, "
         "fraud, vulnerability or other"},
        {"agency", "nope", "agency nope does not exist"},
        {"agency", "Bad_Id", "agency id 'Bad_Id': use only a-z, 0-9 and '-' (1 to 64 characters)"},
        {"title", "   ", "title is empty"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        incident_input x = in;
        if (!strcmp(bad[k].field, "asset"))
            x.asset = bad[k].value;
        else if (!strcmp(bad[k].field, "confidentiality"))
            x.confidentiality = bad[k].value;
        else if (!strcmp(bad[k].field, "availability"))
            x.availability = bad[k].value;
        else if (!strcmp(bad[k].field, "category"))
            x.category = bad[k].value;
        else if (!strcmp(bad[k].field, "agency"))
            x.agency = bad[k].value;
        else
            x.title = bad[k].value;
        assert_int_equal(incident_report(f->svc, &staff, &x, now, NULL, &err), GISAC_EINVAL);
        assert_string_equal(err.msg, bad[k].msg);
    }
    incident_input x = in;
    x.availability = "within-mtd";
    x.asset = "national-secret";
    assert_int_equal(incident_report(f->svc, &staff, &x, now, NULL, &err), GISAC_EINVAL);
    assert_string_equal(err.msg, "availability impact 'within-mtd' does not apply to "
                                 "national-secret assets under this policy");
    x = in;
    x.aware_at = test_at("2026-11-24T01:00:00Z");
    assert_int_equal(incident_report(f->svc, &staff, &x, now, NULL, &err), GISAC_EINVAL);
    assert_string_equal(err.msg, "aware-at 2026-11-24T09:00:00+08:00 is in the future");
    x = in;
    x.occurred_at = test_at("2026-11-24T00:05:00Z");
    assert_int_equal(incident_report(f->svc, &staff, &x, now, NULL, &err), GISAC_EINVAL);
    assert_string_equal(err.msg, "occurred-at is after aware-at");
    /* nothing was written */
    incident inc;
    assert_int_equal(incident_get(f->svc, &staff, "INC-2026-000001", now, &inc, &err),
                     GISAC_ENOTFOUND);
    assert_string_equal(err.msg, "incident INC-2026-000001: not found");
    assert_int_equal(audit_count(f, "incident.report"), 0);
}

/* ---- the state machine --------------------------------------------------------- */

static int advance(fixture *f, const auth_principal *who, const char *id, incident_status to,
                   const char *file, const char *now, incident *out, gisac_err *err)
{
    return incident_advance(f->svc, who, id, to, NULL, file, test_at(now), out, err);
}

static void write_file(const char *path, const char *text)
{
    assert_int_equal(test_write_file(path, text), 0);
}

static void test_state_machine(void **state)
{
    fixture *f = *state;
    incident inc;
    gisac_err err;
    report(f, &staff, "moda", "core", "minor", NULL, NULL, "2026-11-24T00:00:00Z",
           "2026-11-24T00:10:00Z", &inc);
    const char *id = inc.id;
    char rep[128];
    snprintf(rep, sizeof rep, "%s/report.txt", f->dir);
    write_file(rep, "lessons learned\n");
    incident_status targets[] = {INCIDENT_REVIEWED, INCIDENT_RECOVERED, INCIDENT_INVESTIGATED};
    /* from reported: reviewed or recovered (they do not wait for each other) */
    assert_int_equal(
        advance(f, &staff, id, INCIDENT_INVESTIGATED, rep, "2026-11-24T01:00:00Z", &inc, &err),
        GISAC_ECONFLICT);
    assert_int_equal(
        advance(f, &staff, id, INCIDENT_REPORTED, NULL, "2026-11-24T01:00:00Z", &inc, &err),
        GISAC_EINVAL);
    assert_string_equal(err.msg, "status 'reported': an update moves to reviewed, recovered or "
                                 "investigated (close with incident close)");
    assert_int_equal(
        incident_close(f->svc, &staff, id, NULL, test_at("2026-11-24T01:00:00Z"), &inc, &err),
        GISAC_ECONFLICT);
    assert_string_equal(err.msg, "incident INC-2026-000001 is reported: only an investigated "
                                 "incident can be closed (or a draft dismissed)");
    assert_int_equal(incident_report_again(f->svc, &staff, id, NULL,
                                           test_at("2026-11-24T01:00:00Z"), &inc, &err),
                     GISAC_ECONFLICT);
    assert_string_equal(err.msg, "incident INC-2026-000001: no report is pending (it is reported)");
    /* agencies may not review */
    assert_int_equal(
        advance(f, &agency_a, id, INCIDENT_REVIEWED, NULL, "2026-11-24T01:00:00Z", &inc, &err),
        GISAC_EFORBIDDEN);
    assert_string_equal(err.msg, "the review of INC-2026-000001 is its supervising agency's or "
                                 "the office's, not the reporting agency's");

    assert_int_equal(
        advance(f, &staff, id, INCIDENT_REVIEWED, NULL, "2026-11-24T01:00:00Z", &inc, &err), 0);
    assert_int_equal(inc.status, INCIDENT_REVIEWED);
    test_assert_time(inc.reviewed_at, "2026-11-24T01:00:00Z");
    assert_int_equal(inc.deadlines[POLICY_DL_REVIEW].state, INCIDENT_DL_MET);
    assert_int_equal(
        advance(f, &staff, id, INCIDENT_REVIEWED, NULL, "2026-11-24T01:00:00Z", &inc, &err),
        GISAC_ECONFLICT);
    assert_string_equal(err.msg, "incident INC-2026-000001 is reviewed already");
    assert_int_equal(
        advance(f, &staff, id, INCIDENT_INVESTIGATED, rep, "2026-11-24T01:00:00Z", &inc, &err),
        GISAC_ECONFLICT);
    /* the agency itself reports recovery */
    assert_int_equal(
        advance(f, &agency_a, id, INCIDENT_RECOVERED, NULL, "2026-11-25T00:00:00Z", &inc, &err), 0);
    assert_int_equal(inc.deadlines[POLICY_DL_RECOVER].state, INCIDENT_DL_MET);
    test_assert_time(inc.deadlines[POLICY_DL_INVESTIGATION].due, "2026-12-25T00:00:00Z");
    assert_int_equal(inc.next, POLICY_DL_INVESTIGATION);
    /* investigated needs its report */
    assert_int_equal(
        advance(f, &agency_a, id, INCIDENT_INVESTIGATED, NULL, "2026-12-01T00:00:00Z", &inc, &err),
        GISAC_EINVAL);
    assert_string_equal(err.msg,
                        "investigated needs the investigation and improvement report (a file)");
    assert_int_equal(
        incident_close(f->svc, &staff, id, NULL, test_at("2026-12-01T00:00:00Z"), &inc, &err),
        GISAC_ECONFLICT);
    assert_int_equal(
        advance(f, &agency_a, id, INCIDENT_INVESTIGATED, rep, "2026-12-01T00:00:00Z", &inc, &err),
        0);
    assert_int_equal(inc.status, INCIDENT_INVESTIGATED);
    assert_int_equal(inc.deadlines[POLICY_DL_INVESTIGATION].state, INCIDENT_DL_MET);
    assert_int_equal(inc.next, -1);
    incident_evidence ev;
    assert_int_equal(incident_evidence_get(f->svc, &staff, id, 1, &ev, &err), 0);
    assert_string_equal(ev.kind, "report");
    assert_string_equal(ev.name, "report.txt");
    assert_int_equal(ev.size, 16);
    for (size_t k = 0; k < 3; k++)
        assert_int_equal(
            advance(f, &staff, id, targets[k], rep, "2026-12-01T00:00:00Z", &inc, &err),
            GISAC_ECONFLICT);
    assert_int_equal(
        incident_close(f->svc, &agency_a, id, NULL, test_at("2026-12-02T00:00:00Z"), &inc, &err),
        GISAC_EFORBIDDEN);
    assert_int_equal(
        incident_close(f->svc, &staff, id, "done", test_at("2026-12-02T00:00:00Z"), &inc, &err), 0);
    assert_int_equal(inc.status, INCIDENT_CLOSED);
    assert_string_equal(inc.close_reason, "done");
    for (size_t k = 0; k < 3; k++)
        assert_int_equal(
            advance(f, &staff, id, targets[k], rep, "2026-12-03T00:00:00Z", &inc, &err),
            GISAC_ECONFLICT);
    assert_string_equal(err.msg, "incident INC-2026-000001 is closed: it cannot become "
                                 "investigated (it is closed)");
    assert_int_equal(
        incident_close(f->svc, &staff, id, NULL, test_at("2026-12-03T00:00:00Z"), &inc, &err),
        GISAC_ECONFLICT);
    incident_change ch = {"New title", NULL, NULL, NULL, NULL, NULL, NULL,
                          0,           -1,   NULL, NULL, NULL, NULL, INCIDENT_SUPPORT_UNSTATED};
    assert_int_equal(
        incident_update(f->svc, &staff, id, &ch, test_at("2026-12-03T00:00:00Z"), &inc, &err),
        GISAC_ECONFLICT);
    assert_string_equal(err.msg, "incident INC-2026-000001 is closed");
    /* every step was audited and announced */
    assert_int_equal(audit_count(f, "incident.review"), 1);
    assert_int_equal(audit_count(f, "incident.recover"), 1);
    assert_int_equal(audit_count(f, "incident.investigate"), 1);
    assert_int_equal(audit_count(f, "incident.close"), 1);
    assert_int_equal(audit_count(f, "evidence.add"), 1);
    assert_int_equal(events_of(f, &staff, "incident.status"), 4);
    assert_int_equal(events_of(f, &staff, "incident.breach"), 0);
}

static void test_draft(void **state)
{
    fixture *f = *state;
    incident_input in =
        test_incident_input("moda", "C2 beacon seen", "core", test_at("2026-11-24T00:00:00Z"));
    in.draft = 1;
    in.origin = "sighting:moda:42";
    incident inc;
    gisac_err err;
    assert_int_equal(
        incident_report(f->svc, &staff, &in, test_at("2026-11-24T00:00:00Z"), &inc, &err), 0);
    assert_int_equal(inc.status, INCIDENT_DRAFT);
    assert_int_equal(inc.report_pending, 1);
    test_assert_time(inc.reported_at, "null");
    test_assert_time(inc.deadlines[POLICY_DL_REPORT].due, "2026-11-24T01:00:00Z");
    assert_int_equal(inc.deadlines[POLICY_DL_REPORT].state, INCIDENT_DL_PENDING);
    assert_int_equal(inc.next, POLICY_DL_REPORT);
    /* automatic reporting finds it by its origin and links sightings to it */
    incident found;
    assert_int_equal(incident_find_open(f->svc, &staff, "moda", "sighting:moda:42", 0,
                                        test_at("2026-11-24T00:01:00Z"), &found, &err),
                     0);
    assert_string_equal(found.id, inc.id);
    assert_int_equal(incident_find_open(f->svc, &staff, "moda", "sighting:moda:42",
                                        test_at("2026-11-24T00:00:01Z"),
                                        test_at("2026-11-24T00:01:00Z"), &found, &err),
                     GISAC_ENOTFOUND);
    assert_int_equal(incident_find_open(f->svc, &agency_b, "moda", "sighting:moda:42", 0,
                                        test_at("2026-11-24T00:01:00Z"), &found, &err),
                     GISAC_ENOTFOUND);
    assert_int_equal(incident_link(f->svc, &staff, inc.id, "sighting", "42/moda",
                                   test_at("2026-11-24T00:01:00Z"), &err),
                     0);
    assert_int_equal(incident_link(f->svc, &staff, inc.id, "sighting", "42/moda",
                                   test_at("2026-11-24T00:02:00Z"), &err),
                     0);
    assert_int_equal(audit_count(f, "incident.link"), 1);
    /* a draft cannot be reviewed */
    assert_int_equal(incident_advance(f->svc, &staff, inc.id, INCIDENT_REVIEWED, NULL, NULL,
                                      test_at("2026-11-24T00:30:00Z"), &inc, &err),
                     GISAC_ECONFLICT);
    assert_string_equal(err.msg, "incident INC-2026-000001 is draft: it cannot become reviewed "
                                 "(next: file its report, or dismiss it)");
    /* its report, in time */
    assert_int_equal(incident_report_again(f->svc, &agency_a, inc.id, "confirmed",
                                           test_at("2026-11-24T00:40:00Z"), &inc, &err),
                     0);
    assert_int_equal(inc.status, INCIDENT_REPORTED);
    test_assert_time(inc.reported_at, "2026-11-24T00:40:00Z");
    assert_int_equal(inc.deadlines[POLICY_DL_REPORT].state, INCIDENT_DL_MET);
    /* no level yet: the review waits for one */
    assert_int_equal(incident_advance(f->svc, &staff, inc.id, INCIDENT_REVIEWED, NULL, NULL,
                                      test_at("2026-11-24T00:50:00Z"), &inc, &err),
                     GISAC_ECONFLICT);
    assert_string_equal(err.msg, "incident INC-2026-000001 has no level yet: give its impacts or "
                                 "set the level first");

    /* a draft dismissed needs a reason and office staff */
    in.origin = NULL;
    assert_int_equal(
        incident_report(f->svc, &staff, &in, test_at("2026-11-24T00:00:00Z"), &inc, &err), 0);
    assert_int_equal(
        incident_close(f->svc, &staff, inc.id, NULL, test_at("2026-11-24T00:20:00Z"), &inc, &err),
        GISAC_EINVAL);
    assert_string_equal(err.msg, "dismissing a draft needs a reason");
    assert_int_equal(incident_close(f->svc, &staff, inc.id, "false positive",
                                    test_at("2026-11-24T00:20:00Z"), &inc, &err),
                     0);
    assert_int_equal(inc.deadlines[POLICY_DL_REPORT].state, INCIDENT_DL_MOOT);
    assert_int_equal(audit_count(f, "incident.dismiss"), 1);
    assert_int_equal(audit_count(f, "incident.draft"), 2);
}

/* ---- levels and the report clock ------------------------------------------------ */

static void test_level_override_and_report_clock(void **state)
{
    fixture *f = *state;
    incident inc;
    gisac_err err;
    report(f, &agency_a, "moda", "core", "minor", NULL, NULL, "2026-11-24T00:00:00Z",
           "2026-11-24T00:20:00Z", &inc);
    const char *id = "INC-2026-000001";
    assert_int_equal(inc.level, 2);
    test_assert_time(inc.deadlines[POLICY_DL_REVIEW].due, "2026-11-24T08:20:00Z");
    /* agencies may not override; a reason is required; 1..4 only */
    incident_change ch = {NULL, NULL,
                          NULL, NULL,
                          NULL, NULL,
                          NULL, 0,
                          4,    "hospital systems",
                          NULL, NULL,
                          NULL, INCIDENT_SUPPORT_UNSTATED};
    assert_int_equal(
        incident_update(f->svc, &agency_a, id, &ch, test_at("2026-11-24T01:00:00Z"), &inc, &err),
        GISAC_EFORBIDDEN);
    assert_string_equal(err.msg, "only office staff may set the level");
    ch.reason = " ";
    assert_int_equal(
        incident_update(f->svc, &staff, id, &ch, test_at("2026-11-24T01:00:00Z"), &inc, &err),
        GISAC_EINVAL);
    assert_string_equal(err.msg, "a level override needs a reason");
    ch.reason = "hospital systems";
    ch.level = 5;
    assert_int_equal(
        incident_update(f->svc, &staff, id, &ch, test_at("2026-11-24T01:00:00Z"), &inc, &err),
        GISAC_EINVAL);
    ch.level = 4;
    assert_int_equal(
        incident_update(f->svc, &staff, id, &ch, test_at("2026-11-24T01:00:00Z"), &inc, &err), 0);
    assert_int_equal(inc.level, 4);
    assert_int_equal(inc.level_computed, 2);
    assert_int_equal(inc.level_override, 4);
    assert_string_equal(inc.override_reason, "hospital systems");
    assert_int_equal(inc.major, 1);
    /* the report clock restarts: the report of level 4 is due an hour after the change */
    assert_int_equal(inc.report_pending, 1);
    test_assert_time(inc.deadlines[POLICY_DL_REPORT].due, "2026-11-24T02:00:00Z");
    assert_int_equal(inc.deadlines[POLICY_DL_REPORT].state, INCIDENT_DL_PENDING);
    assert_int_equal(inc.next, POLICY_DL_REPORT);
    /* the review waits for that report; recovery is now 36 h from awareness */
    test_assert_time(inc.deadlines[POLICY_DL_REVIEW].due, "null");
    test_assert_time(inc.deadlines[POLICY_DL_RECOVER].due, "2026-11-25T12:00:00Z");
    assert_int_equal(incident_advance(f->svc, &staff, id, INCIDENT_REVIEWED, NULL, NULL,
                                      test_at("2026-11-24T01:10:00Z"), &inc, &err),
                     GISAC_ECONFLICT);
    assert_string_equal(err.msg, "incident INC-2026-000001: the report of its new level is "
                                 "pending; review after it");
    assert_int_equal(events_of(f, &staff, "incident.level"), 1);
    /* the agency reports the new level in time */
    assert_int_equal(incident_report_again(f->svc, &agency_a, id, NULL,
                                           test_at("2026-11-24T01:50:00Z"), &inc, &err),
                     0);
    assert_int_equal(inc.report_pending, 0);
    assert_int_equal(inc.deadlines[POLICY_DL_REPORT].state, INCIDENT_DL_MET);
    test_assert_time(inc.deadlines[POLICY_DL_REVIEW].due, "2026-11-24T03:50:00Z"); /* 2 h */
    assert_int_equal(inc.breaches, 0);
    /* an impact change that changes the computed level only: no restart (override wins) */
    incident_change imp = {NULL, NULL, NULL, NULL, NULL, "serious", NULL,
                           0,    -1,   NULL, NULL, NULL, NULL,      INCIDENT_SUPPORT_UNSTATED};
    assert_int_equal(
        incident_update(f->svc, &agency_a, id, &imp, test_at("2026-11-24T02:00:00Z"), &inc, &err),
        0);
    assert_int_equal(inc.level_computed, 3);
    assert_int_equal(inc.level, 4);
    assert_int_equal(inc.report_pending, 0);
    /* back to the computed level: a change, so another report, which comes late */
    incident_change back = {NULL, NULL,
                            NULL, NULL,
                            NULL, NULL,
                            NULL, 0,
                            0,    "overestimated",
                            NULL, NULL,
                            NULL, INCIDENT_SUPPORT_UNSTATED};
    assert_int_equal(
        incident_update(f->svc, &staff, id, &back, test_at("2026-11-24T02:10:00Z"), &inc, &err), 0);
    assert_int_equal(inc.level, 3);
    assert_int_equal(inc.level_override, 0);
    assert_string_equal(inc.override_reason, "");
    test_assert_time(inc.deadlines[POLICY_DL_REPORT].due, "2026-11-24T03:10:00Z");
    int recorded = -1;
    assert_int_equal(
        incident_check_breaches(f->svc, test_at("2026-11-24T03:10:00Z"), &recorded, &err), 0);
    assert_int_equal(recorded, 0); /* due, not yet passed */
    assert_int_equal(
        incident_check_breaches(f->svc, test_at("2026-11-24T03:11:00Z"), &recorded, &err), 0);
    assert_int_equal(recorded, 1);
    assert_int_equal(incident_report_again(f->svc, &agency_a, id, NULL,
                                           test_at("2026-11-24T03:20:00Z"), &inc, &err),
                     0);
    assert_int_equal(inc.deadlines[POLICY_DL_REPORT].state, INCIDENT_DL_LATE);
    assert_int_equal(inc.breaches, 1);
    assert_int_equal(audit_count(f, "incident.breach"), 1);
    assert_int_equal(audit_count(f, "incident.update"), 3);
    assert_int_equal(audit_count(f, "incident.report_again"), 2);
}

/* ---- breaches and warnings ----------------------------------------------------- */

static int breach_cb(void *ctx, const incident_breach *b)
{
    char due[GISAC_TIME_LEN], rec[GISAC_TIME_LEN];
    gisac_time_format(b->due, due);
    gisac_time_format(b->recorded, rec);
    test_linef(ctx, "%s %s %s %s", b->id, policy_deadline_name(b->kind), due, rec);
    return 0;
}

static void test_breaches_once(void **state)
{
    fixture *f = *state;
    incident inc;
    gisac_err err;
    /* reported late: a report breach at once */
    report(f, &staff, "moda", "core-ci", "serious", NULL, NULL, "2026-11-24T00:00:00Z",
           "2026-11-24T01:30:00Z", &inc);
    assert_int_equal(inc.level, 4);
    assert_int_equal(inc.deadlines[POLICY_DL_REPORT].state, INCIDENT_DL_LATE);
    assert_int_equal(inc.breaches, 1);
    int recorded = -1;
    /* review due 03:30: at risk from 03:00 (30 min), once */
    assert_int_equal(
        incident_check_breaches(f->svc, test_at("2026-11-24T02:59:00Z"), &recorded, &err), 0);
    assert_int_equal(recorded, 0);
    assert_int_equal(events_of(f, &staff, "incident.deadline_at_risk"), 0);
    assert_int_equal(
        incident_check_breaches(f->svc, test_at("2026-11-24T03:00:00Z"), &recorded, &err), 0);
    assert_int_equal(events_of(f, &staff, "incident.deadline_at_risk"), 1);
    assert_int_equal(
        incident_check_breaches(f->svc, test_at("2026-11-24T03:20:00Z"), &recorded, &err), 0);
    assert_int_equal(events_of(f, &staff, "incident.deadline_at_risk"), 1);
    assert_int_equal(audit_count(f, "incident.at_risk"), 1);
    /* passed: recorded once, however often the check runs */
    assert_int_equal(
        incident_check_breaches(f->svc, test_at("2026-11-24T03:31:00Z"), &recorded, &err), 0);
    assert_int_equal(recorded, 1);
    assert_int_equal(
        incident_check_breaches(f->svc, test_at("2026-11-24T03:32:00Z"), &recorded, &err), 0);
    assert_int_equal(recorded, 0);
    assert_int_equal(
        incident_check_breaches(f->svc, test_at("2026-11-24T09:00:00Z"), &recorded, &err), 0);
    assert_int_equal(recorded, 0);
    /* reviewing late adds nothing: it was recorded when it happened */
    assert_int_equal(incident_advance(f->svc, &staff, inc.id, INCIDENT_REVIEWED, NULL, NULL,
                                      test_at("2026-11-24T10:00:00Z"), &inc, &err),
                     0);
    assert_int_equal(inc.deadlines[POLICY_DL_REVIEW].state, INCIDENT_DL_LATE);
    assert_int_equal(inc.breaches, 2);
    /* recovery due 2026-11-25T12:00 (36 h): the check records it at its first run after */
    assert_int_equal(
        incident_check_breaches(f->svc, test_at("2026-11-25T12:00:01Z"), &recorded, &err), 0);
    assert_int_equal(recorded, 1);
    test_lines l;
    memset(&l, 0, sizeof l);
    assert_int_equal(incident_breaches(f->svc, &staff, inc.id, breach_cb, &l, &err), 0);
    assert_int_equal(l.n, 3);
    assert_string_equal(l.line[0],
                        "INC-2026-000001 report 2026-11-24T01:00:00Z 2026-11-24T01:30:00Z");
    assert_string_equal(l.line[1],
                        "INC-2026-000001 review 2026-11-24T03:30:00Z 2026-11-24T03:31:00Z");
    assert_string_equal(l.line[2],
                        "INC-2026-000001 recover 2026-11-25T12:00:00Z 2026-11-25T12:00:01Z");
    assert_int_equal(audit_count(f, "incident.breach"), 3);
    assert_int_equal(events_of(f, &staff, "incident.breach"), 3);
    /* a transition after its deadline is still a transition */
    assert_int_equal(incident_advance(f->svc, &agency_a, inc.id, INCIDENT_RECOVERED, NULL, NULL,
                                      test_at("2026-11-26T00:00:00Z"), &inc, &err),
                     0);
    assert_int_equal(inc.deadlines[POLICY_DL_RECOVER].state, INCIDENT_DL_LATE);
    assert_int_equal(inc.breaches, 3);
    /* the agency of another incident sees none of it */
    memset(&l, 0, sizeof l);
    assert_int_equal(incident_breaches(f->svc, &agency_b, NULL, breach_cb, &l, &err), 0);
    assert_int_equal(l.n, 0);
    assert_int_equal(events_of(f, &agency_b, NULL), 0);
    assert_true(events_of(f, &agency_a, NULL) > 0);
}

typedef struct due_out {
    int n;
    char ids[8][INCIDENT_ID_MAX];
    int kinds[8];
} due_out;

static int due_cb(void *ctx, const incident *inc)
{
    due_out *d = ctx;
    if (d->n < 8) {
        snprintf(d->ids[d->n], sizeof d->ids[0], "%s", inc->id);
        d->kinds[d->n] = inc->next;
    }
    d->n++;
    return 0;
}

static void test_due_order(void **state)
{
    fixture *f = *state;
    incident inc;
    gisac_err err;
    /* 1: level 1, review due 08:00; 2: level 3, review due 02:00; 3: draft, report due 00:50 */
    report(f, &staff, "moda", "non-core", "minor", NULL, NULL, "2026-11-23T23:00:00Z",
           "2026-11-24T00:00:00Z", &inc);
    report(f, &staff, "hospital", "core", "serious", NULL, NULL, "2026-11-23T23:00:00Z",
           "2026-11-24T00:00:00Z", &inc);
    incident_input in =
        test_incident_input("moda", "draft", "core", test_at("2026-11-23T23:50:00Z"));
    in.draft = 1;
    assert_int_equal(
        incident_report(f->svc, &staff, &in, test_at("2026-11-24T00:00:00Z"), &inc, &err), 0);
    due_out d;
    memset(&d, 0, sizeof d);
    int64_t now = test_at("2026-11-24T01:00:00Z");
    assert_int_equal(incident_due(f->svc, &staff, NULL, now, 0, due_cb, &d, &err), 0);
    assert_int_equal(d.n, 3);
    assert_string_equal(d.ids[0], "INC-2026-000003"); /* overdue report */
    assert_int_equal(d.kinds[0], POLICY_DL_REPORT);
    assert_string_equal(d.ids[1], "INC-2026-000002");
    assert_int_equal(d.kinds[1], POLICY_DL_REVIEW);
    assert_string_equal(d.ids[2], "INC-2026-000001");
    memset(&d, 0, sizeof d);
    assert_int_equal(incident_due(f->svc, &staff, NULL, now, now + 3600, due_cb, &d, &err), 0);
    assert_int_equal(d.n, 2);
    memset(&d, 0, sizeof d);
    assert_int_equal(incident_due(f->svc, &agency_a, NULL, now, 0, due_cb, &d, &err), 0);
    assert_int_equal(d.n, 2);
    assert_string_equal(d.ids[0], "INC-2026-000003");
    assert_string_equal(d.ids[1], "INC-2026-000001");
    memset(&d, 0, sizeof d);
    assert_int_equal(incident_due(f->svc, &agency_a, "hospital", now, 0, due_cb, &d, &err), 0);
    assert_int_equal(d.n, 0);
}

/* ---- policies ------------------------------------------------------------------- */

static void test_policy_versions(void **state)
{
    fixture *f = *state;
    gisac_err err;
    policy p;
    incident_policy_info info;
    assert_int_equal(incident_policy_get(f->svc, 0, &p, &info, &err), 0);
    assert_int_equal(info.version, 1);
    assert_int_equal(info.stored, 0);
    policy_free(&p);
    const char *strict = "{\"deadlines\": {\"review\": {\"3\": \"1h\", \"4\": \"1h\"}}}";
    int changed = -1;
    assert_int_equal(incident_policy_set(f->svc, &staff, strict, strlen(strict), "strict.json",
                                         test_at("2026-11-24T00:00:00Z"), &info, &changed, &err),
                     GISAC_EFORBIDDEN);
    assert_string_equal(err.msg, "only an admin may install a policy");
    const char *bad = "{\"deadlines\": {\"review\": {\"3\": \"1 h\"}}}";
    assert_int_equal(incident_policy_set(f->svc, &admin, bad, strlen(bad), "bad.json",
                                         test_at("2026-11-24T00:00:00Z"), &info, &changed, &err),
                     GISAC_EINVAL);
    assert_string_equal(err.msg, "bad.json: $.deadlines.review.3: duration '1 h': unknown or "
                                 "missing unit (use mo, w, d, h, m, s)");
    /* the defaults again change nothing */
    assert_int_equal(incident_policy_set(f->svc, &admin, "{}", 2, "empty.json",
                                         test_at("2026-11-24T00:00:00Z"), &info, &changed, &err),
                     0);
    assert_int_equal(changed, 0);
    assert_int_equal(info.version, 1);
    assert_int_equal(audit_count(f, "policy.set"), 0);

    incident old;
    report(f, &staff, "moda", "core", "serious", NULL, NULL, "2026-11-24T00:00:00Z",
           "2026-11-24T00:00:00Z", &old);
    assert_int_equal(old.policy_version, 1);
    assert_int_equal(incident_policy_set(f->svc, &admin, strict, strlen(strict), "strict.json",
                                         test_at("2026-11-24T00:10:00Z"), &info, &changed, &err),
                     0);
    assert_int_equal(changed, 1);
    assert_int_equal(info.version, 2);
    assert_string_equal(info.source, "strict.json");
    assert_int_equal(incident_policy_set(f->svc, &admin, strict, strlen(strict), "again.json",
                                         test_at("2026-11-24T00:20:00Z"), &info, &changed, &err),
                     0);
    assert_int_equal(changed, 0);
    assert_int_equal(info.version, 2);
    assert_int_equal(audit_count(f, "policy.set"), 2); /* builtin v1, then v2 */

    incident inc;
    report(f, &staff, "moda", "core", "serious", NULL, NULL, "2026-11-24T00:30:00Z",
           "2026-11-24T00:30:00Z", &inc);
    assert_int_equal(inc.policy_version, 2);
    test_assert_time(inc.deadlines[POLICY_DL_REVIEW].due, "2026-11-24T01:30:00Z");
    /* the first keeps the version that graded it */
    assert_int_equal(
        incident_get(f->svc, &staff, old.id, test_at("2026-11-24T00:30:00Z"), &old, &err), 0);
    assert_int_equal(old.policy_version, 1);
    test_assert_time(old.deadlines[POLICY_DL_REVIEW].due, "2026-11-24T02:00:00Z");
    /* until it is graded again */
    incident_change ch = {NULL, NULL, NULL, NULL, NULL, NULL, "within-mtd",
                          0,    -1,   NULL, NULL, NULL, NULL, INCIDENT_SUPPORT_UNSTATED};
    assert_int_equal(
        incident_update(f->svc, &staff, old.id, &ch, test_at("2026-11-24T00:40:00Z"), &old, &err),
        0);
    assert_int_equal(old.policy_version, 2);
    test_assert_time(old.deadlines[POLICY_DL_REVIEW].due, "2026-11-24T01:00:00Z");
    assert_int_equal(incident_policy_get(f->svc, 1, &p, &info, &err), 0);
    assert_int_equal(info.stored, 1);
    assert_string_equal(info.source, "builtin");
    assert_int_equal(p.review[3].seconds, 7200);
    policy_free(&p);
    assert_int_equal(incident_policy_get(f->svc, 3, &p, &info, &err), GISAC_ENOTFOUND);
    assert_string_equal(err.msg, "policy version 3: not found");
}

/* ---- evidence -------------------------------------------------------------------- */

typedef struct vres {
    int n;
    incident_verify_status st[8];
    char actual[8][65];
} vres;

static int verify_cb(void *ctx, const incident_verify_result *r)
{
    vres *v = ctx;
    if (v->n < 8) {
        v->st[v->n] = r->status;
        snprintf(v->actual[v->n], 65, "%s", r->actual);
    }
    v->n++;
    return 0;
}

static int chain_cb(void *ctx, const incident_custody *c)
{
    char ts[GISAC_TIME_LEN];
    gisac_time_format(c->ts, ts);
    test_linef(ctx, "%s %s -> %s: %s (%s)", ts, c->from ? c->from : "-", c->to, c->reason,
               c->actor);
    return 0;
}

static void test_evidence(void **state)
{
    fixture *f = *state;
    incident inc;
    gisac_err err;
    report(f, &staff, "moda", "core", "minor", NULL, NULL, "2026-11-24T00:00:00Z",
           "2026-11-24T00:10:00Z", &inc);
    char a[128], b[128];
    snprintf(a, sizeof a, "%s/access.log", f->dir);
    snprintf(b, sizeof b, "%s/mail.eml", f->dir);
    write_file(a, "abc");
    write_file(b, "From: x\n");
    incident_evidence ev;
    incident_evidence_input in = {a, "firewall log", "alice", test_at("2026-11-24T00:05:00Z")};
    assert_int_equal(incident_evidence_add(f->svc, &agency_a, inc.id, &in,
                                           test_at("2026-11-24T00:20:00Z"), &ev, &err),
                     0);
    assert_int_equal(ev.n, 1);
    assert_string_equal(ev.sha256,
                        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_int_equal(ev.size, 3);
    assert_string_equal(ev.acquired_by, "alice");
    assert_string_equal(ev.custodian, "alice");
    assert_string_equal(ev.name, "access.log");
    assert_string_equal(ev.kind, "evidence");
    /* stored read-only, by hash */
    char stored[256];
    snprintf(stored, sizeof stored, "%s/g.db.evidence/ba/%s", f->dir, ev.sha256);
    struct stat sb;
    assert_int_equal(stat(stored, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0444);
    incident_evidence_input in2 = {b, NULL, NULL, 0};
    assert_int_equal(incident_evidence_add(f->svc, &staff, inc.id, &in2,
                                           test_at("2026-11-24T00:30:00Z"), &ev, &err),
                     0);
    assert_int_equal(ev.n, 2);
    assert_string_equal(ev.acquired_by, "test:runner");
    /* the same content again: stored once, listed twice */
    assert_int_equal(incident_evidence_add(f->svc, &staff, inc.id, &in,
                                           test_at("2026-11-24T00:31:00Z"), &ev, &err),
                     0);
    assert_int_equal(ev.n, 3);
    /* bad input */
    incident_evidence_input none = {"/nonexistent/file", NULL, NULL, 0};
    assert_int_equal(incident_evidence_add(f->svc, &staff, inc.id, &none,
                                           test_at("2026-11-24T00:31:00Z"), &ev, &err),
                     GISAC_EIO);
    assert_string_equal(err.msg, "/nonexistent/file: No such file or directory");
    incident_evidence_input dir = {f->dir, NULL, NULL, 0};
    assert_int_equal(incident_evidence_add(f->svc, &staff, inc.id, &dir,
                                           test_at("2026-11-24T00:31:00Z"), &ev, &err),
                     GISAC_EINVAL);
    incident_evidence_input future = {a, NULL, NULL, test_at("2026-11-25T00:00:00Z")};
    assert_int_equal(incident_evidence_add(f->svc, &staff, inc.id, &future,
                                           test_at("2026-11-24T00:31:00Z"), &ev, &err),
                     GISAC_EINVAL);

    /* chain of custody */
    assert_int_equal(incident_evidence_transfer(f->svc, &staff, inc.id, 1, "bob", "carol", "x", 0,
                                                test_at("2026-11-24T01:00:00Z"), &ev, &err),
                     GISAC_ECONFLICT);
    assert_string_equal(err.msg, "evidence 1 of INC-2026-000001 is held by alice, not bob");
    assert_int_equal(incident_evidence_transfer(f->svc, &staff, inc.id, 1, NULL, "alice", "x", 0,
                                                test_at("2026-11-24T01:00:00Z"), &ev, &err),
                     GISAC_ECONFLICT);
    assert_int_equal(incident_evidence_transfer(f->svc, &staff, inc.id, 1, NULL, "bob", "x",
                                                test_at("2026-11-24T00:01:00Z"),
                                                test_at("2026-11-24T01:00:00Z"), &ev, &err),
                     GISAC_EINVAL);
    assert_string_equal(err.msg,
                        "the transfer time is before the last entry of the chain of custody");
    assert_int_equal(incident_evidence_transfer(f->svc, &staff, inc.id, 1, NULL, "bob",
                                                "to the lab", 0, test_at("2026-11-24T01:00:00Z"),
                                                &ev, &err),
                     0);
    assert_string_equal(ev.custodian, "bob");
    assert_int_equal(incident_evidence_transfer(f->svc, &staff, inc.id, 1, "bob", "evidence room",
                                                "stored", test_at("2026-11-24T01:30:00Z"),
                                                test_at("2026-11-24T02:00:00Z"), &ev, &err),
                     0);
    assert_int_equal(incident_evidence_transfer(f->svc, &staff, inc.id, 9, NULL, "x", "y", 0,
                                                test_at("2026-11-24T02:00:00Z"), &ev, &err),
                     GISAC_ENOTFOUND);
    assert_string_equal(err.msg, "evidence 9 of incident INC-2026-000001: not found");
    test_lines ch;
    memset(&ch, 0, sizeof ch);
    assert_int_equal(incident_custody_list(f->svc, &staff, inc.id, 1, chain_cb, &ch, &err), 0);
    assert_int_equal(ch.n, 3);
    assert_string_equal(ch.line[0], "2026-11-24T00:05:00Z - -> alice: acquired (test:runner)");
    assert_string_equal(ch.line[1], "2026-11-24T01:00:00Z alice -> bob: to the lab (test:runner)");
    assert_string_equal(ch.line[2],
                        "2026-11-24T01:30:00Z bob -> evidence room: stored (test:runner)");
    assert_int_equal(audit_count(f, "evidence.transfer"), 2);

    /* verify: all good */
    vres v;
    memset(&v, 0, sizeof v);
    size_t checked = 0, bad = 9;
    assert_int_equal(incident_evidence_verify(f->svc, &staff, inc.id,
                                              test_at("2026-11-24T03:00:00Z"), verify_cb, &v,
                                              &checked, &bad, &err),
                     0);
    assert_int_equal(checked, 3);
    assert_int_equal(bad, 0);
    /* corrupt the stored copy of "abc" (evidence 1 and 3) */
    assert_int_equal(chmod(stored, 0644), 0);
    write_file(stored, "abd");
    memset(&v, 0, sizeof v);
    assert_int_equal(incident_evidence_verify(f->svc, &staff, NULL, test_at("2026-11-24T03:00:00Z"),
                                              verify_cb, &v, &checked, &bad, &err),
                     0);
    assert_int_equal(checked, 3);
    assert_int_equal(bad, 2);
    assert_int_equal(v.st[0], INCIDENT_VERIFY_MISMATCH);
    assert_string_equal(v.actual[0],
                        "a52d159f262b2c6ddb724a61840befc36eb30c88877a4030b65cbe86298449c9");
    assert_int_equal(v.st[1], INCIDENT_VERIFY_OK);
    assert_int_equal(v.st[2], INCIDENT_VERIFY_MISMATCH);
    /* delete it */
    assert_int_equal(unlink(stored), 0);
    memset(&v, 0, sizeof v);
    assert_int_equal(incident_evidence_verify(f->svc, &staff, inc.id,
                                              test_at("2026-11-24T03:00:00Z"), verify_cb, &v,
                                              &checked, &bad, &err),
                     0);
    assert_int_equal(bad, 2);
    assert_int_equal(v.st[0], INCIDENT_VERIFY_MISSING);
    assert_int_equal(v.st[1], INCIDENT_VERIFY_OK);
    assert_int_equal(v.st[2], INCIDENT_VERIFY_MISSING);
    assert_int_equal(audit_count(f, "evidence.verify"), 3);
    /* adding the content again restores the file */
    assert_int_equal(incident_evidence_add(f->svc, &staff, inc.id, &in,
                                           test_at("2026-11-24T04:00:00Z"), &ev, &err),
                     0);
    assert_int_equal(incident_evidence_verify(f->svc, &staff, inc.id,
                                              test_at("2026-11-24T04:00:00Z"), NULL, NULL, &checked,
                                              &bad, &err),
                     0);
    assert_int_equal(checked, 4);
    assert_int_equal(bad, 0);
}

/* ---- isolation ------------------------------------------------------------------- */

static void test_agency_isolation(void **state)
{
    fixture *f = *state;
    incident mine, theirs, got;
    gisac_err err;
    report(f, &agency_a, "moda", "core", "minor", NULL, NULL, "2026-11-24T00:00:00Z",
           "2026-11-24T00:10:00Z", &mine);
    report(f, &agency_b, "hospital", "core-ci", "serious", NULL, NULL, "2026-11-24T00:00:00Z",
           "2026-11-24T00:10:00Z", &theirs);
    char file[128];
    snprintf(file, sizeof file, "%s/x.bin", f->dir);
    write_file(file, "evidence of b");
    incident_evidence ev;
    incident_evidence_input in = {file, NULL, NULL, 0};
    assert_int_equal(incident_evidence_add(f->svc, &agency_b, theirs.id, &in,
                                           test_at("2026-11-24T00:20:00Z"), &ev, &err),
                     0);
    int64_t now = test_at("2026-11-24T00:30:00Z");
    /* reporting for another agency */
    incident_input x;
    memset(&x, 0, sizeof x);
    x.agency = "hospital";
    x.title = "t";
    x.asset = "core";
    x.aware_at = now;
    assert_int_equal(incident_report(f->svc, &agency_a, &x, now, NULL, &err), GISAC_EFORBIDDEN);
    assert_string_equal(err.msg, "an agency account reports for its own agency only");
    /* reads and writes of B's incident by A: not found, like a missing id */
    assert_int_equal(incident_get(f->svc, &agency_a, theirs.id, now, &got, &err), GISAC_ENOTFOUND);
    assert_string_equal(err.msg, "incident INC-2026-000002: not found");
    assert_int_equal(incident_get(f->svc, &agency_a, "INC-2026-000099", now, &got, &err),
                     GISAC_ENOTFOUND);
    assert_string_equal(err.msg, "incident INC-2026-000099: not found");
    incident_change ch = {"hijacked", NULL, NULL, NULL, NULL, NULL, NULL,
                          0,          -1,   NULL, NULL, NULL, NULL, INCIDENT_SUPPORT_UNSTATED};
    assert_int_equal(incident_update(f->svc, &agency_a, theirs.id, &ch, now, &got, &err),
                     GISAC_ENOTFOUND);
    assert_int_equal(incident_advance(f->svc, &agency_a, theirs.id, INCIDENT_RECOVERED, NULL, NULL,
                                      now, &got, &err),
                     GISAC_ENOTFOUND);
    assert_int_equal(incident_advance(f->svc, &agency_a, theirs.id, INCIDENT_INVESTIGATED, NULL,
                                      file, now, &got, &err),
                     GISAC_ENOTFOUND);
    assert_int_equal(incident_report_again(f->svc, &agency_a, theirs.id, NULL, now, &got, &err),
                     GISAC_ENOTFOUND);
    assert_int_equal(incident_link(f->svc, &agency_a, theirs.id, "k", "t", now, &err),
                     GISAC_ENOTFOUND);
    /* evidence of B by A */
    assert_int_equal(incident_evidence_add(f->svc, &agency_a, theirs.id, &in, now, &ev, &err),
                     GISAC_ENOTFOUND);
    assert_int_equal(incident_evidence_get(f->svc, &agency_a, theirs.id, 1, &ev, &err),
                     GISAC_ENOTFOUND);
    assert_string_equal(err.msg, "incident INC-2026-000002: not found");
    assert_int_equal(incident_evidence_transfer(f->svc, &agency_a, theirs.id, 1, NULL, "me", "r", 0,
                                                now, &ev, &err),
                     GISAC_ENOTFOUND);
    test_lines c;
    memset(&c, 0, sizeof c);
    assert_int_equal(incident_custody_list(f->svc, &agency_a, theirs.id, 1, chain_cb, &c, &err),
                     GISAC_ENOTFOUND);
    assert_int_equal(
        incident_evidence_verify(f->svc, &agency_a, theirs.id, now, NULL, NULL, NULL, NULL, &err),
        GISAC_ENOTFOUND);
    size_t checked = 9;
    assert_int_equal(
        incident_evidence_verify(f->svc, &agency_a, NULL, now, NULL, NULL, &checked, NULL, &err),
        0);
    assert_int_equal(checked, 0); /* A has no evidence; B's is not A's to check */
    /* nothing of B changed */
    assert_int_equal(incident_get(f->svc, &staff, theirs.id, now, &got, &err), 0);
    assert_string_equal(got.title, "Test incident");
    assert_int_equal(got.status, INCIDENT_REPORTED);
    /* lists: A sees its own only, staff all */
    due_out d;
    memset(&d, 0, sizeof d);
    assert_int_equal(incident_list(f->svc, &agency_a, NULL, now, due_cb, &d, &err), 0);
    assert_int_equal(d.n, 1);
    assert_string_equal(d.ids[0], mine.id);
    memset(&d, 0, sizeof d);
    incident_filter other = {.agency = "hospital"};
    assert_int_equal(incident_list(f->svc, &agency_a, &other, now, due_cb, &d, &err), 0);
    assert_int_equal(d.n, 0);
    memset(&d, 0, sizeof d);
    assert_int_equal(incident_list(f->svc, &staff, NULL, now, due_cb, &d, &err), 0);
    assert_int_equal(d.n, 2);
    memset(&d, 0, sizeof d);
    assert_int_equal(incident_list(f->svc, &staff, &other, now, due_cb, &d, &err), 0);
    assert_int_equal(d.n, 1);
    /* roles without incidents */
    assert_int_equal(incident_get(f->svc, &sensor_a, mine.id, now, &got, &err), GISAC_EFORBIDDEN);
    assert_string_equal(err.msg, "role sensor may not use incidents");
    assert_int_equal(incident_list(f->svc, &consumer, NULL, now, due_cb, &d, &err),
                     GISAC_EFORBIDDEN);
    assert_int_equal(incident_get(f->svc, NULL, mine.id, now, &got, &err), GISAC_EFORBIDDEN);
    auth_principal lost = {7, "x", AUTH_ROLE_AGENCY, NULL};
    assert_int_equal(incident_get(f->svc, &lost, mine.id, now, &got, &err), GISAC_EFORBIDDEN);
    assert_string_equal(err.msg, "role agency may not use incidents without an agency");
    /* A works on its own */
    assert_int_equal(incident_update(f->svc, &agency_a, mine.id, &ch, now, &got, &err), 0);
    assert_string_equal(got.title, "hijacked");
}

/* ---- the hook -------------------------------------------------------------------- */

typedef struct hook_log {
    int n;
    char subject[8][200];
    int fail_on;
} hook_log;

static int hook(void *ctx, store *s, const incident_event *ev, int64_t now, gisac_err *err)
{
    hook_log *h = ctx;
    (void)s;
    (void)now;
    if (h->n < 8)
        snprintf(h->subject[h->n], sizeof h->subject[0], "%s %s", ev->kind, ev->subject);
    h->n++;
    if (h->fail_on && h->n == h->fail_on)
        return gisac_err_set(err, GISAC_EIO, "notifier down");
    return 0;
}

static void test_hook(void **state)
{
    fixture *f = *state;
    hook_log h;
    memset(&h, 0, sizeof h);
    incident_svc_set_hook(f->svc, hook, &h);
    incident inc;
    gisac_err err;
    report(f, &staff, "moda", "core", "minor", NULL, NULL, "2026-11-24T00:00:00Z",
           "2026-11-24T00:10:00Z", &inc);
    incident_change ch = {NULL, NULL, NULL, NULL, NULL, "serious", NULL,
                          0,    -1,   NULL, NULL, NULL, NULL,      INCIDENT_SUPPORT_UNSTATED};
    assert_int_equal(
        incident_update(f->svc, &staff, inc.id, &ch, test_at("2026-11-24T00:20:00Z"), &inc, &err),
        0);
    assert_int_equal(incident_check_breaches(f->svc, test_at("2026-11-24T01:10:00Z"), NULL, &err),
                     0);
    assert_int_equal(incident_check_breaches(f->svc, test_at("2026-11-24T01:21:00Z"), NULL, &err),
                     0);
    assert_int_equal(h.n, 4);
    assert_string_equal(
        h.subject[0], "incident.new INC-2026-000001 (moda, level 2): new incident: Test incident");
    assert_string_equal(
        h.subject[1], "incident.level INC-2026-000001 (moda, level 3): level changed from 2 to 3");
    assert_string_equal(h.subject[2], "incident.deadline_at_risk INC-2026-000001 (moda, level 3): "
                                      "report deadline at risk (due 2026-11-24T01:20:00Z)");
    assert_string_equal(h.subject[3], "incident.breach INC-2026-000001 (moda, level 3): report "
                                      "deadline breached (due 2026-11-24T01:20:00Z)");
    /* a failing hook rolls the write back */
    h.fail_on = h.n + 1;
    incident_input in =
        test_incident_input("moda", "lost", "core", test_at("2026-11-24T00:00:00Z"));
    assert_int_equal(
        incident_report(f->svc, &staff, &in, test_at("2026-11-24T02:00:00Z"), &inc, &err),
        GISAC_EIO);
    assert_string_equal(err.msg, "notifier down");
    assert_int_equal(incident_get(f->svc, &staff, "INC-2026-000002",
                                  test_at("2026-11-24T02:00:00Z"), &inc, &err),
                     GISAC_ENOTFOUND);
    assert_int_equal(audit_count(f, "incident.report"), 1);
    incident_svc_set_hook(f->svc, NULL, NULL);
}

TEST_MAIN(setup, teardown, TEST_CASE(test_report_and_deadlines), TEST_CASE(test_report_errors),
          TEST_CASE(test_state_machine), TEST_CASE(test_draft),
          TEST_CASE(test_level_override_and_report_clock), TEST_CASE(test_breaches_once),
          TEST_CASE(test_due_order), TEST_CASE(test_policy_versions), TEST_CASE(test_evidence),
          TEST_CASE(test_agency_isolation), TEST_CASE(test_hook))
