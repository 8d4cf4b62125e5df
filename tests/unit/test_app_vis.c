/*
 * test_app_vis.c: visibility per source (issue 18), the reproductions as
 * regression tests. Agency hosp submits a TLP:RED indicator
 * (red-hosp.example) and an amber one (amber-hosp.example) through its
 * TAXII collection; agency moda then submits the same values through its
 * own. Afterwards:
 *   - moda (officer and consumer) sees of them only what it submitted:
 *     its TLP, confidence, labels, name, STIX id and times, its source;
 *     never hosp's TLP, source, labels, name or id;
 *   - every answer moda gets (the submission's status, one indicator,
 *     search, list, export, TAXII pages and objects) is the same, times
 *     aside, as in an installation where hosp never submitted anything;
 *   - hosp's own view is unchanged: its confidence, labels, STIX id;
 *   - hosp's object is still found under its id in hosp's collection.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_main.h"

#include "app/app_internal.h"
#include "test_util.h"

static const auth_principal admin = {1, "root", AUTH_ROLE_ADMIN, NULL};
static const auth_principal off_moda = {3, "off-moda", AUTH_ROLE_AGENCY, "moda"};
static const auth_principal con_moda = {4, "con-moda", AUTH_ROLE_CONSUMER, "moda"};
static const auth_principal off_hosp = {5, "off-hosp", AUTH_ROLE_AGENCY, "hosp"};

#define HOSP_RED_ID   "indicator--11111111-1111-4111-8111-111111111111"
#define HOSP_AMBER_ID "indicator--11111111-1111-4111-8111-222222222222"
#define MODA_RED_ID   "indicator--22222222-2222-4222-8222-111111111111"
#define MODA_AMBER_ID "indicator--22222222-2222-4222-8222-222222222222"

#define TLP_RED_REF "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"

static const char hosp_env[] =
    "{\"objects\":["
    "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"" HOSP_RED_ID "\","
    "\"created\":\"2026-01-02T00:00:00Z\",\"modified\":\"2026-01-02T00:00:00Z\","
    "\"name\":\"hosp red name\",\"description\":\"hosp red description\","
    "\"labels\":[\"hosp-label\"],\"confidence\":40,"
    "\"pattern\":\"[domain-name:value = 'red-hosp.example']\",\"pattern_type\":\"stix\","
    "\"valid_from\":\"2026-01-02T00:00:00Z\",\"object_marking_refs\":[\"" TLP_RED_REF "\"]},"
    "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"" HOSP_AMBER_ID "\","
    "\"created\":\"2026-01-02T00:00:00Z\",\"modified\":\"2026-01-02T00:00:00Z\","
    "\"name\":\"hosp amber name\",\"labels\":[\"hosp-label\"],\"confidence\":30,"
    "\"pattern\":\"[domain-name:value = 'amber-hosp.example']\",\"pattern_type\":\"stix\","
    "\"valid_from\":\"2026-01-02T00:00:00Z\"}"
    "]}";

static const char moda_env[] =
    "{\"objects\":["
    "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"" MODA_RED_ID "\","
    "\"created\":\"2026-02-01T00:00:00Z\",\"modified\":\"2026-02-01T00:00:00Z\","
    "\"labels\":[\"moda-label\"],\"confidence\":100,"
    "\"pattern\":\"[domain-name:value = 'red-hosp.example']\",\"pattern_type\":\"stix\","
    "\"valid_from\":\"2026-02-01T00:00:00Z\"},"
    "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"" MODA_AMBER_ID "\","
    "\"created\":\"2026-02-01T00:00:00Z\",\"modified\":\"2026-02-01T00:00:00Z\","
    "\"confidence\":90,"
    "\"pattern\":\"[domain-name:value = 'amber-hosp.example']\",\"pattern_type\":\"stix\","
    "\"valid_from\":\"2026-02-01T00:00:00Z\"}"
    "]}";

typedef struct inst {
    char dir[64];
    char db[96];
    app *a;
} inst;

static void inst_open(inst *s, int with_hosp)
{
    strcpy(s->dir, "/tmp/gisac-app-vis-XXXXXX");
    assert_non_null(mkdtemp(s->dir));
    snprintf(s->db, sizeof s->db, "%s/g.db", s->dir);
    app_config cfg = {s->db, APP_OPEN_CREATE, "test:runner"};
    gisac_err err = GISAC_ERR_INIT;
    /* the two installations compared byte for byte are one installation
     * set up twice: the same identity, so the same ids */
    setenv("GISAC_IDENTITY_UUID", "3f1d9c8e-5a7b-4c2d-8e6f-0a1b2c3d4e5f", 1);
    assert_int_equal(app_open(&cfg, &s->a, &err), 0);
    auth *au = app_auth_h(s->a, &err);
    assert_non_null(au);
    const char *ids[] = {"moda", "hosp"};
    for (int i = 0; i < 2; i++) {
        auth_agency_change v = {"Agency", NULL, "A", NULL, NULL};
        assert_int_equal(
            auth_agency_add(au, ids[i], &v, test_at("2026-01-01T00:00:00Z"), NULL, &err), 0);
    }
    /* the accounts, so that their ids are those of the principals above */
    struct {
        const char *name;
        auth_role role;
        const char *agency;
    } acc[] = {{"root", AUTH_ROLE_ADMIN, NULL},
               {"ann", AUTH_ROLE_ANALYST, NULL},
               {"off-moda", AUTH_ROLE_AGENCY, "moda"},
               {"con-moda", AUTH_ROLE_CONSUMER, "moda"},
               {"off-hosp", AUTH_ROLE_AGENCY, "hosp"}};
    for (int i = 0; i < 5; i++) {
        auth_account out;
        assert_int_equal(auth_user_add(au, acc[i].name, acc[i].role, acc[i].agency,
                                       "correct horse battery", gisac_now(), &out, &err),
                         0);
        assert_int_equal(out.id, i + 1);
    }
    if (with_hosp) {
        gisac_buf st = GISAC_BUF_INIT;
        char cid[GISAC_UUID_LEN];
        intel_taxii_agency_collection_id("hosp", cid);
        app_taxii_coll c;
        assert_int_equal(app_taxii_collection(s->a, &off_hosp, cid, &c, &err), 0);
        assert_int_equal(app_taxii_add(s->a, &off_hosp, &c, hosp_env, strlen(hosp_env), &st, &err),
                         0);
        assert_non_null(strstr(st.data, "\"success_count\":2,"));
        gisac_buf_free(&st);
    }
}

