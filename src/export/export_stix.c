/*
 * export_stix.c: one STIX 2.1 bundle.
 *
 *   {"type":"bundle","id":"bundle--UUID","objects":[
 *   identity, the TLP 2.0 marking-definitions used (least restrictive
 *   first), then an indicator per item in list order]}
 *
 * One object a line, each compact, keys in a fixed order, so the output is
 * byte-for-byte a function of the items and opts->now. The bundle id is
 * UUIDv5(GISAC_UUID_NS, "bundle:" + hex SHA-256 of the objects text): a
 * re-export of the same content has the same id, a different content a
 * different one.
 *
 * Indicators: id = the item's stix_id when it is a well-formed
 * "indicator--UUID" not already taken by an item before it, else
 * indicator--UUIDv5(NS, "TYPE:VALUE"), NS the namespace of the installation
 * (opts->identity, gisac_identity_uuid5);
 * created and modified from the item, else opts->now (modified never before
 * created); name = the item's name, else "TYPE VALUE"; labels from the STIX
 * indicator-type-ov go to indicator_types (["malicious-activity"] when there
 * are none), the others to labels; valid_from = the item's valid_from, else
 * first_seen, else opts->now; valid_until only when later than valid_from;
 * confidence when 0..100; object_marking_refs = the TLP 2.0 marking of the
 * item's TLP (none when the TLP is unset). Every object is created_by the
 * installation's identity (opts->identity; NULL: the legacy "gisac",
 * identity--881c1891-...), a "system" whose created and modified times are
 * those of the identity.
 *
 * The TLP 2.0 marking-definitions are the OASIS ones
 * (oasis-open/cti-stix-common-objects, extension-definition--60a3c5c5-...).
 */
#include "export/export_internal.h"

#include <stdlib.h>
#include <string.h>

static const export_tlp_marking tlp_marks[] = {
    [TLP_CLEAR] = {"marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487", "TLP:CLEAR",
                   "clear"},
    [TLP_GREEN] = {"marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb", "TLP:GREEN",
                   "green"},
    [TLP_AMBER] = {"marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421", "TLP:AMBER",
                   "amber"},
    [TLP_AMBER_STRICT] = {"marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
                          "TLP:AMBER+STRICT", "amber+strict"},
    [TLP_RED] = {"marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1", "TLP:RED", "red"},
};

static const char *const indicator_types_ov[] = {
    "anomalous-activity", "anonymization", "benign",  "compromised",
    "malicious-activity", "attribution",   "unknown",
};

static int tlp_valid(gisac_tlp t)
{
    return t >= TLP_CLEAR && t <= TLP_RED;
}

const export_tlp_marking *export_tlp_marking_of(gisac_tlp t)
{
    return tlp_valid(t) ? &tlp_marks[t] : NULL;
}

static int in_ov(const char *s)
{
    for (size_t i = 0; i < sizeof indicator_types_ov / sizeof *indicator_types_ov; i++)
        if (strcmp(s, indicator_types_ov[i]) == 0)
            return 1;
    return 0;
}

/* The comparison value of a pattern: quotes and backslashes escaped. */
static int pattern_value(gisac_buf *b, const char *v)
{
    for (const char *p = v; *p; p++) {
        if ((*p == '\'' || *p == '\\') && gisac_buf_putc(b, '\\') < 0)
            return GISAC_ENOMEM;
        if (gisac_buf_putc(b, *p) < 0)
            return GISAC_ENOMEM;
    }
    return 0;
}

static const char *pattern_path(const export_item *it)
{
    switch (it->type) {
    case IOC_IPV4:
        return "ipv4-addr:value";
    case IOC_IPV6:
        return "ipv6-addr:value";
    case IOC_CIDR:
        return strchr(it->value, ':') ? "ipv6-addr:value" : "ipv4-addr:value";
    case IOC_DOMAIN:
        return "domain-name:value";
    case IOC_URL:
        return "url:value";
    case IOC_MD5:
        return "file:hashes.MD5";
    case IOC_SHA1:
        return "file:hashes.'SHA-1'";
    case IOC_SHA256:
        return "file:hashes.'SHA-256'";
    case IOC_EMAIL:
        return "email-addr:value";
    case IOC_X509_SHA256:
        return "x509-certificate:hashes.'SHA-256'";
    case IOC_ANDROID_PACKAGE: /* STIX 2.1 has no property for it: a custom one (docs/app.md) */
        return "software:x_android_package";
    default:
        return NULL;
    }
}

