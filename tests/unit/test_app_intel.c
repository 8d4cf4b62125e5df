/*
 * test_app_intel.c: the TLP and role rules of the intel use cases (app
 * layer) on a real store. Six indicators: clear, green, amber for moda,
 * amber for nobody, red for moda, red for mof. Each read (search, list,
 * get, export, TAXII page) is asked by an admin, an analyst, an officer of
 * moda (a recipient), one of mof, a consumer and a sensor, and the values
 * each one sees are asserted exactly; writes are refused for the roles
 * that may not write.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_main.h"

#include "app/app_internal.h"
#include "test_util.h"

typedef struct fixture {
    char dir[64];
    char db[96];
    app *a;
} fixture;

static const auth_principal admin = {1, "root", AUTH_ROLE_ADMIN, NULL};
static const auth_principal analyst = {2, "ann", AUTH_ROLE_ANALYST, NULL};
static const auth_principal off_moda = {3, "off-moda", AUTH_ROLE_AGENCY, "moda"};
static const auth_principal off_mof = {4, "off-mof", AUTH_ROLE_AGENCY, "mof"};
static const auth_principal consumer = {5, "cert", AUTH_ROLE_CONSUMER, NULL};
static const auth_principal sensor = {6, "sensor", AUTH_ROLE_SENSOR, "moda"};

/* The indicators, in the order intel_list gives them (all domains). */
static const char *const values[] = {
    "amber-moda.example", "amber-none.example", "clear.example",
    "green.example",      "red-moda.example",   "red-mof.example",
};
#define NVALUES (sizeof values / sizeof values[0])

/* What each reader sees (space-separated, in the order above). */
#define ALL                                                                                        \
    "amber-moda.example amber-none.example clear.example green.example red-moda.example "          \
    "red-mof.example"
#define MODA   "amber-moda.example clear.example green.example red-moda.example"
#define MOF    "clear.example green.example red-mof.example"
#define PUBLIC "clear.example green.example"

/* Each reader but the sensor, and what it sees. */
static const struct {
    const auth_principal *who;
    const char *sees;
} views[] = {
    {&admin, ALL}, {&analyst, ALL}, {&off_moda, MODA}, {&off_mof, MOF}, {&consumer, PUBLIC},
};

/* check(a, reader, what it sees) for each of views */
static void for_each_reader(app *a, void (*check)(app *, const auth_principal *, const char *))
{
    for (size_t i = 0; i < sizeof views / sizeof views[0]; i++)
        check(a, views[i].who, views[i].sees);
}