static void inst_close(inst *s)
{
    app_close(s->a);
    test_rm_tree(s->dir);
}

/* Replace every RFC 3339 time and every UUID-like status id in b by "T". */
static void mask_times(gisac_buf *b)
{
    gisac_buf o = GISAC_BUF_INIT;
    const char *p = b->data ? b->data : "";
    while (*p) {
        /* 2026-02-01T00:00:00[.000]Z */
        if (p[0] >= '0' && p[0] <= '9' && strlen(p) >= 20 && p[4] == '-' && p[7] == '-' &&
            p[10] == 'T' && p[13] == ':') {
            const char *e = p + 19;
            while (*e && *e != 'Z' && *e != '"' && *e != '+')
                e++;
            if (*e == 'Z')
                e++;
            gisac_buf_puts(&o, "T");
            p = e;
            continue;
        }
        gisac_buf_putc(&o, *p++);
    }
    gisac_buf_free(b);
    *b = o;
}

/* moda's submission; its status resource with the id and times masked. */
/* moda's officer adds moda_env to moda's collection; its status (times masked) into status, unless
 * NULL. */
static void moda_submits(inst *s, gisac_buf *status)
{
    gisac_err err = GISAC_ERR_INIT;
    char cid[GISAC_UUID_LEN];
    intel_taxii_agency_collection_id("moda", cid);
    app_taxii_coll c;
    assert_int_equal(app_taxii_collection(s->a, &off_moda, cid, &c, &err), 0);
    gisac_buf st = GISAC_BUF_INIT;
    int arc = app_taxii_add(s->a, &off_moda, &c, moda_env, strlen(moda_env), &st, &err);
    if (arc)
        fprintf(stderr, "%s\n", err.msg);
    assert_int_equal(arc, 0);
    /* {"id":"<uuid>",...}: the id is random */
    const char *rest = strstr(st.data, "\"status\":");
    assert_non_null(rest);
    if (status) {
        gisac_buf_puts(status, rest);
        mask_times(status);
    }
    gisac_buf_free(&st);
}

