/*
 * test_advisory.c: the advisory service on a real store: ids and their
 * sequence per year, every validation rule with the member it names, the
 * TLP reach of cited indicators, revisions (what they keep, what they
 * replace, their times), audit entries, counts for the KPI, reading as
 * staff and as agencies (TLP, recipients, hidden indicators), list pages,
 * the STIX objects (checked against the STIX export's identity and
 * markings) and the TAXII collection's pages, cursors and filters.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_main.h"

#include "advisory/advisory_internal.h"
#include "export/export.h"
#include "test_svc_util.h"
#include "test_taxii_util.h"
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct fixture {
    char dir[64];
    char db[96];
    intel *in;
} fixture;

static const advisory_viewer staff = ADVISORY_STAFF;
static const advisory_viewer as_moda = {TLP_GREEN, "moda"};
static const advisory_viewer as_acs = {TLP_GREEN, "acs"};
static const advisory_viewer as_hosp = {TLP_GREEN, "hosp"};
static const advisory_viewer as_consumer = {TLP_GREEN, NULL};

static void import(intel *in, const char *data, gisac_tlp tlp, const char *const *rec, size_t nrec)
{
    intel_import_opts o = {.format = FEED_PLAIN,
                           .source = "test",
                           .tlp = tlp,
                           .confidence = -1,
                           .recipients = rec,
                           .nrecipients = nrec};
    intel_import_summary sum;
    gisac_err err = GISAC_ERR_INIT;
    if (intel_import_mem(in, "test.txt", data, strlen(data), &o, NULL, &sum, &err) < 0)
        fail_msg("import: %s", err.msg);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/gisac-adv.XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->db, sizeof f->db, "%s/g.db", f->dir);
    gisac_err err = GISAC_ERR_INIT;
    if (test_intel_open(f->db, &f->in, &err) < 0)
        fail_msg("open: %s", err.msg);
    store *s = intel_store(f->in);
    static const char *const ids[] = {"moda", "acs", "hosp"};
    for (size_t i = 0; i < 3; i++) {
        store_agency ag = {ids[i], ids[i], NULL, "A", NULL, 1, 1, NULL};
        if (store_agency_insert(s, &ag, &err) < 0)
            fail_msg("agency: %s", err.msg);
    }
    static const char *const moda_acs[] = {"moda", "acs"};
    static const char *const moda[] = {"moda"};
    import(f->in, "evil.example\n198.51.100.7\nhttp://phish.example/login\n", TLP_GREEN, NULL, 0);
    import(f->in, "amber.example\n", TLP_AMBER, moda_acs, 2);
    import(f->in, "secret.example\n", TLP_AMBER, NULL, 0);
    import(f->in, "red.example\n", TLP_RED, moda, 1);
    store_set_actor(s, "test:analyst");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    test_intel_close(f->in);
    static const char *const sfx[] = {"", "-wal", "-shm", ".key"};
    for (size_t i = 0; i < 4; i++) {
        char p[128];
        snprintf(p, sizeof p, "%s%s", f->db, sfx[i]);
        unlink(p);
    }
    rmdir(f->dir);
    free(f);
    return 0;
}

/* A new advisory's input: title, severity, body; the rest by the caller. */
static advisory_input input(const char *title, const char *severity, const char *body)
{
    advisory_input v;
    memset(&v, 0, sizeof v);
    v.title = title;
    v.severity = severity;
    v.body = body;
    return v;
}

/* the identity of an installation that kept the legacy one (and of a
 * handle given none): identity--UUIDv5(GISAC_UUID_NS, "gisac") */
#define LEGACY_IDENTITY_JSON                                                                       \
    "{\"type\":\"identity\",\"spec_version\":\"2.1\","                                             \
    "\"id\":\"identity--881c1891-6d33-5202-a7b6-7beed82cb4a8\","                                   \
    "\"created\":\"2024-01-01T00:00:00.000Z\",\"modified\":\"2024-01-01T00:00:00.000Z\","          \
    "\"name\":\"gisac\",\"identity_class\":\"system\"}"
#define LIST(v, member, ...)                                                                       \
    do {                                                                                           \
        static const char *const list_[] = {__VA_ARGS__};                                          \
        (v).member = list_;                                                                        \
        (v).n##member = sizeof list_ / sizeof list_[0];                                            \
        (v).has_##member = 1;                                                                      \
    } while (0)

/* Publish and return the id; fails the test on error. */
static void publish_ok(intel *in, const advisory_input *v, int64_t now, char id[ADVISORY_ID_MAX])
{
    advisory *a = NULL;
    advisory_where w;
    gisac_err err = GISAC_ERR_INIT;
    if (advisory_publish(in, v, now, &a, &w, &err) < 0)
        fail_msg("publish: %s", err.msg);
    if (id)
        snprintf(id, ADVISORY_ID_MAX, "%s", a->id);
    advisory_free(a);
}

/* Publish expecting code rc, the member field[index] and the message msg. */
static void publish_bad(intel *in, const advisory_input *v, int rc, advisory_field field,
                        long index, const char *msg)
{
    advisory *a = NULL;
    advisory_where w = {ADVISORY_F_NONE, -7};
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(advisory_publish(in, v, test_at("2026-05-01T00:00:00Z"), &a, &w, &err), rc);
    assert_null(a);
    assert_string_equal(err.msg, msg);
    assert_int_equal(w.field, field);
    assert_int_equal(w.index, index);
}

/* ---- ids and vocabularies ------------------------------------------------------- */

