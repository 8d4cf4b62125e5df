/* test_store.c: the SQLite backend: migrations, rows, merging of sources, filters. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_main.h"

#include "store/store.h"
#include "test_util.h"

#include <sqlite3.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dbpath[64];

static int setup(void **state)
{
    return test_store_setup(state, dbpath, sizeof dbpath, "/tmp/gisac-store-XXXXXX");
}

static int teardown(void **state)
{
    return test_store_teardown(state, dbpath);
}

static store_indicator ind(ioc_type t, const char *v)
{
    return test_indicator(t, v, 1000);
}

static void test_migrate(void **state)
{
    store *s = *state;
    gisac_err err;
    int v = 0;
    assert_int_equal(store_schema_version(s, &v, &err), 0);
    assert_int_equal(v, STORE_SCHEMA_VERSION);
    /* opening again runs no migration twice */
    store *s2;
    assert_int_equal(store_open(dbpath, &s2, &err), 0);
    assert_int_equal(store_schema_version(s2, &v, &err), 0);
    assert_int_equal(v, STORE_SCHEMA_VERSION);
    store_close(s2);
}

static void test_insert_find_update(void **state)
{
    store *s = *state;
    gisac_err err;
    gisac_arena *a = gisac_arena_new(4096);
    int empty = 0;
    assert_int_equal(store_indicator_empty(s, &empty, &err), 0);
    assert_true(empty);
    store_indicator i = ind(IOC_DOMAIN, "evil.example");
    i.labels_json = "[\"c2\"]";
    i.confidence = 70;
    i.first_seen = 100;
    i.last_seen = 200;
    assert_int_equal(store_indicator_insert(s, &i, &err), 0);
    assert_true(i.id > 0);
    store_indicator o;
    assert_int_equal(store_indicator_find(s, IOC_DOMAIN, "evil.example", &o, a, &err), 0);
    assert_int_equal(o.id, i.id);
    assert_string_equal(o.labels_json, "[\"c2\"]");
    assert_int_equal(o.confidence, 70);
    assert_int_equal(o.first_seen, 100);
    assert_int_equal(o.valid_until, 0);
    assert_null(o.stix_id);
    assert_int_equal(store_indicator_find(s, IOC_URL, "evil.example", &o, a, &err),
                     GISAC_ENOTFOUND);
    o.tlp = TLP_RED;
    o.confidence = -1;
    assert_int_equal(store_indicator_update(s, &o, &err), 0);
    assert_int_equal(store_indicator_find(s, IOC_DOMAIN, "evil.example", &o, a, &err), 0);
    assert_int_equal(o.tlp, TLP_RED);
    assert_int_equal(o.confidence, -1);
    /* a second insert of the same key is refused by the UNIQUE constraint */
    store_indicator dup = ind(IOC_DOMAIN, "evil.example");
    assert_int_equal(store_indicator_insert(s, &dup, &err), GISAC_EEXIST);
    assert_int_equal(store_indicator_empty(s, &empty, &err), 0);
    assert_false(empty);
    gisac_arena_free(a);
}

static int src_cb(void *ctx, const store_sighting_source *src)
{
    test_textf(ctx, NULL, "%s:%lld-%lld;", src->name, (long long)src->first_seen,
               (long long)src->last_seen);
    return 0;
}

static void test_sources(void **state)
{
    store *s = *state;
    gisac_err err;
    store_indicator i = ind(IOC_IPV4, "198.51.100.7");
    assert_int_equal(store_indicator_insert(s, &i, &err), 0);
    int64_t a, b, a2;
    assert_int_equal(store_source_id(s, "feed-a", 1, &a, &err), 0);
    assert_int_equal(store_source_id(s, "feed-b", 1, &b, &err), 0);
    assert_int_equal(store_source_id(s, "feed-a", 1, &a2, &err), 0);
    assert_int_equal(a, a2);
    assert_int_equal(store_indicator_source_touch(s, i.id, a, 500, 600, 0, &err), 0);
    assert_int_equal(store_indicator_source_touch(s, i.id, a, 400, 550, 0, &err), 0);
    assert_int_equal(store_indicator_source_touch(s, i.id, a, 450, 700, 0, &err), 0);
    assert_int_equal(store_indicator_source_touch(s, i.id, b, 0, 0, 0, &err), 0);
    test_text sn = {""};
    assert_int_equal(store_indicator_sources(s, i.id, src_cb, &sn, &err), 0);
    assert_string_equal(sn.s, "feed-a:400-700;feed-b:0-0;");
}