static int valid_stix_id(const char *s)
{
    static const char pfx[] = "indicator--";
    return s && strncmp(s, pfx, sizeof pfx - 1) == 0 && strlen(s) == sizeof pfx - 1 + 36 &&
           gisac_uuid_valid(s + sizeof pfx - 1, 36);
}

typedef struct {
    const char *id;
    size_t idx;
} sid_ref;

static int cmp_sid(const void *pa, const void *pb)
{
    const sid_ref *a = pa, *b = pb;
    int c = strcmp(a->id, b->id);
    return c ? c : (a->idx > b->idx) - (a->idx < b->idx);
}

/*
 * own[i] = 1 when item i keeps its stix_id: it is well formed and no item
 * before it in the list has the same one (ids must be unique in a bundle).
 */
static unsigned char *own_ids(const exp_list *l)
{
    unsigned char *own = calloc(l->n ? l->n : 1, 1);
    sid_ref *r = malloc((l->n ? l->n : 1) * sizeof *r);
    if (!own || !r) {
        free(own);
        free(r);
        return NULL;
    }
    size_t m = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (valid_stix_id(l->v[i]->stix_id)) {
            r[m].id = l->v[i]->stix_id;
            r[m].idx = i;
            m++;
        }
    }
    qsort(r, m, sizeof *r, cmp_sid);
    for (size_t k = 0; k < m; k++)
        if (k == 0 || strcmp(r[k].id, r[k - 1].id) != 0)
            own[r[k].idx] = 1;
    free(r);
    return own;
}

/* ,"k": (no printf: TAXII renders thousands of objects a page) */
static int put_key(gisac_buf *b, const char *k)
{
    int rc = gisac_buf_puts(b, ",\"");
    rc |= gisac_buf_puts(b, k);
    rc |= gisac_buf_puts(b, "\":");
    return rc;
}

static int put_time(gisac_buf *b, const char *k, int64_t t)
{
    char ts[GISAC_TIME_LEN];
    gisac_time_format_ms(t, ts);
    int rc = put_key(b, k);
    rc |= gisac_buf_putc(b, '"');
    rc |= gisac_buf_puts(b, ts);
    rc |= gisac_buf_putc(b, '"');
    return rc;
}

/* 1 when lab is already among the first n labels that go to the same array */
static int seen_label(const export_item *it, size_t n, const char *lab, int ov)
{
    for (size_t k = 0; k < n; k++) {
        const char *x = it->labels[k];
        if (x && *x && in_ov(x) == ov && strcmp(x, lab) == 0)
            return 1;
    }
    return 0;
}

/* The labels of one kind (ov: in the indicator-type vocabulary) as a JSON array body. */
static int put_labels(gisac_buf *b, const export_item *it, int ov, size_t *count)
{
    int rc = 0;
    *count = 0;
    for (size_t i = 0; rc == 0 && it->labels && i < it->nlabels; i++) {
        const char *lab = it->labels[i];
        if (!lab || !*lab || in_ov(lab) != ov || seen_label(it, i, lab, ov))
            continue;
        if (*count)
            rc = gisac_buf_putc(b, ',');
        if (rc == 0)
            rc = exp_put_json_str(b, lab);
        (*count)++;
    }
    return rc;
}

/*
 * The indicator written straight into b, keys in a fixed order: the same
 * bytes jansson would give (the STIX tests compare them), at a fraction
 * of the cost, since TAXII renders every object it serves this way.
 */
