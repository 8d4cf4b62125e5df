/* report_common.c: what the alert light and the KPI report both read (report_internal.h). */
#include "report/report_internal.h"

#include <stdlib.h>
#include <string.h>

int rp_is_staff(const auth_principal *who)
{
    return who && (who->role == AUTH_ROLE_ADMIN || who->role == AUTH_ROLE_ANALYST);
}

auth_principal rp_system(void)
{
    auth_principal p = {0, "system", AUTH_ROLE_ADMIN, NULL};
    return p;
}

/* ---- incidents -------------------------------------------------------------- */

typedef struct load_ctx {
    rp_incidents *d;
    int oom;
} load_ctx;

void rp_incident_of(const incident *inc, rp_incident *r)
{
    memset(r, 0, sizeof *r);
    snprintf(r->id, sizeof r->id, "%s", inc->id);
    snprintf(r->agency, sizeof r->agency, "%s", inc->agency);
    snprintf(r->category, sizeof r->category, "%s", inc->category);
    r->level = inc->level;
    r->status = inc->status;
    r->open = inc->status != INCIDENT_CLOSED;
    r->dismissed = inc->status == INCIDENT_CLOSED && inc->reported_at == 0;
    r->aware_at = inc->aware_at;
    r->reported_at = inc->reported_at;
    r->review_clock = inc->review_clock;
    r->last_report_at = inc->last_report_at;
    r->reviewed_at = inc->reviewed_at;
    r->recovered_at = inc->recovered_at;
    for (int k = 0; k < POLICY_DL_COUNT; k++) {
        r->dl[k] = inc->deadlines[k].state;
        if (r->dl[k] == INCIDENT_DL_OVERDUE || r->dl[k] == INCIDENT_DL_LATE)
            r->breached |= 1u << k;
    }
}

static int collect_cb(void *ctx, const incident *inc)
{
    load_ctx *c = ctx;
    rp_incidents *d = c->d;
    rp_incident r;
    rp_incident_of(inc, &r);
    return gisac_push_or_stop(&d->v, &d->n, &d->cap, sizeof r, 64, &r, &c->oom);
}

static int cmp_id(const void *a, const void *b)
{
    return strcmp(((const rp_incident *)a)->id, ((const rp_incident *)b)->id);
}

static int breach_cb(void *ctx, const incident_breach *b)
{
    rp_incidents *d = ctx;
    rp_incident key;
    snprintf(key.id, sizeof key.id, "%s", b->id ? b->id : "");
    rp_incident *r = bsearch(&key, d->v, d->n, sizeof *d->v, cmp_id);
    if (r && (int)b->kind >= 0 && b->kind < POLICY_DL_COUNT)
        r->breached |= 1u << b->kind;
    return 0;
}

int rp_incidents_load(incident_svc *svc, int64_t now, int open_only, int64_t aware_from,
                      int64_t aware_to, rp_incidents *out, gisac_err *err)
{
    memset(out, 0, sizeof *out);
    auth_principal sys = rp_system();
    incident_filter f = {
        .open_only = open_only, .aware_from = aware_from, .aware_to = aware_to, .brief = 1};
    load_ctx c = {out, 0};
    int rc = incident_list(svc, &sys, &f, now, collect_cb, &c, err);
    if (rc == 0 && c.oom)
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    if (rc == 0 && out->n) {
        /* ids sort as they are numbered within a year: INC-YYYY-NNNNNN */
        qsort(out->v, out->n, sizeof *out->v, cmp_id);
        rc = incident_breaches(svc, &sys, NULL, breach_cb, out, err);
    }
    if (rc < 0)
        rp_incidents_free(out);
    return rc;
}

void rp_incidents_free(rp_incidents *d)
{
    free(d->v);
    memset(d, 0, sizeof *d);
}

/* ---- agencies --------------------------------------------------------------- */

typedef struct ag_ctx {
    rp_agencies *a;
    int oom;
} ag_ctx;

static int agency_cb(void *ctx, const store_agency *ag)
{
    ag_ctx *c = ctx;
    rp_agencies *a = c->a;
    rp_agency r = {strdup(ag->id), strdup(ag->sector ? ag->sector : "")};
    if (!r.id || !r.sector || gisac_push(&a->v, &a->n, &a->cap, sizeof *a->v, 32, &r) < 0) {
        free(r.id);
        free(r.sector);
        c->oom = 1;
        return 1;
    }
    return 0;
}

