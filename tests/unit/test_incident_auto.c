/*
 * test_incident_auto.c: automatic monitoring notices on a real store: the
 * rules of the policy's "auto_report" (defaults, every key, errors by JSON
 * path), deduplication (many reports for one agency and indicator = one
 * alert, sightings counted, never an incident; another agency = another
 * alert; after the window = a new one), the rules turning sightings down
 * (confidence below, TLP and threat type not allowed, unknown confidence,
 * inbound counted but not alerted), unattributed and unknown agencies,
 * durability with the caller's transaction, confirming and dismissing,
 * and the default event hook queueing notifications.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_main.h"

#include "incident/alert.h"
#include "notify/notify.h"
#include "test_incident_util.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef test_incident_fx fixture; /* ind: the store ids of the indicators below */

static auth_principal staff = {1, "analyst1", AUTH_ROLE_ANALYST, NULL};
static auth_principal admin = {2, "root", AUTH_ROLE_ADMIN, NULL};
static auth_principal agency_b = {4, "officer-b", AUTH_ROLE_AGENCY, "hospital"};

/* value, confidence, tlp, labels */
static const struct {
    ioc_type type;
    const char *value;
    int confidence;
    gisac_tlp tlp;
    const char *labels;
} inds[6] = {
    {IOC_DOMAIN, "c2.evil.example", 80, TLP_GREEN, "[\"C2\",\"apt-x\"]"},         /* qualifies */
    {IOC_DOMAIN, "weak.evil.example", 50, TLP_GREEN, "[\"c2\"]"},                 /* confidence */
    {IOC_IPV4, "198.51.100.7", 90, TLP_RED, "[\"c2\"]"},                          /* TLP */
    {IOC_URL, "http://phish.evil.example/", 90, TLP_AMBER, "[\"phishing\"]"},     /* threat type */
    {IOC_MD5, "44d88612fea8a8f36de82e1278abb02f", -1, TLP_GREEN, "[\"botnet\"]"}, /* unknown */
    {IOC_EMAIL, "boss@evil.example", 70, TLP_AMBER, "[\"botnet\"]"},              /* qualifies */
};

static int setup(void **state)
{
    static const test_agency ag[] = {{"moda", NULL, NULL}, {"hospital", NULL, NULL}};
    if (test_incident_setup(state, "/tmp/gisac-auto-XXXXXX", ag, 2) < 0)
        return -1;
    fixture *f = *state;
    for (int i = 0; i < 6; i++) {
        store_indicator in =
            test_indicator(inds[i].type, inds[i].value, test_at("2026-11-01T00:00:00Z"));
        in.labels_json = inds[i].labels;
        in.confidence = inds[i].confidence;
        in.tlp = inds[i].tlp;
        f->ind[i] = test_indicator_add(incident_svc_store(f->svc), &in, 0);
    }
    return 0;
}

static int teardown(void **state)
{
    return test_incident_teardown(state);
}

static void set_policy(fixture *f, const char *text)
{
    gisac_err err = GISAC_ERR_INIT;
    int changed;
    if (incident_policy_set(f->svc, &admin, text, strlen(text), "test.json",
                            test_at("2026-11-01T00:00:00Z"), NULL, &changed, &err) < 0)
        fail_msg("policy: %s", err.msg);
}

static const char rules[] =
    "{\"auto_report\":{\"enabled\":true,\"min_confidence\":60,\"tlp\":[\"clear\",\"green\","
    "\"amber\"],\"threat_types\":[\"c2\",\"botnet\"],\"window\":\"24h\","
    "\"draft\":{\"category\":\"intrusion\",\"asset\":\"core\",\"integrity\":\"minor\"}}}";

/* ---- the rules ---------------------------------------------------------------- */

static void parse_err(const char *json, const char *want)
{
    incident_auto_rules r;
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(incident_auto_rules_parse(json, &r, &err), GISAC_EINVAL);
    assert_string_equal(err.msg, want);
}