/* Everything who reads of the two values, every read path, into out (times masked). */
static void reads(inst *s, const auth_principal *who, gisac_buf *out)
{
    const char *vals[] = {"red-hosp.example", "amber-hosp.example"};
    for (int i = 0; i < 2; i++) {
        gisac_err err = GISAC_ERR_INIT;
        gisac_buf b = GISAC_BUF_INIT;
        int rc = app_get_intel_json(s->a, who, IOC_DOMAIN, vals[i], &b, &err);
        gisac_buf_printf(out, "get %s: %d %s\n", vals[i], rc, b.data ? b.data : "");
        gisac_buf_free(&b);
        size_t n = 0;
        rc = app_search_intel_json(s->a, who, vals[i], 0, &b, &n, &err);
        gisac_buf_printf(out, "search %s: %d %s\n", vals[i], rc, b.data ? b.data : "");
        gisac_buf_free(&b);
    }
    /* the firewall feed and the STIX export as who */
    static const export_format fmts[] = {EXPORT_PLAIN, EXPORT_STIX};
    for (int k = 0; k < 2; k++) {
        char *text = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&text, &len);
        assert_non_null(f);
        intel_export_opts o = {fmts[k], IOC_AUTO, TLP_RED, NULL, NULL, TLP_UNSET, 0};
        size_t n = 0;
        gisac_err err = GISAC_ERR_INIT;
        int rc = app_export_intel(s->a, who, &o, NULL, f, &n, &err);
        fclose(f);
        gisac_buf_printf(out, "export %d: %d %zu ", k, rc, n);
        /* the STIX bundle's own id is random */
        char *bid = text ? strstr(text, "\"id\":\"bundle--") : NULL;
        if (bid)
            memset(bid + 14, 'x', 36);
        gisac_buf_puts(out, text ? text : "");
        gisac_buf_putc(out, '\n');
        free(text);
    }
    /* TAXII: the shared collection and moda's, a page and each object */
    char cids[2][GISAC_UUID_LEN];
    intel_taxii_collection_id(cids[0]);
    intel_taxii_agency_collection_id("moda", cids[1]);
    for (int k = 0; k < 2; k++) {
        gisac_err err = GISAC_ERR_INIT;
        app_taxii_coll c;
        if (app_taxii_collection(s->a, who, cids[k], &c, &err) < 0 || !c.can_read)
            continue;
        for (int man = 0; man < 2; man++) {
            intel_taxii_query q;
            memset(&q, 0, sizeof q);
            q.limit = 100;
            q.manifest = man;
            intel_taxii_page page;
            memset(&page, 0, sizeof page);
            int rc = app_taxii_page(s->a, who, &c, &q, &page, &err);
            gisac_buf_printf(out, "taxii %d %d: %d %zu %s\n", k, man, rc, page.count,
                             page.objects.data ? page.objects.data : "");
            intel_taxii_page_free(&page);
        }
        const char *ids[] = {HOSP_RED_ID, HOSP_AMBER_ID, MODA_RED_ID, MODA_AMBER_ID};
        for (int i = 0; i < 4; i++) {
            intel_taxii_query q;
            memset(&q, 0, sizeof q);
            q.limit = 1;
            gisac_buf obj = GISAC_BUF_INIT;
            int64_t added = 0;
            int rc = app_taxii_object(s->a, who, &c, &q, ids[i], &obj, &added, &err);
            gisac_buf_printf(out, "object %d %s: %d %s\n", k, ids[i], rc, obj.data ? obj.data : "");
            gisac_buf_free(&obj);
        }
    }
    mask_times(out);
}