static int import_one(app *a, const char *value, gisac_tlp tlp, const char *recipient)
{
    intel_import_opts o = {FEED_PLAIN, NULL, "test", tlp, -1, 0, 0, NULL, 0, NULL, 0, 0};
    const char *r[1] = {recipient};
    if (recipient) {
        o.recipients = r;
        o.nrecipients = 1;
    }
    intel_import_summary sum;
    gisac_err err = GISAC_ERR_INIT;
    return app_import_feed_data(a, &admin, "test", value, strlen(value), &o, NULL, &sum, &err);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    strcpy(f->dir, "/tmp/gisac-app-intel-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->db, sizeof f->db, "%s/g.db", f->dir);
    app_config cfg = {f->db, APP_OPEN_CREATE, "test:runner"};
    gisac_err err = GISAC_ERR_INIT;
    if (app_open(&cfg, &f->a, &err) < 0)
        return -1;
    auth *au = app_auth_h(f->a, &err);
    if (!au)
        return -1;
    const char *ids[] = {"moda", "mof"};
    for (int i = 0; i < 2; i++) {
        auth_agency_change v = {"Agency", NULL, "A", NULL, NULL};
        if (auth_agency_add(au, ids[i], &v, test_at("2026-01-01T00:00:00Z"), NULL, &err) < 0)
            return -1;
    }
    if (import_one(f->a, "clear.example\n", TLP_CLEAR, NULL) < 0 ||
        import_one(f->a, "green.example\n", TLP_GREEN, NULL) < 0 ||
        import_one(f->a, "amber-moda.example\n", TLP_AMBER, "moda") < 0 ||
        import_one(f->a, "amber-none.example\n", TLP_AMBER, NULL) < 0 ||
        import_one(f->a, "red-moda.example\n", TLP_RED, "moda") < 0 ||
        import_one(f->a, "red-mof.example\n", TLP_RED, "mof") < 0)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    app_close(f->a);
    test_rm_tree(f->dir);
    free(f);
    return 0;
}

/* Append word to the space-separated list in b. */
static void add_word(gisac_buf *b, const char *word)
{
    if (b->len)
        gisac_buf_putc(b, ' ');
    gisac_buf_puts(b, word);
}

/* The words of b as a string ("" when none); frees b. */
static void assert_words(gisac_buf *b, const char *want)
{
    assert_string_equal(b->len ? b->data : "", want);
    gisac_buf_free(b);
}

/* ---- search ---------------------------------------------------------------- */

static int exact_cb(void *ctx, const intel_hit *h)
{
    if (strcmp(h->relation, "exact") == 0)
        ++*(int *)ctx;
    return 0;
}

/* The values who finds by searching each one. */
static void check_search(app *a, const auth_principal *who, const char *want)
{
    gisac_buf seen = GISAC_BUF_INIT;
    for (size_t i = 0; i < NVALUES; i++) {
        gisac_err err = GISAC_ERR_INIT;
        int n = 0;
        int rc = app_search_intel(a, who, values[i], exact_cb, &n, &err);
        if (rc == 0) {
            assert_int_equal(n, 1);
            add_word(&seen, values[i]);
        } else {
            assert_int_equal(rc, GISAC_ENOTFOUND);
            assert_int_equal(n, 0);
            /* what it may not read is answered like what does not exist */
            char msg[128];
            snprintf(msg, sizeof msg, "%s: not found", values[i]);
            assert_string_equal(err.msg, msg);
        }
    }
    assert_words(&seen, want);
}

static void search_by_role(void **state)
{
    fixture *f = *state;
    for_each_reader(f->a, check_search);
    gisac_err err = GISAC_ERR_INIT;
    int n = 0;
    assert_int_equal(app_search_intel(f->a, &sensor, "clear.example", exact_cb, &n, &err),
                     GISAC_EFORBIDDEN);
    assert_int_equal(n, 0);
}

/* The JSON search: the hits' count, and the recipients only for staff. */
static void search_json_by_role(void **state)
{
    fixture *f = *state;
    struct {
        const auth_principal *who;
        size_t hits;
        int recipients;
    } cases[] = {{&admin, 1, 1}, {&off_moda, 1, 0}, {&off_mof, 0, 0}, {&consumer, 0, 0}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        gisac_buf b = GISAC_BUF_INIT;
        gisac_err err = GISAC_ERR_INIT;
        size_t n = 99;
        assert_int_equal(
            app_search_intel_json(f->a, cases[i].who, "red-moda.example", 0, &b, &n, &err), 0);
        assert_int_equal(n, cases[i].hits);
        assert_int_equal(strstr(b.data, "\"recipients\":[\"moda\"]") != NULL, cases[i].recipients);
        if (!cases[i].hits)
            assert_string_equal(b.data, "{\"query\":\"red-moda.example\",\"hits\":[]}");
        gisac_buf_free(&b);
    }
}

/* ---- list ------------------------------------------------------------------ */

static int list_cb(void *ctx, const store_indicator *ind)
{
    add_word(ctx, ind->value);
    return 0;
}

static void check_list(app *a, const auth_principal *who, const char *want)
{
    gisac_buf seen = GISAC_BUF_INIT;
    store_filter flt = STORE_FILTER_ALL;
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(app_list_intel(a, who, &flt, NULL, 0, list_cb, &seen, NULL, NULL, &err), 0);
    assert_words(&seen, want);
    /* a page says the same */
    gisac_buf page = GISAC_BUF_INIT;
    char next[INTEL_CURSOR_MAX];
    int more = 1;
    assert_int_equal(app_list_intel(a, who, &flt, NULL, 100, list_cb, &page, next, &more, &err), 0);
    assert_int_equal(more, 0);
    assert_words(&page, want);
}

static void list_by_role(void **state)
{
    fixture *f = *state;
    for_each_reader(f->a, check_list);
    gisac_buf seen = GISAC_BUF_INIT;
    store_filter flt = STORE_FILTER_ALL;
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(app_list_intel(f->a, &sensor, &flt, NULL, 0, list_cb, &seen, NULL, NULL, &err),
                     GISAC_EFORBIDDEN);
    assert_words(&seen, "");
    /* a caller's filter cannot widen the view */
    flt.max_tlp = TLP_RED;
    assert_int_equal(
        app_list_intel(f->a, &consumer, &flt, NULL, 0, list_cb, &seen, NULL, NULL, &err), 0);
    assert_words(&seen, PUBLIC);
}

/* ---- get ------------------------------------------------------------------- */

static void check_get(app *a, const auth_principal *who, const char *want, int staff)
{
    gisac_buf seen = GISAC_BUF_INIT;
    for (size_t i = 0; i < NVALUES; i++) {
        gisac_buf b = GISAC_BUF_INIT;
        gisac_err err = GISAC_ERR_INIT;
        int rc = app_get_intel_json(a, who, IOC_DOMAIN, values[i], &b, &err);
        if (rc == 0) {
            add_word(&seen, values[i]);
            char v[96];
            snprintf(v, sizeof v, "\"value\":\"%s\"", values[i]);
            assert_non_null(strstr(b.data, v));
            assert_non_null(strstr(b.data, "\"sources\":[{\"name\":\"test\""));
            assert_int_equal(strstr(b.data, "\"recipients\":") != NULL, staff);
            assert_int_equal(strstr(b.data, "\"sightings\":") != NULL, staff);
        } else {
            assert_int_equal(rc, GISAC_ENOTFOUND);
            assert_int_equal(b.len, 0);
        }
        gisac_buf_free(&b);
    }
    assert_words(&seen, want);
}

static void get_by_role(void **state)
{
    fixture *f = *state;
    check_get(f->a, &admin, ALL, 1);
    check_get(f->a, &analyst, ALL, 1);
    check_get(f->a, &off_moda, MODA, 0);
    check_get(f->a, &off_mof, MOF, 0);
    check_get(f->a, &consumer, PUBLIC, 0);
    gisac_buf b = GISAC_BUF_INIT;
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(app_get_intel_json(f->a, &sensor, IOC_DOMAIN, "clear.example", &b, &err),
                     GISAC_EFORBIDDEN);
    gisac_buf_free(&b);
}

/* ---- export ------------------------------------------------------------------ */

/* The plain export (one value a line) who gets when asking for max_tlp. */
static void check_export(app *a, const auth_principal *who, gisac_tlp max_tlp, const char *want)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_non_null(out);
    intel_export_opts o = {EXPORT_PLAIN, IOC_AUTO, max_tlp, NULL, NULL, TLP_UNSET, 0};
    size_t n = 0;
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(app_export_intel(a, who, &o, NULL, out, &n, &err), 0);
    fclose(out);
    gisac_buf seen = GISAC_BUF_INIT;
    size_t lines = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        if (line[0] == '#')
            continue;
        add_word(&seen, line);
        lines++;
    }
    free(text);
    assert_int_equal(n, lines);
    assert_words(&seen, want);
}