static void test_rules(void **state)
{
    (void)state;
    incident_auto_rules r;
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(incident_auto_rules_parse(NULL, &r, &err), 0);
    assert_int_equal(r.enabled, 1);
    assert_int_equal(r.directions, 1u << INCIDENT_DIR_OUTBOUND);
    assert_int_equal(r.answer.seconds, 86400);
    assert_int_equal(r.min_confidence, 50);
    assert_int_equal(r.tlps, 0x1f);
    assert_int_equal(r.types, (1u << (IOC_EMAIL + 1)) - 1); /* the mobile types: by policy */
    assert_int_equal(r.window.seconds, 86400);
    assert_string_equal(r.category, "malware");
    assert_int_equal(r.asset, POLICY_ASSET_NON_CORE);

    policy p;
    policy_default(&p);
    p.auto_report = (char *)rules + strlen("{\"auto_report\":");
    char *copy = strdup(p.auto_report);
    copy[strlen(copy) - 1] = '\0'; /* drop the outer brace */
    p.auto_report = copy;
    assert_int_equal(incident_auto_rules_of(&p, &r, &err), 0);
    assert_int_equal(r.enabled, 1);
    assert_int_equal(r.min_confidence, 60);
    assert_int_equal(r.tlps, (1u << TLP_CLEAR) | (1u << TLP_GREEN) | (1u << TLP_AMBER));
    assert_int_equal(r.nthreat_types, 2);
    assert_string_equal(r.threat_types[1], "botnet");
    assert_string_equal(r.category, "intrusion");
    assert_int_equal(r.asset, POLICY_ASSET_CORE);
    assert_int_equal(r.integrity, POLICY_IMPACT_MINOR);
    free(copy);

    assert_int_equal(
        incident_auto_rules_parse("{\"indicator_types\":[\"domain\",\"URL\"]}", &r, &err), 0);
    assert_int_equal(r.types, (1u << IOC_DOMAIN) | (1u << IOC_URL));

    parse_err("[]", "$.auto_report: expected an object");
    parse_err("{\"enabled\":1}", "$.auto_report.enabled: expected true or false");
    parse_err("{\"min_confidence\":-1}",
              "$.auto_report.min_confidence: expected an integer from 0 to 100");
    parse_err("{\"tlp\":\"green\"}", "$.auto_report.tlp: expected an array of texts");
    parse_err("{\"tlp\":[]}", "$.auto_report.tlp: no TLP qualifies: list at least one");
    parse_err("{\"tlp\":[\"green\",7]}", "$.auto_report.tlp[1]: expected a text");
    parse_err("{\"indicator_types\":[\"hostname\"]}",
              "$.auto_report.indicator_types[0]: 'hostname': not an indicator type (use ipv4, "
              "ipv6, cidr, domain, url, md5, sha1, sha256, email)");
    parse_err("{\"threat_types\":[\"\"]}", "$.auto_report.threat_types[0]: '': empty");
    parse_err("{\"window\":\"soon\"}",
              "$.auto_report.window: duration 'soon': expected NUMBER UNIT groups, units mo, w, "
              "d, h, m, s (e.g. 1h30m)");
    parse_err("{\"draft\":{\"asset\":\"castle\"}}",
              "$.auto_report.draft.asset: asset 'castle': use non-core, core, core-ci or "
              "national-secret");
    parse_err("{\"draft\":{\"severity\":\"high\"}}",
              "$.auto_report.draft.severity: unknown member (expected one of: category, asset, "
              "confidentiality, integrity, availability)");
    parse_err("{\"directions\":[\"sideways\"]}",
              "$.auto_report.directions[0]: 'sideways': not a direction (use outbound, inbound, "
              "unknown)");
    parse_err("{\"answer_within\":\"0h\"}",
              "$.auto_report.answer_within: the answer deadline cannot be zero");
    assert_int_equal(incident_auto_rules_parse("{\"directions\":[\"inbound\",\"unknown\"],"
                                               "\"answer_within\":\"4h\"}",
                                               &r, &err),
                     0);
    assert_int_equal(r.directions, (1u << INCIDENT_DIR_INBOUND) | (1u << INCIDENT_DIR_UNKNOWN));
    assert_int_equal(r.answer.seconds, 4 * 3600);
    parse_err("{\"enabled\":true,\"enabled\":false}",
              "$.auto_report: duplicate object key near '\"enabled\"'");

    /* a policy with bad rules is not installed */
    fixture *f = *state;
    const char *bad = "{\"auto_report\":{\"min_confidence\":\"high\"}}";
    int changed = 0;
    assert_int_equal(incident_policy_set(f->svc, &admin, bad, strlen(bad), "bad.json",
                                         test_at("2026-11-01T00:00:00Z"), NULL, &changed, &err),
                     GISAC_EINVAL);
    assert_string_equal(
        err.msg, "bad.json: $.auto_report.min_confidence: expected an integer from 0 to 100");
    assert_int_equal(changed, 0);
}

