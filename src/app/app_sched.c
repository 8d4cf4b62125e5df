/*
 * app_sched.c: the scheduler (docs/serve.md, "The scheduler").
 *
 * One thread, started with the server and stopped (and joined) before the
 * server closes its handles. Every tick it records the incident deadlines
 * passed since the last look (incident_check_breaches: breaches, at-risk
 * warnings and their events) and sends the notifications that are due
 * (notify_deliver_due, which leases its deliveries, so several servers or
 * a `gisac notify deliver` beside it never send one twice at once). It
 * works on its own clone of the server's handle, as the actor
 * "server:scheduler". Before the deliveries it queues the reminders of
 * obligations due soon (app_gov_remind). After those it fetches the feed sources that are
 * due (app_feed_fetch_due; docs/feed-sources.md), each logged as
 * {"time","scheduler":"feed_fetch","source",...}. Every APP_SCHED_CHECKPOINT_EVERY seconds and at
 * its stop it writes a signed checkpoint of the audit chain when the chain has moved since the last
 * one (docs/audit.md). A failure is logged (one JSON line) and retried at the next tick; it never
 * stops the server.
 */
#include "app/app_internal.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* One JSON line to the log: {"time","scheduler":what,...}. */
static void sched_log(app_log_fn log, void *ctx, const char *what, const char *error, int breaches,
                      const notify_pass *p)
{
    if (!log)
        return;
    char ts[GISAC_TIME_LEN];
    gisac_time_format(gisac_now(), ts);
    gisac_buf b = GISAC_BUF_INIT;
    int rc = gisac_buf_printf(&b, "{\"time\":\"%s\",\"scheduler\":", ts);
    rc |= gisac_buf_json_str(&b, what);
    if (error) {
        rc |= gisac_buf_puts(&b, ",\"error\":");
        rc |= gisac_buf_json_str(&b, error);
    }
    if (breaches > 0)
        rc |= gisac_buf_printf(&b, ",\"breaches\":%d", breaches);
    if (p)
        rc |= gisac_buf_printf(&b, ",\"due\":%zu,\"sent\":%zu,\"retrying\":%zu,\"failed\":%zu",
                               p->due, p->sent, p->retrying, p->failed);
    rc |= gisac_buf_putc(&b, '}');
    if (rc == 0)
        log(ctx, b.data);
    gisac_buf_free(&b);
}

/* A checkpoint of the audit chain, when it moved; logged as
 * {"time","scheduler":"audit_checkpoint",...}. */
static void checkpoint(app *a, app_log_fn log, void *ctx)
{
    gisac_err err = GISAC_ERR_INIT;
    auth_principal who = app_operator(a);
    audit_checkpoint c;
    int written = 0;
    int rc = app_audit_checkpoint(a, &who, 1, &c, &written, &err);
    if (!log || (rc == 0 && !written))
        return;
    char ts[GISAC_TIME_LEN];
    gisac_time_format(gisac_now(), ts);
    gisac_buf b = GISAC_BUF_INIT;
    int bad = gisac_buf_printf(&b, "{\"time\":\"%s\",\"scheduler\":\"audit_checkpoint\",", ts);
    if (rc < 0) {
        bad |= gisac_buf_puts(&b, "\"error\":");
        bad |= gisac_buf_json_str(&b, err.msg);
    } else {
        bad |= gisac_buf_printf(&b, "\"seq\":%lld,\"hash\":\"%s\"", (long long)c.seq, c.hash);
    }
    bad |= gisac_buf_putc(&b, '}');
    if (!bad)
        log(ctx, b.data);
    gisac_buf_free(&b);
}

typedef struct feed_log {
    app_log_fn log;
    void *ctx;
    struct app_sched *s;
} feed_log;