/* moda's answers are those of an installation without hosp's data. */
static void moda_learns_nothing(void **state)
{
    (void)state;
    inst with, without;
    inst_open(&with, 1);
    inst_open(&without, 0);
    gisac_buf s1 = GISAC_BUF_INIT, s2 = GISAC_BUF_INIT;
    moda_submits(&with, &s1);
    moda_submits(&without, &s2);
    assert_string_equal(s1.data, s2.data);
    assert_non_null(strstr(s1.data, "\"success_count\":2,"));
    const auth_principal *who[] = {&off_moda, &con_moda};
    for (int i = 0; i < 2; i++) {
        gisac_buf r1 = GISAC_BUF_INIT, r2 = GISAC_BUF_INIT;
        reads(&with, who[i], &r1);
        reads(&without, who[i], &r2);
        if (strcmp(r1.data, r2.data) != 0 && getenv("VIS_DEBUG")) {
            test_write_file("/tmp/vis-with.txt", r1.data);
            test_write_file("/tmp/vis-without.txt", r2.data);
        }
        assert_string_equal(r1.data, r2.data);
        /* and what it sees is its own submission */
        assert_null(strstr(r1.data, "hosp-label"));
        assert_null(strstr(r1.data, "agency:hosp"));
        assert_null(strstr(r1.data, "hosp red"));
        assert_null(strstr(r1.data, "hosp amber"));
        assert_null(strstr(r1.data, "\"tlp\":\"red\""));
        assert_null(strstr(r1.data, "e828b379"));
        assert_non_null(strstr(r1.data, "\"id\":\"" MODA_RED_ID "\""));
        assert_non_null(strstr(r1.data, "get red-hosp.example: 0 {"));
        assert_non_null(strstr(r1.data, "\"confidence\":100"));
        assert_non_null(strstr(r1.data, "\"sources\":[{\"name\":\"agency:moda\""));
        assert_non_null(strstr(r1.data, "object 0 " HOSP_RED_ID ": -"));
        gisac_buf_free(&r1);
        gisac_buf_free(&r2);
    }
    gisac_buf_free(&s1);
    gisac_buf_free(&s2);
    inst_close(&with);
    inst_close(&without);
}

/* hosp's data is as hosp submitted it: confidence, labels, name, STIX id, TLP. */
static void hosp_data_untouched(void **state)
{
    (void)state;
    inst s;
    inst_open(&s, 1);
    gisac_buf before = GISAC_BUF_INIT, after = GISAC_BUF_INIT, st = GISAC_BUF_INIT;
    reads(&s, &off_hosp, &before);
    moda_submits(&s, &st);
    reads(&s, &off_hosp, &after);
    assert_string_equal(before.data, after.data);
    assert_non_null(strstr(after.data, "\"confidence\":40"));
    assert_non_null(strstr(after.data, "\"labels\":[\"hosp-label\"]"));
    assert_non_null(strstr(after.data, "\"tlp\":\"red\""));
    assert_null(strstr(after.data, "moda-label"));
    assert_null(strstr(after.data, "\"id\":\"" MODA_RED_ID));
    /* hosp's object under its own id in its own collection */
    char cid[GISAC_UUID_LEN];
    intel_taxii_agency_collection_id("hosp", cid);
    app_taxii_coll c;
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(app_taxii_collection(s.a, &off_hosp, cid, &c, &err), 0);
    intel_taxii_query q;
    memset(&q, 0, sizeof q);
    q.limit = 1;
    gisac_buf obj = GISAC_BUF_INIT;
    int64_t added = 0;
    assert_int_equal(app_taxii_object(s.a, &off_hosp, &c, &q, HOSP_RED_ID, &obj, &added, &err), 0);
    assert_non_null(strstr(obj.data, "\"confidence\":40"));
    gisac_buf_free(&obj);
    /* staff read both sources */
    gisac_buf b = GISAC_BUF_INIT;
    assert_int_equal(app_get_intel_json(s.a, &admin, IOC_DOMAIN, "red-hosp.example", &b, &err), 0);
    assert_non_null(strstr(b.data, "\"name\":\"agency:hosp\""));
    assert_non_null(strstr(b.data, "\"name\":\"agency:moda\""));
    assert_non_null(strstr(b.data, "\"tlp\":\"red\""));
    gisac_buf_free(&b);
    /* moda withdraws its submission: its record goes, hosp's stays as it was */
    char mcid[GISAC_UUID_LEN];
    intel_taxii_agency_collection_id("moda", mcid);
    app_taxii_coll mc;
    assert_int_equal(app_taxii_collection(s.a, &off_moda, mcid, &mc, &err), 0);
    assert_int_equal(app_taxii_delete(s.a, &off_moda, &mc, MODA_RED_ID, &err), 0);
    assert_int_equal(app_get_intel_json(s.a, &off_moda, IOC_DOMAIN, "red-hosp.example", &b, &err),
                     GISAC_ENOTFOUND);
    assert_int_equal(app_get_intel_json(s.a, &admin, IOC_DOMAIN, "red-hosp.example", &b, &err), 0);
    assert_non_null(strstr(b.data, "\"confidence\":40,"));
    assert_null(strstr(b.data, "agency:moda"));
    gisac_buf_free(&b);
    gisac_buf withdrawn = GISAC_BUF_INIT;
    reads(&s, &off_hosp, &withdrawn);
    assert_string_equal(before.data, withdrawn.data);
    gisac_buf_free(&withdrawn);
    gisac_buf_free(&before);
    gisac_buf_free(&after);
    gisac_buf_free(&st);
    inst_close(&s);
}