/* ---- reporting ------------------------------------------------------------------ */

typedef struct seen {
    char ids[8][ALERT_ID_MAX];
    int opened[8], restricted[8];
    int n;
} seen;

static int on_incident(void *ctx, const char *id, int opened, int restricted)
{
    seen *s = ctx;
    if (s->n < 8) {
        snprintf(s->ids[s->n], ALERT_ID_MAX, "%s", id);
        s->opened[s->n] = opened;
        s->restricted[s->n] = restricted;
    }
    s->n++;
    return 0;
}

static void auto_report(fixture *f, const incident_sighting *sg, size_t n, const char *now, seen *s,
                        incident_auto_stats *st)
{
    gisac_err err = GISAC_ERR_INIT;
    memset(s, 0, sizeof *s);
    if (incident_auto_report(f->svc, sg, n, test_at(now), on_incident, s, st, &err) < 0)
        fail_msg("auto report: %s", err.msg);
}

static int on_sighting(void *ctx, const incident_auto_sighting *s)
{
    char first[GISAC_TIME_LEN], last[GISAC_TIME_LEN];
    gisac_time_format(s->first, first);
    gisac_time_format(s->last, last);
    test_textf(ctx, NULL, "%s %s %s %s..%s x%lld in %lld;", s->type, s->value, s->agency, first,
               last, (long long)s->count, (long long)s->batches);
    return 0;
}

static const char *sightings_of(fixture *f, const char *id, test_text *c)
{
    gisac_err err = GISAC_ERR_INIT;
    c->s[0] = '\0';
    if (incident_auto_sightings(f->svc, &staff, id, on_sighting, c, &err) < 0)
        fail_msg("sightings: %s", err.msg);
    return c->s;
}

TEST_COUNTER(count_cb, incident)

TEST_COUNTER(count_alert, alert_view)

static int alerts(fixture *f)
{
    int n = 0;
    gisac_err err = GISAC_ERR_INIT;
    if (alert_list(f->svc, &staff, NULL, count_alert, &n, &err) < 0)
        fail_msg("alerts: %s", err.msg);
    return n;
}

/* One outbound sighting of indicator ind by agency at the time at, no hosts or events. */
static incident_sighting outbound_once(int64_t ind, const char *agency, const char *at)
{
    incident_sighting sg;
    memset(&sg, 0, sizeof sg);
    sg.indicator = ind;
    sg.agency = agency;
    sg.first = sg.last = test_at(at);
    sg.count = 1;
    sg.direction = INCIDENT_DIR_OUTBOUND;
    return sg;
}

static int incidents(fixture *f)
{
    int n = 0;
    gisac_err err = GISAC_ERR_INIT;
    if (incident_list(f->svc, &staff, NULL, test_at("2026-11-30T00:00:00Z"), count_cb, &n, &err) <
        0)
        fail_msg("list: %s", err.msg);
    return n;
}

