/*
 * test_app_vis_prop.c: a property test of visibility per source (issue
 * 18). Random sources (feed imports by staff at random TLPs with random
 * recipients, and agencies' TAXII submissions at random TLPs) give random
 * overlapping values random confidences, labels and names; random readers
 * (staff, officers and consumers of four agencies, a consumer of none)
 * then read every value through every read path of the app layer: one
 * indicator (REST), search (exact and parent domain), the whole list, the
 * list in pages of 3 (cursors), the plain export (every feed), the STIX
 * export and the shared TAXII collection (objects and manifest). Each
 * answer is compared with an independent oracle of what that reader may
 * see: the sources it may read, their merge (TLP and confidence highest,
 * labels united, the name of the earliest source that gave one, source
 * names). Every (round, reader, value, path) is one case; the test fails
 * on the first difference and prints the number of cases.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_main.h"

#include "app/app_internal.h"
#include "export/export.h"
#include "test_util.h"

#include <jansson.h>

#define NAG      4 /* agencies a0 .. a3 */
#define NVAL     8 /* values per round */
#define NSRC_MAX 6 /* sources per round */
#define ROUNDS   8 /* rounds per installation */
#define INSTS    2 /* installations */

static const char *const agencies[NAG] = {"a0", "a1", "a2", "a3"};

typedef struct rec {
    int has;
    int conf;
    int label; /* -1: none */
    int named;
} rec;

typedef struct src {
    int taxii;     /* an agency's TAXII submission (agency ag), else a staff feed import */
    int ag;        /* the submitting agency */
    gisac_tlp tlp; /* of every record */
    int recip[NAG];
    char name[32];
    rec r[NVAL];
} src;

typedef struct reader {
    auth_principal p;
    int staff;
    int ag; /* -1: none */
} reader;

static uint64_t rng = 0x9e3779b97f4a7c15ULL;
static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

static size_t cases;

static void value_of(int round, int k, char *out, size_t n)
{
    if (k == 0)
        snprintf(out, n, "r%d.example", round);
    else
        snprintf(out, n, "v%d.r%d.example", k, round);
}

/* The oracle: may reader r read source s? */
static int sees(const reader *r, const src *s)
{
    return r->staff || s->tlp <= TLP_GREEN || (r->ag >= 0 && s->recip[r->ag]);
}

typedef struct want {
    int visible;
    gisac_tlp tlp;
    int conf;
    char labels[128]; /* JSON array */
    char name[64];    /* "" none */
    char sources[256];
} want;

static void oracle(const reader *r, const src *srcs, int nsrc, int round, int k, want *w)
{
    memset(w, 0, sizeof *w);
    w->conf = -1;
    int labels[8] = {0};
    strcpy(w->sources, "");
    /* source names sort as created: "s<round>-<i>" and "agency:aX" mixed: sort names */
    const char *names[NSRC_MAX];
    int nn = 0;
    for (int i = 0; i < nsrc; i++) {
        const src *s = &srcs[i];
        if (!s->r[k].has || !sees(r, s))
            continue;
        /* one source name may be used by two sources of a round (one agency twice) */
        int dup = 0;
        for (int j = 0; j < nn; j++)
            dup |= strcmp(names[j], s->name) == 0;
        if (!dup)
            names[nn++] = s->name;
        if (!w->visible || s->tlp > w->tlp)
            w->tlp = s->tlp;
        w->visible = 1;
        if (s->r[k].conf > w->conf)
            w->conf = s->r[k].conf;
        if (s->r[k].label >= 0)
            labels[s->r[k].label] = 1;
        if (!w->name[0] && s->r[k].named)
            snprintf(w->name, sizeof w->name, "%s name", s->name);
    }
    for (int i = 0; i < nn; i++)
        for (int j = i + 1; j < nn; j++)
            if (strcmp(names[j], names[i]) < 0) {
                const char *t = names[i];
                names[i] = names[j];
                names[j] = t;
            }
    for (int i = 0; i < nn; i++) {
        strcat(w->sources, i ? "," : "");
        strcat(w->sources, names[i]);
    }
    strcpy(w->labels, "[");
    for (int l = 0, n = 0; l < 8; l++)
        if (labels[l]) {
            char t[16];
            snprintf(t, sizeof t, "%s\"l%d\"", n++ ? "," : "", l);
            strcat(w->labels, t);
        }
    strcat(w->labels, "]");
    (void)round;
}