static int col_cb(void *ctx, const store_indicator *in)
{
    test_textf(ctx, NULL, "%s=%s[%s];", ioc_type_name(in->type), in->value,
               in->sources ? in->sources : "");
    return 0;
}

static void test_filters(void **state)
{
    store *s = *state;
    gisac_err err;
    const struct {
        ioc_type t;
        const char *v, *lo, *hi;
        gisac_tlp tlp;
        int64_t until;
        int revoked;
    } rows[] = {
        {IOC_CIDR, "198.51.100.0/24", "00000000000000000000ffffc6336400",
         "00000000000000000000ffffc63364ff", TLP_GREEN, 0, 0},
        {IOC_IPV4, "198.51.100.7", "00000000000000000000ffffc6336407",
         "00000000000000000000ffffc6336407", TLP_AMBER, 0, 0},
        {IOC_DOMAIN, "a.evil.example", NULL, NULL, TLP_RED, 0, 0},
        {IOC_DOMAIN, "notevil.example", NULL, NULL, TLP_CLEAR, 0, 0},
        {IOC_DOMAIN, "old.example", NULL, NULL, TLP_CLEAR, 50, 0},
        {IOC_DOMAIN, "gone.example", NULL, NULL, TLP_CLEAR, 0, 1},
    };
    int64_t src;
    assert_int_equal(store_source_id(s, "f", 1, &src, &err), 0);
    for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
        store_indicator i = ind(rows[k].t, rows[k].v);
        i.range_lo = rows[k].lo;
        i.range_hi = rows[k].hi;
        i.tlp = rows[k].tlp;
        i.valid_until = rows[k].until;
        i.revoked = rows[k].revoked;
        assert_int_equal(store_indicator_insert(s, &i, &err), 0);
        if (k < 2)
            assert_int_equal(store_indicator_source_touch(s, i.id, src, 1, 1, 0, &err), 0);
    }
    test_text c = {""};
    store_filter f = STORE_FILTER_ALL;
    assert_int_equal(store_indicator_iter(s, &f, col_cb, &c, &err), 0);
    assert_string_equal(c.s, "ipv4=198.51.100.7[f];cidr=198.51.100.0/24[f];"
                             "domain=a.evil.example[];domain=gone.example[];"
                             "domain=notevil.example[];domain=old.example[];");
    /* active at 100: old.example expired at 50, gone.example revoked */
    memset(&c, 0, sizeof c);
    f.active_only = 1;
    f.now = 100;
    f.max_tlp = TLP_AMBER;
    assert_int_equal(store_indicator_iter(s, &f, col_cb, &c, &err), 0);
    assert_string_equal(c.s,
                        "ipv4=198.51.100.7[f];cidr=198.51.100.0/24[f];domain=notevil.example[];");
    /* domain suffix at a label boundary only */
    memset(&c, 0, sizeof c);
    f = (store_filter)STORE_FILTER_ALL;
    f.domain_suffix = "evil.example";
    assert_int_equal(store_indicator_iter(s, &f, col_cb, &c, &err), 0);
    assert_string_equal(c.s, "domain=a.evil.example[];");
    /* ranges overlapping one address */
    memset(&c, 0, sizeof c);
    f = (store_filter)STORE_FILTER_ALL;
    f.range_lo = f.range_hi = "00000000000000000000ffffc6336409";
    assert_int_equal(store_indicator_iter(s, &f, col_cb, &c, &err), 0);
    assert_string_equal(c.s, "cidr=198.51.100.0/24[f];");
    memset(&c, 0, sizeof c);
    f = (store_filter)STORE_FILTER_ALL;
    f.source = "f";
    f.type = IOC_IPV4;
    assert_int_equal(store_indicator_iter(s, &f, col_cb, &c, &err), 0);
    assert_string_equal(c.s, "ipv4=198.51.100.7[f];");
    store_totals t;
    assert_int_equal(store_totals_get(s, 100, &t, &err), 0);
    assert_int_equal(t.total, 6);
    assert_int_equal(t.active, 4);
    assert_int_equal(t.revoked, 1);
    assert_int_equal(t.expired, 1);
    assert_int_equal(store_indicator_revoke(s, IOC_DOMAIN, "nothere.example", 1, &err),
                     GISAC_ENOTFOUND);
}