static void test_dedup(void **state)
{
    fixture *f = *state;
    set_policy(f, rules);
    incident_auto_stats st;
    seen s;
    const char *hosts[] = {"192.168.1.5"};
    incident_seen_event ev[] = {{test_at("2026-11-24T00:00:00Z"), "{\"event_type\":\"dns\"}"}};
    /* five flushes of sightings of one indicator by moda: one alert */
    for (int i = 0; i < 5; i++) {
        incident_sighting sg = {f->ind[0],
                                "moda",
                                test_at("2026-11-24T00:00:00Z") + i * 60,
                                test_at("2026-11-24T00:00:30Z") + i * 60,
                                3,
                                INCIDENT_DIR_OUTBOUND,
                                hosts,
                                1,
                                ev,
                                1,
                                "sensor1"};
        auto_report(f, &sg, 1, "2026-11-24T00:10:00Z", &s, &st);
        assert_int_equal(st.enabled, 1);
        assert_int_equal(st.opened, i == 0);
        assert_int_equal(st.updated, i != 0);
        assert_int_equal(s.n, 1);
        assert_string_equal(s.ids[0], "ALR-2026-000001");
        assert_int_equal(s.opened[0], i == 0);
        assert_int_equal(s.restricted[0], 0);
    }
    assert_int_equal(alerts(f), 1);
    assert_int_equal(incidents(f), 0); /* no incident before a confirmation */
    alert_view v;
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(alert_get(f->svc, &staff, "ALR-2026-000001", &v, &err), 0);
    assert_string_equal(v.row.status, "open");
    assert_string_equal(v.row.queue, "agency");
    assert_string_equal(v.row.direction, "outbound");
    assert_string_equal(v.row.hosts, "[\"192.168.1.5\"]");
    assert_string_equal(v.row.sensor, "sensor1");
    assert_int_equal(v.row.count, 15);
    assert_int_equal(v.row.batches, 5);
    assert_int_equal(v.row.first_seen, test_at("2026-11-24T00:00:00Z"));
    assert_int_equal(v.row.last_seen, test_at("2026-11-24T00:04:30Z"));
    assert_int_equal(v.row.due, test_at("2026-11-25T00:10:00Z"));
    assert_string_equal(v.row.value, "c2.evil.example");

    /* another agency: another alert, which moda's alert is not to it */
    incident_sighting other = outbound_once(f->ind[0], "hospital", "2026-11-24T00:20:00Z");
    auto_report(f, &other, 1, "2026-11-24T00:30:00Z", &s, &st);
    assert_int_equal(st.opened, 1);
    assert_string_equal(s.ids[0], "ALR-2026-000002");
    assert_int_equal(alert_get(f->svc, &agency_b, "ALR-2026-000001", &v, &err), GISAC_ENOTFOUND);
    assert_string_equal(err.msg, "alert ALR-2026-000001: not found");
    assert_int_equal(alert_get(f->svc, &agency_b, "ALR-2026-000002", &v, &err), 0);

    /* still within the window (opened 00:10, 24 h): updated */
    incident_sighting again = outbound_once(f->ind[0], "moda", "2026-11-25T00:09:00Z");
    auto_report(f, &again, 1, "2026-11-25T00:09:59Z", &s, &st);
    assert_int_equal(st.updated, 1);
    assert_string_equal(s.ids[0], "ALR-2026-000001");
    /* after the window: a new one */
    auto_report(f, &again, 1, "2026-11-25T00:10:01Z", &s, &st);
    assert_int_equal(st.opened, 1);
    assert_string_equal(s.ids[0], "ALR-2026-000003");
    assert_int_equal(alerts(f), 3);

    /* a dismissed alert is not updated: the next sighting opens a new one */
    assert_int_equal(alert_dismiss(f->svc, &staff, "ALR-2026-000003", "false_positive", "lab test",
                                   1, test_at("2026-11-25T01:00:00Z"), &err),
                     0);
    assert_int_equal(alert_dismiss(f->svc, &staff, "ALR-2026-000003", "not_ours", NULL, 0,
                                   test_at("2026-11-25T01:00:00Z"), &err),
                     GISAC_ECONFLICT);
    assert_string_equal(err.msg, "alert ALR-2026-000003 is dismissed already");
    assert_int_equal(alert_dismiss(f->svc, &staff, "ALR-2026-000001", "bored", NULL, 0,
                                   test_at("2026-11-25T01:00:00Z"), &err),
                     GISAC_EINVAL);
    assert_string_equal(err.field, "$.reason");
    auto_report(f, &again, 1, "2026-11-25T02:00:00Z", &s, &st);
    assert_int_equal(st.opened, 1);
    assert_string_equal(s.ids[0], "ALR-2026-000004");

    /* confirmed by moda's... the hospital's officer: an incident with the alert linked */
    alert_confirm_input ci = {test_at("2026-11-24T00:25:00Z"), NULL, NULL, NULL};
    incident inc;
    assert_int_equal(alert_confirm(f->svc, &agency_b, "ALR-2026-000002", &ci,
                                   test_at("2026-11-24T00:40:00Z"), &inc, &err),
                     0);
    assert_string_equal(inc.id, "INC-2026-000001");
    assert_string_equal(inc.origin, "alert:ALR-2026-000002");
    assert_string_equal(inc.agency, "hospital");
    assert_int_equal(inc.aware_at, test_at("2026-11-24T00:25:00Z"));
    assert_string_equal(inc.category, "intrusion");
    assert_int_equal(inc.status, INCIDENT_REPORTED);
    assert_int_equal(incidents(f), 1);
    assert_int_equal(alert_get(f->svc, &agency_b, "ALR-2026-000002", &v, &err), 0);
    assert_string_equal(v.row.status, "confirmed");
    assert_string_equal(v.row.incident_ref, "INC-2026-000001");
    assert_string_equal(v.row.answered_by, "officer-b");
    /* another agency's officer cannot confirm moda's */
    assert_int_equal(alert_confirm(f->svc, &agency_b, "ALR-2026-000004", &ci,
                                   test_at("2026-11-25T02:10:00Z"), &inc, &err),
                     GISAC_ENOTFOUND);
}