/* A STIX id another object holds is refused: a failed object in the TAXII status, 409 under strict.
 */
static void stix_ids_unique(void **state)
{
    (void)state;
    inst s;
    inst_open(&s, 1);
    static const char env[] =
        "{\"objects\":["
        "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"" HOSP_RED_ID "\","
        "\"created\":\"2026-02-01T00:00:00Z\",\"modified\":\"2026-02-01T00:00:00Z\","
        "\"pattern\":\"[domain-name:value = 'other.example']\",\"pattern_type\":\"stix\","
        "\"valid_from\":\"2026-02-01T00:00:00Z\"},"
        "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"" MODA_RED_ID "\","
        "\"created\":\"2026-02-01T00:00:00Z\",\"modified\":\"2026-02-01T00:00:00Z\","
        "\"pattern\":\"[domain-name:value = 'fine.example']\",\"pattern_type\":\"stix\","
        "\"valid_from\":\"2026-02-01T00:00:00Z\"},"
        "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"" MODA_RED_ID "\","
        "\"created\":\"2026-02-01T00:00:00Z\",\"modified\":\"2026-02-01T00:00:00Z\","
        "\"pattern\":\"[domain-name:value = 'twice.example']\",\"pattern_type\":\"stix\","
        "\"valid_from\":\"2026-02-01T00:00:00Z\"}"
        "]}";
    gisac_err err = GISAC_ERR_INIT;
    char cid[GISAC_UUID_LEN];
    intel_taxii_agency_collection_id("moda", cid);
    app_taxii_coll c;
    assert_int_equal(app_taxii_collection(s.a, &off_moda, cid, &c, &err), 0);
    gisac_buf st = GISAC_BUF_INIT;
    assert_int_equal(app_taxii_add(s.a, &off_moda, &c, env, strlen(env), &st, &err), 0);
    assert_non_null(strstr(st.data, "\"success_count\":1,\"failure_count\":2,"));
    assert_non_null(strstr(st.data, "\"successes\":[{\"id\":\"" MODA_RED_ID "\""));
    assert_non_null(
        strstr(st.data, "{\"id\":\"" HOSP_RED_ID "\",\"version\":\"2026-02-01T00:00:00Z\","
                        "\"message\":\"id " HOSP_RED_ID " is already the id of another object\"}"));
    gisac_buf_free(&st);
    /* nothing of the refused ones was written; hosp's object is still hosp's */
    gisac_buf b = GISAC_BUF_INIT;
    assert_int_equal(app_get_intel_json(s.a, &admin, IOC_DOMAIN, "other.example", &b, &err),
                     GISAC_ENOTFOUND);
    assert_int_equal(app_get_intel_json(s.a, &admin, IOC_DOMAIN, "twice.example", &b, &err),
                     GISAC_ENOTFOUND);
    assert_int_equal(app_get_intel_json(s.a, &admin, IOC_DOMAIN, "red-hosp.example", &b, &err), 0);
    assert_non_null(strstr(b.data, "\"id\":\"" HOSP_RED_ID "\""));
    gisac_buf_free(&b);
    /* under strict (an upload through the API), the whole import is refused: 409 */
    static const char bundle[] =
        "{\"type\":\"bundle\",\"id\":\"bundle--00000000-0000-4000-8000-000000000000\","
        "\"objects\":[{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"" HOSP_RED_ID
        "\",\"created\":\"2026-02-01T00:00:00Z\",\"modified\":\"2026-02-01T00:00:00Z\","
        "\"pattern\":\"[domain-name:value = 'other.example']\",\"pattern_type\":\"stix\","
        "\"valid_from\":\"2026-02-01T00:00:00Z\"}]}";
    intel_import_opts o = {FEED_STIX, NULL, "upload", TLP_UNSET, -1, 0, 1, NULL, 0, NULL, 0, 0};
    intel_import_summary sum;
    assert_int_equal(
        app_import_feed_data(s.a, &admin, "b.json", bundle, strlen(bundle), &o, NULL, &sum, &err),
        GISAC_ECONFLICT);
    assert_string_equal(err.msg, "id " HOSP_RED_ID
                                 " is already the id of another object; nothing was imported");
    /* and without strict, that record is rejected */
    o.strict = 0;
    assert_int_equal(
        app_import_feed_data(s.a, &admin, "b.json", bundle, strlen(bundle), &o, NULL, &sum, &err),
        0);
    assert_int_equal(sum.rejected, 1);
    assert_int_equal(app_get_intel_json(s.a, &admin, IOC_DOMAIN, "other.example", &b, &err),
                     GISAC_ENOTFOUND);
    inst_close(&s);
}