static void test_transaction(void **state)
{
    store *s = *state;
    gisac_err err;
    assert_int_equal(store_begin(s, &err), 0);
    store_indicator i = ind(IOC_MD5, "44d88612fea8a8f36de82e1278abb02f");
    assert_int_equal(store_indicator_insert(s, &i, &err), 0);
    store_rollback(s);
    gisac_arena *a = gisac_arena_new(1024);
    store_indicator o;
    assert_int_equal(store_indicator_find(s, IOC_MD5, i.value, &o, a, &err), GISAC_ENOTFOUND);
    gisac_arena_free(a);
}

static void test_allow(void **state)
{
    store *s = *state;
    gisac_err err;
    store_allow a = {0,
                     IOC_CIDR,
                     "10.0.0.0/8",
                     "00000000000000000000ffff0a000000",
                     "00000000000000000000ffff0affffff",
                     "private",
                     1,
                     5};
    assert_int_equal(store_allow_add(s, &a, &err), 0);
    assert_int_equal(store_allow_add(s, &a, &err), GISAC_EEXIST);
    assert_int_equal(store_allow_remove(s, IOC_CIDR, "10.0.0.0/8", &err), 0);
    assert_int_equal(store_allow_remove(s, IOC_CIDR, "10.0.0.0/8", &err), GISAC_ENOTFOUND);
    char v[32];
    assert_int_equal(store_meta_get(s, "k", v, sizeof v, &err), GISAC_ENOTFOUND);
    assert_int_equal(store_meta_set(s, "k", "1", &err), 0);
    assert_int_equal(store_meta_set(s, "k", "2", &err), 0);
    assert_int_equal(store_meta_get(s, "k", v, sizeof v, &err), 0);
    assert_string_equal(v, "2");
}

static void test_open_errors(void **state)
{
    (void)state;
    store *s;
    gisac_err err;
    assert_int_equal(store_open("/nonexistent-dir/x.db", &s, &err), GISAC_ESTORE);
    assert_non_null(strstr(err.msg, "/nonexistent-dir/x.db"));
    /* a file that is not a database */
    char p[] = "/tmp/gisac-notdb-XXXXXX";
    int fd = mkstemp(p);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "this is not sqlite at all, not even close................", 58),
                     58);
    close(fd);
    assert_int_equal(store_open(p, &s, &err), GISAC_ESTORE);
    unlink(p);
}

static void test_uri(void **state)
{
    (void)state;
    char path[64];
    gisac_err err;
    assert_int_equal(store_uri_path("sqlite:/tmp/x.db", path, sizeof path, &err), 0);
    assert_string_equal(path, "/tmp/x.db");
    assert_int_equal(store_uri_path("SQLite:rel/x.db", path, sizeof path, &err), 0);
    assert_string_equal(path, "rel/x.db");
    assert_int_equal(store_uri_path("/var/lib/gisac/gisac.db", path, sizeof path, &err), 0);
    assert_string_equal(path, "/var/lib/gisac/gisac.db");
    assert_int_equal(store_uri_path("db:2.db", path, sizeof path, &err), 0); /* a plain path */
    assert_string_equal(path, "db:2.db");
    assert_int_equal(store_uri_path("postgresql://db.example/gisac", path, sizeof path, &err),
                     GISAC_ENOTFOUND);
    assert_int_equal(store_uri_path("mysql://db.example/gisac", path, sizeof path, &err),
                     GISAC_EUNSUPPORTED);
    assert_int_equal(store_uri_path("sqlite:", path, sizeof path, &err), GISAC_EINVAL);
    assert_int_equal(store_uri_path("", path, sizeof path, &err), GISAC_EINVAL);
    assert_int_equal(
        store_uri_path("sqlite:/a/path/much/longer/than/the/sixty-four/bytes/of/the/buffer/given",
                       path, sizeof path, &err),
        GISAC_EINVAL);

    store *s = NULL;
    /* a server that is not there (a socket directory that does not exist) */
    assert_int_equal(
        store_open("postgresql:///gisac?host=/nonexistent/gisac-test&connect_timeout=2", &s, &err),
        GISAC_ESTORE);
    assert_int_equal(strncmp(err.msg, "postgresql: cannot connect: ", 28), 0);
    assert_null(s);
    assert_int_equal(store_open("postgres:///gisac?host=/nonexistent/gisac-test", &s, &err),
                     GISAC_ESTORE);
    assert_null(s);
    char uri[80];
    assert_int_equal(test_db_path(path, sizeof path, "/tmp/gisac-uri-XXXXXX"), 0);
    snprintf(uri, sizeof uri, "sqlite:%s", path);
    assert_int_equal(store_open(uri, &s, &err), 0);
    int v = 0;
    assert_int_equal(store_schema_version(s, &v, &err), 0);
    assert_int_equal(v, STORE_SCHEMA_VERSION);
    store_close(s);
    assert_int_equal(access(path, F_OK), 0);
    test_db_remove(path, NULL);
}