static void test_ids(void **state)
{
    (void)state;
    char id[ADVISORY_ID_MAX], sid[ADVISORY_STIX_ID_LEN], cve[ADVISORY_CVE_MAX];
    int year;
    int64_t seq;
    gisac_err err = GISAC_ERR_INIT;
    advisory_id_format(2026, 1, id);
    assert_string_equal(id, "GISAC-ADV-2026-0001");
    advisory_id_format(2026, 12345, id);
    assert_string_equal(id, "GISAC-ADV-2026-12345");
    assert_int_equal(advisory_id_parse("gisac-adv-2026-0042", id, &year, &seq, &err), 0);
    assert_string_equal(id, "GISAC-ADV-2026-0042");
    assert_int_equal(year, 2026);
    assert_int_equal(seq, 42);
    assert_int_equal(advisory_id_parse("GISAC-ADV-2026-12345", id, NULL, NULL, &err), 0);
    static const char *const bad[] = {"",
                                      "GISAC-ADV-2026-001",
                                      "GISAC-ADV-2026-00001",
                                      "GISAC-ADV-2026-0000",
                                      "GISAC-ADV-26-0001",
                                      "GISAC-ADV-2026-0001x",
                                      "GISAC-ADV-2026--001",
                                      "ADV-2026-0001",
                                      "GISAC-ADV-1969-0001",
                                      "GISAC-ADV-2026-1234567890123456789"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (advisory_id_parse(bad[i], id, NULL, NULL, &err) != GISAC_EINVAL)
            fail_msg("'%s' taken as an id", bad[i]);
    assert_string_equal(err.msg, "'GISAC-ADV-2026-1234567890123456789' is not an advisory id "
                                 "(GISAC-ADV-YYYY-NNNN)");

    /* UUIDv5 in the gisac namespace (computed with Python's uuid.uuid5) */
    advisory_stix_id(NULL, "GISAC-ADV-2026-0001", sid);
    assert_string_equal(sid, "report--b8a22103-34d6-5e79-950d-91e34db6aef3");
    advisory_vulnerability_id(NULL, "CVE-2024-3400", sid);
    assert_string_equal(sid, "vulnerability--77d2d0cd-c0aa-57ef-9e18-5811618f2395");
    char cid[GISAC_UUID_LEN];
    advisory_taxii_collection_id(cid);
    assert_string_equal(cid, "287da476-a01b-5c05-b71f-ff745b08c86d");

    assert_int_equal(advisory_cve_parse("cve-2024-3400", cve, &err), 0);
    assert_string_equal(cve, "CVE-2024-3400");
    assert_int_equal(advisory_cve_parse("CVE-2021-44228", cve, &err), 0);
    assert_int_equal(advisory_cve_parse("CVE-1999-0001", cve, &err), 0);
    assert_int_equal(advisory_cve_parse("CVE-2024-1234567890123456789", cve, &err), 0);
    static const char *const badcve[] = {"CVE-2024-123",
                                         "CVE-2024-012345",
                                         "CVE-1998-0001",
                                         "CVE-2024-1234a",
                                         "CVE2024-1234",
                                         "CVE-2024_1234",
                                         "CVE-20x4-1234",
                                         "2024-1234",
                                         "",
                                         "CVE-2024-12345678901234567890"};
    for (size_t i = 0; i < sizeof badcve / sizeof *badcve; i++)
        if (advisory_cve_parse(badcve[i], cve, &err) != GISAC_EINVAL)
            fail_msg("'%s' taken as a CVE", badcve[i]);
    assert_string_equal(err.msg, "'CVE-2024-12345678901234567890' is not a CVE id (CVE-YYYY-NNNN)");

    assert_int_equal(advisory_severity_parse("HIGH"), ADVISORY_SEV_HIGH);
    assert_int_equal(advisory_severity_parse("critical"), ADVISORY_SEV_CRITICAL);
    assert_int_equal(advisory_severity_parse("severe"), ADVISORY_SEV_NONE);
    assert_int_equal(advisory_severity_parse(NULL), ADVISORY_SEV_NONE);
    assert_string_equal(advisory_severity_name(ADVISORY_SEV_LOW), "low");
    assert_string_equal(advisory_field_name(ADVISORY_F_INDICATORS), "indicators");
    assert_string_equal(advisory_field_name(ADVISORY_F_NONE), "");
}

/* ---- numbering and counts ------------------------------------------------------ */

static void test_sequence(void **state)
{
    fixture *f = *state;
    char id[ADVISORY_ID_MAX];
    advisory_input v = input("One", "low", "text");
    LIST(v, cves, "CVE-2024-3400");
    publish_ok(f->in, &v, test_at("2026-01-01T00:00:00Z"), id);
    assert_string_equal(id, "GISAC-ADV-2026-0001");
    publish_ok(f->in, &v, test_at("2026-06-30T12:00:00Z"), id);
    assert_string_equal(id, "GISAC-ADV-2026-0002");
    publish_ok(f->in, &v, test_at("2026-12-31T23:59:59Z"), id);
    assert_string_equal(id, "GISAC-ADV-2026-0003");
    publish_ok(f->in, &v, test_at("2027-01-01T00:00:00Z"), id);
    assert_string_equal(id, "GISAC-ADV-2027-0001");
    /* a revision keeps its id and does not count again */
    advisory_input r;
    memset(&r, 0, sizeof r);
    r.revise = "GISAC-ADV-2026-0003";
    r.severity = "high";
    publish_ok(f->in, &r, test_at("2027-02-01T00:00:00Z"), id);
    assert_string_equal(id, "GISAC-ADV-2026-0003");
    publish_ok(f->in, &v, test_at("2027-03-01T00:00:00Z"), id);
    assert_string_equal(id, "GISAC-ADV-2027-0002");

    int64_t n = -1;
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(advisory_count(f->in, test_at("2026-01-01"), test_at("2027-01-01"), &n, &err),
                     0);
    assert_int_equal(n, 3);
    assert_int_equal(advisory_count(f->in, test_at("2027-01-01"), test_at("2028-01-01"), &n, &err),
                     0);
    assert_int_equal(n, 2);
    assert_int_equal(advisory_count(f->in, 0, 0, &n, &err), 0);
    assert_int_equal(n, 5);
    /* [from, to): the first second of 2026 counts, the first of 2027 not */
    assert_int_equal(
        advisory_count(f->in, test_at("2026-01-01T00:00:01Z"), test_at("2027-01-01"), &n, &err), 0);
    assert_int_equal(n, 2);
    assert_int_equal(advisory_count(f->in, test_at("2026-06-01"), 0, &n, &err), 0);
    assert_int_equal(n, 4);
    assert_int_equal(advisory_count(f->in, 0, test_at("2026-06-01"), &n, &err), 0);
    assert_int_equal(n, 1);
}

/* ---- validation ------------------------------------------------------------------ */

static void test_validation(void **state)
{
    fixture *f = *state;
    advisory_input v;

    /* a title, severity and body that are missing or not acceptable */
    static const struct {
        const char *title, *severity, *body;
        advisory_field field;
        const char *msg;
    } bad[] = {
        {NULL, "high", "b", ADVISORY_F_TITLE, "a title is required"},
        {"t", NULL, "b", ADVISORY_F_SEVERITY,
         "a severity is required (low, medium, high or critical)"},
        {"t", "high", NULL, ADVISORY_F_BODY, "a body is required"},
        {"  \t ", "high", "b", ADVISORY_F_TITLE, "the title is empty"},
        {"a\x01z", "high", "b", ADVISORY_F_TITLE, "the title holds a control character"},
        {"two\nlines", "high", "b", ADVISORY_F_TITLE, "the title holds a control character"},
        {"bad \xe8\xad", "high", "b", ADVISORY_F_TITLE, "the title is not valid UTF-8"},
        {"overlong \xc0\xaf", "high", "b", ADVISORY_F_TITLE, "the title is not valid UTF-8"},
        {"t", "severe", "b", ADVISORY_F_SEVERITY,
         "severity 'severe': use low, medium, high or critical"},
        {"t", "high", " \n\r\n ", ADVISORY_F_BODY, "the body is empty"},
        {"t", "high", "a\x1b[31mred", ADVISORY_F_BODY,
         "the body holds a control character (only tab, CR and LF may be)"},
        {"t", "high", "\xff", ADVISORY_F_BODY, "the body is not valid UTF-8"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        v = input(bad[i].title, bad[i].severity, bad[i].body);
        publish_bad(f->in, &v, GISAC_EINVAL, bad[i].field, -1, bad[i].msg);
    }
    /* 200 characters are fine, 201 not: characters, not bytes (警 is 3 bytes) */
    char title[201 * 3 + 1];
    for (int i = 0; i < 201; i++)
        memcpy(title + 3 * i, "\xe8\xad\xa6", 3);
    title[201 * 3] = '\0';
    v = input(title, "high", "b");
    LIST(v, cves, "CVE-2024-3400");
    publish_bad(f->in, &v, GISAC_EINVAL, ADVISORY_F_TITLE, -1,
                "the title is longer than 200 characters");
    title[200 * 3] = '\0';
    publish_ok(f->in, &v, test_at("2026-05-01T00:00:00Z"), NULL);

    v = input("t", "high", "b");
    v.tlp = "white-ish";
    publish_bad(f->in, &v, GISAC_EINVAL, ADVISORY_F_TLP, -1,
                "TLP 'white-ish': use clear, green, amber, amber+strict or red");
    v = input("t", "high", "b");
    v.lang = "fr";
    publish_bad(f->in, &v, GISAC_EINVAL, ADVISORY_F_LANG, -1, "language 'fr': use zh-TW or en");
    v = input("t", "high", "b");
    publish_bad(f->in, &v, GISAC_EINVAL, ADVISORY_F_NONE, -1,
                "an advisory cites at least one indicator or CVE");
    v = input("t", "high", "b");
    LIST(v, indicators, "evil.example", "nothere.example");
    publish_bad(f->in, &v, GISAC_EINVAL, ADVISORY_F_INDICATORS, 1,
                "indicator 'nothere.example' (domain) is not in the store: import it first");
    v = input("t", "high", "b");
    LIST(v, indicators, "not a value");
    publish_bad(f->in, &v, GISAC_EINVAL, ADVISORY_F_INDICATORS, 0,
                "indicator 'not a value': invalid character ' ' in domain name");
    v = input("t", "high", "b");
    LIST(v, cves, "CVE-2024-3400", "CVE-2024-3400", "CVE-24-1");
    publish_bad(f->in, &v, GISAC_EINVAL, ADVISORY_F_CVES, 2,
                "'CVE-24-1' is not a CVE id (CVE-YYYY-NNNN)");
    v = input("t", "high", "b");
    LIST(v, cves, "CVE-2024-3400");
    LIST(v, recipients, "moda", "mof");
    publish_bad(f->in, &v, GISAC_EINVAL, ADVISORY_F_RECIPIENTS, 1,
                "recipient 'mof': no such agency");
    v = input("t", "high", "b");
    LIST(v, cves, "CVE-2024-3400");
    LIST(v, recipients, "moda");
    v.tlp = "green";
    publish_bad(f->in, &v, GISAC_EINVAL, ADVISORY_F_RECIPIENTS, 0,
                "recipients are for TLP amber and red: a TLP:green advisory reaches every agency");
    /* a revision of an advisory that is not there, or of no advisory id */
    static const struct {
        const char *revise, *msg;
        int rc;
    } revise[] = {
        {"GISAC-ADV-2026-0099", "advisory GISAC-ADV-2026-0099: not found", GISAC_ENOTFOUND},
        {"ADV-1", "'ADV-1' is not an advisory id (GISAC-ADV-YYYY-NNNN)", GISAC_EINVAL},
    };
    for (size_t i = 0; i < TEST_COUNT(revise); i++) {
        v = input("t", "high", "b");
        v.revise = revise[i].revise;
        publish_bad(f->in, &v, revise[i].rc, ADVISORY_F_REVISE, -1, revise[i].msg);
    }

    /* nothing failed was written: one advisory, one audit entry for it */
    int64_t n;
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(advisory_count(f->in, 0, 0, &n, &err), 0);
    assert_int_equal(n, 1);

    /* normal forms, repeats dropped, order kept; trimming */
    v = input("  \xe7\xb6\xb2\xe8\xb7\xaf\xe9\x87\xa3\xe9\xad\x9a  ", "HIGH", "\n\nbody\n\n");
    v.tlp = "TLP:Green";
    v.lang = "EN";
    LIST(v, indicators, "198.51.100[.]7", "EVIL[.]example", "evil.example",
         "hxxp://phish.example/login");
    LIST(v, cves, "cve-2021-44228", "CVE-2024-3400", "CVE-2021-44228");
    advisory *a = NULL;
    advisory_where w;
    assert_int_equal(advisory_publish(f->in, &v, test_at("2026-05-02T00:00:00Z"), &a, &w, &err), 0);
    assert_string_equal(a->title, "\xe7\xb6\xb2\xe8\xb7\xaf\xe9\x87\xa3\xe9\xad\x9a");
    assert_string_equal(a->body, "body");
    assert_int_equal(a->severity, ADVISORY_SEV_HIGH);
    assert_int_equal(a->tlp, TLP_GREEN);
    assert_string_equal(a->lang, "en");
    assert_int_equal(a->nindicators, 3);
    assert_string_equal(a->indicators[0].value, "198.51.100.7");
    assert_int_equal(a->indicators[0].type, IOC_IPV4);
    assert_string_equal(a->indicators[1].value, "evil.example");
    assert_string_equal(a->indicators[1].stix_id,
                        "indicator--e702a6d7-cc33-5cda-b86d-15bb79396133");
    assert_string_equal(a->indicators[2].value, "http://phish.example/login");
    assert_int_equal(a->ncves, 2);
    assert_string_equal(a->cves[0].id, "CVE-2021-44228");
    assert_string_equal(a->cves[1].id, "CVE-2024-3400");
    assert_string_equal(a->author, "test:analyst");
    advisory_free(a);
}

/* ---- the reach of cited indicators ------------------------------------------------ */

static void test_reach(void **state)
{
    fixture *f = *state;
    advisory_input v = input("t", "high", "b");
    LIST(v, indicators, "evil.example", "amber.example");
    v.tlp = "green";
    publish_bad(f->in, &v, GISAC_EINVAL, ADVISORY_F_INDICATORS, 1,
                "indicator 'amber.example' is TLP:amber: an advisory citing it must be "
                "TLP:amber or stricter");
    /* amber with a recipient the indicator is not meant for */
    v.tlp = "amber";
    LIST(v, recipients, "moda", "hosp");
    publish_bad(f->in, &v, GISAC_EINVAL, ADVISORY_F_INDICATORS, 1,
                "indicator 'amber.example' is TLP:amber and not meant for agency hosp: every "
                "recipient of the advisory must be one of the indicator's");
    LIST(v, recipients, "acs", "moda");
    publish_ok(f->in, &v, test_at("2026-05-01T00:00:00Z"), NULL);
    /* staff only (no recipients) may cite anything up to its TLP */
    v = input("t", "high", "b");
    v.tlp = "amber";
    LIST(v, indicators, "secret.example", "amber.example");
    publish_ok(f->in, &v, test_at("2026-05-01T00:00:00Z"), NULL);
    LIST(v, indicators, "red.example");
    publish_bad(f->in, &v, GISAC_EINVAL, ADVISORY_F_INDICATORS, 0,
                "indicator 'red.example' is TLP:red: an advisory citing it must be TLP:red or "
                "stricter");
    v.tlp = "red";
    LIST(v, recipients, "moda");
    publish_ok(f->in, &v, test_at("2026-05-01T00:00:00Z"), NULL);
    LIST(v, recipients, "acs");
    publish_bad(f->in, &v, GISAC_EINVAL, ADVISORY_F_INDICATORS, 0,
                "indicator 'red.example' is TLP:red and not meant for agency acs: every "
                "recipient of the advisory must be one of the indicator's");
}

/* ---- revisions and audit ---------------------------------------------------------- */

typedef struct audit_seen {
    char lines[16][256];
    size_t n;
} audit_seen;

static int audit_cb(void *ctx, const store_audit_entry *e)
{
    audit_seen *s = ctx;
    if (strncmp(e->action, "advisory.", 9) == 0 && s->n < 16)
        snprintf(s->lines[s->n++], sizeof s->lines[0], "%s %s %s %s", e->actor, e->action,
                 e->object ? e->object : "-", e->detail ? e->detail : "-");
    return 0;
}

static void test_revision(void **state)
{
    fixture *f = *state;
    char id[ADVISORY_ID_MAX];
    advisory_input v = input("Phishing wave", "medium", "Block these.");
    v.tlp = "amber";
    LIST(v, recipients, "moda", "acs");
    LIST(v, indicators, "evil.example", "amber.example");
    LIST(v, cves, "CVE-2024-3400");
    publish_ok(f->in, &v, test_at("2026-04-01T08:00:00Z"), id);

    /* a correction of the severity alone keeps everything else */
    advisory_input r;
    memset(&r, 0, sizeof r);
    r.revise = "gisac-adv-2026-0001";
    r.severity = "high";
    advisory *a = NULL;
    advisory_where w;
    gisac_err err = GISAC_ERR_INIT;
    store_set_actor(intel_store(f->in), "test:other");
    assert_int_equal(advisory_publish(f->in, &r, test_at("2026-04-01T08:00:00Z"), &a, &w, &err), 0);
    assert_string_equal(a->id, "GISAC-ADV-2026-0001");
    assert_int_equal(a->revision, 2);
    assert_int_equal(a->latest, 2);
    assert_int_equal(a->severity, ADVISORY_SEV_HIGH);
    assert_string_equal(a->title, "Phishing wave");
    assert_int_equal(a->nrecipients, 2);
    assert_string_equal(a->recipients[0], "acs");
    assert_string_equal(a->recipients[1], "moda");
    assert_int_equal(a->nindicators, 2);
    assert_int_equal(a->ncves, 1);
    assert_string_equal(a->author, "test:other");
    test_assert_time(a->published, "2026-04-01T08:00:00Z");
    /* the same second as revision 1: one later, so STIX versions differ */
    test_assert_time(a->modified, "2026-04-01T08:00:01Z");
    assert_int_equal(a->nhistory, 2);
    assert_string_equal(a->history[0].author, "test:analyst");
    assert_string_equal(a->history[1].author, "test:other");
    advisory_free(a);

    /* the same again changes nothing: refused */
    publish_bad(f->in, &r, GISAC_EINVAL, ADVISORY_F_NONE, -1,
                "revision 2 of GISAC-ADV-2026-0001 already says this: a revision must change "
                "something");

    /* a list given replaces the whole list; green drops the recipients,
     * but not while it cites an amber indicator */
    memset(&r, 0, sizeof r);
    r.revise = "GISAC-ADV-2026-0001";
    r.tlp = "green";
    publish_bad(f->in, &r, GISAC_EINVAL, ADVISORY_F_INDICATORS, 1,
                "indicator 'amber.example' is TLP:amber: an advisory citing it must be "
                "TLP:amber or stricter");
    LIST(r, indicators, "198.51.100.7");
    r.body = "Block this address.";
    assert_int_equal(advisory_publish(f->in, &r, test_at("2026-04-02T09:00:00Z"), &a, &w, &err), 0);
    assert_int_equal(a->revision, 3);
    assert_int_equal(a->tlp, TLP_GREEN);
    assert_int_equal(a->nrecipients, 0);
    assert_int_equal(a->nindicators, 1);
    assert_string_equal(a->indicators[0].value, "198.51.100.7");
    assert_int_equal(a->ncves, 1);
    assert_string_equal(a->body, "Block this address.");
    test_assert_time(a->modified, "2026-04-02T09:00:00Z");
    advisory_free(a);

    /* recipients on a green revision are refused */
    memset(&r, 0, sizeof r);
    r.revise = "GISAC-ADV-2026-0001";
    LIST(r, recipients, "moda");
    publish_bad(f->in, &r, GISAC_EINVAL, ADVISORY_F_RECIPIENTS, 0,
                "recipients are for TLP amber and red: a TLP:green advisory reaches every agency");

    /* older revisions stay readable as they were */
    assert_int_equal(advisory_get(f->in, id, 1, &staff, &a, &err), 0);
    assert_int_equal(a->revision, 1);
    assert_int_equal(a->latest, 3);
    assert_int_equal(a->severity, ADVISORY_SEV_MEDIUM);
    assert_int_equal(a->tlp, TLP_AMBER);
    assert_int_equal(a->nindicators, 2);
    test_assert_time(a->modified, "2026-04-01T08:00:00Z");
    advisory_free(a);
    assert_int_equal(advisory_get(f->in, id, 4, &staff, &a, &err), GISAC_ENOTFOUND);
    assert_string_equal(err.msg, "advisory GISAC-ADV-2026-0001 revision 4: not found");

    int64_t n;
    assert_int_equal(advisory_count(f->in, 0, 0, &n, &err), 0);
    assert_int_equal(n, 1);

    audit_seen s;
    memset(&s, 0, sizeof s);
    assert_int_equal(store_audit_iter(intel_store(f->in), 0, audit_cb, &s, &err), 0);
    assert_int_equal(s.n, 3);
    assert_string_equal(s.lines[0],
                        "test:analyst advisory.publish GISAC-ADV-2026-0001 {\"revision\":1,"
                        "\"title\":\"Phishing wave\",\"severity\":\"medium\",\"tlp\":\"amber\","
                        "\"lang\":\"zh-TW\",\"recipients\":[\"moda\",\"acs\"],\"indicators\":2,"
                        "\"cves\":1}");
    assert_string_equal(s.lines[1],
                        "test:other advisory.revise GISAC-ADV-2026-0001 {\"revision\":2,"
                        "\"title\":\"Phishing wave\",\"severity\":\"high\",\"tlp\":\"amber\","
                        "\"lang\":\"zh-TW\",\"recipients\":[\"acs\",\"moda\"],\"indicators\":2,"
                        "\"cves\":1}");
    assert_string_equal(s.lines[2],
                        "test:other advisory.revise GISAC-ADV-2026-0001 {\"revision\":3,"
                        "\"title\":\"Phishing wave\",\"severity\":\"high\",\"tlp\":\"green\","
                        "\"lang\":\"zh-TW\",\"recipients\":[],\"indicators\":1,\"cves\":1}");
}

/* ---- who reads what --------------------------------------------------------------- */

static int get_rc(intel *in, const char *id, const advisory_viewer *v)
{
    advisory *a = NULL;
    gisac_err err = GISAC_ERR_INIT;
    int rc = advisory_get(in, id, 0, v, &a, &err);
    advisory_free(a);
    return rc;
}

static int ids_cb(void *ctx, const advisory *a)
{
    return gisac_buf_printf(ctx, "%s ", a->id) < 0;
}

static void test_visibility(void **state)
{
    fixture *f = *state;
    char green[ADVISORY_ID_MAX], amber[ADVISORY_ID_MAX], staffonly[ADVISORY_ID_MAX],
        onlyind[ADVISORY_ID_MAX];
    advisory_input v = input("Green", "low", "b");
    v.tlp = "green";
    LIST(v, indicators, "evil.example");
    LIST(v, cves, "CVE-2024-3400");
    publish_ok(f->in, &v, test_at("2026-03-01T00:00:00Z"), green);
    v = input("Amber", "high", "b");
    LIST(v, recipients, "moda", "acs");
    LIST(v, indicators, "amber.example", "evil.example");
    publish_ok(f->in, &v, test_at("2026-03-02T00:00:00Z"), amber);
    v = input("Staff", "critical", "b");
    LIST(v, indicators, "secret.example");
    publish_ok(f->in, &v, test_at("2026-03-03T00:00:00Z"), staffonly);
    v = input("Only an indicator", "low", "b");
    v.tlp = "green";
    LIST(v, indicators, "198.51.100.7");
    publish_ok(f->in, &v, test_at("2026-03-04T00:00:00Z"), onlyind);

    assert_int_equal(get_rc(f->in, green, &as_consumer), 0);
    assert_int_equal(get_rc(f->in, amber, &staff), 0);
    assert_int_equal(get_rc(f->in, amber, &as_moda), 0);
    assert_int_equal(get_rc(f->in, amber, &as_acs), 0);
    assert_int_equal(get_rc(f->in, amber, &as_hosp), GISAC_ENOTFOUND);
    assert_int_equal(get_rc(f->in, amber, &as_consumer), GISAC_ENOTFOUND);
    assert_int_equal(get_rc(f->in, staffonly, &staff), 0);
    assert_int_equal(get_rc(f->in, staffonly, &as_moda), GISAC_ENOTFOUND);
    advisory_viewer amber_reader = {TLP_AMBER, NULL};
    assert_int_equal(get_rc(f->in, staffonly, &amber_reader), 0);

    /* a reader who is not staff never sees the recipient list */
    advisory *a = NULL;
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(advisory_get(f->in, amber, 0, &as_moda, &a, &err), 0);
    assert_int_equal(a->recipients_shown, 0);
    assert_int_equal(a->nrecipients, 0);
    assert_int_equal(a->nindicators, 2);
    gisac_buf b = GISAC_BUF_INIT;
    assert_int_equal(advisory_to_json(a, 0, &b), 0);
    assert_null(strstr(b.data, "recipients"));
    advisory_free(a);
    gisac_buf_free(&b);

    /* an indicator raised to red after publication: readers who may not
     * read it no longer see it; an advisory left citing nothing for them
     * is hidden */
    static const char *const moda[] = {"moda"};
    import(f->in, "198.51.100.7\n", TLP_RED, moda, 1);
    assert_int_equal(get_rc(f->in, onlyind, &as_acs), GISAC_ENOTFOUND);
    assert_int_equal(get_rc(f->in, onlyind, &as_consumer), GISAC_ENOTFOUND);
    assert_int_equal(get_rc(f->in, onlyind, &as_moda), 0);
    assert_int_equal(get_rc(f->in, onlyind, &staff), 0);
    import(f->in, "evil.example\n", TLP_RED, moda, 1);
    assert_int_equal(advisory_get(f->in, green, 0, &as_consumer, &a, &err), 0);
    assert_int_equal(a->nindicators, 0);
    assert_int_equal(a->ncves, 1);
    advisory_free(a);

    /* lists, one at a time, following the cursor: hidden ones are skipped */
    typedef struct {
        const advisory_viewer *v;
        const char *want;
    } row;
    static const row rows[] = {
        {&staff,
         "GISAC-ADV-2026-0001 GISAC-ADV-2026-0002 GISAC-ADV-2026-0003 GISAC-ADV-2026-0004 "},
        {&as_moda, "GISAC-ADV-2026-0001 GISAC-ADV-2026-0002 GISAC-ADV-2026-0004 "},
        {&as_acs, "GISAC-ADV-2026-0001 GISAC-ADV-2026-0002 "},
        {&as_consumer, "GISAC-ADV-2026-0001 "},
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        gisac_buf got = GISAC_BUF_INIT, all = GISAC_BUF_INIT;
        advisory_filter flt = {0, ADVISORY_SEV_NONE};
        char next[ADVISORY_ID_MAX], cur[ADVISORY_ID_MAX];
        int more = 1, pages = 0;
        const char *cursor = NULL;
        while (more && pages < 10) {
            assert_int_equal(advisory_list_page(f->in, &flt, rows[i].v, cursor, 1, ids_cb, &got,
                                                next, &more, &err),
                             0);
            pages++;
            snprintf(cur, sizeof cur, "%s", next);
            cursor = cur;
        }
        assert_string_equal(got.data, rows[i].want);
        assert_int_equal(advisory_list(f->in, &flt, rows[i].v, ids_cb, &all, &err), 0);
        assert_string_equal(all.data, rows[i].want);
        gisac_buf_free(&got);
        gisac_buf_free(&all);
    }
    advisory_filter high = {2026, ADVISORY_SEV_HIGH};
    gisac_buf got = GISAC_BUF_INIT;
    assert_int_equal(advisory_list(f->in, &high, &staff, ids_cb, &got, &err), 0);
    assert_string_equal(got.data, "GISAC-ADV-2026-0002 ");
    gisac_buf_free(&got);
    advisory_filter y2027 = {2027, ADVISORY_SEV_NONE};
    assert_int_equal(advisory_list(f->in, &y2027, &staff, ids_cb, &got, &err), 0);
    assert_null(got.data);
    char next[ADVISORY_ID_MAX];
    int more;
    assert_int_equal(
        advisory_list_page(f->in, &y2027, &staff, "bogus", 1, ids_cb, &got, next, &more, &err),
        GISAC_EINVAL);
    assert_string_equal(err.msg, "cursor 'bogus' is not an advisory id");
    assert_int_equal(
        advisory_list_page(f->in, &y2027, &staff, NULL, 0, ids_cb, &got, next, &more, &err),
        GISAC_EINVAL);
    /* counts are of everything, whatever the TLP */
    int64_t n;
    assert_int_equal(advisory_count(f->in, 0, 0, &n, &err), 0);
    assert_int_equal(n, 4);
}

/* ---- STIX ------------------------------------------------------------------------- */

#define REPORT_A1                                                                                  \
    "{\"type\":\"report\",\"spec_version\":\"2.1\","                                               \
    "\"id\":\"report--b8a22103-34d6-5e79-950d-91e34db6aef3\","                                     \
    "\"created_by_ref\":\"identity--881c1891-6d33-5202-a7b6-7beed82cb4a8\","                       \
    "\"created\":\"2026-03-01T00:00:00.000Z\",\"modified\":\"2026-03-01T00:00:00.000Z\","          \
    "\"name\":\"\xe8\xad\xa6\xe8\xa8\x8a \\\"A\\\"\",\"description\":\"# 1\\n\\n\\tb\","           \
    "\"report_types\":[\"threat-report\",\"indicator\",\"vulnerability\"],"                        \
    "\"published\":\"2026-03-01T00:00:00.000Z\","                                                  \
    "\"object_refs\":[\"indicator--e702a6d7-cc33-5cda-b86d-15bb79396133\","                        \
    "\"vulnerability--77d2d0cd-c0aa-57ef-9e18-5811618f2395\"],\"lang\":\"zh-TW\","                 \
    "\"external_references\":[{\"source_name\":\"gisac\",\"external_id\":\"GISAC-ADV-2026-0001\"}" \
    "],"                                                                                           \
    "\"x_gisac_severity\":\"low\",\"x_gisac_revision\":1,"                                         \
    "\"object_marking_refs\":[\"marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb\"]}"

#define VULN_3400                                                                                  \
    "{\"type\":\"vulnerability\",\"spec_version\":\"2.1\","                                        \
    "\"id\":\"vulnerability--77d2d0cd-c0aa-57ef-9e18-5811618f2395\","                              \
    "\"created_by_ref\":\"identity--881c1891-6d33-5202-a7b6-7beed82cb4a8\","                       \
    "\"created\":\"2026-03-01T00:00:00.000Z\",\"modified\":\"2026-03-01T00:00:00.000Z\","          \
    "\"name\":\"CVE-2024-3400\",\"external_references\":[{\"source_name\":\"cve\","                \
    "\"external_id\":\"CVE-2024-3400\",\"url\":\"https://www.cve.org/"                             \
    "CVERecord?id=CVE-2024-3400\"}],"                                                              \
    "\"object_marking_refs\":[\"marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487\"]}"

static void test_stix(void **state)
{
    fixture *f = *state;
    char id[ADVISORY_ID_MAX];
    advisory_input v = input("\xe8\xad\xa6\xe8\xa8\x8a \"A\"", "low", "# 1\n\n\tb");
    v.tlp = "green";
    LIST(v, indicators, "evil.example");
    LIST(v, cves, "CVE-2024-3400");
    publish_ok(f->in, &v, test_at("2026-03-01T00:00:00Z"), id);
    advisory *a = NULL;
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(advisory_get(f->in, id, 0, &staff, &a, &err), 0);
    gisac_buf b = GISAC_BUF_INIT;
    assert_int_equal(advisory_stix_report(NULL, a, &b), 0);
    assert_string_equal(b.data, REPORT_A1);
    gisac_buf_reset(&b);
    assert_int_equal(advisory_stix_vulnerability(NULL, &a->cves[0], &b), 0);
    assert_string_equal(b.data, VULN_3400);

    /* the bundle: identity, markings (clear for the CVE, green), the
     * indicator as the STIX export renders it, the vulnerability, the report */
    gisac_buf_reset(&b);
    assert_int_equal(advisory_stix_bundle(f->in, a, test_at("2026-03-02T00:00:00Z"), &b, &err), 0);
    const char *lines[8];
    size_t n = 0;
    for (char *p = b.data; p && *p && n < 8; n++) {
        lines[n] = p;
        char *e = strchr(p, '\n');
        if (!e)
            break;
        *e = '\0';
        p = e + 1;
    }
    assert_int_equal(n, 8);
    static const char bundle[] = "{\"type\":\"bundle\",\"id\":\"bundle--";
    assert_memory_equal(lines[0], bundle, sizeof bundle - 1);
    assert_string_equal(lines[1], LEGACY_IDENTITY_JSON ",");
    gisac_buf m = GISAC_BUF_INIT;
    export_stix_marking(TLP_CLEAR, &m);
    gisac_buf_putc(&m, ',');
    assert_string_equal(lines[2], m.data);
    gisac_buf_reset(&m);
    export_stix_marking(TLP_GREEN, &m);
    gisac_buf_putc(&m, ',');
    assert_string_equal(lines[3], m.data);
    assert_memory_equal(lines[4],
                        "{\"type\":\"indicator\",\"spec_version\":\"2.1\","
                        "\"id\":\"indicator--e702a6d7-cc33-5cda-b86d-15bb79396133\"",
                        82);
    assert_string_equal(lines[5], VULN_3400 ",");
    assert_string_equal(lines[6], REPORT_A1);
    assert_string_equal(lines[7], "]}");
    gisac_buf_free(&m);
    gisac_buf_free(&b);

    /* a revoked indicator stays referenced but is left out of the bundle */
    assert_int_equal(intel_revoke(f->in, "evil.example", "a test", &err), 0);
    assert_int_equal(advisory_stix_bundle(f->in, a, test_at("2026-03-02T00:00:00Z"), &b, &err), 0);
    assert_null(strstr(b.data, "\"type\":\"indicator\""));
    assert_non_null(strstr(b.data, "\"object_refs\":[\"indicator--e702a6d7"));
    gisac_buf_free(&b);
    advisory_free(a);
}

/* The identity and the TLP markings are byte for byte those of the STIX export. */
static void test_stix_matches_export(void **state)
{
    (void)state;
    export_item items[5];
    static const char *const values[] = {"a.example", "b.example", "c.example", "d.example",
                                         "e.example"};
    memset(items, 0, sizeof items);
    for (int t = TLP_CLEAR; t <= TLP_RED; t++) {
        items[t].type = IOC_DOMAIN;
        items[t].value = values[t];
        items[t].confidence = -1;
        items[t].tlp = (gisac_tlp)t;
    }
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    export_opts eo = {.now = test_at("2026-01-01T00:00:00Z")};
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(export_write(EXPORT_STIX, items, 5, &eo, NULL, out, &err), 0);
    fclose(out);
    gisac_buf want = GISAC_BUF_INIT;
    gisac_buf_puts(&want, "\n" LEGACY_IDENTITY_JSON ",\n");
    assert_non_null(strstr(text, want.data));
    for (int t = TLP_CLEAR; t <= TLP_RED; t++) {
        gisac_buf_reset(&want);
        gisac_buf_putc(&want, '\n');
        assert_int_equal(export_stix_marking((gisac_tlp)t, &want), 0);
        gisac_buf_puts(&want, ",\n");
        if (!strstr(text, want.data))
            fail_msg("marking of %s differs from the export's", tlp_name((gisac_tlp)t));
        gisac_buf_reset(&want);
        gisac_buf_printf(&want, "\"object_marking_refs\":[\"%s\"]",
                         adv_tlp_marking_id((gisac_tlp)t));
        assert_non_null(strstr(text, want.data));
    }
    assert_null(adv_tlp_marking_id(TLP_UNSET));
    gisac_buf_free(&want);
    free(text);
}

/* ---- TAXII ------------------------------------------------------------------------ */

#define R1    "report--b8a22103-34d6-5e79-950d-91e34db6aef3" /* GISAC-ADV-2026-0001 */
#define V3400 "vulnerability--77d2d0cd-c0aa-57ef-9e18-5811618f2395"

typedef struct taxii_fx {
    char r2[ADVISORY_STIX_ID_LEN], r3[ADVISORY_STIX_ID_LEN];
    char v44228[ADVISORY_STIX_ID_LEN], v1111[ADVISORY_STIX_ID_LEN];
} taxii_fx;

/*
 * 0001 green (evil.example; CVE-2024-3400, CVE-2021-44228) on March 1,
 * 0002 amber for moda (amber.example; CVE-2024-3400) on March 2,
 * 0003 amber, staff only (secret.example; CVE-2023-1111) on March 3,
 * 0001 revision 2 (high) on March 4; the STIX ids of these.
 */
static taxii_fx taxii_data(intel *in)
{
    taxii_fx t;
    advisory_input v = input("One", "low", "b");
    v.tlp = "green";
    LIST(v, indicators, "evil.example");
    LIST(v, cves, "CVE-2024-3400", "CVE-2021-44228");
    publish_ok(in, &v, test_at("2026-03-01T00:00:00Z"), NULL);
    v = input("Two", "medium", "b");
    LIST(v, recipients, "moda");
    LIST(v, indicators, "amber.example");
    LIST(v, cves, "CVE-2024-3400");
    publish_ok(in, &v, test_at("2026-03-02T00:00:00Z"), NULL);
    v = input("Three", "critical", "b");
    LIST(v, indicators, "secret.example");
    LIST(v, cves, "CVE-2023-1111");
    publish_ok(in, &v, test_at("2026-03-03T00:00:00Z"), NULL);
    advisory_input r;
    memset(&r, 0, sizeof r);
    r.revise = "GISAC-ADV-2026-0001";
    r.severity = "high";
    publish_ok(in, &r, test_at("2026-03-04T00:00:00Z"), NULL);
    advisory_stix_id(NULL, "GISAC-ADV-2026-0002", t.r2);
    advisory_stix_id(NULL, "GISAC-ADV-2026-0003", t.r3);
    advisory_vulnerability_id(NULL, "CVE-2021-44228", t.v44228);
    advisory_vulnerability_id(NULL, "CVE-2023-1111", t.v1111);
    return t;
}

/* Every page of q, limit at a time, as words in out (emptied first); the count of pages. */
static int walk(intel *in, advisory_taxii_query q, size_t limit, gisac_buf *out)
{
    char next[ADVISORY_TAXII_NEXT_LEN];
    gisac_buf_reset(out);
    q.limit = limit;
    q.next = NULL;
    int pages = 0;
    for (;;) {
        advisory_taxii_page p;
        gisac_err err = GISAC_ERR_INIT;
        if (advisory_taxii_page_get(in, &q, &p, &err) < 0)
            fail_msg("page: %s", err.msg);
        test_taxii_page_words(p.objects.data, q.manifest, limit, p.count, out);
        pages++;
        assert_true(p.count >= 1 && p.count <= limit);
        int more = p.more;
        if (more) {
            snprintf(next, sizeof next, "%s", p.next);
            q.next = next;
        }
        advisory_taxii_page_free(&p);
        if (!more || pages > 50)
            break;
    }
    test_taxii_once(out->data); /* each object version once */
    return pages;
}

static void test_taxii_pages(void **state)
{
    fixture *f = *state;
    taxii_fx t = taxii_data(f->in);
    gisac_buf want = GISAC_BUF_INIT, got = GISAC_BUF_INIT;
    advisory_taxii_query q = {.viewer = staff};

    /* the latest revisions, by date added: each one's vulnerabilities not
     * in the collection before it, then itself (CVE-2024-3400 once, with
     * 0002, the first latest revision citing it) */
    gisac_buf_printf(&want, "%s@2026-03-01 %s@2026-03-02 %s@2026-03-03 %s@2026-03-03 ", V3400, t.r2,
                     t.v1111, t.r3);
    gisac_buf_printf(&want, "%s@2026-03-01 %s@2026-03-04 ", t.v44228, R1);
    /* the identity and the markings count: clear, amber, clear, amber, clear,
     * green objects need (limit 5) 2 + 3 a page, (6) 3 + 3, 2 + 3, 1 + 2 ... */
    static const int pages_of[9] = {0, 6, 6, 6, 6, 3, 3, 2, 2};
    for (size_t limit = 1; limit <= 8; limit++) {
        int pages = walk(f->in, q, limit, &got);
        assert_string_equal(got.data, want.data);
        assert_int_equal(pages, pages_of[limit]);
    }

    /* first and last date added of a page; the page's objects in all */
    advisory_taxii_page p;
    gisac_err err = GISAC_ERR_INIT;
    q.limit = 6;
    assert_int_equal(advisory_taxii_page_get(f->in, &q, &p, &err), 0);
    assert_int_equal(p.count, 3);
    assert_true(p.more);
    test_assert_time(p.first_added, "2026-03-02T00:00:00Z");
    test_assert_time(p.last_added, "2026-03-03T00:00:00Z");
    assert_memory_equal(p.objects.data, LEGACY_IDENTITY_JSON ",", strlen(LEGACY_IDENTITY_JSON) + 1);
    gisac_buf refs = GISAC_BUF_INIT;
    gisac_buf_puts(&refs, LEGACY_IDENTITY_JSON ",");
    export_stix_marking(TLP_CLEAR, &refs);
    gisac_buf_putc(&refs, ',');
    export_stix_marking(TLP_AMBER, &refs);
    gisac_buf_puts(&refs, "," VULN_3400);
    assert_memory_equal(p.objects.data, refs.data, refs.len);
    gisac_buf_free(&refs);
    advisory_taxii_page_free(&p);
    /* a manifest page has no refs: limit counts its records */
    q.manifest = 1;
    q.limit = 3;
    assert_int_equal(advisory_taxii_page_get(f->in, &q, &p, &err), 0);
    assert_int_equal(p.count, 3);
    assert_true(p.more);
    advisory_taxii_page_free(&p);
    q.manifest = 0;

    /* every revision: each report version, each vulnerability with the
     * first revision citing it */
    advisory_taxii_query all = q;
    all.versions = ADVISORY_TAXII_ALL;
    gisac_buf_reset(&want);
    gisac_buf_printf(&want, "%s@2026-03-01 %s@2026-03-01 %s@2026-03-01 ", V3400, t.v44228, R1);
    gisac_buf_printf(&want, "%s@2026-03-02 %s@2026-03-03 %s@2026-03-03 ", t.r2, t.v1111, t.r3);
    gisac_buf_printf(&want, "%s@2026-03-04 ", R1);
    assert_int_equal(walk(f->in, all, 2, &got), 7);
    assert_string_equal(got.data, want.data);
    /* the first revisions only; a version by its timestamp */
    all.versions = ADVISORY_TAXII_FIRST;
    walk(f->in, all, 100, &got);
    gisac_buf_reset(&want);
    gisac_buf_printf(&want, "%s@2026-03-01 %s@2026-03-01 %s@2026-03-01 ", V3400, t.v44228, R1);
    gisac_buf_printf(&want, "%s@2026-03-02 %s@2026-03-03 %s@2026-03-03 ", t.r2, t.v1111, t.r3);
    assert_string_equal(got.data, want.data);
    all.versions = 0;
    all.times[0] = test_at("2026-03-01T00:00:00Z");
    all.ntimes = 1;
    walk(f->in, all, 100, &got);
    gisac_buf_reset(&want);
    gisac_buf_printf(&want, "%s@2026-03-01 %s@2026-03-01 %s@2026-03-01 ", V3400, t.v44228, R1);
    assert_string_equal(got.data, want.data);

    /* added_after: the revisions published later (a correction comes
     * again); CVE-2024-3400 came with 0002 on March 2 and not again */
    advisory_taxii_query later = q;
    later.added_after = test_at("2026-03-02T00:00:00Z");
    walk(f->in, later, 100, &got);
    gisac_buf_reset(&want);
    gisac_buf_printf(&want, "%s@2026-03-03 %s@2026-03-03 ", t.v1111, t.r3);
    gisac_buf_printf(&want, "%s@2026-03-01 %s@2026-03-04 ", t.v44228, R1);
    assert_string_equal(got.data, want.data);

    /* match[type] and match[id] */
    advisory_taxii_query vulns = q;
    vulns.types = ADVISORY_TAXII_VULN;
    assert_int_equal(walk(f->in, vulns, 4, &got), 2); /* identity, clear and 2 | 1 */
    gisac_buf_reset(&want);
    gisac_buf_printf(&want, "%s@2026-03-01 %s@2026-03-03 %s@2026-03-01 ", V3400, t.v1111, t.v44228);
    assert_string_equal(got.data, want.data);
    advisory_taxii_query byid = q;
    const char *ids[] = {R1, t.v1111};
    byid.ids = ids;
    byid.nids = 2;
    byid.versions = ADVISORY_TAXII_ALL;
    walk(f->in, byid, 1, &got);
    gisac_buf_reset(&want);
    gisac_buf_printf(&want, "%s@2026-03-01 %s@2026-03-03 %s@2026-03-04 ", R1, t.v1111, R1);
    assert_string_equal(got.data, want.data);

    /* the manifest: id, version and date added */
    advisory_taxii_query man = q;
    man.manifest = 1;
    man.limit = 1;
    man.added_after = test_at("2026-03-03T00:00:00Z");
    man.types = ADVISORY_TAXII_REPORT;
    assert_int_equal(advisory_taxii_page_get(f->in, &man, &p, &err), 0);
    assert_string_equal(p.objects.data,
                        "{\"id\":\"" R1 "\",\"date_added\":\"2026-03-04T00:00:00.000Z\","
                        "\"version\":\"2026-03-04T00:00:00.000Z\","
                        "\"media_type\":\"application/stix+json;version=2.1\"}");
    assert_false(p.more);
    advisory_taxii_page_free(&p);

    /* bad queries */
    advisory_taxii_query bad = q;
    bad.next = "12.zz.0";
    assert_int_equal(advisory_taxii_page_get(f->in, &bad, &p, &err), GISAC_EINVAL);
    assert_string_equal(err.msg, "next: not a cursor of this collection");
    advisory_taxii_page_free(&p);
    bad.next = NULL;
    bad.limit = 0;
    assert_int_equal(advisory_taxii_page_get(f->in, &bad, &p, &err), GISAC_EINVAL);
    advisory_taxii_page_free(&p);
    bad.limit = ADVISORY_TAXII_LIMIT_MAX + 1;
    assert_int_equal(advisory_taxii_page_get(f->in, &bad, &p, &err), GISAC_EINVAL);
    advisory_taxii_page_free(&p);
    gisac_buf_free(&want);
    gisac_buf_free(&got);
}

static void test_taxii_viewers(void **state)
{
    fixture *f = *state;
    taxii_fx t = taxii_data(f->in);
    gisac_buf want = GISAC_BUF_INIT, got = GISAC_BUF_INIT;
    /* moda reads 0002 (a recipient) but not 0003 (staff only) */
    advisory_taxii_query q = {.viewer = as_moda};
    walk(f->in, q, 1, &got);
    gisac_buf_printf(&want, "%s@2026-03-01 %s@2026-03-02 ", V3400, t.r2);
    gisac_buf_printf(&want, "%s@2026-03-01 %s@2026-03-04 ", t.v44228, R1);
    assert_string_equal(got.data, want.data);
    /* a consumer (no agency) and another agency read only the green one */
    q.viewer = as_consumer;
    walk(f->in, q, 2, &got);
    gisac_buf_reset(&want);
    gisac_buf_printf(&want, "%s@2026-03-01 %s@2026-03-01 %s@2026-03-04 ", V3400, t.v44228, R1);
    assert_string_equal(got.data, want.data);
    q.viewer = as_hosp;
    walk(f->in, q, 100, &got);
    assert_string_equal(got.data, want.data);

    /* one object: a report's selected versions; a vulnerability once */
    advisory_taxii_page p;
    gisac_err err = GISAC_ERR_INIT;
    q.viewer = as_consumer;
    assert_int_equal(advisory_taxii_object_get(f->in, &q, R1, &p, &err), 0);
    assert_int_equal(p.count, 1);
    assert_non_null(strstr(p.objects.data, "\"x_gisac_revision\":2"));
    advisory_taxii_page_free(&p);
    q.versions = ADVISORY_TAXII_ALL;
    assert_int_equal(advisory_taxii_object_get(f->in, &q, R1, &p, &err), 0);
    assert_int_equal(p.count, 2);
    test_assert_time(p.first_added, "2026-03-01T00:00:00Z");
    test_assert_time(p.last_added, "2026-03-04T00:00:00Z");
    advisory_taxii_page_free(&p);
    assert_int_equal(advisory_taxii_object_get(f->in, &q, V3400, &p, &err), 0);
    assert_int_equal(p.count, 1);
    test_assert_time(p.first_added, "2026-03-01T00:00:00Z");
    assert_memory_equal(p.objects.data, VULN_3400, strlen(VULN_3400));
    advisory_taxii_page_free(&p);
    /* hidden: 0002's report and the CVE only 0003 names */
    assert_int_equal(advisory_taxii_object_get(f->in, &q, t.r2, &p, &err), GISAC_ENOTFOUND);
    advisory_taxii_page_free(&p);
    assert_int_equal(advisory_taxii_object_get(f->in, &q, t.v1111, &p, &err), GISAC_ENOTFOUND);
    advisory_taxii_page_free(&p);
    assert_int_equal(advisory_taxii_object_get(
                         f->in, &q, "indicator--e702a6d7-cc33-5cda-b86d-15bb79396133", &p, &err),
                     GISAC_ENOTFOUND);
    advisory_taxii_page_free(&p);
    q.viewer = staff;
    q.versions = 0;
    q.manifest = 1;
    gisac_buf_reset(&want);
    assert_int_equal(advisory_taxii_object_get(f->in, &q, t.v1111, &p, &err), 0);
    gisac_buf_printf(&want,
                     "{\"id\":\"%s\",\"date_added\":\"2026-03-03T00:00:00.000Z\","
                     "\"version\":\"2026-03-03T00:00:00.000Z\","
                     "\"media_type\":\"application/stix+json;version=2.1\"}",
                     t.v1111);
    assert_string_equal(p.objects.data, want.data);
    advisory_taxii_page_free(&p);
    /* match[type] excludes it */
    q.types = ADVISORY_TAXII_REPORT;
    assert_int_equal(advisory_taxii_object_get(f->in, &q, t.v1111, &p, &err), GISAC_ENOTFOUND);
    advisory_taxii_page_free(&p);

    /* versions */
    gisac_buf v = GISAC_BUF_INIT;
    size_t n;
    int64_t first, last;
    q.types = 0;
    q.viewer = as_consumer;
    assert_int_equal(advisory_taxii_versions(f->in, &q, R1, &v, &n, &first, &last, &err), 0);
    assert_int_equal(n, 2);
    assert_string_equal(v.data, "\"2026-03-01T00:00:00.000Z\",\"2026-03-04T00:00:00.000Z\"");
    test_assert_time(first, "2026-03-01T00:00:00Z");
    test_assert_time(last, "2026-03-04T00:00:00Z");
    gisac_buf_reset(&v);
    assert_int_equal(advisory_taxii_versions(f->in, &q, t.v44228, &v, &n, &first, &last, &err), 0);
    assert_int_equal(n, 1);
    assert_string_equal(v.data, "\"2026-03-01T00:00:00.000Z\"");
    gisac_buf_reset(&v);
    assert_int_equal(advisory_taxii_versions(f->in, &q, t.r2, &v, &n, &first, &last, &err),
                     GISAC_ENOTFOUND);
    q.viewer = as_moda;
    assert_int_equal(advisory_taxii_versions(f->in, &q, t.r2, &v, &n, &first, &last, &err), 0);
    assert_int_equal(n, 1);
    gisac_buf_free(&v);
    gisac_buf_free(&want);
    gisac_buf_free(&got);
}

TEST_MAIN(setup, teardown, TEST_PLAIN(test_ids), TEST_CASE(test_sequence),
          TEST_CASE(test_validation), TEST_CASE(test_reach), TEST_CASE(test_revision),
          TEST_CASE(test_visibility), TEST_CASE(test_stix), TEST_PLAIN(test_stix_matches_export),
          TEST_CASE(test_taxii_pages), TEST_CASE(test_taxii_viewers))
