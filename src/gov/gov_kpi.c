/*
 * gov_kpi.c: the governance figures of the alert light and the KPI report
 * (gov.h): overdue occurrences by sector, obligations met by grade and
 * kind, findings opened and fixed with the median time to fix, and the
 * compliance share of the latest SCAP scans.
 */
#include "gov/gov_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- overdue occurrences ---- */

static int overdue_row(void *ctx, const gov_obligation *o)
{
    gov_overdue *d = ctx;
    const char *sec = o->sector ? o->sector : "";
    d->total++;
    size_t i = 0;
    while (i < d->n && strcmp(d->sector[i], sec) != 0)
        i++;
    if (i == d->n) {
        char **sv = realloc(d->sector, (d->n + 1) * sizeof *sv);
        if (sv)
            d->sector = sv;
        int64_t *cv = sv ? realloc(d->count, (d->n + 1) * sizeof *cv) : NULL;
        if (cv)
            d->count = cv;
        if (!sv || !cv || !(d->sector[d->n] = strdup(sec)))
            return -1;
        d->count[d->n++] = 0;
    }
    d->count[i]++;
    return 0;
}

int gov_overdue_count(store *s, const gov_env *env, int64_t now, gov_overdue *out, gisac_err *err)
{
    memset(out, 0, sizeof *out);
    gov_obligation_filter f = {.status = "overdue"};
    int rc = gov_occurrences(s, env, &f, NULL, now, overdue_row, out, err);
    if (rc < 0) {
        gov_overdue_free(out);
        return err && err->code ? rc : gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    }
    return 0;
}

void gov_overdue_free(gov_overdue *o)
{
    for (size_t i = 0; o && i < o->n; i++)
        free(o->sector[i]);
    if (o) {
        free(o->sector);
        free(o->count);
        memset(o, 0, sizeof *o);
    }
}

/* ---- the KPI report ---- */

#define NGRADES 5

typedef struct tally {
    int64_t due, met, late, missed;
} tally;

typedef struct kpi {
    const gisac_tz *tz;
    char first[GOV_DATE_LEN], last[GOV_DATE_LEN];
    tally all, grade[NGRADES];
    char kinds[32][48];
    tally kind[32];
    size_t nkinds;
    int64_t opened, fixed, *fix_seconds;
    size_t nfix, capfix;
    int64_t from, to;
} kpi;

static void count(tally *t, const gov_obligation *o, const char *done_day)
{
    t->due++;
    if (!o->done_at)
        t->missed++;
    else if (strcmp(done_day, o->due) <= 0)
        t->met++;
    else
        t->late++;
}

static int kpi_row(void *ctx, const gov_obligation *o)
{
    kpi *k = ctx;
    /* due in the period, and either done or past its due date */
    if (strcmp(o->due, k->first) < 0 || strcmp(o->due, k->last) > 0 ||
        strcmp(o->status, "due") == 0)
        return 0;
    char day[GOV_DATE_LEN] = "";
    if (o->done_at) {
        gisac_tm tm;
        gisac_tz_split(k->tz, o->done_at, &tm);
        snprintf(day, sizeof day, "%04u-%02u-%02u", (unsigned)tm.year % 10000u,
                 (unsigned)tm.month % 100u, (unsigned)tm.day % 100u);
    }
    count(&k->all, o, day);
    if (o->grade >= 'A' && o->grade <= 'E')
        count(&k->grade[o->grade - 'A'], o, day);
    size_t i = 0;
    while (i < k->nkinds && strcmp(k->kinds[i], o->kind) != 0)
        i++;
    if (i == k->nkinds) {
        if (k->nkinds == sizeof k->kinds / sizeof k->kinds[0])
            return 0;
        snprintf(k->kinds[k->nkinds++], sizeof k->kinds[0], "%s", o->kind);
    }
    count(&k->kind[i], o, day);
    return 0;
}