static void export_by_role(void **state)
{
    fixture *f = *state;
    check_export(f->a, &admin, TLP_RED, ALL);
    check_export(f->a, &analyst, TLP_RED, ALL);
    check_export(f->a, &analyst, TLP_GREEN, PUBLIC);
    check_export(f->a, &off_moda, TLP_RED, MODA);
    check_export(f->a, &off_mof, TLP_RED, MOF);
    check_export(f->a, &consumer, TLP_RED, PUBLIC);
    check_export(f->a, &consumer, TLP_UNSET, PUBLIC);
    /* asking for less is honoured, also for what is meant for the agency */
    check_export(f->a, &off_moda, TLP_CLEAR, "clear.example");
    check_export(f->a, &off_moda, TLP_AMBER, "amber-moda.example clear.example green.example");
    check_export(f->a, &off_mof, TLP_GREEN, PUBLIC);
    intel_export_opts o = {EXPORT_PLAIN, IOC_AUTO, TLP_RED, NULL, NULL, TLP_UNSET, 0};
    size_t n = 0;
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(app_export_intel(f->a, &sensor, &o, NULL, stdout, &n, &err), GISAC_EFORBIDDEN);
    assert_int_equal(n, 0);
}

/* ---- TAXII ------------------------------------------------------------------- */