/* The result of asking moda's officer's page q of c (the page dropped). */
static int page_rc(inst *s, app_taxii_coll *c, intel_taxii_query *q)
{
    intel_taxii_page p;
    memset(&p, 0, sizeof p);
    gisac_err err = GISAC_ERR_INIT;
    int rc = app_taxii_page(s->a, &off_moda, c, q, &p, &err);
    intel_taxii_page_free(&p);
    return rc;
}

/* TAXII cursors are sealed: they carry no row id or time, and an altered one is refused. */
static void cursors_opaque(void **state)
{
    (void)state;
    inst s;
    inst_open(&s, 1);
    moda_submits(&s, NULL);
    char cid[GISAC_UUID_LEN];
    intel_taxii_collection_id(cid);
    app_taxii_coll c;
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(app_taxii_collection(s.a, &off_moda, cid, &c, &err), 0);
    intel_taxii_query q;
    memset(&q, 0, sizeof q);
    q.limit = 1;
    intel_taxii_page p1, p2;
    memset(&p1, 0, sizeof p1);
    assert_int_equal(app_taxii_page(s.a, &off_moda, &c, &q, &p1, &err), 0);
    assert_int_equal(p1.count, 1);
    assert_int_equal(p1.more, 1);
    /* base64url of nonce, tag and the sealed values: no '.', no plain numbers */
    assert_null(strchr(p1.next, '.'));
    assert_true(strlen(p1.next) > 60);
    q.next = p1.next;
    memset(&p2, 0, sizeof p2);
    assert_int_equal(app_taxii_page(s.a, &off_moda, &c, &q, &p2, &err), 0);
    assert_int_equal(p2.count, 1);
    assert_int_equal(p2.more, 0);
    assert_string_not_equal(p1.objects.data, p2.objects.data);
    intel_taxii_page_free(&p2);
    /* the same position gives the same cursor (pages asked twice are answered alike) */
    intel_taxii_query q0 = q;
    q0.next = NULL;
    intel_taxii_page p3;
    memset(&p3, 0, sizeof p3);
    assert_int_equal(app_taxii_page(s.a, &off_moda, &c, &q0, &p3, &err), 0);
    assert_string_equal(p1.next, p3.next);
    intel_taxii_page_free(&p3);
    /* one character changed, and the old plain form: refused */
    char bad[INTEL_TAXII_NEXT_LEN];
    snprintf(bad, sizeof bad, "%s", p1.next);
    bad[10] = bad[10] == 'A' ? 'B' : 'A';
    q.next = bad;
    assert_int_equal(page_rc(&s, &c, &q), GISAC_EINVAL);
    q.next = "6b16cca6.6";
    assert_int_equal(page_rc(&s, &c, &q), GISAC_EINVAL);
    intel_taxii_page_free(&p1);
    inst_close(&s);
}