/* One line per fetch: {"time","scheduler":"feed_fetch","source":..,<app_feed_result_to_json>}. */
static void feed_done(void *ctx, const char *name, const intel_feed_result *r)
{
    feed_log *l = ctx;
    if (!l->log)
        return;
    char ts[GISAC_TIME_LEN];
    gisac_time_format(gisac_now(), ts);
    gisac_buf res = GISAC_BUF_INIT, b = GISAC_BUF_INIT;
    int rc = app_feed_result_to_json(name, r, &res);
    rc |= gisac_buf_printf(&b, "{\"time\":\"%s\",\"scheduler\":\"feed_fetch\",\"source\":", ts);
    /* the result's members after its own "name" */
    const char *rest = rc == 0 ? strchr(res.data, ',') : NULL;
    rc |= gisac_buf_json_str(&b, name);
    if (rest)
        rc |= gisac_buf_puts(&b, rest);
    else
        rc = -1;
    if (rc == 0)
        l->log(l->ctx, b.data);
    gisac_buf_free(&res);
    gisac_buf_free(&b);
}

static int stopping(struct app_sched *s);

static int feed_stop(void *ctx)
{
    return stopping(((feed_log *)ctx)->s);
}

struct app_sched {
    app *a; /* the scheduler's own handle */
    unsigned tick;
    app_log_fn log;
    void *log_ctx;
    pthread_t th;
    pthread_mutex_t mu;
    pthread_cond_t cv; /* on CLOCK_MONOTONIC */
    int stop;
};

static int stopping(app_sched *s)
{
    if (!s)
        return 0;
    pthread_mutex_lock(&s->mu);
    int stop = s->stop;
    pthread_mutex_unlock(&s->mu);
    return stop;
}

/* The pass; s (may be NULL) is asked between deliveries whether to stop. */
static int tick(app *a, int64_t now, app_tick_result *out, app_log_fn log, void *log_ctx,
                app_sched *s, gisac_err *err)
{
    memset(out, 0, sizeof *out);
    int first = 0;
    gisac_err e = GISAC_ERR_INIT;
    incident_svc *svc = app_incident_h(a, &e);
    if (!svc || incident_check_breaches(svc, now, &out->breaches, &e) < 0) {
        sched_log(log, log_ctx, "incident_check_breaches", e.msg, 0, NULL);
        first = e.code ? e.code : GISAC_ESTORE;
        *err = e;
    } else if (out->breaches > 0) {
        sched_log(log, log_ctx, "incident_check_breaches", NULL, out->breaches, NULL);
    }
    /* the audit summaries of failed logins whose window has ended */
    gisac_err_clear(&e);
    auth *au = app_auth_h(a, &e);
    if (!au || auth_guard_flush(au, now, &e) < 0) {
        sched_log(log, log_ctx, "auth_guard_flush", e.msg, 0, NULL);
        if (!first) {
            first = e.code ? e.code : GISAC_ESTORE;
            *err = e;
        }
    }
    /* the reminders of obligations due soon, queued before the deliveries */
    gisac_err_clear(&e);
    int reminded = 0;
    if (app_gov_remind(a, now, &reminded, &e) < 0) {
        sched_log(log, log_ctx, "obligation_remind", e.msg, 0, NULL);
        if (!first) {
            first = e.code ? e.code : GISAC_ESTORE;
            *err = e;
        }
    }
    /* one delivery at a time, so that a stop waits for one webhook or e-mail at most */
    notify_opts o = {0, 0, 1, {NULL, NULL, NULL}};
    app_notify_view(a, &o.view);
    for (int i = 0; i < APP_SCHED_MAX_SENDS && !stopping(s); i++) {
        notify_pass p;
        memset(&p, 0, sizeof p);
        gisac_err_clear(&e);
        if (notify_deliver_due(a->st, now, &o, &p, &e) < 0) {
            sched_log(log, log_ctx, "notify_deliver_due", e.msg, 0, NULL);
            if (!first) {
                first = e.code ? e.code : GISAC_ESTORE;
                *err = e;
            }
            break;
        }
        if (!p.due)
            break;
        out->notify.due += p.due;
        out->notify.sent += p.sent;
        out->notify.retrying += p.retrying;
        out->notify.failed += p.failed;
    }
    if (out->notify.due > 0)
        sched_log(log, log_ctx, "notify_deliver_due", NULL, 0, &out->notify);
    /* the feed sources that are due, one after the other */
    gisac_err_clear(&e);
    feed_log fl = {log, log_ctx, s};
    int nf = stopping(s) ? 0 : app_feed_fetch_due(a, now, feed_done, feed_stop, &fl, &e);
    if (nf < 0) {
        sched_log(log, log_ctx, "feed_fetch", e.msg, 0, NULL);
        if (!first) {
            first = e.code ? e.code : GISAC_ESTORE;
            *err = e;
        }
    } else {
        out->feeds = nf;
    }
    return first;
}

