/*
 * kpi.c: the key-indicator report (資安關鍵指標) of a year or a month
 * (report.h, docs/report.md): incidents, times, deadlines, intel,
 * advisories, sightings and the programme's targets, as one JSON object
 * that the HTML page (kpi_html.c) renders.
 */
#include "report/report_internal.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define DAY 86400

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

int64_t report_percentile(int64_t *v, size_t n, int q)
{
    qsort(v, n, sizeof *v, cmp_i64);
    size_t rank = ((size_t)q * n + 99) / 100; /* ceil(q n / 100) */
    if (rank < 1)
        rank = 1;
    if (rank > n)
        rank = n;
    return v[rank - 1];
}

/* Labels that mark an indicator as C2 intelligence (ASCII case-insensitive). */
static const char *const c2_labels[] = {
    "c2", "c&c", "cnc", "botnet_cc", "botnet-cc", "command-and-control", "command_and_control",
};

static int is_c2_label(const char *s)
{
    for (size_t i = 0; i < sizeof c2_labels / sizeof c2_labels[0]; i++)
        if (strlen(s) == strlen(c2_labels[i])) {
            size_t k = 0;
            while (s[k] && tolower((unsigned char)s[k]) == c2_labels[i][k])
                k++;
            if (!s[k])
                return 1;
        }
    return 0;
}

/* ASCII case-insensitive substring */
static int contains_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++) {
        size_t k = 0;
        while (k < n && hay[k] &&
               tolower((unsigned char)hay[k]) == tolower((unsigned char)needle[k]))
            k++;
        if (k == n)
            return 1;
    }
    return 0;
}

/* Titles that make an advisory a monthly intelligence report. */
static const char *const monthly_markers[] = {"月報", "monthly report"};

static int is_monthly(const char *title)
{
    for (size_t i = 0; i < sizeof monthly_markers / sizeof monthly_markers[0]; i++)
        if (title && contains_ci(title, monthly_markers[i]))
            return 1;
    return 0;
}

typedef struct kpi_ctx {
    int64_t from, to, now;
    int64_t c2_end;    /* complete days of the period up to now end here */
    int ndays;         /* days of the period */
    int64_t *sdays;    /* sightings per day of the period */
    unsigned char *c2; /* per day: C2 intel added or updated */
    int year, month;
    const gisac_tz *tz; /* local days, months and years (NULL: UTC) */
    int64_t lfrom;      /* the local day number (days since 1970-01-01) of from */
    int64_t advisories;
    int monthly[13]; /* by month of first publication */
    int oom;
} kpi_ctx;

/* The local day number of the instant t. */
static int64_t lday(const gisac_tz *tz, int64_t t)
{
    return rp_floor_div(t + gisac_tz_offset_at(tz, t), DAY);
}

/* The instant local midnight begins the local day number n. */
static int64_t lmidnight(const gisac_tz *tz, int64_t n)
{
    int y, m, d;
    rp_civil_from_days(n, &y, &m, &d);
    int64_t t = n * DAY;
    gisac_tz_local_to_utc(tz, y, m, d, 0, 0, 0, &t);
    return t;
}

static int day_index(const kpi_ctx *k, int64_t t)
{
    if (t < k->from || t >= k->to)
        return -1;
    int64_t d = lday(k->tz, t) - k->lfrom;
    return d >= 0 && d < k->ndays ? (int)d : -1;
}

static int sight_cb(void *ctx, int64_t hour, const char *agency, int64_t count)
{
    (void)agency;
    kpi_ctx *k = ctx;
    int d = day_index(k, hour);
    if (d >= 0)
        k->sdays[d] += count;
    return 0;
}

static int labelled_cb(void *ctx, int64_t created, int64_t modified, const char *labels)
{
    kpi_ctx *k = ctx;
    json_t *a = labels ? json_loads(labels, 0, NULL) : NULL;
    int c2 = 0;
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v) if (json_is_string(v) && is_c2_label(json_string_value(v))) c2 = 1;
    json_decref(a);
    if (!c2)
        return 0;
    int64_t ts[2] = {created, modified};
    for (int j = 0; j < 2; j++) {
        int d = ts[j] < k->c2_end ? day_index(k, ts[j]) : -1;
        if (d >= 0)
            k->c2[d] = 1;
    }
    return 0;
}