static void test_rules_decide(void **state)
{
    fixture *f = *state;
    set_policy(f, rules);
    incident_auto_stats st;
    seen s;
    int64_t t = test_at("2026-11-24T00:00:00Z");
    incident_sighting sg[] = {
        {f->ind[1], "moda", t, t, 1, INCIDENT_DIR_OUTBOUND, NULL, 0, NULL, 0,
         NULL}, /* confidence 50 < 60 */
        {f->ind[2], "moda", t, t, 1, INCIDENT_DIR_OUTBOUND, NULL, 0, NULL, 0, NULL}, /* red */
        {f->ind[3], "moda", t, t, 1, INCIDENT_DIR_OUTBOUND, NULL, 0, NULL, 0, NULL}, /* phishing */
        {f->ind[4], "moda", t, t, 1, INCIDENT_DIR_OUTBOUND, NULL, 0, NULL, 0,
         NULL}, /* confidence unknown */
        {f->ind[5], NULL, t, t, 1, INCIDENT_DIR_OUTBOUND, NULL, 0, NULL, 0, NULL}, /* no agency */
        {f->ind[5], "", t, t, 1, INCIDENT_DIR_OUTBOUND, NULL, 0, NULL, 0, NULL},   /* no agency */
        {f->ind[5], "nowhere", t, t, 1, INCIDENT_DIR_OUTBOUND, NULL, 0, NULL, 0,
         NULL}, /* not in the registry */
        {999999, "moda", t, t, 1, INCIDENT_DIR_OUTBOUND, NULL, 0, NULL, 0,
         NULL}, /* no such indicator */
        {f->ind[5], "moda", t, t - 1, 2, INCIDENT_DIR_OUTBOUND, NULL, 0, NULL, 0,
         NULL}, /* qualifies: amber, botnet, 70 */
        {f->ind[0], "moda", t, t, 5, INCIDENT_DIR_INBOUND, NULL, 0, NULL, 0, NULL}, /* inbound */
    };
    auto_report(f, sg, sizeof sg / sizeof sg[0], "2026-11-24T00:10:00Z", &s, &st);
    assert_int_equal(st.sightings, 10);
    assert_int_equal(st.not_qualified, 5);
    assert_int_equal(st.unattributed, 2);
    assert_int_equal(st.unknown_agency, 1);
    assert_int_equal(st.not_alerted, 1);
    assert_int_equal(st.opened, 1);
    assert_int_equal(st.updated, 0);
    assert_int_equal(alerts(f), 1);
    assert_int_equal(incidents(f), 0);
    assert_string_equal(s.ids[0], "ALR-2026-000001");
    /* amber, moda not a recipient: the office's queue, unseen by moda */
    assert_int_equal(s.restricted[0], 1);

    /* min_confidence 0 lets the unknown one in; only md5 allowed */
    set_policy(f, "{\"auto_report\":{\"enabled\":true,\"min_confidence\":0,"
                  "\"indicator_types\":[\"md5\"]}}");
    auto_report(f, sg, sizeof sg / sizeof sg[0], "2026-11-24T00:20:00Z", &s, &st);
    assert_int_equal(st.opened, 1);
    assert_int_equal(st.not_qualified, 7); /* the rules come before the registry */
    assert_string_equal(s.ids[0], "ALR-2026-000002");

    /* off: nothing, and no write at all */
    set_policy(f, "{\"auto_report\":{\"enabled\":false}}");
    auto_report(f, sg, sizeof sg / sizeof sg[0], "2026-11-24T00:30:00Z", &s, &st);
    assert_int_equal(st.enabled, 0);
    assert_int_equal(st.opened + st.updated, 0);
    assert_int_equal(st.unattributed, 2);
    assert_int_equal(alerts(f), 2);
}