static int cmp_agency(const void *x, const void *y)
{
    return strcmp(((const rp_agency *)x)->id, ((const rp_agency *)y)->id);
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

int rp_agencies_load(store *s, rp_agencies *out, gisac_err *err)
{
    memset(out, 0, sizeof *out);
    ag_ctx c = {out, 0};
    int rc = store_agency_iter(s, agency_cb, &c, err);
    if (rc == 0 && c.oom)
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    if (rc == 0 && out->n) {
        qsort(out->v, out->n, sizeof *out->v, cmp_agency);
        out->sectors = malloc(out->n * sizeof *out->sectors);
        if (!out->sectors) {
            rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
        } else {
            for (size_t i = 0; i < out->n; i++)
                if (out->v[i].sector[0])
                    out->sectors[out->nsectors++] = out->v[i].sector;
            qsort(out->sectors, out->nsectors, sizeof *out->sectors, cmp_str);
            size_t k = 0;
            for (size_t i = 0; i < out->nsectors; i++)
                if (k == 0 || strcmp(out->sectors[k - 1], out->sectors[i]) != 0)
                    out->sectors[k++] = out->sectors[i];
            out->nsectors = k;
        }
    }
    if (rc < 0)
        rp_agencies_free(out);
    return rc;
}

void rp_agencies_free(rp_agencies *a)
{
    for (size_t i = 0; i < a->n; i++) {
        free(a->v[i].id);
        free(a->v[i].sector);
    }
    free(a->v);
    free(a->sectors); /* points into v */
    memset(a, 0, sizeof *a);
}

const char *rp_sector_of(const rp_agencies *a, const char *id)
{
    if (!id || !a->n)
        return "";
    rp_agency key = {(char *)id, NULL};
    const rp_agency *r = bsearch(&key, a->v, a->n, sizeof *a->v, cmp_agency);
    return r ? r->sector : "";
}

/* ---- calendar --------------------------------------------------------------- */

int64_t rp_floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

/* H. Hinnant's days_from_civil: days since 1970-01-01. */
int64_t rp_days_from_civil(int y, int m, int d)
{
    int64_t yy = m <= 2 ? (int64_t)y - 1 : y;
    int64_t era = rp_floor_div(yy, 400);
    int64_t yoe = yy - era * 400;
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void rp_civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = rp_floor_div(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t yy = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(*m <= 2 ? yy + 1 : yy);
}

int rp_days_in_month(int y, int m)
{
    int64_t a = rp_days_from_civil(y, m, 1);
    int64_t b = m == 12 ? rp_days_from_civil(y + 1, 1, 1) : rp_days_from_civil(y, m + 1, 1);
    return (int)(b - a);
}

/* ---- JSON ------------------------------------------------------------------- */

static int is_flat(const json_t *v)
{
    size_t i;
    const char *k;
    json_t *c;
    if (json_is_array(v)) {
        json_array_foreach(v, i, c) if (json_is_array(c) || json_is_object(c)) return 0;
    } else if (json_is_object(v)) {
        json_object_foreach((json_t *)v, k, c) if (json_is_array(c) || json_is_object(c)) return 0;
    }
    return 1;
}

static int put_scalar(gisac_buf *b, const json_t *v)
{
    char *t = json_dumps(v, JSON_ENCODE_ANY | JSON_REAL_PRECISION(15));
    if (!t)
        return -1;
    int bad = gisac_buf_puts(b, t);
    free(t);
    return bad;
}

static int put_key(gisac_buf *b, const char *k)
{
    return gisac_buf_json_str(b, k) | gisac_buf_puts(b, ": ");
}

/* Indented, but containers of scalars on one line: {"a": 1, "b": 2}. */
static int put_pretty(gisac_buf *b, const json_t *v, int indent)
{
    size_t i;
    const char *k;
    json_t *c;
    int bad = 0;
    int arr = json_is_array(v);
    if (!arr && !json_is_object(v))
        return put_scalar(b, v);
    size_t n = arr ? json_array_size(v) : json_object_size(v);
    if (n == 0)
        return gisac_buf_puts(b, arr ? "[]" : "{}");
    if (is_flat(v)) {
        bad |= gisac_buf_putc(b, arr ? '[' : '{');
        size_t j = 0;
        if (arr) {
            json_array_foreach(v, i, c) bad |=
                (j++ ? gisac_buf_puts(b, ", ") : 0) | put_scalar(b, c);
        } else {
            json_object_foreach((json_t *)v, k, c) bad |=
                (j++ ? gisac_buf_puts(b, ", ") : 0) | put_key(b, k) | put_scalar(b, c);
        }
        return bad | gisac_buf_putc(b, arr ? ']' : '}');
    }
    bad |= gisac_buf_puts(b, arr ? "[\n" : "{\n");
    size_t j = 0;
    if (arr) {
        json_array_foreach(v, i, c)
        {
            bad |= gisac_buf_printf(b, "%s%*s", j++ ? ",\n" : "", indent + 2, "");
            bad |= put_pretty(b, c, indent + 2);
        }
    } else {
        json_object_foreach((json_t *)v, k, c)
        {
            bad |= gisac_buf_printf(b, "%s%*s", j++ ? ",\n" : "", indent + 2, "");
            bad |= put_key(b, k) | put_pretty(b, c, indent + 2);
        }
    }
    return bad | gisac_buf_printf(b, "\n%*s%c", indent, "", arr ? ']' : '}');
}

int rp_json_dump(const json_t *o, int pretty, gisac_buf *out, gisac_err *err)
{
    if (pretty) {
        if (!o || put_pretty(out, o, 0))
            return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
        return 0;
    }
    char *t =
        o ? json_dumps(o, JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15) | JSON_COMPACT) : NULL;
    if (!t)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    int bad = gisac_buf_puts(out, t);
    free(t);
    return bad ? gisac_err_set(err, GISAC_ENOMEM, "out of memory") : 0;
}

int rp_render(json_t *o, int (*render)(const json_t *, gisac_buf *, gisac_err *), gisac_buf *out,
              gisac_err *err)
{
    int rc = render(o, out, err);
    json_decref(o);
    return rc;
}

int rp_json_line(json_t *o, int pretty, gisac_buf *out, gisac_err *err)
{
    int rc = rp_json_dump(o, pretty, out, err);
    if (rc == 0 && gisac_buf_putc(out, '\n') < 0)
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    json_decref(o);
    return rc;
}