/* The values in the shared collection's first page as who reads it. */
static void check_taxii(app *a, const auth_principal *who, const char *want)
{
    char id[GISAC_UUID_LEN];
    intel_taxii_collection_id(id);
    app_taxii_coll c;
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(app_taxii_collection(a, who, id, &c, &err), 0);
    intel_taxii_query q;
    memset(&q, 0, sizeof q);
    q.limit = 100;
    intel_taxii_page page;
    memset(&page, 0, sizeof page);
    assert_int_equal(app_taxii_page(a, who, &c, &q, &page, &err), 0);
    gisac_buf seen = GISAC_BUF_INIT;
    size_t n = 0;
    for (size_t i = 0; i < NVALUES; i++) {
        char quoted[96];
        snprintf(quoted, sizeof quoted, "'%s'", values[i]);
        if (page.objects.data && strstr(page.objects.data, quoted)) {
            add_word(&seen, values[i]);
            n++;
        }
    }
    assert_int_equal(page.count, n);
    intel_taxii_page_free(&page);
    assert_words(&seen, want);
}

static void taxii_by_role(void **state)
{
    fixture *f = *state;
    for_each_reader(f->a, check_taxii);
    /* a sensor sees no collection at all */
    char id[GISAC_UUID_LEN];
    intel_taxii_collection_id(id);
    app_taxii_coll c;
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(app_taxii_collection(f->a, &sensor, id, &c, &err), GISAC_ENOTFOUND);
    /* and the collection as staff got it does not let it read */
    assert_int_equal(app_taxii_collection(f->a, &admin, id, &c, &err), 0);
    c.can_read = 0;
    intel_taxii_query q;
    memset(&q, 0, sizeof q);
    q.limit = 10;
    intel_taxii_page page;
    memset(&page, 0, sizeof page);
    assert_int_equal(app_taxii_page(f->a, &sensor, &c, &q, &page, &err), GISAC_EFORBIDDEN);
    intel_taxii_page_free(&page);
}

/* An agency writes to its own collection only; another's is not found. */
static void taxii_add_by_role(void **state)
{
    fixture *f = *state;
    char mof_id[GISAC_UUID_LEN], moda_id[GISAC_UUID_LEN];
    intel_taxii_agency_collection_id("mof", mof_id);
    intel_taxii_agency_collection_id("moda", moda_id);
    app_taxii_coll c;
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(app_taxii_collection(f->a, &off_moda, mof_id, &c, &err), GISAC_ENOTFOUND);
    assert_int_equal(app_taxii_collection(f->a, &consumer, moda_id, &c, &err), GISAC_ENOTFOUND);
    assert_int_equal(app_taxii_collection(f->a, &off_moda, moda_id, &c, &err), 0);
    assert_true(c.can_read && c.can_write);
    assert_string_equal(c.agency, "moda");
    /* mof's collection, as the admin got it, handed to moda's officer */
    assert_int_equal(app_taxii_collection(f->a, &admin, mof_id, &c, &err), 0);
    static const char env[] = "{\"objects\":[]}";
    gisac_buf status = GISAC_BUF_INIT;
    assert_int_equal(app_taxii_add(f->a, &off_moda, &c, env, strlen(env), &status, &err),
                     GISAC_EFORBIDDEN);
    assert_int_equal(app_taxii_add(f->a, &consumer, &c, env, strlen(env), &status, &err),
                     GISAC_EFORBIDDEN);
    assert_int_equal(app_taxii_add(f->a, &sensor, &c, env, strlen(env), &status, &err),
                     GISAC_EFORBIDDEN);
    assert_int_equal(status.len, 0);
    /* the shared collection takes no writes, not even from staff */
    char shared[GISAC_UUID_LEN];
    intel_taxii_collection_id(shared);
    assert_int_equal(app_taxii_collection(f->a, &admin, shared, &c, &err), 0);
    assert_int_equal(app_taxii_add(f->a, &admin, &c, env, strlen(env), &status, &err),
                     GISAC_EFORBIDDEN);
    gisac_buf_free(&status);
}