/* Write one source: a STIX bundle (or TAXII envelope) of its records. */
static void submit(app *a, const src *s, int round, const reader *officers)
{
    gisac_buf b = GISAC_BUF_INIT;
    gisac_buf_puts(&b, s->taxii ? "{\"objects\":["
                                : "{\"type\":\"bundle\",\"id\":\"bundle--"
                                  "00000000-0000-4000-8000-000000000000\","
                                  "\"objects\":[");
    int n = 0;
    for (int k = 0; k < NVAL; k++) {
        if (!s->r[k].has)
            continue;
        char v[64];
        value_of(round, k, v, sizeof v);
        gisac_buf_printf(
            &b,
            "%s{\"type\":\"indicator\",\"spec_version\":\"2.1\","
            "\"id\":\"indicator--%08x-0000-4000-8000-%012x\","
            "\"created\":\"2026-01-02T00:00:00Z\",\"modified\":\"2026-01-02T00:00:00Z\","
            "\"pattern\":\"[domain-name:value = '%s']\",\"pattern_type\":\"stix\","
            "\"valid_from\":\"2026-01-02T00:00:00Z\",\"confidence\":%d,"
            "\"object_marking_refs\":[\"%s\"]",
            n++ ? "," : "", (unsigned)rnd(0xffffffffu), (unsigned)rnd(0xffffffffu), v, s->r[k].conf,
            export_tlp_marking_of(s->tlp)->id);
        if (s->r[k].label >= 0)
            gisac_buf_printf(&b, ",\"labels\":[\"l%d\"]", s->r[k].label);
        if (s->r[k].named)
            gisac_buf_printf(&b, ",\"name\":\"%s name\"", s->name);
        gisac_buf_putc(&b, '}');
    }
    gisac_buf_puts(&b, "]}");
    gisac_err err = GISAC_ERR_INIT;
    if (s->taxii) {
        char cid[GISAC_UUID_LEN];
        intel_taxii_agency_collection_id(agencies[s->ag], cid);
        app_taxii_coll c;
        assert_int_equal(app_taxii_collection(a, &officers[s->ag].p, cid, &c, &err), 0);
        gisac_buf st = GISAC_BUF_INIT;
        assert_int_equal(app_taxii_add(a, &officers[s->ag].p, &c, b.data, b.len, &st, &err), 0);
        assert_non_null(strstr(st.data, "\"failure_count\":0,"));
        gisac_buf_free(&st);
    } else {
        const char *r[NAG];
        size_t nr = 0;
        for (int i = 0; i < NAG; i++)
            if (s->recip[i])
                r[nr++] = agencies[i];
        auth_principal admin = {1, "root", AUTH_ROLE_ADMIN, NULL};
        intel_import_opts o = {FEED_STIX, NULL,          s->name, TLP_UNSET, -1, 0,
                               0,         nr ? r : NULL, nr,      NULL,      0,  0};
        intel_import_summary sum;
        assert_int_equal(
            app_import_feed_data(a, &admin, "bundle.json", b.data, b.len, &o, NULL, &sum, &err), 0);
        assert_int_equal(sum.rejected, 0);
    }
    gisac_buf_free(&b);
}

/* ---- the read paths ---------------------------------------------------------- */

/* "labels":[..] of a JSON object as compact text. */
static void labels_text(json_t *o, char *out, size_t n)
{
    json_t *l = json_object_get(o, "labels");
    char *t = l && json_array_size(l) ? json_dumps(l, JSON_COMPACT) : NULL;
    snprintf(out, n, "%s", t ? t : "[]");
    free(t);
}

/* The indicator object of the API (get, search) against w. */
static void check_indicator(json_t *o, const want *w, int sources)
{
    assert_non_null(o);
    assert_string_equal(json_string_value(json_object_get(o, "tlp")), tlp_name(w->tlp));
    json_t *c = json_object_get(o, "confidence");
    assert_int_equal(json_is_integer(c) ? (int)json_integer_value(c) : -1, w->conf);
    char l[256];
    labels_text(o, l, sizeof l);
    assert_string_equal(l, w->labels);
    json_t *nm = json_object_get(o, "name");
    assert_string_equal(json_is_string(nm) ? json_string_value(nm) : "", w->name);
    if (sources) {
        char names[256] = "";
        size_t i;
        json_t *x;
        json_array_foreach(json_object_get(o, "sources"), i, x)
        {
            strcat(names, i ? "," : "");
            strcat(names, json_string_value(json_object_get(x, "name")));
        }
        assert_string_equal(names, w->sources);
    }
    cases++;
}

typedef struct listed {
    char v[NVAL * 2][64];
    int conf[NVAL * 2];
    gisac_tlp tlp[NVAL * 2];
    int n;
    int round;
    int pages;
} listed;