/* An advisory's bundle shows each cited indicator as its reader sees it (the advisory's
 * recipients may each hold a different record of it). */
static void advisory_bundle_per_reader(void **state)
{
    (void)state;
    inst s;
    inst_open(&s, 1);
    moda_submits(&s, NULL);
    const char *inds[] = {"red-hosp.example"};
    advisory_input v;
    memset(&v, 0, sizeof v);
    const char *recips[] = {"moda", "hosp"};
    v.title = "Red advisory";
    v.severity = "high";
    v.tlp = "red"; /* the rule of advisories: as strict as what they cite */
    v.recipients = recips;
    v.nrecipients = 2;
    v.has_recipients = 1;
    v.body = "b";
    v.indicators = inds;
    v.nindicators = 1;
    v.has_indicators = 1;
    advisory *adv = NULL;
    advisory_where where;
    gisac_err err = GISAC_ERR_INIT;
    int prc =
        app_publish_advisory(s.a, &admin, &v, test_at("2026-03-01T00:00:00Z"), &adv, &where, &err);
    if (prc)
        fprintf(stderr, "%s\n", err.msg);
    assert_int_equal(prc, 0);
    /* moda: its own record only */
    gisac_buf b = GISAC_BUF_INIT;
    advisory *am = NULL, *ah = NULL;
    assert_int_equal(app_get_advisory(s.a, &off_moda, adv->id, 0, &am, &err), 0);
    assert_int_equal(
        app_advisory_bundle(s.a, &off_moda, am, test_at("2026-03-02T00:00:00Z"), &b, &err), 0);
    assert_non_null(strstr(b.data, "\"id\":\"" MODA_RED_ID));
    assert_null(strstr(b.data, HOSP_RED_ID)); /* in the report's refs neither */
    assert_null(strstr(b.data, "hosp-label"));
    assert_null(strstr(b.data, "hosp red"));
    assert_non_null(strstr(b.data, "\"confidence\":100"));
    gisac_buf_free(&b);
    /* hosp: its own record only */
    assert_int_equal(app_get_advisory(s.a, &off_hosp, adv->id, 0, &ah, &err), 0);
    assert_int_equal(
        app_advisory_bundle(s.a, &off_hosp, ah, test_at("2026-03-02T00:00:00Z"), &b, &err), 0);
    assert_non_null(strstr(b.data, "\"id\":\"" HOSP_RED_ID));
    assert_null(strstr(b.data, MODA_RED_ID));
    assert_null(strstr(b.data, "moda-label"));
    assert_non_null(strstr(b.data, "\"confidence\":40"));
    gisac_buf_free(&b);
    /* staff: both records merged */
    assert_int_equal(
        app_advisory_bundle(s.a, &admin, adv, test_at("2026-03-02T00:00:00Z"), &b, &err), 0);
    assert_non_null(strstr(b.data, "hosp-label"));
    gisac_buf_free(&b);
    advisory_free(adv);
    advisory_free(am);
    advisory_free(ah);
    inst_close(&s);
}

TEST_MAIN(NULL, NULL, TEST_PLAIN(moda_learns_nothing), TEST_PLAIN(hosp_data_untouched),
          TEST_PLAIN(stix_ids_unique), TEST_PLAIN(cursors_opaque),
          TEST_PLAIN(advisory_bundle_per_reader))