int app_tick(app *a, int64_t now, app_tick_result *out, app_log_fn log, void *log_ctx,
             gisac_err *err)
{
    gisac_err e = GISAC_ERR_INIT;
    int rc = tick(a, now, out, log, log_ctx, NULL, &e);
    if (rc < 0 && err)
        *err = e;
    return rc;
}

static void *sched_main(void *arg)
{
    app_sched *s = arg;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    time_t next_checkpoint = t0.tv_sec + APP_SCHED_CHECKPOINT_EVERY;
    pthread_mutex_lock(&s->mu);
    while (!s->stop) {
        pthread_mutex_unlock(&s->mu);
        app_tick_result r;
        gisac_err err = GISAC_ERR_INIT;
        tick(s->a, gisac_now(), &r, s->log, s->log_ctx, s, &err);
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (now.tv_sec >= next_checkpoint) {
            checkpoint(s->a, s->log, s->log_ctx);
            next_checkpoint = now.tv_sec + APP_SCHED_CHECKPOINT_EVERY;
        }
        pthread_mutex_lock(&s->mu);
        struct timespec until;
        clock_gettime(CLOCK_MONOTONIC, &until);
        until.tv_sec += (time_t)s->tick;
        while (!s->stop) {
            int rc = pthread_cond_timedwait(&s->cv, &s->mu, &until);
            if (rc == ETIMEDOUT)
                break;
        }
    }
    pthread_mutex_unlock(&s->mu);
    return NULL;
}

int app_sched_start(app *a, unsigned tick_s, app_log_fn log, void *log_ctx, app_sched **out,
                    gisac_err *err)
{
    if (tick_s < 1 || tick_s > APP_SCHED_MAX_TICK)
        return gisac_err_at(err, GISAC_EINVAL, "$.tick", "scheduler tick %u: use 1 to %d seconds",
                            tick_s, APP_SCHED_MAX_TICK);
    app_sched *s = calloc(1, sizeof *s);
    if (!s)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    int rc = app_clone(a, &s->a, err);
    if (rc < 0) {
        free(s);
        return rc;
    }
    app_set_actor(s->a, APP_SCHED_ACTOR);
    s->tick = tick_s;
    s->log = log;
    s->log_ctx = log_ctx;
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&s->cv, &ca);
    pthread_condattr_destroy(&ca);
    pthread_mutex_init(&s->mu, NULL);
    if ((rc = pthread_create(&s->th, NULL, sched_main, s)) != 0) {
        pthread_cond_destroy(&s->cv);
        pthread_mutex_destroy(&s->mu);
        app_close(s->a);
        free(s);
        return gisac_err_set(err, GISAC_EIO, "cannot start the scheduler: %s", strerror(rc));
    }
    *out = s;
    return 0;
}

void app_sched_stop(app_sched *s)
{
    if (!s)
        return;
    pthread_mutex_lock(&s->mu);
    s->stop = 1;
    pthread_cond_signal(&s->cv);
    pthread_mutex_unlock(&s->mu);
    pthread_join(s->th, NULL);
    checkpoint(s->a, s->log, s->log_ctx);
    pthread_cond_destroy(&s->cv);
    pthread_mutex_destroy(&s->mu);
    app_close(s->a);
    free(s);
}