static int advisory_cb(void *ctx, const store_advisory *a)
{
    kpi_ctx *k = ctx;
    k->advisories++;
    if (is_monthly(a->title)) {
        int y, m, d;
        rp_civil_from_days(lday(k->tz, a->published), &y, &m, &d);
        if (y == k->year)
            k->monthly[m] = 1;
    }
    return 0;
}

/* The local date of the local day number n. */
static void day_label(int64_t n, char out[16])
{
    int y, m, d;
    rp_civil_from_days(n, &y, &m, &d);
    snprintf(out, 16, "%04d-%02d-%02d", y, m, d);
}

/* {"n", "median", "p90"} in seconds (null when n is 0). */
static json_t *times_json(int64_t *v, size_t n)
{
    if (!n)
        return json_pack("{s:i, s:n, s:n}", "n", 0, "median", "p90");
    json_int_t med = report_percentile(v, n, 50);
    json_int_t p90 = report_percentile(v, n, 90);
    return json_pack("{s:I, s:I, s:I}", "n", (json_int_t)n, "median", med, "p90", p90);
}

/* x / total in percent, rounded to one decimal (half up); null when total is 0 */
static json_t *share(int64_t x, int64_t total)
{
    if (!total)
        return json_null();
    int64_t tenths = (x * 1000 + total / 2) / total;
    return json_real((double)tenths / 10.0);
}

static json_t *target_json(const char *id, const char *label, int64_t target, int64_t value,
                           int met)
{
    return json_pack("{s:s, s:s, s:I, s:I, s:b}", "id", id, "label", label, "target",
                     (json_int_t)target, "value", (json_int_t)value, "met", met);
}

static int64_t prorate(int64_t annual, int days, int year_days)
{
    return (annual * days + year_days - 1) / year_days;
}