/* ---- writes ------------------------------------------------------------------ */

static void writes_by_role(void **state)
{
    fixture *f = *state;
    const auth_principal *readers[] = {&off_moda, &off_mof, &consumer, &sensor};
    for (size_t i = 0; i < sizeof readers / sizeof readers[0]; i++) {
        gisac_err err = GISAC_ERR_INIT;
        size_t n = 99;
        assert_int_equal(app_revoke_intel(f->a, readers[i], "clear.example", "a test", &err),
                         GISAC_EFORBIDDEN);
        assert_int_equal(app_allow_add(f->a, readers[i], "clear.example", NULL, &n, &err),
                         GISAC_EFORBIDDEN);
        assert_int_equal(app_allow_remove(f->a, readers[i], "8.8.8.8", &n, &err), GISAC_EFORBIDDEN);
        int64_t cnt;
        assert_int_equal(app_count_advisories(f->a, readers[i], 0, 0, &cnt, &err),
                         GISAC_EFORBIDDEN);
        assert_int_equal(app_intel_stats(f->a, readers[i], &(intel_stats){0}, NULL, NULL, &err),
                         GISAC_EFORBIDDEN);
    }
    /* nothing changed */
    check_list(f->a, &admin, ALL);
    /* feeds are imported by staff only */
    intel_import_opts o = {FEED_PLAIN, NULL, "test", TLP_GREEN, -1, 0, 0, NULL, 0, NULL, 0, 0};
    intel_import_summary sum;
    gisac_err e2 = GISAC_ERR_INIT;
    assert_int_equal(
        app_import_feed_data(f->a, &off_moda, "t", "x.example\n", 10, &o, NULL, &sum, &e2),
        GISAC_EFORBIDDEN);
    assert_int_equal(import_one(f->a, "x.example\n", TLP_GREEN, NULL), 0);
    /* an analyst may */
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(app_revoke_intel(f->a, &analyst, "red-mof.example", "a test", &err), 0);
    assert_int_equal(app_revoke_intel(f->a, &analyst, "never.example", "a test", &err),
                     GISAC_ENOTFOUND);
    size_t n = 99;
    assert_int_equal(app_allow_add(f->a, &analyst, "green.example", "test", &n, &err), 0);
    assert_int_equal(n, 1);
    /* the consumer's export loses the allowlisted one; the officer of mof its revoked one */
    check_export(f->a, &consumer, TLP_RED, "clear.example x.example");
    check_export(f->a, &off_mof, TLP_RED, "clear.example x.example");
}

int main(void)
{
    setenv("GISAC_NOW", "2026-11-24T00:00:00Z", 1);
    static const test_case cases[] = {
        TEST_CASE(search_by_role),    TEST_CASE(search_json_by_role), TEST_CASE(list_by_role),
        TEST_CASE(get_by_role),       TEST_CASE(export_by_role),      TEST_CASE(taxii_by_role),
        TEST_CASE(taxii_add_by_role), TEST_CASE(writes_by_role),
    };
    return test_main(cases, TEST_COUNT(cases), setup, teardown);
}