static int finding_row(void *ctx, const store_finding *r)
{
    kpi *k = ctx;
    if (r->opened >= k->from && r->opened < k->to)
        k->opened++;
    if (strcmp(r->status, "fixed") == 0 && r->closed >= k->from && r->closed < k->to) {
        k->fixed++;
        int64_t d = r->closed - r->opened;
        if (gisac_push(&k->fix_seconds, &k->nfix, &k->capfix, sizeof d, 16, &d) < 0)
            return -1;
    }
    return 0;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* ",\"name\":{\"due\":..,\"met\":..,\"late\":..,\"missed\":..,\"share\":..}" */
static void put_tally(gisac_buf *b, const char *name, const tally *t)
{
    gisac_buf_json_str(b, name);
    gisac_buf_printf(b, ":{\"due\":%lld,\"met\":%lld,\"late\":%lld,\"missed\":%lld,\"met_share\":",
                     (long long)t->due, (long long)t->met, (long long)t->late,
                     (long long)t->missed);
    if (t->due) {
        int64_t m = (t->met * 1000 + t->due / 2) / t->due;
        gisac_buf_printf(b, "%lld.%03lld}", (long long)(m / 1000), (long long)(m % 1000));
    } else {
        gisac_buf_puts(b, "null}");
    }
}

typedef struct gcb_sum {
    int64_t pass, fail, other, scans;
} gcb_sum;

static int gcb_row(void *ctx, const char *key, int64_t pass, int64_t fail, int64_t other,
                   int64_t scans)
{
    (void)key;
    gcb_sum *g = ctx;
    g->pass += pass;
    g->fail += fail;
    g->other += other;
    g->scans += scans;
    return 0;
}

static int local_midnight(const gisac_tz *tz, int y, int m, int d, int64_t *out)
{
    *out = 0;
    return gisac_tz_local_to_utc(tz, y, m, d, 0, 0, 0, out);
}

int gov_kpi_json(store *s, const gov_env *env, const auth_principal *who, int year, int month,
                 int64_t now, gisac_buf *out, gisac_err *err)
{
    if (!who || (who->role != AUTH_ROLE_ADMIN && who->role != AUTH_ROLE_ANALYST))
        return gisac_err_set(err, GISAC_EFORBIDDEN, "the KPI report is for the office's staff");
    kpi k;
    memset(&k, 0, sizeof k);
    k.tz = env ? env->tz : NULL;
    int m0 = month ? month : 1, m1 = month ? month : 12;
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int last = mdays[m1 - 1] + (m1 == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0));
    snprintf(k.first, sizeof k.first, "%04u-%02u-01", (unsigned)year % 10000u, (unsigned)m0 % 100u);
    snprintf(k.last, sizeof k.last, "%04u-%02u-%02u", (unsigned)year % 10000u, (unsigned)m1 % 100u,
             (unsigned)last % 100u);
    local_midnight(k.tz, year, m0, 1, &k.from);
    if (m1 == 12)
        local_midnight(k.tz, year + 1, 1, 1, &k.to);
    else
        local_midnight(k.tz, year, m1 + 1, 1, &k.to);
    gov_obligation_filter f = {.year = year};
    int rc = gov_occurrences(s, env, &f, NULL, now, kpi_row, &k, err);
    if (rc == 0)
        rc = store_finding_list(s, 0, NULL, NULL, NULL, finding_row, &k, err);
    gcb_sum g = {0, 0, 0, 0};
    if (rc == 0)
        rc = store_scap_shares(s, "agency", NULL, NULL, gcb_row, &g, err);
    if (rc < 0) {
        free(k.fix_seconds);
        return err && err->code ? rc : gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    }
    gisac_buf_puts(out, "{\"obligations\":{");
    put_tally(out, "all", &k.all);
    gisac_buf_puts(out, ",\"by_grade\":{");
    int sep = 0;
    for (int i = 0; i < NGRADES; i++) {
        if (!k.grade[i].due)
            continue;
        char name[2] = {(char)('A' + i), 0};
        if (sep++)
            gisac_buf_putc(out, ',');
        put_tally(out, name, &k.grade[i]);
    }
    gisac_buf_puts(out, "},\"by_kind\":{");
    for (size_t i = 0; i < k.nkinds; i++) {
        if (i)
            gisac_buf_putc(out, ',');
        put_tally(out, k.kinds[i], &k.kind[i]);
    }
    gisac_buf_printf(out, "}},\"findings\":{\"opened\":%lld,\"fixed\":%lld,\"median_days_to_fix\":",
                     (long long)k.opened, (long long)k.fixed);
    if (k.nfix) {
        qsort(k.fix_seconds, k.nfix, sizeof *k.fix_seconds, cmp_i64);
        /* the median in tenths of a day, rounded */
        int64_t a = k.fix_seconds[(k.nfix - 1) / 2], b = k.fix_seconds[k.nfix / 2];
        int64_t tenths = ((a + b) * 10 + 86400) / (2 * 86400);
        gisac_buf_printf(out, "%lld.%lld", (long long)(tenths / 10), (long long)(tenths % 10));
    } else {
        gisac_buf_puts(out, "null");
    }
    free(k.fix_seconds);
    gisac_buf_printf(out,
                     "},\"gcb\":{\"scans\":%lld,\"pass\":%lld,\"fail\":%lld,\"other\":%lld,"
                     "\"compliance_share\":",
                     (long long)g.scans, (long long)g.pass, (long long)g.fail, (long long)g.other);
    if (g.pass + g.fail) {
        int64_t m = (g.pass * 1000 + (g.pass + g.fail) / 2) / (g.pass + g.fail);
        gisac_buf_printf(out, "%lld.%03lld", (long long)(m / 1000), (long long)(m % 1000));
    } else {
        gisac_buf_puts(out, "null");
    }
    return gisac_buf_puts(out, "}}") < 0 ? gisac_err_set(err, GISAC_ENOMEM, "out of memory") : 0;
}