static int list_cb(void *ctx, const store_indicator *ind)
{
    listed *l = ctx;
    char suffix[32];
    snprintf(suffix, sizeof suffix, "r%d.example", l->round);
    size_t vl = strlen(ind->value), sl = strlen(suffix);
    if (vl < sl || strcmp(ind->value + vl - sl, suffix) != 0 ||
        (vl > sl && ind->value[vl - sl - 1] != '.'))
        return 0;
    assert_true(l->n < NVAL * 2);
    snprintf(l->v[l->n], sizeof l->v[0], "%s", ind->value);
    l->conf[l->n] = ind->confidence;
    l->tlp[l->n] = ind->tlp;
    l->n++;
    return 0;
}

/* A STIX indicator object o of a domain into the listing as a row: its value and confidence (-1:
 * none), TLP not shown. Objects of other patterns are not listed. */
static void list_stix(listed *l, json_t *o)
{
    const char *pat = json_string_value(json_object_get(o, "pattern"));
    char v[128];
    if (!pat || sscanf(pat, "[domain-name:value = '%127[^']']", v) != 1)
        return;
    store_indicator ind;
    memset(&ind, 0, sizeof ind);
    ind.value = v;
    json_t *cf = json_object_get(o, "confidence");
    ind.confidence = json_is_integer(cf) ? (int)json_integer_value(cf) : -1;
    ind.tlp = TLP_UNSET;
    list_cb(l, &ind);
}

/* Is value v in the listing, and with what. */
static int find_listed(const listed *l, const char *v)
{
    for (int i = 0; i < l->n; i++)
        if (strcmp(l->v[i], v) == 0)
            return i;
    return -1;
}

static void check_listing(const listed *l, const want *w, int round, const char *what)
{
    int seen = 0;
    for (int k = 0; k < NVAL; k++) {
        char v[64];
        value_of(round, k, v, sizeof v);
        int i = find_listed(l, v);
        if ((i >= 0) != w[k].visible)
            fail_msg("%s: %s %s", what, v, i >= 0 ? "listed, not visible" : "visible, not listed");
        if (i >= 0) {
            assert_int_equal(l->conf[i], w[k].conf);
            if (l->tlp[i] != TLP_UNSET)
                assert_int_equal(l->tlp[i], w[k].tlp);
            seen++;
        }
        cases++;
    }
    assert_int_equal(seen, l->n);
}

static void export_list(app *a, const reader *r, export_format fmt, int round, listed *l)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    intel_export_opts o = {fmt, IOC_AUTO, TLP_RED, NULL, NULL, TLP_UNSET, 0};
    gisac_err err = GISAC_ERR_INIT;
    size_t n = 0;
    assert_int_equal(app_export_intel(a, &r->p, &o, NULL, f, &n, &err), 0);
    fclose(f);
    memset(l, 0, sizeof *l);
    l->round = round;
    if (fmt == EXPORT_PLAIN) {
        for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
            if (line[0] == '#')
                continue;
            store_indicator ind;
            memset(&ind, 0, sizeof ind);
            ind.value = line;
            ind.tlp = TLP_UNSET;
            list_cb(l, &ind);
        }
        /* a plain feed has no confidence: copy the oracle's later */
        for (int i = 0; i < l->n; i++)
            l->conf[i] = -2;
    } else {
        json_t *root = json_loads(text, 0, NULL);
        assert_non_null(root);
        size_t i;
        json_t *o2;
        json_array_foreach(json_object_get(root, "objects"), i, o2)
        {
            list_stix(l, o2);
        }
        json_decref(root);
    }
    free(text);
}

static void taxii_list(app *a, const reader *r, int round, int manifest, listed *l)
{
    memset(l, 0, sizeof *l);
    l->round = round;
    char cid[GISAC_UUID_LEN];
    intel_taxii_collection_id(cid);
    app_taxii_coll c;
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(app_taxii_collection(a, &r->p, cid, &c, &err), 0);
    char next[INTEL_TAXII_NEXT_LEN] = "";
    for (;;) {
        intel_taxii_query q;
        memset(&q, 0, sizeof q);
        q.limit = 7;
        q.manifest = manifest;
        q.next = next[0] ? next : NULL;
        intel_taxii_page page;
        memset(&page, 0, sizeof page);
        assert_int_equal(app_taxii_page(a, &r->p, &c, &q, &page, &err), 0);
        gisac_buf arr = GISAC_BUF_INIT;
        gisac_buf_printf(&arr, "[%s]", page.objects.data ? page.objects.data : "");
        json_t *root = json_loads(arr.data, 0, NULL);
        assert_non_null(root);
        size_t i;
        json_t *o;
        json_array_foreach(root, i, o)
        {
            if (manifest) {
                /* manifest entries: the ids; the objects' values come from them */
                const char *id = json_string_value(json_object_get(o, "id"));
                assert_non_null(id);
                gisac_buf obj = GISAC_BUF_INIT;
                intel_taxii_query q1;
                memset(&q1, 0, sizeof q1);
                q1.limit = 1;
                int64_t added;
                assert_int_equal(app_taxii_object(a, &r->p, &c, &q1, id, &obj, &added, &err), 0);
                json_t *x = json_loads(obj.data, 0, NULL);
                list_stix(l, x);
                json_decref(x);
                gisac_buf_free(&obj);
                continue;
            }
            list_stix(l, o);
        }
        json_decref(root);
        gisac_buf_free(&arr);
        int more = page.more;
        if (more)
            snprintf(next, sizeof next, "%s", page.next);
        intel_taxii_page_free(&page);
        l->pages++;
        if (!more)
            break;
    }
}