/* in the caller's transaction: its rollback takes the reports along */
static void test_transaction(void **state)
{
    fixture *f = *state;
    set_policy(f, rules);
    store *s = incident_svc_store(f->svc);
    gisac_err err = GISAC_ERR_INIT;
    int64_t t = test_at("2026-11-24T00:00:00Z");
    incident_sighting sg = {f->ind[0], "moda", t,    t, 4,   INCIDENT_DIR_OUTBOUND,
                            NULL,      0,      NULL, 0, NULL};
    incident_auto_stats st;
    assert_int_equal(store_begin(s, &err), 0);
    assert_int_equal(incident_record_sightings(f->svc, &sg, 1, "test", t, 1, NULL, NULL, &st, &err),
                     0);
    assert_int_equal(st.opened, 1);
    store_rollback(s);
    assert_int_equal(alerts(f), 0);

    /* on its own: sightings, audit entry and alert commit together */
    assert_int_equal(incident_record_sightings(f->svc, &sg, 1, "test", t, 1, NULL, NULL, &st, &err),
                     0);
    assert_int_equal(alerts(f), 1);
    assert_int_equal(incidents(f), 0);
    /* confirmed: the incident counts the alert's sightings */
    incident inc;
    assert_int_equal(alert_confirm(f->svc, &staff, "ALR-2026-000001", NULL, t + 60, &inc, &err), 0);
    assert_int_equal(inc.aware_at, t + 60);
    test_text c;
    assert_string_equal(sightings_of(f, "INC-2026-000001", &c),
                        "domain c2.evil.example moda "
                        "2026-11-24T00:00:00Z..2026-11-24T00:00:00Z x4 in 1;");
}

/* the default hook: incident events queue notifications */
static int on_delivery(void *ctx, const store_notify_delivery *d)
{
    test_textf(ctx, NULL, "%s|%s|%s|%s\n", d->event, d->agency ? d->agency : "-", d->subject,
               d->target);
    return 0;
}

static void test_notify_hook(void **state)
{
    fixture *f = *state;
    store *s = incident_svc_store(f->svc);
    gisac_err err = GISAC_ERR_INIT;
    notify_sub_spec spec = {NOTIFY_WEBHOOK,
                            "http://127.0.0.1:9/hook",
                            NULL,
                            "incident.new,incident.level",
                            "moda",
                            NULL,
                            NULL};
    assert_int_equal(notify_sub_add(s, &spec, test_at("2026-11-24T00:00:00Z"), NULL, &err), 0);
    incident_input in =
        test_incident_input("moda", "Ransomware", "core", test_at("2026-11-24T00:00:00Z"));
    in.integrity = "minor";
    incident inc;
    assert_int_equal(
        incident_report(f->svc, &staff, &in, test_at("2026-11-24T00:05:00Z"), &inc, &err), 0);
    incident_change ch = {NULL, NULL, NULL, NULL, NULL, "serious", NULL,
                          0,    -1,   NULL, NULL, NULL, NULL,      INCIDENT_SUPPORT_UNSTATED};
    assert_int_equal(
        incident_update(f->svc, &staff, inc.id, &ch, test_at("2026-11-24T00:06:00Z"), &inc, &err),
        0);
    /* not subscribed: another agency's incident, and status changes */
    in.agency = "hospital";
    assert_int_equal(
        incident_report(f->svc, &staff, &in, test_at("2026-11-24T00:07:00Z"), &inc, &err), 0);
    test_text out = {""};
    assert_int_equal(notify_queue(s, NULL, on_delivery, &out, &err), 0);
    assert_string_equal(out.s,
                        "incident.new|moda|INC-2026-000001 (moda, level 2): new incident: "
                        "Ransomware|http://127.0.0.1:9/hook\n"
                        "incident.level|moda|INC-2026-000001 (moda, level 3): level changed from 2 "
                        "to 3|http://127.0.0.1:9/hook\n");
}

TEST_MAIN(setup, teardown, TEST_CASE(test_rules), TEST_CASE(test_dedup),
          TEST_CASE(test_rules_decide), TEST_CASE(test_transaction), TEST_CASE(test_notify_hook))
