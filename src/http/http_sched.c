/*
 * http_sched.c: the server's scheduler (docs/serve.md, "The scheduler").
 *
 * One thread, started with the server and stopped (and joined) before the
 * server closes its stores. Every tick it records the incident deadlines
 * passed since the last look (incident_check_breaches: breaches, at-risk
 * warnings and their events) and sends the notifications that are due
 * (notify_deliver_due, which leases its deliveries, so several servers or
 * a `gisac notify deliver` beside it never send one twice at once). It
 * works on its own store handle, as the actor "server:scheduler". A
 * failure is logged (one JSON line to the server's log) and retried at
 * the next tick; it never stops the server.
 */
#include "http/http_internal.h"

#include "notify/notify.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SCHED_ACTOR          "server:scheduler"
#define SCHED_MAX_DELIVERIES 1000 /* per pass; the rest at the next tick */

struct http_sched {
    char *db_path;
    unsigned tick;
    http_log_fn log;
    void *log_ctx;
    pthread_t th;
    pthread_mutex_t mu;
    pthread_cond_t cv; /* on CLOCK_MONOTONIC */
    int stop;
};

/* One JSON line to the server's log: {"time","scheduler":what,...}. */
static void sched_log(http_sched *s, const char *what, const char *error, int breaches,
                      const notify_pass *p)
{
    if (!s->log)
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
        s->log(s->log_ctx, b.data);
    gisac_buf_free(&b);
}

static int stopping(http_sched *s)
{
    pthread_mutex_lock(&s->mu);
    int stop = s->stop;
    pthread_mutex_unlock(&s->mu);
    return stop;
}

/* One pass. The service is opened at the first pass and kept; after a
 * failure to open it, the next pass tries again. Deliveries go one at a
 * time, so that a stop waits for one webhook or e-mail at most. */
static void sched_pass(http_sched *s, incident_svc **svc)
{
    gisac_err err = GISAC_ERR_INIT;
    if (!*svc) {
        if (incident_svc_open(s->db_path, svc, &err) < 0) {
            *svc = NULL;
            sched_log(s, "open", err.msg, 0, NULL);
            return;
        }
        store_set_actor(incident_svc_store(*svc), SCHED_ACTOR);
    }
    int64_t now = gisac_now();
    int recorded = 0;
    if (incident_check_breaches(*svc, now, &recorded, &err) < 0)
        sched_log(s, "incident_check_breaches", err.msg, 0, NULL);
    else if (recorded > 0)
        sched_log(s, "incident_check_breaches", NULL, recorded, NULL);
    notify_pass total;
    memset(&total, 0, sizeof total);
    notify_opts o = {0, 0, 1};
    for (int i = 0; i < SCHED_MAX_DELIVERIES && !stopping(s); i++) {
        notify_pass p;
        memset(&p, 0, sizeof p);
        err.code = 0;
        err.msg[0] = '\0';
        if (notify_deliver_due(incident_svc_store(*svc), now, &o, &p, &err) < 0) {
            sched_log(s, "notify_deliver_due", err.msg, 0, NULL);
            break;
        }
        if (!p.due)
            break;
        total.due += p.due;
        total.sent += p.sent;
        total.retrying += p.retrying;
        total.failed += p.failed;
    }
    if (total.due > 0)
        sched_log(s, "notify_deliver_due", NULL, 0, &total);
}

static void *sched_main(void *arg)
{
    http_sched *s = arg;
    incident_svc *svc = NULL;
    pthread_mutex_lock(&s->mu);
    while (!s->stop) {
        pthread_mutex_unlock(&s->mu);
        sched_pass(s, &svc);
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
    incident_svc_free(svc);
    return NULL;
}

int http_sched_start(const char *db_path, unsigned tick, http_log_fn log, void *log_ctx,
                     http_sched **out, gisac_err *err)
{
    if (tick < 1 || tick > HTTP_MAX_TICK)
        return gisac_err_set(err, GISAC_EINVAL, "scheduler tick %u: use 1 to %d seconds", tick,
                             HTTP_MAX_TICK);
    http_sched *s = calloc(1, sizeof *s);
    if (!s || !(s->db_path = strdup(db_path))) {
        free(s);
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    }
    s->tick = tick;
    s->log = log;
    s->log_ctx = log_ctx;
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&s->cv, &ca);
    pthread_condattr_destroy(&ca);
    pthread_mutex_init(&s->mu, NULL);
    int rc = pthread_create(&s->th, NULL, sched_main, s);
    if (rc != 0) {
        pthread_cond_destroy(&s->cv);
        pthread_mutex_destroy(&s->mu);
        free(s->db_path);
        free(s);
        return gisac_err_set(err, GISAC_EIO, "cannot start the scheduler: %s", strerror(rc));
    }
    *out = s;
    return 0;
}

void http_sched_stop(http_sched *s)
{
    if (!s)
        return;
    pthread_mutex_lock(&s->mu);
    s->stop = 1;
    pthread_cond_signal(&s->cv);
    pthread_mutex_unlock(&s->mu);
    pthread_join(s->th, NULL);
    pthread_cond_destroy(&s->cv);
    pthread_mutex_destroy(&s->mu);
    free(s->db_path);
    free(s);
}