static void check_reader(app *a, const reader *r, const src *srcs, int nsrc, int round)
{
    want w[NVAL];
    for (int k = 0; k < NVAL; k++)
        oracle(r, srcs, nsrc, round, k, &w[k]);
    gisac_err err = GISAC_ERR_INIT;
    /* one indicator, and search (exact, and the parent r<round>.example) */
    for (int k = 0; k < NVAL; k++) {
        char v[64];
        value_of(round, k, v, sizeof v);
        gisac_buf b = GISAC_BUF_INIT;
        int rc = app_get_intel_json(a, &r->p, IOC_DOMAIN, v, &b, &err);
        assert_int_equal(rc, w[k].visible ? 0 : GISAC_ENOTFOUND);
        if (rc == 0) {
            json_t *o = json_loads(b.data, 0, NULL);
            check_indicator(o, &w[k], 1);
            json_decref(o);
        } else {
            cases++;
        }
        gisac_buf_free(&b);
        size_t nh = 0;
        assert_int_equal(app_search_intel_json(a, &r->p, v, 0, &b, &nh, &err), 0);
        json_t *s = json_loads(b.data, 0, NULL);
        size_t i;
        json_t *h;
        int exact = 0, parent = 0;
        json_array_foreach(json_object_get(s, "hits"), i, h)
        {
            const char *rel = json_string_value(json_object_get(h, "relation"));
            if (strcmp(rel, "exact") == 0) {
                exact = 1;
                check_indicator(json_object_get(h, "indicator"), &w[k], 1);
            } else if (strcmp(rel, "parent-domain") == 0) {
                parent = 1;
                check_indicator(json_object_get(h, "indicator"), &w[0], 1);
            }
        }
        assert_int_equal(exact, w[k].visible);
        assert_int_equal(parent, k > 0 && w[0].visible);
        cases++;
        json_decref(s);
        gisac_buf_free(&b);
    }
    /* the list, whole and in pages of 3 */
    listed l;
    memset(&l, 0, sizeof l);
    l.round = round;
    store_filter f = STORE_FILTER_ALL;
    assert_int_equal(app_list_intel(a, &r->p, &f, NULL, 0, list_cb, &l, NULL, NULL, &err), 0);
    check_listing(&l, w, round, "list");
    memset(&l, 0, sizeof l);
    l.round = round;
    f.type = IOC_DOMAIN;
    char cur[INTEL_CURSOR_MAX] = "", next[INTEL_CURSOR_MAX];
    for (int more = 1; more;) {
        more = 0;
        assert_int_equal(
            app_list_intel(a, &r->p, &f, cur[0] ? cur : NULL, 3, list_cb, &l, next, &more, &err),
            0);
        if (more)
            memcpy(cur, next, sizeof cur);
    }
    check_listing(&l, w, round, "pages");
    /* exports (the feeds are these formats) */
    export_list(a, r, EXPORT_PLAIN, round, &l);
    for (int i = 0; i < l.n; i++)
        for (int k = 0; k < NVAL; k++) {
            char v[64];
            value_of(round, k, v, sizeof v);
            if (strcmp(v, l.v[i]) == 0)
                l.conf[i] = w[k].conf;
        }
    check_listing(&l, w, round, "plain export");
    export_list(a, r, EXPORT_STIX, round, &l);
    check_listing(&l, w, round, "stix export");
    /* TAXII: objects, and the manifest read back object by object */
    taxii_list(a, r, round, 0, &l);
    check_listing(&l, w, round, "taxii objects");
    taxii_list(a, r, round, 1, &l);
    check_listing(&l, w, round, "taxii manifest");
}