static int name_inc(void *ctx, store_incident *in, gisac_err *err)
{
    (void)err;
    snprintf(ctx, 32, "INC-%04d-%06lld", in->year, (long long)in->seq);
    in->ref = ctx;
    return 0;
}

static int64_t add_incident(store *s, int year)
{
    store_incident in;
    memset(&in, 0, sizeof in);
    in.year = year;
    in.agency = "moda";
    in.title = in.category = in.asset = "x";
    in.confidentiality = in.integrity = in.availability = "none";
    in.policy_version = 1;
    in.status = "reported";
    in.aware_at = in.report_clock = in.created = in.modified = 1000;
    in.created_by = "test";
    char ref[32];
    gisac_err err;
    assert_int_equal(store_incident_insert(s, &in, name_inc, ref, &err), 0);
    assert_string_equal(in.ref, ref);
    return in.seq;
}

typedef struct event_seen {
    int n;
    int64_t incident[8], number[8];
} event_seen;

static int event_seen_cb(void *ctx, const store_incident_event *ev)
{
    event_seen *e = ctx;
    if (e->n < 8) {
        e->incident[e->n] = ev->incident_id;
        e->number[e->n] = ev->n;
    }
    e->n++;
    return 0;
}

static void test_migrate_counters(void **state)
{
    /* a store of schema 11 with numbers in use: the counters start after them */
    store *s = *state;
    gisac_err err;
    store_agency ag = {"moda", "MODA", NULL, "A", NULL, 1000, 1000, NULL};
    assert_int_equal(store_agency_insert(s, &ag, &err), 0);
    store_policy p = {0, "{}", "00", "builtin", NULL, 1000};
    assert_int_equal(store_policy_insert(s, &p, &err), 0);
    assert_int_equal(p.version, 1);
    assert_int_equal(add_incident(s, 2026), 1);
    assert_int_equal(add_incident(s, 2026), 2);
    assert_int_equal(add_incident(s, 2025), 1);
    assert_int_equal(store_audit_append(s, 1000, "x.y", NULL, NULL, &err), 0);
    store_close(s);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
    assert_int_equal(
        sqlite3_exec(
            db,
            "DROP TABLE counter; DROP TABLE incident_revision;"
            " ALTER TABLE incident DROP COLUMN measures;"
            " ALTER TABLE incident DROP COLUMN support_needed;"
            " ALTER TABLE incident DROP COLUMN support_detail;"
            " ALTER TABLE incident DROP COLUMN notes;"
            " ALTER TABLE incident DROP COLUMN channel;"
            " ALTER TABLE incident DROP COLUMN received_at; ALTER TABLE account DROP "
            "COLUMN language;"
            " ALTER TABLE notify_sub DROP COLUMN lang;"
            " ALTER TABLE notify_sub DROP COLUMN account;"
            " ALTER TABLE notify_outbox DROP COLUMN about;"
            /* and what later migrations added (the per-source attributes) */
            "DROP INDEX indicator_by_valid_until;"
            "DROP INDEX indicator_source_by_valid_until;"
            "DROP TRIGGER indicator_tlp_moved; DROP TABLE indicator_tlp_past;"
            "DROP TABLE indicator_source_recipient; DROP TABLE indicator_stix;"
            "DROP INDEX indicator_source_stix; DROP INDEX indicator_source_by_created;"
            "ALTER TABLE indicator_source DROP COLUMN tlp;"
            "ALTER TABLE indicator_source DROP COLUMN confidence;"
            "ALTER TABLE indicator_source DROP COLUMN matchable;"
            "ALTER TABLE indicator_source DROP COLUMN stix_id;"
            "ALTER TABLE indicator_source DROP COLUMN name;"
            "ALTER TABLE indicator_source DROP COLUMN description;"
            "ALTER TABLE indicator_source DROP COLUMN labels;"
            "ALTER TABLE indicator_source DROP COLUMN created_by;"
            "ALTER TABLE indicator_source DROP COLUMN valid_from;"
            "ALTER TABLE indicator_source DROP COLUMN valid_until;"
            "ALTER TABLE indicator_source DROP COLUMN created;"
            "ALTER TABLE indicator_source DROP COLUMN modified;"
            /* feed sources and aging */
            "DROP TABLE feed_source; DROP TABLE indicator_delisted;"
            "ALTER TABLE indicator_source DROP COLUMN listed;"
            /* incident events numbered per incident */
            "DROP INDEX incident_event_number;"
            "ALTER TABLE incident_event DROP COLUMN n;"
            /* governance and SCAP results */
            "DROP TRIGGER agency_grade_add; DROP TRIGGER agency_grade_change;"
            "DROP TABLE agency_grade; DROP TABLE obligation_reminder; DROP TABLE obligation_done; "
            "DROP TABLE finding;"
            "DROP TABLE assessment; DROP TABLE info_system; DROP TABLE scap_result;"
            "DROP TABLE scap_scan;"
            /* events of three incidents, interleaved */
            "INSERT INTO incident_event (ts, incident_id, agency, kind) VALUES"
            " (1, 1, 'moda', 'a'), (2, 2, 'moda', 'b'), (3, 1, 'moda', 'c'),"
            " (4, 3, 'moda', 'd'), (5, 1, 'moda', 'e');"
            /* the asset register and vulnerability data */
            "DROP TABLE vuln_notice; DROP TABLE vuln_vex; DROP TABLE vuln_kev; DROP TABLE vuln_key;"
            "DROP TABLE vuln_alias; DROP TABLE vuln_record; DROP TABLE asset_change;"
            "DROP TABLE asset_component; DROP TABLE asset_host;"
            /* the NATS workers' chunks */
            "DROP TABLE ingest_chunk; DROP TABLE ingest_worker; DROP TABLE ingest_seen;"
            /* the register of mobile apps */
            "DROP TABLE mobile_app_version; DROP TABLE mobile_app;"
            "PRAGMA user_version = 11",
            NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(store_open(dbpath, &s, &err), 0);
    *state = s;
    assert_int_equal(add_incident(s, 2026), 3);
    assert_int_equal(add_incident(s, 2025), 2);
    assert_int_equal(add_incident(s, 2027), 1);
    p.version = 0;
    assert_int_equal(store_policy_insert(s, &p, &err), 0);
    assert_int_equal(p.version, 2);
    assert_int_equal(store_audit_append(s, 1000, "x.y", NULL, NULL, &err), 0);
    /* a rolled-back insert gives its number back */
    assert_int_equal(store_begin(s, &err), 0);
    assert_int_equal(add_incident(s, 2026), 4);
    store_rollback(s);
    assert_int_equal(add_incident(s, 2026), 4);
    /* events recorded before are numbered within their incident, in order */
    event_seen seen = {0};
    assert_int_equal(store_incident_event_iter(s, 0, 0, event_seen_cb, &seen, &err), 0);
    assert_int_equal(seen.n, 5);
    static const int64_t want[][2] = {{1, 1}, {2, 1}, {1, 2}, {3, 1}, {1, 3}};
    for (int i = 0; i < 5; i++) {
        assert_int_equal(seen.incident[i], want[i][0]);
        assert_int_equal(seen.number[i], want[i][1]);
    }
    store_incident_event ev = {0, 6, 1, NULL, "moda", "f", NULL, 0};
    int added = 0;
    assert_int_equal(store_incident_event_add(s, &ev, NULL, &added, &err), 0);
    assert_int_equal(added, 1);
    assert_int_equal(ev.n, 4);
    /* after: the incident's numbers */
    memset(&seen, 0, sizeof seen);
    assert_int_equal(store_incident_event_iter(s, 2, 1, event_seen_cb, &seen, &err), 0);
    assert_int_equal(seen.n, 2);
    assert_int_equal(seen.number[0], 3);
    assert_int_equal(seen.number[1], 4);
}

TEST_MAIN(setup, teardown, TEST_CASE(test_migrate), TEST_CASE(test_insert_find_update),
          TEST_CASE(test_sources), TEST_CASE(test_filters), TEST_CASE(test_transaction),
          TEST_CASE(test_allow), TEST_PLAIN(test_open_errors), TEST_PLAIN(test_uri),
          TEST_CASE(test_migrate_counters))