static int kpi_build(incident_svc *svc, const auth_principal *who, const report_period *p,
                     int64_t now, json_t **out, gisac_err *err)
{
    *out = NULL;
    if (!rp_is_staff(who))
        return gisac_err_set(err, GISAC_EFORBIDDEN, "the KPI report is for office staff");
    report_period pp = *p;
    if (pp.year == 0) {
        int y, m, d;
        rp_civil_from_days(lday(p->tz, now), &y, &m, &d);
        pp.year = y;
    }
    p = &pp;
    if (p->year < 1970 || p->year > 9999)
        return gisac_err_set(err, GISAC_EINVAL, "year %d: expected 1970 to 9999", p->year);
    if (p->month < 0 || p->month > 12)
        return gisac_err_set(err, GISAC_EINVAL, "month %d: expected 1 to 12", p->month);
    kpi_ctx k = {.year = p->year, .month = p->month, .now = now, .tz = p->tz};
    k.lfrom = rp_days_from_civil(p->year, p->month ? p->month : 1, 1);
    int64_t lto = p->month ? k.lfrom + rp_days_in_month(p->year, p->month)
                           : rp_days_from_civil(p->year + 1, 1, 1);
    k.from = lmidnight(k.tz, k.lfrom);
    k.to = lmidnight(k.tz, lto);
    char pname[16];
    if (p->month)
        snprintf(pname, sizeof pname, "%04d-%02d", p->year, p->month);
    else
        snprintf(pname, sizeof pname, "%04d", p->year);
    if (now < k.from)
        return gisac_err_set(err, GISAC_EINVAL, "the period %s has not begun", pname);
    k.ndays = (int)(lto - k.lfrom);
    int64_t ltoday = lday(k.tz, now);
    int64_t today = lmidnight(k.tz, ltoday);
    k.c2_end = today < k.to ? today : k.to;
    int year_days =
        (int)(rp_days_from_civil(p->year + 1, 1, 1) - rp_days_from_civil(p->year, 1, 1));

    k.sdays = calloc((size_t)k.ndays, sizeof *k.sdays);
    k.c2 = calloc((size_t)k.ndays, 1);
    rp_incidents inc = {0};
    rp_agencies ag = {0};
    int64_t *tv[3] = {NULL, NULL, NULL};
    int64_t *by_sec = NULL;
    json_t *o = NULL;
    int rc = 0;
    if (!k.sdays || !k.c2) {
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
        goto done;
    }
    store *s = incident_svc_store(svc);
    if ((rc = rp_agencies_load(s, &ag, err)) < 0 ||
        (rc = rp_incidents_load(svc, now, 0, k.from, k.to, &inc, err)) < 0)
        goto done;
    if ((rc = store_sighting_hours(s, k.from, k.to, sight_cb, &k, err)) < 0)
        goto done;
    int64_t released = 0;
    if ((rc = store_indicator_released(s, k.from, k.to, &released, err)) < 0)
        goto done;
    if ((rc = store_indicator_labelled(s, k.from, k.c2_end, labelled_cb, &k, err)) < 0)
        goto done;
    store_advisory_filter af = {.from = k.from, .to = k.to, .max_tlp = TLP_UNSET};
    if ((rc = store_advisory_iter(s, &af, advisory_cb, &k, err)) < 0)
        goto done;

    /* ---- incidents of the period: awareness in it, dismissed drafts apart */
    int64_t total = 0, dismissed = 0, by_level[POLICY_LEVEL_MAX + 1] = {0};
    int64_t by_cat[INCIDENT_CATEGORY_COUNT] = {0};
    int nbuckets = p->month ? k.ndays : 12;
    int64_t by_time[31] = {0};
    int64_t dl[POLICY_DL_COUNT][3] = {{0}}; /* met, breached, open */
    size_t nt[3] = {0, 0, 0};
    by_sec = calloc(ag.nsectors + 1, sizeof *by_sec); /* the last: no sector */
    if (!by_sec) {
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
        goto done;
    }
    for (int j = 0; j < 3; j++)
        if (inc.n && !(tv[j] = malloc(inc.n * sizeof *tv[j]))) {
            rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
            goto done;
        }
    for (size_t i = 0; i < inc.n; i++) {
        const rp_incident *r = &inc.v[i];
        if (r->aware_at < k.from || r->aware_at >= k.to)
            continue;
        if (r->dismissed) {
            dismissed++;
            continue;
        }
        total++;
        by_level[r->level >= 0 && r->level <= POLICY_LEVEL_MAX ? r->level : 0]++;
        for (int c = 0; c < INCIDENT_CATEGORY_COUNT; c++)
            if (strcmp(incident_category_name(c), r->category) == 0)
                by_cat[c]++;
        const char *sec = rp_sector_of(&ag, r->agency);
        size_t si = 0;
        while (si < ag.nsectors && strcmp(ag.sectors[si], sec) != 0)
            si++;
        by_sec[si]++;
        int y, m, d;
        rp_civil_from_days(lday(k.tz, r->aware_at), &y, &m, &d);
        by_time[p->month ? d - 1 : m - 1]++;
        if (r->reported_at)
            tv[0][nt[0]++] = r->reported_at - r->aware_at;
        if (r->reviewed_at) {
            int64_t from = r->review_clock ? r->review_clock : r->last_report_at;
            tv[1][nt[1]++] = r->reviewed_at - from;
        }
        if (r->recovered_at)
            tv[2][nt[2]++] = r->recovered_at - r->aware_at;
        for (int kd = 0; kd < POLICY_DL_COUNT; kd++) {
            if (r->breached & (1u << kd))
                dl[kd][1]++;
            else if (r->dl[kd] == INCIDENT_DL_MET)
                dl[kd][0]++;
            else if (r->dl[kd] == INCIDENT_DL_PENDING)
                dl[kd][2]++;
        }
    }
    json_t *sectors = json_object();
    for (size_t si = 0; si <= ag.nsectors; si++)
        if (si < ag.nsectors || by_sec[si])
            json_object_set_new(sectors, si < ag.nsectors ? ag.sectors[si] : "(none)",
                                json_integer(by_sec[si]));

    json_t *lv = json_object();
    json_object_set_new(lv, "undetermined", json_integer(by_level[0]));
    for (int l = 1; l <= POLICY_LEVEL_MAX; l++) {
        char key[4];
        snprintf(key, sizeof key, "%d", l);
        json_object_set_new(lv, key, json_integer(by_level[l]));
    }
    json_t *cats = json_object();
    for (int c = 0; c < INCIDENT_CATEGORY_COUNT; c++)
        json_object_set_new(cats, incident_category_name(c), json_integer(by_cat[c]));
    json_t *buckets = json_array();
    for (int b = 0; b < nbuckets; b++) {
        char lab[16];
        if (p->month)
            snprintf(lab, sizeof lab, "%04d-%02d-%02d", p->year, p->month, b + 1);
        else
            snprintf(lab, sizeof lab, "%04d-%02d", p->year, b + 1);
        json_array_append_new(
            buckets, json_pack("{s:s, s:I}", "label", lab, "count", (json_int_t)by_time[b]));
    }
    json_t *incidents = json_pack(
        "{s:I, s:I, s:o, s:o, s:o, s:{s:s, s:o}}", "total", (json_int_t)total, "dismissed_drafts",
        (json_int_t)dismissed, "by_level", lv, "by_sector", sectors, "by_category", cats, "by_time",
        "unit", p->month ? "day" : "month", "buckets", buckets);

    json_t *times = json_pack("{s:o, s:o, s:o}", "to_report", times_json(tv[0], nt[0]), "to_review",
                              times_json(tv[1], nt[1]), "to_recover", times_json(tv[2], nt[2]));
    json_t *dls = json_object();
    int64_t own[2][3] = {{0}}; /* agency, reviewer: met, breached, open */
    for (int kd = 0; kd < POLICY_DL_COUNT; kd++) {
        int64_t t = dl[kd][0] + dl[kd][1] + dl[kd][2];
        const char *owner = incident_deadline_owner_name((policy_deadline)kd);
        int ro = strcmp(owner, "reviewer") == 0;
        for (int j = 0; j < 3; j++)
            own[ro][j] += dl[kd][j];
        json_object_set_new(dls, policy_deadline_name((policy_deadline)kd),
                            json_pack("{s:s, s:I, s:I, s:I, s:o, s:o, s:o}", "owner", owner, "met",
                                      (json_int_t)dl[kd][0], "breached", (json_int_t)dl[kd][1],
                                      "open", (json_int_t)dl[kd][2], "met_share",
                                      share(dl[kd][0], t), "breached_share", share(dl[kd][1], t),
                                      "open_share", share(dl[kd][2], t)));
    }
    /* the same, summed by who owes them (the agency; the reviewer) */
    json_t *by_owner = json_object();
    for (int ro = 0; ro < 2; ro++)
        json_object_set_new(by_owner, ro ? "reviewer" : "agency",
                            json_pack("{s:I, s:I, s:I}", "met", (json_int_t)own[ro][0], "breached",
                                      (json_int_t)own[ro][1], "open", (json_int_t)own[ro][2]));

    /* ---- intel: C2 every complete day up to now */
    int days_due = (int)((ltoday < lto ? ltoday : lto) - k.lfrom), days_covered = 0;
    if (days_due < 0)
        days_due = 0;
    json_t *c2missing = json_array();
    for (int d = 0; d < days_due; d++) {
        if (k.c2[d]) {
            days_covered++;
        } else {
            char lab[16];
            day_label(k.lfrom + d, lab);
            json_array_append_new(c2missing, json_string(lab));
        }
    }
    json_t *intel =
        json_pack("{s:I, s:{s:i, s:i, s:o}}", "released", (json_int_t)released, "c2_days", "due",
                  days_due, "covered", days_covered, "missing", c2missing);

    /* ---- advisories: a monthly report in every complete month */
    int m_first = p->month ? p->month : 1, m_last = p->month ? p->month : 12;
    int months_due = 0, months_covered = 0;
    json_t *mmissing = json_array();
    for (int m = m_first; m <= m_last; m++) {
        int64_t end = lmidnight(k.tz, m == 12 ? rp_days_from_civil(p->year + 1, 1, 1)
                                              : rp_days_from_civil(p->year, m + 1, 1));
        if (end > now)
            break;
        months_due++;
        if (k.monthly[m]) {
            months_covered++;
        } else {
            char lab[16];
            snprintf(lab, sizeof lab, "%04d-%02d", p->year, m);
            json_array_append_new(mmissing, json_string(lab));
        }
    }
    json_t *adv = json_pack("{s:I, s:{s:i, s:i, s:o}}", "published", (json_int_t)k.advisories,
                            "monthly_reports", "due", months_due, "covered", months_covered,
                            "missing", mmissing);

    /* ---- sightings per day */
    int64_t stotal = 0;
    json_t *sdays = json_array();
    for (int d = 0; d < k.ndays; d++) {
        char lab[16];
        day_label(k.lfrom + d, lab);
        stotal += k.sdays[d];
        json_array_append_new(sdays,
                              json_pack("{s:s, s:I}", "day", lab, "count", (json_int_t)k.sdays[d]));
    }
    json_t *sight = json_pack("{s:I, s:o}", "total", (json_int_t)stotal, "by_day", sdays);

    /* ---- monitoring notices: opened in the period, answered within their own
     * deadline (not a legal one) or late, and still open */
    store_alert_period ap;
    if ((rc = store_alert_period_counts(s, k.from, k.to, now, &ap, err)) < 0)
        goto done;
    int64_t answered = ap.answered_in_time + ap.answered_late;
    json_t *alerts =
        json_pack("{s:I, s:I, s:I, s:I, s:I, s:o}", "opened", (json_int_t)ap.opened,
                  "answered_in_time", (json_int_t)ap.answered_in_time, "answered_late",
                  (json_int_t)ap.answered_late, "open", (json_int_t)ap.open, "overdue",
                  (json_int_t)ap.overdue, "in_time_share", share(ap.answered_in_time, answered));

    /* ---- targets */
    int pdays = k.ndays;
    int64_t t_rel =
        p->month ? prorate(REPORT_TARGET_RELEASES, pdays, year_days) : REPORT_TARGET_RELEASES;
    int64_t t_adv =
        p->month ? prorate(REPORT_TARGET_ADVISORIES, pdays, year_days) : REPORT_TARGET_ADVISORIES;
    json_t *targets = json_array();
    json_array_append_new(targets, target_json("intel_releases", "情資分享 Intel releases", t_rel,
                                               released, released >= t_rel));
    json_array_append_new(targets, target_json("advisories", "資安警訊 Advisories", t_adv,
                                               k.advisories, k.advisories >= t_adv));
    json_array_append_new(targets, target_json("c2_daily", "每日 C2 情資 C2 intelligence every day",
                                               days_due, days_covered, days_covered == days_due));
    json_array_append_new(targets,
                          target_json("monthly_report", "情資月報 Monthly intelligence report",
                                      months_due, months_covered, months_covered == months_due));

    char ts[GISAC_TIME_LEN], tf[GISAC_TIME_LEN], tt[GISAC_TIME_LEN];
    gisac_time_format(now, ts);
    gisac_time_format(k.from, tf);
    gisac_time_format(k.to, tt);
    json_t *period = json_pack("{s:s, s:i, s:o, s:s, s:s, s:s, s:i, s:b}", "name", pname, "year",
                               p->year, "month", p->month ? json_integer(p->month) : json_null(),
                               "time_zone", gisac_tz_name(k.tz), "from", tf, "to", tt, "days",
                               k.ndays, "complete", now >= k.to);
    o = json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "scheme", "gisac",
                  "generated", ts, "period", period, "incidents", incidents, "times", times,
                  "deadlines", dls, "deadlines_by_owner", by_owner, "intel", intel, "advisories",
                  adv, "sightings", sight, "targets", targets, "alerts", alerts);
    if (o && p->governance) {
        json_t *g = json_loads(p->governance, 0, NULL);
        if (!g || json_object_set_new(o, "governance", g) != 0)
            json_decref(o), o = NULL;
    }
    if (!o)
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
done:
    for (int j = 0; j < 3; j++)
        free(tv[j]);
    free(by_sec);
    free(k.sdays);
    free(k.c2);
    rp_incidents_free(&inc);
    rp_agencies_free(&ag);
    if (rc == 0)
        *out = o;
    else
        json_decref(o);
    return rc;
}

int report_kpi_json(incident_svc *svc, const auth_principal *who, const report_period *p,
                    int64_t now, int pretty, gisac_buf *out, gisac_err *err)
{
    json_t *o;
    int rc = kpi_build(svc, who, p, now, &o, err);
    return rc < 0 ? rc : rp_json_line(o, pretty, out, err);
}

int report_kpi_html(incident_svc *svc, const auth_principal *who, const report_period *p,
                    int64_t now, gisac_buf *out, gisac_err *err)
{
    json_t *o;
    int rc = kpi_build(svc, who, p, now, &o, err);
    return rc < 0 ? rc : rp_render(o, rp_kpi_html_render, out, err);
}
