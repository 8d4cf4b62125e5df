/*
 * gov_remind.c: reminders of obligations before their due date (gov.h):
 * the notification "obligation.due", one per occurrence and lead time of
 * the policy's "remind_days", recorded in the store so that it goes out
 * once whoever runs the pass and however often.
 */
#include "gov/gov_internal.h"
#include "notify/notify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Days since 1970-01-01 of "YYYY-MM-DD" (a date of the schedules, always valid). */
static int64_t day_no(const char *d)
{
    int64_t t = 0;
    gisac_time_parse(d, strlen(d), &t);
    return t / 86400;
}

typedef struct pending {
    char agency[GOV_OBLIGATION_ID_MAX], kind[32], due[GOV_DATE_LEN];
    char json[1024];
} pending;

typedef struct remind_ctx {
    pending *v;
    size_t n, cap;
} remind_ctx;

static int remind_row(void *ctx, const gov_obligation *o)
{
    remind_ctx *r = ctx;
    pending p;
    memset(&p, 0, sizeof p);
    snprintf(p.agency, sizeof p.agency, "%s", o->agency);
    snprintf(p.kind, sizeof p.kind, "%s", o->kind);
    snprintf(p.due, sizeof p.due, "%s", o->due);
    gisac_buf b = GISAC_BUF_INIT;
    int rc = gov_obligation_to_json(o, &b);
    if (rc == 0 && b.len < sizeof p.json)
        memcpy(p.json, b.data, b.len + 1);
    gisac_buf_free(&b);
    if (rc < 0)
        return -1;
    return gisac_push(&r->v, &r->n, &r->cap, sizeof p, 16, &p) < 0 ? -1 : 0;
}

/* One occurrence's reminder, days_left before its due date, in its own transaction: 1 sent, 0
 * not. */
static int remind_one(store *s, const gov_ruleset *rules, const pending *p, int64_t days_left,
                      int64_t now, gisac_err *err)
{
    int lead = 0; /* the smallest lead time reached */
    for (size_t i = 0; i < rules->nremind; i++)
        if (days_left <= rules->remind_days[i] && (!lead || rules->remind_days[i] < lead))
            lead = rules->remind_days[i];
    if (!lead)
        return 0;
    int rc = store_begin(s, err);
    if (rc < 0)
        return rc;
    int added = rc = store_obligation_reminder_add(s, p->agency, p->kind, p->due, lead, now, err);
    /* the longer lead times reached are passed: never sent after this one */
    for (size_t i = 0; rc >= 0 && added > 0 && i < rules->nremind; i++)
        if (rules->remind_days[i] > lead && days_left <= rules->remind_days[i])
            rc = store_obligation_reminder_add(s, p->agency, p->kind, p->due, rules->remind_days[i],
                                               now, err);
    if (rc >= 0 && added > 0) {
        char id[GOV_OBLIGATION_ID_MAX + 48], title[160], subject[GOV_OBLIGATION_ID_MAX + 400];
        snprintf(id, sizeof id, "%s/%s/%s", p->agency, p->kind, p->due);
        snprintf(title, sizeof title, "in %lld %s", (long long)days_left,
                 days_left == 1 ? "day" : "days");
        snprintf(subject, sizeof subject, "obligation %s due %s", id, title);
        gisac_buf pay = GISAC_BUF_INIT, about = GISAC_BUF_INIT;
        gisac_buf_printf(&pay, "{\"obligation\":%s,\"days_left\":%lld,\"lead_days\":%d}", p->json,
                         (long long)days_left, lead);
        gisac_buf_puts(&about, "{\"type\":\"obligation\",\"id\":");
        gisac_buf_json_str(&about, id);
        gisac_buf_puts(&about, ",\"title\":");
        gisac_buf_json_str(&about, title);
        gisac_buf_putc(&about, '}');
        rc = pay.data && about.data
                 ? notify_enqueue_about(s, "obligation.due", p->agency, NULL, 0, 0, subject,
                                        pay.data, about.data, now, err)
                 : gisac_err_set(err, GISAC_ENOMEM, "out of memory");
        gisac_buf_free(&pay);
        gisac_buf_free(&about);
    }
    rc = gov_tx_end(s, rc < 0 ? rc : 0, err);
    return rc < 0 ? rc : added > 0;
}

int gov_remind(store *s, const gov_env *env, int64_t now, int *sent, gisac_err *err)
{
    *sent = 0;
    const gov_ruleset *rules = env && env->rules ? env->rules : gov_ruleset_defaults();
    int most = 0;
    for (size_t i = 0; i < rules->nremind; i++)
        if (rules->remind_days[i] > most)
            most = rules->remind_days[i];
    if (!most)
        return 0;
    remind_ctx r = {NULL, 0, 0};
    gov_obligation_filter f = {.status = "due", .within = (int64_t)most * 86400};
    int rc = gov_occurrences(s, env, &f, NULL, now, remind_row, &r, err);
    if (rc < 0 && !(err && err->code))
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    gisac_tm tm;
    gisac_tz_split(env ? env->tz : NULL, now, &tm);
    char today[GOV_DATE_LEN];
    snprintf(today, sizeof today, "%04u-%02u-%02u", (unsigned)tm.year % 10000u,
             (unsigned)tm.month % 100u, (unsigned)tm.day % 100u);
    for (size_t i = 0; rc == 0 && i < r.n; i++) {
        int one = remind_one(s, rules, &r.v[i], day_no(r.v[i].due) - day_no(today), now, err);
        if (one < 0)
            rc = one;
        else
            *sent += one;
    }
    free(r.v);
    return rc < 0 ? rc : 0;
}