int exp_stix_indicator(gisac_buf *b, const export_item *it, int own_id, const export_opts *o)
{
    char id[64];
    if (own_id) {
        snprintf(id, sizeof id, "%s", it->stix_id);
    } else {
        char u[GISAC_UUID_LEN];
        exp_item_uuid(it, o, u);
        snprintf(id, sizeof id, "indicator--%s", u);
    }
    int64_t created = it->created ? it->created : o->now;
    int64_t modified = it->modified ? it->modified : o->now;
    if (modified < created)
        modified = created;
    int64_t valid_from = it->valid_from ? it->valid_from : it->first_seen ? it->first_seen : o->now;

    int rc = gisac_buf_puts(b, "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"");
    rc |= gisac_buf_puts(b, id);
    char creator[GISAC_IDENTITY_ID_LEN];
    gisac_identity_id(o->identity, creator);
    rc |= gisac_buf_puts(b, "\",\"created_by_ref\":\"");
    rc |= gisac_buf_puts(b, creator);
    rc |= gisac_buf_putc(b, '"');
    rc |= put_time(b, "created", created);
    rc |= put_time(b, "modified", modified);
    rc |= put_key(b, "name");
    if (it->name && *it->name) {
        rc |= exp_put_json_str(b, it->name);
    } else {
        gisac_buf tmp = GISAC_BUF_INIT;
        rc |= gisac_buf_puts(&tmp, ioc_type_name(it->type));
        rc |= gisac_buf_putc(&tmp, ' ');
        rc |= gisac_buf_puts(&tmp, it->value);
        rc |= rc ? 0 : exp_put_json_str(b, tmp.data);
        gisac_buf_free(&tmp);
    }
    if (it->description && *it->description) {
        rc |= put_key(b, "description");
        rc |= exp_put_json_str(b, it->description);
    }
    size_t n;
    rc |= gisac_buf_puts(b, ",\"indicator_types\":[");
    rc |= put_labels(b, it, 1, &n);
    if (n == 0)
        rc |= gisac_buf_puts(b, "\"malicious-activity\"");
    rc |= gisac_buf_puts(b, "]");

    gisac_buf pat = GISAC_BUF_INIT;
    rc |= gisac_buf_putc(&pat, '[');
    rc |= gisac_buf_puts(&pat, pattern_path(it));
    rc |= gisac_buf_puts(&pat, " = '");
    rc |= pattern_value(&pat, it->value);
    rc |= gisac_buf_puts(&pat, "']");
    rc |= put_key(b, "pattern");
    rc |= rc ? 0 : exp_put_json_str(b, pat.data);
    gisac_buf_free(&pat);
    rc |= gisac_buf_puts(b, ",\"pattern_type\":\"stix\",\"pattern_version\":\"2.1\"");
    rc |= put_time(b, "valid_from", valid_from);
    if (it->valid_until > valid_from)
        rc |= put_time(b, "valid_until", it->valid_until);
    if (it->confidence >= 0 && it->confidence <= 100) {
        char num[4] = {0};
        int c = it->confidence, k = c >= 100 ? 3 : c >= 10 ? 2 : 1;
        for (int i = k - 1; i >= 0; i--, c /= 10)
            num[i] = (char)('0' + c % 10);
        rc |= gisac_buf_puts(b, ",\"confidence\":");
        rc |= gisac_buf_puts(b, num);
    }
    size_t mark = b->len;
    rc |= gisac_buf_puts(b, ",\"labels\":[");
    rc |= put_labels(b, it, 0, &n);
    if (n == 0 && rc == 0) {
        b->len = mark; /* no labels: take the key back */
        b->data[mark] = '\0';
    } else {
        rc |= gisac_buf_putc(b, ']');
    }
    if (tlp_valid(it->tlp)) {
        rc |= gisac_buf_puts(b, ",\"object_marking_refs\":[\"");
        rc |= gisac_buf_puts(b, tlp_marks[it->tlp].id);
        rc |= gisac_buf_puts(b, "\"]");
    }
    rc |= gisac_buf_putc(b, '}');
    return rc ? GISAC_ENOMEM : 0;
}

static json_t *identity(const gisac_identity *id)
{
    if (!id)
        id = gisac_identity_legacy();
    json_t *j = json_object();
    if (!j)
        return NULL;
    char ident[GISAC_IDENTITY_ID_LEN], created[GISAC_TIME_LEN], modified[GISAC_TIME_LEN];
    gisac_identity_id(id, ident);
    gisac_time_format_ms(id->created, created);
    gisac_time_format_ms(id->modified > id->created ? id->modified : id->created, modified);
    int bad = 0;
    bad |= exp_jset(j, "type", json_string("identity"));
    bad |= exp_jset(j, "spec_version", json_string("2.1"));
    bad |= exp_jset(j, "id", json_string(ident));
    bad |= exp_jset(j, "created", json_string(created));
    bad |= exp_jset(j, "modified", json_string(modified));
    bad |= exp_jset(j, "name", exp_json_str(id->name));
    bad |= exp_jset(j, "identity_class", json_string("system"));
    if (bad) {
        json_decref(j);
        return NULL;
    }
    return j;
}

static json_t *marking(gisac_tlp t)
{
    json_t *j = json_object(), *ext = json_object(), *tlp = json_object();
    int bad = !j || !ext || !tlp;
    if (!bad) {
        bad |= exp_jset(tlp, "extension_type", json_string("property-extension"));
        bad |= exp_jset(tlp, "tlp_2_0", json_string(tlp_marks[t].level));
        bad |= exp_jset(ext, EXPORT_TLP_EXT, tlp);
        tlp = NULL;
        bad |= exp_jset(j, "type", json_string("marking-definition"));
        bad |= exp_jset(j, "spec_version", json_string("2.1"));
        bad |= exp_jset(j, "id", json_string(tlp_marks[t].id));
        bad |= exp_jset(j, "created", json_string(EXPORT_TLP_CREATED));
        bad |= exp_jset(j, "name", json_string(tlp_marks[t].name));
        bad |= exp_jset(j, "extensions", ext);
        ext = NULL;
    }
    json_decref(tlp);
    json_decref(ext);
    if (bad) {
        json_decref(j);
        return NULL;
    }
    return j;
}

static int sep(gisac_buf *objs)
{
    return objs->len ? gisac_buf_puts(objs, ",\n") : 0;
}

static int append_obj(gisac_buf *objs, json_t *j)
{
    if (!j)
        return GISAC_ENOMEM;
    int rc = 0;
    if (objs->len)
        rc = gisac_buf_puts(objs, ",\n");
    if (rc == 0)
        rc = exp_json_append(objs, j);
    json_decref(j);
    return rc;
}

/* j appended compact to out, consumed */
static int append_one(gisac_buf *out, json_t *j)
{
    if (!j)
        return GISAC_ENOMEM;
    int rc = exp_json_append(out, j);
    json_decref(j);
    return rc ? GISAC_ENOMEM : 0;
}

int export_stix_identity(const gisac_identity *id, gisac_buf *out)
{
    return append_one(out, identity(id));
}

int export_stix_marking(gisac_tlp t, gisac_buf *out)
{
    return tlp_valid(t) ? append_one(out, marking(t)) : GISAC_EINVAL;
}

int exp_stix(const exp_list *l, const export_opts *o, gisac_buf *b, gisac_err *err)
{
    gisac_buf objs = GISAC_BUF_INIT, tmp = GISAC_BUF_INIT;
    int used[TLP_RED + 1] = {0};
    for (size_t i = 0; i < l->n; i++)
        if (tlp_valid(l->v[i]->tlp))
            used[l->v[i]->tlp] = 1;

    unsigned char *own = own_ids(l);
    int rc = own ? append_obj(&objs, identity(o->identity)) : GISAC_ENOMEM;
    for (int t = TLP_CLEAR; rc == 0 && t <= TLP_RED; t++)
        if (used[t])
            rc = append_obj(&objs, marking((gisac_tlp)t));
    for (size_t i = 0; rc == 0 && i < l->n; i++) {
        rc = sep(&objs);
        if (rc == 0)
            rc = exp_stix_indicator(&objs, l->v[i], own[i], o);
    }
    free(own);

    if (rc == 0) {
        uint8_t h[32];
        char hex[65], u[GISAC_UUID_LEN];
        gisac_sha256(objs.data, objs.len, h);
        gisac_hex(h, sizeof h, hex);
        gisac_buf_reset(&tmp);
        rc = gisac_buf_printf(&tmp, "bundle:%s", hex);
        if (rc == 0) {
            exp_uuid5_str(tmp.data, u);
            rc = gisac_buf_printf(b, "{\"type\":\"bundle\",\"id\":\"bundle--%s\",\"objects\":[\n",
                                  u);
        }
        if (rc == 0)
            rc = gisac_buf_append(b, objs.data, objs.len);
        if (rc == 0)
            rc = gisac_buf_puts(b, "\n]}\n");
    }
    gisac_buf_free(&objs);
    gisac_buf_free(&tmp);
    return rc ? exp_nomem(err) : 0;
}