static void visibility_property(void **state)
{
    (void)state;
    const char *seed = getenv("VIS_SEED");
    if (seed)
        rng = strtoull(seed, NULL, 0);
    for (int inst = 0; inst < INSTS; inst++) {
        char dir[64], db[96];
        strcpy(dir, "/tmp/gisac-vis-prop-XXXXXX");
        assert_non_null(mkdtemp(dir));
        snprintf(db, sizeof db, "%s/g.db", dir);
        app_config cfg = {db, APP_OPEN_CREATE, "test:runner"};
        gisac_err err = GISAC_ERR_INIT;
        app *a;
        assert_int_equal(app_open(&cfg, &a, &err), 0);
        auth *au = app_auth_h(a, &err);
        assert_non_null(au);
        for (int i = 0; i < NAG; i++) {
            auth_agency_change v = {"Agency", NULL, "A", NULL, NULL};
            assert_int_equal(
                auth_agency_add(au, agencies[i], &v, test_at("2026-01-01T00:00:00Z"), NULL, &err),
                0);
        }
        /* readers: staff, an officer and a consumer of each agency, a consumer of none */
        reader rd[2 + 2 * NAG + 1];
        static char names[2 + 2 * NAG + 1][16];
        int nr = 0;
        rd[nr++] = (reader){{0, "root", AUTH_ROLE_ADMIN, NULL}, 1, -1};
        rd[nr++] = (reader){{0, "ann", AUTH_ROLE_ANALYST, NULL}, 1, -1};
        for (int i = 0; i < NAG; i++) {
            rd[nr++] = (reader){{0, NULL, AUTH_ROLE_AGENCY, agencies[i]}, 0, i};
            rd[nr++] = (reader){{0, NULL, AUTH_ROLE_CONSUMER, agencies[i]}, 0, i};
        }
        rd[nr++] = (reader){{0, NULL, AUTH_ROLE_CONSUMER, NULL}, 0, -1};
        for (int i = 0; i < nr; i++) {
            if (!rd[i].p.name) {
                snprintf(names[i], sizeof names[i], "u%d", i);
                rd[i].p.name = names[i];
            }
            auth_account out;
            assert_int_equal(auth_user_add(au, rd[i].p.name, rd[i].p.role, rd[i].p.agency,
                                           "correct horse battery", gisac_now(), &out, &err),
                             0);
            rd[i].p.account_id = out.id;
        }
        reader officers[NAG];
        for (int i = 0; i < NAG; i++)
            officers[i] = rd[2 + 2 * i];
        for (int round = 0; round < ROUNDS; round++) {
            src srcs[NSRC_MAX];
            int nsrc = 2 + (int)rnd(NSRC_MAX - 1);
            int used_ag[NAG] = {0};
            memset(srcs, 0, sizeof srcs);
            for (int i = 0; i < nsrc; i++) {
                src *s = &srcs[i];
                s->tlp = (gisac_tlp)rnd(5);
                s->taxii = rnd(2);
                s->ag = (int)rnd(NAG);
                if (s->taxii && used_ag[s->ag])
                    s->taxii = 0; /* one submission per agency and round */
                if (s->taxii) {
                    used_ag[s->ag] = 1;
                    snprintf(s->name, sizeof s->name, "agency:%s", agencies[s->ag]);
                    s->recip[s->ag] = 1;
                    if (s->tlp < TLP_AMBER) /* the collection's floor */
                        s->tlp = TLP_AMBER;
                } else {
                    snprintf(s->name, sizeof s->name, "feed-%d-%d", round, i);
                    for (int g = 0; g < NAG; g++)
                        s->recip[g] = rnd(3) == 0;
                }
                for (int k = 0; k < NVAL; k++) {
                    s->r[k].has = rnd(2);
                    s->r[k].conf = (int)rnd(101);
                    s->r[k].label = rnd(3) ? (int)rnd(8) : -1;
                }
            }
            /* at most one source names each value, so "the earliest" is never a tie */
            for (int k = 0; k < NVAL; k++) {
                int i = (int)rnd((unsigned)nsrc + 1);
                if (i < nsrc && srcs[i].r[k].has)
                    srcs[i].r[k].named = 1;
            }
            for (int i = 0; i < nsrc; i++)
                submit(a, &srcs[i], round, officers);
            for (int i = 0; i < nr; i++)
                check_reader(a, &rd[i], srcs, nsrc, round);
        }
        app_close(a);
        test_rm_tree(dir);
    }
    print_message("visibility: %zu cases, 0 differences\n", cases);
    assert_true(cases >= 10000);
}

TEST_MAIN(NULL, NULL, TEST_PLAIN(visibility_property))
