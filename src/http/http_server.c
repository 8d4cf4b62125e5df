/*
 * http_server.c: the daemon, the pool of service handles, dispatch,
 * authentication, responses with their security headers, the access log,
 * /healthz and /metrics.
 */
#include "http/http_internal.h"
#include <microhttpd.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <stdio.h>
#include <unistd.h>

/* ---- the pool of service handles --------------------------------------- */

typedef struct slot {
    app *app; /* this worker's handle on the installation */
    int busy;
} slot;

struct http_server {
    struct MHD_Daemon *d;
    http_log_fn log;
    void *log_ctx;
    slot *slots;
    size_t nslots;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    uint16_t port;
    size_t max_body;
    int64_t max_evidence;     /* bytes of an evidence upload (streamed to disk) */
    char *evdir;              /* the evidence directory uploads go to */
    char *tls_cert, *tls_key; /* PEM text, kept for MHD's lifetime */
    http_cache *cache;        /* NULL: off */
    app_sched *sched;         /* NULL: no scheduler */
    atomic_ulong by_class[6]; /* [1] 1xx .. [5] 5xx */
    /* the connection watchdog (slow clients) */
    pthread_mutex_t cmu;
    pthread_cond_t ccv;
    struct sock_ctx *conns; /* every open connection */
    pthread_t watch;
    int watching, stop_watch, tls;
    double header_timeout, idle_timeout, min_rate;

    /* the portal's sessions: seconds */
    unsigned session_idle, session_lifetime;
};

static slot *slot_take(http_server *s)
{
    pthread_mutex_lock(&s->mu);
    for (;;) {
        for (size_t i = 0; i < s->nslots; i++) {
            if (!s->slots[i].busy) {
                s->slots[i].busy = 1;
                pthread_mutex_unlock(&s->mu);
                return &s->slots[i];
            }
        }
        pthread_cond_wait(&s->cv, &s->mu);
    }
}

static void slot_give(http_server *s, slot *sl)
{
    pthread_mutex_lock(&s->mu);
    sl->busy = 0;
    pthread_cond_signal(&s->cv);
    pthread_mutex_unlock(&s->mu);
}

static void slots_close(http_server *s)
{
    for (size_t i = 0; i < s->nslots; i++)
        app_close(s->slots[i].app);
    free(s->slots);
    s->slots = NULL;
}

/* ---- responses --------------------------------------------------------- */

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void access_log(http_req *r, unsigned status, size_t bytes)
{
    http_server *s = r->srv;
    unsigned cls = status / 100;
    if (cls >= 1 && cls <= 5)
        atomic_fetch_add(&s->by_class[cls], 1);
    if (!s->log)
        return;
    char ts[GISAC_TIME_LEN];
    gisac_time_format(gisac_now(), ts);
    gisac_buf b = GISAC_BUF_INIT;
    int rc = gisac_buf_printf(&b, "{\"time\":\"%s\",\"method\":", ts);
    rc |= gisac_buf_json_str(&b, r->method);
    rc |= gisac_buf_puts(&b, ",\"path\":");
    rc |= gisac_buf_json_str(&b, r->url);
    rc |= gisac_buf_printf(&b, ",\"status\":%u,\"bytes\":%zu,\"ms\":%.3f,\"principal\":", status,
                           bytes, (mono() - r->t0) * 1000.0);
    if (r->authed)
        rc |= gisac_buf_json_str(&b, r->acc.name);
    else
        rc |= gisac_buf_puts(&b, "null");
    rc |= gisac_buf_putc(&b, '}');
    if (rc == 0)
        s->log(s->log_ctx, b.data);
    gisac_buf_free(&b);
}

/*
 * The headers every answer carries: no sniffing, no framing, no referrer, its
 * content security policy and cache rule ("no-store" when NULL), its type.
 */
static void add_common_headers(struct MHD_Response *resp, const char *csp, const char *cache,
                               const char *ctype)
{
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Content-Security-Policy", csp);
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, "Cache-Control", cache ? cache : "no-store");
    if (ctype)
        MHD_add_response_header(resp, "Content-Type", ctype);
}

/* The caller's extra headers: name, value, ..., NULL. */
static void add_header_list(struct MHD_Response *resp, va_list ap)
{
    for (;;) {
        const char *k = va_arg(ap, const char *);
        if (!k)
            break;
        const char *v = va_arg(ap, const char *);
        MHD_add_response_header(resp, k, v);
    }
}

/* Queue the answer, let it go, log it. */
static http_res queue(http_req *r, unsigned status, struct MHD_Response *resp, size_t len)
{
    enum MHD_Result ok = MHD_queue_response(r->conn, status, resp);
    MHD_destroy_response(resp);
    access_log(r, status, len);
    return ok;
}

#define API_CSP "default-src 'none'"

http_res http_send(http_req *r, unsigned status, const char *ctype, char *body, size_t len,
                   const char *cache, ...)
{
    struct MHD_Response *resp = MHD_create_response_from_buffer(
        len, len ? body : NULL, len ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    if (!resp) {
        free(body);
        return MHD_NO;
    }
    if (!len)
        free(body);
    add_common_headers(resp, API_CSP, cache, ctype);
    va_list ap;
    va_start(ap, cache);
    add_header_list(resp, ap);
    va_end(ap);
    return queue(r, status, resp, len);
}

http_res http_send_file(http_req *r, int fd, int64_t size, const char *ctype, ...)
{
    struct MHD_Response *resp = MHD_create_response_from_fd64((uint64_t)size, fd);
    if (!resp) {
        close(fd);
        return MHD_NO;
    }
    add_common_headers(resp, API_CSP, NULL, ctype);
    va_list ap;
    va_start(ap, ctype);
    add_header_list(resp, ap);
    va_end(ap);
    return queue(r, 200, resp, (size_t)size);
}

http_res http_send_static(http_req *r, unsigned status, const char *ctype, const void *body,
                          size_t len, const char *cache, const char *csp, const char *etag)
{
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(len, (void *)body, MHD_RESPMEM_PERSISTENT);
    if (!resp)
        return MHD_NO;
    add_common_headers(resp, csp, cache, ctype);
    if (etag)
        MHD_add_response_header(resp, "ETag", etag);
    return queue(r, status, resp, len);
}

static void entry_done(void *cls)
{
    http_cache_release(cls);
}

http_res http_send_entry(http_req *r, http_cache_entry *e, const char *cache)
{
    http_cache_answer a;
    http_cache_entry_answer(e, &a);
    struct MHD_Response *resp = MHD_create_response_from_buffer_with_free_callback_cls(
        a.len, (void *)a.body, entry_done, e);
    if (!resp) {
        http_cache_release(e);
        return MHD_NO;
    }
    add_common_headers(resp, API_CSP, cache, a.ctype);
    if (a.first)
        MHD_add_response_header(resp, "X-TAXII-Date-Added-First", a.first);
    if (a.last)
        MHD_add_response_header(resp, "X-TAXII-Date-Added-Last", a.last);
    if (a.etag)
        MHD_add_response_header(resp, "ETag", a.etag);
    return queue(r, a.status, resp, a.len);
}

http_cache *http_cache_of(const http_req *r)
{
    return r->srv->cache;
}

/* Send the built body b (rc: how building it went) with one more header
 * hname: hval (NULL: none); a 401 also gets the challenge. */
static http_res send_buf(http_req *r, unsigned status, const char *ctype, gisac_buf *b, int rc,
                         const char *hname, const char *hval)
{
    if (rc != 0) {
        gisac_buf_free(b);
        return http_send(r, 500, "text/plain; charset=utf-8", NULL, 0, NULL, NULL);
    }
    if (status == 401)
        return http_send(r, status, ctype, b->data, b->len, NULL, "WWW-Authenticate",
                         HTTP_CHALLENGE, hname, hval, NULL);
    return http_send(r, status, ctype, b->data, b->len, NULL, hname, hval, NULL);
}

/* The error bodies: TAXII's {"title","description","http_status"} and the
 * API's {"error":{"code","message"}}. 0 or an error of the buffer. */
static int taxii_error_body(gisac_buf *b, unsigned status, const char *title,
                            const char *description)
{
    int rc = gisac_buf_puts(b, "{\"title\":");
    rc |= gisac_buf_json_str(b, title);
    if (description) {
        rc |= gisac_buf_puts(b, ",\"description\":");
        rc |= gisac_buf_json_str(b, description);
    }
    return rc | gisac_buf_printf(b, ",\"http_status\":\"%u\"}", status);
}

static int json_error_body(gisac_buf *b, const char *code, const char *msg)
{
    int rc = gisac_buf_puts(b, "{\"error\":{\"code\":");
    rc |= gisac_buf_json_str(b, code);
    rc |= gisac_buf_puts(b, ",\"message\":");
    rc |= gisac_buf_json_str(b, msg);
    return rc | gisac_buf_puts(b, "}}");
}

http_res http_taxii_error(http_req *r, unsigned status, const char *title, const char *description)
{
    gisac_buf b = GISAC_BUF_INIT;
    int rc = taxii_error_body(&b, status, title, description);
    return send_buf(r, status, TAXII_MEDIA, &b, rc, NULL, NULL);
}

http_res http_json_error(http_req *r, unsigned status, const char *code, const char *msg)
{
    gisac_buf b = GISAC_BUF_INIT;
    int rc = json_error_body(&b, code, msg);
    return send_buf(r, status, JSON_MEDIA, &b, rc, NULL, NULL);
}

/* ---- authentication ---------------------------------------------------- */

/*
 * The client's address as the login guard counts it: IPv4 as it is, IPv6
 * by its /64 (one host holds a whole /64). "" when unknown.
 */
void http_client_addr(const http_req *r, char out[AUTH_GUARD_ADDR_MAX + 1])
{
    out[0] = '\0';
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    const struct sockaddr *sa = ci ? ci->client_addr : NULL;
    if (!sa)
        return;
    if (sa->sa_family == AF_INET) {
        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out,
                  AUTH_GUARD_ADDR_MAX + 1);
    } else if (sa->sa_family == AF_INET6) {
        struct in6_addr a6 = ((const struct sockaddr_in6 *)sa)->sin6_addr;
        if (IN6_IS_ADDR_V4MAPPED(&a6)) {
            inet_ntop(AF_INET, &a6.s6_addr[12], out, AUTH_GUARD_ADDR_MAX + 1);
            return;
        }
        memset(&a6.s6_addr[8], 0, 8);
        char t[INET6_ADDRSTRLEN];
        if (inet_ntop(AF_INET6, &a6, t, sizeof t))
            snprintf(out, AUTH_GUARD_ADDR_MAX + 1, "%s/64", t);
    }
}

http_res http_auth_refused(http_req *r, int rc, int taxii)
{
    if (rc == GISAC_EBUSY) {
        char ra[24], msg[96];
        snprintf(ra, sizeof ra, "%lld", (long long)(r->retry_after > 0 ? r->retry_after : 1));
        snprintf(msg, sizeof msg, "too many attempts: try again in %s s", ra);
        gisac_buf b = GISAC_BUF_INIT;
        int bad = taxii ? taxii_error_body(&b, 429, "too many requests", msg)
                        : json_error_body(&b, "too_many_requests", msg);
        return send_buf(r, 429, taxii ? TAXII_MEDIA : JSON_MEDIA, &b, bad, "Retry-After", ra);
    }
    if (rc == GISAC_EINVAL)
        return taxii ? http_taxii_error(r, 401, "unauthorized", "authentication required")
                     : http_json_error(r, 401, "unauthorized", "authentication required");
    return taxii ? http_taxii_error(r, 500, "internal error", NULL)
                 : http_json_error(r, 500, "internal", "internal error");
}

int http_authenticate_hold(http_req *r, unsigned flags)
{
    const char *h = http_header(r, "Authorization");
    gisac_err err = GISAC_ERR_INIT;
    char from[AUTH_GUARD_ADDR_MAX + 1];
    http_client_addr(r, from);
    int rc = app_authenticate(r->app, h, from, gisac_now(), flags, &r->acc, &r->retry_after, &err);
    r->authed = rc >= 0;
    return rc;
}

const char *http_session_secret(const http_req *r)
{
    return http_header(r, "Authorization") ? NULL : http_cookie(r, APP_SESSION_COOKIE);
}

int http_authenticate_session(http_req *r, const char *secret, app_session *out, gisac_err *err)
{
    int unsafe = strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0;
    int rc = app_session_check(r->app, secret, unsafe, http_header(r, "X-CSRF-Token"), gisac_now(),
                               out, err);
    if (rc == 0)
        r->acc = out->acc;
    r->authed = rc == 0;
    return rc;
}

int http_authenticate(http_req *r)
{
    int rc = http_authenticate_hold(r, 0);
    return rc > 0 ? 0 : rc;
}

size_t http_max_body(const http_req *r)
{
    return r->srv->max_body;
}

int64_t http_max_evidence(const http_req *r)
{
    return r->srv->max_evidence;
}

int http_streams_body(const char *method, const char *path)
{
    static const char pre[] = "/api/v1/incidents/", post[] = "/evidence";
    if (strcmp(method, "POST") != 0 || strncmp(path, pre, sizeof pre - 1) != 0)
        return 0;
    const char *id = path + sizeof pre - 1, *slash = strchr(id, '/');
    if (!slash || slash == id || strncmp(slash, post, sizeof post - 1) != 0)
        return 0;
    const char *tail = slash + sizeof post - 1;
    return *tail == '\0' || strcmp(tail, "/") == 0;
}

int http_is_tls(const http_req *r)
{
    return r->srv->tls_cert != NULL;
}

void http_session_limits(const http_req *r, unsigned *idle, unsigned *lifetime)
{
    *idle = r->srv->session_idle;
    *lifetime = r->srv->session_lifetime;
}

/* ---- /healthz and /metrics --------------------------------------------- */

static http_res healthz(http_req *r)
{
    static const char ok[] = "{\"status\":\"ok\"}\n";
    char *b = strdup(ok);
    return http_send(r, 200, JSON_MEDIA, b, b ? sizeof ok - 1 : 0, NULL, NULL);
}

static http_res metrics(http_req *r)
{
    int rc = http_authenticate(r);
    if (rc < 0)
        return http_auth_refused(r, rc, 0);
    intel_stats st;
    gisac_err err = GISAC_ERR_INIT;
    auth_principal who = auth_principal_of(&r->acc);
    rc = app_indicator_counts(r->app, &who, &st, &err);
    if (rc == GISAC_EFORBIDDEN)
        return http_json_error(r, 403, "forbidden", "not allowed");
    if (rc < 0)
        return http_json_error(r, 500, "internal", "internal error");
    gisac_buf b = GISAC_BUF_INIT;
    int bad = gisac_buf_puts(&b, "# HELP gisac_http_requests_total HTTP requests answered, by "
                                 "status class.\n# TYPE gisac_http_requests_total counter\n");
    for (int c = 1; c <= 5; c++)
        bad |= gisac_buf_printf(&b, "gisac_http_requests_total{class=\"%dxx\"} %lu\n", c,
                                atomic_load(&r->srv->by_class[c]));
    /* NATS ingest (serve --nats): workers, lag, set-aside chunks */
    if (app_ingest_queues(r->app) && app_ingest_metrics(r->app, &who, gisac_now(), &b, &err) < 0)
        bad = 1;
    if (r->srv->cache) {
        unsigned long hits, misses;
        size_t bytes;
        http_cache_stats(r->srv->cache, &hits, &misses, &bytes);
        bad |= gisac_buf_printf(&b,
                                "# HELP gisac_http_cache_hits_total Answers served from memory.\n"
                                "# TYPE gisac_http_cache_hits_total counter\n"
                                "gisac_http_cache_hits_total %lu\n"
                                "# HELP gisac_http_cache_misses_total Cacheable answers computed.\n"
                                "# TYPE gisac_http_cache_misses_total counter\n"
                                "gisac_http_cache_misses_total %lu\n"
                                "# HELP gisac_http_cache_bytes Memory held by kept answers.\n"
                                "# TYPE gisac_http_cache_bytes gauge\n"
                                "gisac_http_cache_bytes %zu\n",
                                hits, misses, bytes);
    }
    bad |= gisac_buf_puts(&b, "# HELP gisac_indicators_active Active indicators, by type.\n"
                              "# TYPE gisac_indicators_active gauge\n");
    for (int t = 0; t < IOC_TYPE_COUNT; t++)
        bad |= gisac_buf_printf(&b, "gisac_indicators_active{type=\"%s\"} %lld\n",
                                ioc_type_name((ioc_type)t), (long long)st.by_type[t]);
    bad |= gisac_buf_puts(&b, "# HELP gisac_indicators Stored indicators, by type.\n"
                              "# TYPE gisac_indicators gauge\n");
    for (int t = 0; t < IOC_TYPE_COUNT; t++)
        bad |= gisac_buf_printf(&b, "gisac_indicators{type=\"%s\"} %lld\n",
                                ioc_type_name((ioc_type)t), (long long)st.by_type_total[t]);
    app_sandbox_state sb;
    app_sandbox_state_get(&sb);
    bad |= gisac_buf_printf(&b,
                            "# HELP gisac_sandbox Imported files parsed in the sandbox (1), or "
                            "not (0: GISAC_SANDBOX=off).\n"
                            "# TYPE gisac_sandbox gauge\n"
                            "gisac_sandbox %d\n"
                            "# HELP gisac_sandbox_landlock_abi The kernel's Landlock ABI the "
                            "sandbox uses (0: none, seccomp only).\n"
                            "# TYPE gisac_sandbox_landlock_abi gauge\n"
                            "gisac_sandbox_landlock_abi %d\n",
                            sb.on && sb.seccomp, sb.landlock_abi);
    return send_buf(r, 200, "text/plain; version=0.0.4; charset=utf-8", &b, bad, NULL, NULL);
}

/* ---- dispatch ---------------------------------------------------------- */

/* One connection's request state across MHD's calls: the body so far. */
typedef struct conn_ctx {
    gisac_buf body;
    int too_large;
    app_upload *upload; /* a body streamed to disk (http_streams_body) */
    int upload_failed;  /* writing it failed (not for its size) */
} conn_ctx;

/* ---- framing -----------------------------------------------------------
 * libmicrohttpd 0.9.75 is lenient where a proxy in front may read a request
 * otherwise than we do (request smuggling): both Content-Length and
 * Transfer-Encoding, two lengths, a %00 that cuts a path. Such requests get
 * 400 and the connection is closed, so no leftover byte runs as a request. */

#define URI_MAX     4096        /* longer: 414 */
#define HEADERS_MAX (32 * 1024) /* all header lines together; more: 431 */

/*
 * Per TCP connection: whether %00 was decoded in the request line, and
 * where the connection is, for the watchdog (under srv->cmu): reading a
 * request line and headers (since the connection opened, or since the
 * last answer of a kept-alive one), reading a body (bytes since), or
 * answering (never cut: an import may take long).
 */
enum { PH_HEAD, PH_BODY, PH_ANSWER, PH_CUT };
typedef struct sock_ctx {
    int nul;
    int fd;
    int phase, served;
    double since;
    uint64_t bytes;
    struct sock_ctx *prev, *next;
} sock_ctx;

static void sock_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
                        enum MHD_ConnectionNotificationCode toe)
{
    http_server *s = cls;
    sock_ctx *sc = *socket_context;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
        sc = calloc(1, sizeof *sc); /* NULL: %00 is not seen (see unescape), no watch */
        *socket_context = sc;
        if (!sc)
            return;
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        sc->fd = ci ? ci->connect_fd : -1;
        sc->phase = PH_HEAD;
        sc->since = mono();
        pthread_mutex_lock(&s->cmu);
        sc->next = s->conns;
        if (s->conns)
            s->conns->prev = sc;
        s->conns = sc;
        pthread_mutex_unlock(&s->cmu);
    } else if (sc) {
        /* before MHD closes the socket: the watchdog never sees a stale fd */
        pthread_mutex_lock(&s->cmu);
        if (sc->prev)
            sc->prev->next = sc->next;
        else
            s->conns = sc->next;
        if (sc->next)
            sc->next->prev = sc->prev;
        pthread_mutex_unlock(&s->cmu);
        free(sc);
        *socket_context = NULL;
    }
}

static sock_ctx *sock_of(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return ci ? ci->socket_context : NULL;
}

/* The connection moves to phase (and counts body bytes). */
static void sock_phase(http_server *s, struct MHD_Connection *conn, int phase, size_t bytes)
{
    sock_ctx *sc = sock_of(conn);
    if (!sc)
        return;
    pthread_mutex_lock(&s->cmu);
    if (sc->phase != PH_CUT) {
        if (sc->phase != phase) {
            if (phase == PH_HEAD)
                sc->served = 1;
            sc->phase = phase;
            sc->since = mono();
            sc->bytes = 0;
        }
        sc->bytes += bytes;
    }
    pthread_mutex_unlock(&s->cmu);
}

/*
 * The watchdog: cuts a connection that takes longer than header_timeout
 * for its request line and headers (or, kept alive, than the idle timeout
 * for its next request), or whose body comes slower than min_rate after
 * its first header_timeout seconds. A request cut before any answer gets
 * 408 (plain HTTP; over TLS the bytes would be the TLS layer's), then the
 * socket is shut down: libmicrohttpd sees it end and closes it.
 */
static void *watchdog(void *arg)
{
    http_server *s = arg;
    static const char t408[] =
        "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n"
        "Content-Type: application/json\r\nContent-Length: 68\r\n\r\n"
        "{\"error\":{\"code\":\"timeout\",\"message\":\"the request came too slowly\"}}";
    pthread_mutex_lock(&s->cmu);
    while (!s->stop_watch) {
        double now = mono();
        for (sock_ctx *sc = s->conns; sc; sc = sc->next) {
            double age = now - sc->since;
            int cut = 0, answer = 0;
            if (sc->phase == PH_HEAD) {
                cut = age > (sc->served ? s->idle_timeout : s->header_timeout);
                answer = !sc->served;
            } else if (sc->phase == PH_BODY) {
                cut = age > s->header_timeout && (double)sc->bytes / age < s->min_rate;
                answer = 1;
            }
            if (!cut || sc->fd < 0)
                continue;
            if (answer && !s->tls)
                (void)!send(sc->fd, t408, sizeof t408 - 1, MSG_NOSIGNAL | MSG_DONTWAIT);
            shutdown(sc->fd, SHUT_RDWR);
            sc->phase = PH_CUT;
        }
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 200 * 1000 * 1000;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&s->ccv, &s->cmu, &until);
    }
    pthread_mutex_unlock(&s->cmu);
    return NULL;
}

static int hexval(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* MHD's unescaping of the path and the query, which notes a decoded NUL. */
static size_t unescape(void *cls, struct MHD_Connection *conn, char *s)
{
    (void)cls;
    char *w = s;
    int nul = 0;
    for (const char *p = s; *p; p++) {
        int hi, lo;
        if (*p == '%' && (hi = hexval(p[1])) >= 0 && (lo = hexval(p[2])) >= 0) {
            *w = (char)(hi << 4 | lo);
            nul |= *w == '\0';
            w++;
            p += 2;
        } else {
            *w++ = *p;
        }
    }
    *w = '\0';
    if (nul) {
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
        sock_ctx *sc = ci ? ci->socket_context : NULL;
        if (sc)
            sc->nul = 1;
        else
            *s = '\0'; /* no place to note it: an empty path, which nothing serves */
    }
    return (size_t)(w - s);
}

typedef struct hdr_scan {
    int lengths, chunked, other_te, host;
    size_t bytes;
} hdr_scan;

static enum MHD_Result hdr_cb(void *cls, enum MHD_ValueKind kind, const char *key,
                              const char *value)
{
    (void)kind;
    hdr_scan *h = cls;
    h->bytes += strlen(key) + (value ? strlen(value) : 0) + 4;
    if (strcasecmp(key, "Content-Length") == 0)
        h->lengths++;
    else if (strcasecmp(key, "Transfer-Encoding") == 0)
        if (value && strcasecmp(value, "chunked") == 0)
            h->chunked++;
        else
            h->other_te++;
    else if (strcasecmp(key, "Host") == 0)
        h->host++;
    return MHD_YES;
}

static http_res framing_error(http_req *r, unsigned status, const char *code, const char *msg)
{
    gisac_buf b = GISAC_BUF_INIT;
    int rc = json_error_body(&b, code, msg);
    return send_buf(r, status, JSON_MEDIA, &b, rc, "Connection", "close");
}

/*
 * A browser names the page's origin in Origin on a cross-site request. An
 * unsafe request from another origin than the server's own (the host and
 * port the client asked for, in Host) is refused, whatever its
 * credentials: 1 when that is so. The scheme is not compared: behind a
 * proxy that holds TLS, gisac sees http.
 */
static int foreign_origin(http_req *r)
{
    if (strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0)
        return 0;
    const char *o = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Origin");
    if (!o)
        return 0;
    const char *host = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Host");
    const char *sep = strstr(o, "://");
    if (!host || !sep)
        return 1; /* "null" (a sandboxed page, a file) is foreign too */
    const char *oa = sep + 3;
    size_t alen = strcspn(oa, "/");
    /* an origin carries its port unless it is the scheme's default */
    size_t hlen = strlen(host);
    if (alen == hlen && strncasecmp(oa, host, alen) == 0)
        return 0;
    const char *dflt = strncasecmp(o, "https://", 8) == 0 ? ":443" : ":80";
    size_t dlen = strlen(dflt);
    return !(hlen == alen + dlen && strncasecmp(oa, host, alen) == 0 &&
             strcmp(host + alen, dflt) == 0);
}

/* The first look at a request (its line and headers): 0, or the answer. */
static int framing_check(http_req *r, const char *version, http_res *res)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    sock_ctx *sc = ci ? ci->socket_context : NULL;
    int nul = sc && sc->nul;
    if (sc)
        sc->nul = 0;
    hdr_scan h = {0};
    MHD_get_connection_values(r->conn, MHD_HEADER_KIND, hdr_cb, &h);
    const char *bad = NULL;
    if (strlen(r->url) > URI_MAX) {
        *res = framing_error(r, 414, "uri_too_long", "URI too long");
        return 1;
    }
    if (h.bytes > HEADERS_MAX) {
        *res = framing_error(r, 431, "headers_too_large", "request header fields too large");
        return 1;
    }
    if (nul)
        bad = "%00 in the request target";
    else if (h.lengths > 1)
        bad = "Content-Length given more than once";
    else if (h.other_te || h.chunked > 1)
        bad = "Transfer-Encoding other than chunked";
    else if (h.lengths && h.chunked)
        bad = "both Content-Length and Transfer-Encoding";
    else if (strcmp(version, MHD_HTTP_VERSION_1_1) == 0 && h.host != 1)
        bad = h.host ? "Host given more than once" : "HTTP/1.1 request without Host";
    if (!bad && foreign_origin(r)) {
        *res = framing_error(r, 403, "forbidden", "a request from another origin");
        return 1;
    }
    if (!bad)
        return 0;
    *res = framing_error(r, 400, "bad_request", bad);
    return 1;
}

static void completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
    (void)toe;
    sock_phase(cls, conn, PH_HEAD, 0); /* kept alive: waiting for the next request */
    conn_ctx *c = *con_cls;
    if (c) {
        gisac_buf_free(&c->body);
        app_upload_free(c->upload); /* removes what was not stored */
        free(c);
        *con_cls = NULL;
    }
}

static int method_known(const char *m)
{
    static const char *const known[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"};
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strcmp(m, known[i]) == 0)
            return 1;
    return 0;
}

/* ---- the request's headers and query -------------------------------------- */

const char *http_header(const http_req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *http_cookie(const http_req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

const char *http_arg(const http_req *r, const char *key)
{
    return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, key);
}

typedef struct args_walk {
    http_arg_fn fn;
    void *ctx;
} args_walk;

static enum MHD_Result args_cb(void *cls, enum MHD_ValueKind kind, const char *key,
                               const char *value)
{
    (void)kind;
    const args_walk *w = cls;
    return w->fn(w->ctx, key, value) == 0 ? MHD_YES : MHD_NO;
}

void http_args(const http_req *r, http_arg_fn fn, void *ctx)
{
    args_walk w = {fn, ctx};
    MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, args_cb, &w);
}

/* 413 for an evidence upload over the limit, naming it. */
static http_res evidence_too_large(http_req *r)
{
    char msg[160];
    snprintf(msg, sizeof msg,
             "the evidence file is larger than this server's limit of %lld bytes "
             "(gisac serve --max-evidence)",
             (long long)r->srv->max_evidence);
    return http_json_error(r, 413, "payload_too_large", msg);
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *conn, const char *url,
                               const char *method, const char *version, const char *upload_data,
                               size_t *upload_data_size, void **con_cls)
{
    http_server *s = cls;
    http_req r;
    memset(&r, 0, sizeof r);
    r.srv = s;
    r.conn = conn;
    r.method = method;
    r.url = url;
    r.t0 = mono();
    if (!method_known(method))
        return http_send(&r, 405, "text/plain; charset=utf-8", NULL, 0, NULL, "Allow",
                         "GET, HEAD, POST, PUT, PATCH, DELETE", NULL);
    conn_ctx *c = *con_cls;
    if (c == NULL) {
        /* first call: headers only. Refuse a request framed in a way a
         * proxy may read otherwise, and a declared oversize body before
         * reading any of it. */
        http_res fres;
        if (framing_check(&r, version, &fres))
            return fres;
        sock_phase(s, conn, PH_BODY, 0);
        int streamed = http_streams_body(method, url);
        const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
        if (cl) {
            char *end;
            errno = 0;
            unsigned long long v = strtoull(cl, &end, 10);
            if (errno || *end || end == cl ||
                (streamed ? v > (unsigned long long)s->max_evidence : v > s->max_body))
                return streamed ? evidence_too_large(&r)
                                : http_json_error(&r, 413, "payload_too_large",
                                                  "request body too large");
        }
        if (streamed) {
            /* only a caller who signs in may have a body written to disk */
            slot *sl = slot_take(s);
            r.app = sl->app;
            app_set_actor(sl->app, "anonymous");
            /* a portal session, else the Authorization header */
            const char *secret = http_session_secret(&r);
            app_session sess;
            gisac_err serr = GISAC_ERR_INIT;
            int arc = secret ? http_authenticate_session(&r, secret, &sess, &serr)
                             : http_authenticate(&r);
            slot_give(s, sl);
            r.app = NULL;
            if (arc == GISAC_EFORBIDDEN)
                return http_json_error(&r, 403, "csrf", serr.msg);
            if (arc < 0)
                return http_auth_refused(&r, arc, 0);
        }
        c = calloc(1, sizeof *c);
        if (!c)
            return MHD_NO;
        if (streamed) {
            /* written to a temporary file in the evidence directory while it
             * is hashed; never held whole in memory */
            gisac_err uerr = GISAC_ERR_INIT;
            if (app_upload_open(s->evdir, s->max_evidence, &c->upload, &uerr) < 0) {
                free(c);
                return http_json_error(&r, 500, "internal", "cannot store the upload");
            }
        }
        *con_cls = c;
        return MHD_YES;
    }
    if (*upload_data_size) {
        size_t n = *upload_data_size;
        sock_phase(s, conn, PH_BODY, n);
        *upload_data_size = 0;
        if (c->upload) {
            /* past the limit or failed: keep reading (and dropping) to answer at the end */
            if (!c->too_large && !c->upload_failed &&
                app_upload_write(c->upload, upload_data, n) < 0) {
                if (app_upload_over(c->upload))
                    c->too_large = 1;
                else
                    c->upload_failed = 1;
            }
            return MHD_YES;
        }
        if (c->too_large || c->body.len + n > s->max_body) {
            c->too_large = 1; /* keep reading (and dropping) to answer 413 at the end */
            gisac_buf_free(&c->body);
            return MHD_YES;
        }
        if (gisac_buf_append(&c->body, upload_data, n) < 0)
            return MHD_NO;
        return MHD_YES;
    }
    sock_phase(s, conn, PH_ANSWER, 0);
    if (c->too_large)
        return c->upload ? evidence_too_large(&r)
                         : http_json_error(&r, 413, "payload_too_large", "request body too large");
    if (c->upload_failed)
        return http_json_error(&r, 500, "internal", "cannot store the upload");
    r.upload = c->upload;
    r.body = c->body.data ? c->body.data : "";
    r.body_len = c->body.len;

    /* the path without one trailing slash ("/" stays) */
    size_t n = strlen(url); /* at most URI_MAX: framing_check */
    char path[URI_MAX + 1];
    memcpy(path, url, n + 1);
    if (n > 1 && path[n - 1] == '/')
        path[--n] = '\0';

    int get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
    if (strcmp(path, "/healthz") == 0)
        return get ? healthz(&r)
                   : http_send(&r, 405, "text/plain; charset=utf-8", NULL, 0, NULL, "Allow",
                               "GET, HEAD", NULL);

    slot *sl = slot_take(s);
    r.app = sl->app;
    /* until the caller is known, writes (a failed login) are nobody's */
    app_set_actor(sl->app, "anonymous");
    if (s->cache && get &&
        (strncmp(path, "/taxii2/", 8) == 0 || strncmp(path, "/feeds/", 7) == 0)) {
        /* the answers that may come from the cache: when shared data changed
         * (a commit by any connection: store_share_version), what is kept is
         * stale. Other requests skip the look (one read transaction). */
        int64_t gen;
        gisac_err derr = GISAC_ERR_INIT;
        if (app_share_version(sl->app, &gen, &derr) < 0)
            http_cache_invalidate(s->cache);
        else
            http_cache_sync(s->cache, gen);
    }
    http_res res;
    if (strcmp(path, "/api/v1") == 0 || strncmp(path, "/api/v1/", 8) == 0)
        res = http_api(&r, path);
    else if (!get && (strcmp(path, "/metrics") == 0 || strncmp(path, "/feeds", 6) == 0))
        res = http_send(&r, 405, "text/plain; charset=utf-8", NULL, 0, NULL, "Allow", "GET, HEAD",
                        NULL);
    else if (strcmp(path, "/metrics") == 0)
        res = metrics(&r);
    else if (strcmp(path, "/taxii2") == 0 || strncmp(path, "/taxii2/", 8) == 0)
        res = http_taxii(&r, path);
    else if (strcmp(path, "/feeds") == 0 || strncmp(path, "/feeds/", 7) == 0)
        res = http_feeds(&r, path);
    else if (strcmp(path, "/api") == 0 || strncmp(path, "/api/", 5) == 0)
        res = http_json_error(&r, 404, "not_found", "no such resource");
    else
        res = http_portal(&r, path); /* the web portal: its files, else index.html */
    slot_give(s, sl);
    return res == HTTP_SENT ? MHD_YES : MHD_NO;
}

/* ---- start and stop ---------------------------------------------------- */

int http_listen_parse(const char *s, char addr[HTTP_ADDR_MAX], uint16_t *port, int *v6,
                      gisac_err *err)
{
    const char *colon, *host = s;
    size_t hlen;
    *v6 = 0;
    if (s[0] == '[') {
        const char *close = strchr(s, ']');
        if (!close || close[1] != ':')
            return gisac_err_set(err, GISAC_EINVAL, "%s: expected [ADDR]:PORT", s);
        host = s + 1;
        hlen = (size_t)(close - host);
        colon = close + 1;
        *v6 = 1;
    } else {
        colon = strrchr(s, ':');
        if (!colon)
            return gisac_err_set(err, GISAC_EINVAL, "%s: expected ADDR:PORT", s);
        hlen = (size_t)(colon - s);
    }
    if (hlen == 0 || hlen >= HTTP_ADDR_MAX)
        return gisac_err_set(err, GISAC_EINVAL, "%s: bad address", s);
    memcpy(addr, host, hlen);
    addr[hlen] = '\0';
    const char *p = colon + 1;
    char *end;
    errno = 0;
    long v = *p ? strtol(p, &end, 10) : -1;
    if (!*p || *end || errno || v < 0 || v > 65535)
        return gisac_err_set(err, GISAC_EINVAL, "%s: bad port", s);
    *port = (uint16_t)v;
    unsigned char tmp[16];
    if (inet_pton(*v6 ? AF_INET6 : AF_INET, addr, tmp) != 1)
        return gisac_err_set(err, GISAC_EINVAL, "%s: not a numeric IP%s address", addr,
                             *v6 ? "v6" : "v4");
    return 0;
}

/* Read a PEM file (at most 1 MiB) as a NUL-terminated string. */
static int read_pem(const char *path, char **out, gisac_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return gisac_err_set(err, GISAC_EIO, "%s: %s", path, strerror(errno));
    gisac_buf b = GISAC_BUF_INIT;
    char chunk[4096];
    size_t n;
    int rc = 0;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (b.len + n > (1u << 20)) {
            rc = gisac_err_set(err, GISAC_EINVAL, "%s: too large for a PEM file", path);
            break;
        }
        if (gisac_buf_append(&b, chunk, n) < 0) {
            rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
            break;
        }
    }
    if (rc == 0 && ferror(f))
        rc = gisac_err_set(err, GISAC_EIO, "%s: %s", path, strerror(errno));
    fclose(f);
    if (rc == 0 && (b.len == 0 || !strstr(b.data, "-----BEGIN ")))
        rc = gisac_err_set(err, GISAC_EINVAL, "%s: not a PEM file", path);
    if (rc < 0) {
        if (b.data)
            sodium_memzero(b.data, b.cap);
        gisac_buf_free(&b);
        return rc;
    }
    *out = b.data;
    return 0;
}

static void free_pem(http_server *s)
{
    if (s->tls_key) {
        sodium_memzero(s->tls_key, strlen(s->tls_key));
        free(s->tls_key);
    }
    free(s->tls_cert);
    s->tls_key = s->tls_cert = NULL;
}

/* Release what a server holds once its daemon is stopped (or never ran). */
static void server_free(http_server *s)
{
    slots_close(s);
    free(s->evdir);
    free_pem(s);
    http_cache_free(s->cache);
    pthread_mutex_destroy(&s->mu);
    pthread_cond_destroy(&s->cv);
    pthread_mutex_destroy(&s->cmu);
    pthread_cond_destroy(&s->ccv);
    free(s);
}

static void watch_stop(http_server *s)
{
    if (!s->watching)
        return;
    pthread_mutex_lock(&s->cmu);
    s->stop_watch = 1;
    pthread_cond_signal(&s->ccv);
    pthread_mutex_unlock(&s->cmu);
    pthread_join(s->watch, NULL);
    s->watching = 0;
}

int http_server_start(const http_config *cfg, http_server **out, gisac_err *err)
{
    char addr[HTTP_ADDR_MAX];
    uint16_t port;
    int v6;
    int rc =
        http_listen_parse(cfg->listen ? cfg->listen : HTTP_DEFAULT_LISTEN, addr, &port, &v6, err);
    if (rc < 0)
        return rc;
    if (cfg->threads < 1 || cfg->threads > HTTP_MAX_THREADS || cfg->timeout < 1 ||
        cfg->max_connections < 1)
        return gisac_err_set(err, GISAC_EINVAL, "bad server settings");
    if (sodium_init() < 0)
        return gisac_err_set(err, GISAC_EIO, "libsodium failed to start");

    http_server *s = calloc(1, sizeof *s);
    if (!s)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    s->log = cfg->log;
    s->log_ctx = cfg->log_ctx;
    s->max_body = cfg->max_body ? cfg->max_body : HTTP_DEFAULT_MAX_BODY;
    s->max_evidence = cfg->max_evidence > 0 ? cfg->max_evidence : APP_EVIDENCE_MAX_DEFAULT;
    s->session_idle = cfg->session_idle ? cfg->session_idle : APP_SESSION_IDLE_DEFAULT;
    s->session_lifetime = cfg->session_lifetime ? cfg->session_lifetime : APP_SESSION_MAX_DEFAULT;
    if (s->session_idle > s->session_lifetime || s->session_lifetime > APP_SESSION_LIMIT_MAX) {
        free(s);
        return gisac_err_set(err, GISAC_EINVAL,
                             "the session idle limit must not exceed the session lifetime (at "
                             "most %d seconds)",
                             APP_SESSION_LIMIT_MAX);
    }
    if (cfg->tls_cert || cfg->tls_key) {
        if (!cfg->tls_cert || !cfg->tls_key) {
            free(s);
            return gisac_err_set(err, GISAC_EINVAL, "TLS needs both a certificate and a key");
        }
        if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
            free(s);
            return gisac_err_set(err, GISAC_EINVAL, "this libmicrohttpd was built without TLS");
        }
        if ((rc = read_pem(cfg->tls_cert, &s->tls_cert, err)) < 0 ||
            (rc = read_pem(cfg->tls_key, &s->tls_key, err)) < 0) {
            free_pem(s);
            free(s);
            return rc;
        }
    }
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->cv, NULL);
    pthread_mutex_init(&s->cmu, NULL);
    pthread_cond_init(&s->ccv, NULL);
    s->tls = cfg->tls_cert != NULL;
    s->header_timeout = cfg->header_timeout ? cfg->header_timeout : HTTP_DEFAULT_HEADER_TIMEOUT;
    s->idle_timeout = cfg->timeout;
    s->min_rate = cfg->min_rate ? cfg->min_rate : HTTP_DEFAULT_MIN_RATE;
    if (cfg->cache_bytes && http_cache_new(cfg->cache_bytes, &s->cache) < 0) {
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
        goto fail;
    }
    s->slots = calloc(cfg->threads, sizeof *s->slots);
    if (!s->slots) {
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
        goto fail;
    }
    s->nslots = cfg->threads; /* slots_close walks them: only once they exist */
    for (size_t i = 0; i < s->nslots; i++) {
        slot *sl = &s->slots[i];
        if ((rc = app_clone(cfg->app, &sl->app, err)) < 0)
            goto fail;
        if ((rc = app_prepare(sl->app, err)) < 0)
            goto fail;
    }
    /* NULL when the store is not a file: no evidence is kept then */
    const char *evdir = app_evidence_dir(s->slots[0].app);
    if (evdir && !(s->evdir = strdup(evdir))) {
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
        goto fail;
    }

    struct sockaddr_in sa4;
    struct sockaddr_in6 sa6;
    memset(&sa4, 0, sizeof sa4);
    memset(&sa6, 0, sizeof sa6);
    const struct sockaddr *sa;
    if (v6) {
        sa6.sin6_family = AF_INET6;
        sa6.sin6_port = htons(port);
        inet_pton(AF_INET6, addr, &sa6.sin6_addr);
        sa = (const struct sockaddr *)&sa6;
    } else {
        sa4.sin_family = AF_INET;
        sa4.sin_port = htons(port);
        inet_pton(AF_INET, addr, &sa4.sin_addr);
        sa = (const struct sockaddr *)&sa4;
    }
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ITC;
    if (v6)
        flags |= MHD_USE_IPv6;
    struct MHD_OptionItem tls[] = {
        {MHD_OPTION_HTTPS_MEM_CERT, 0, s->tls_cert},
        {MHD_OPTION_HTTPS_MEM_KEY, 0, s->tls_key},
        {MHD_OPTION_END, 0, NULL},
    };
    if (s->tls_cert)
        flags |= MHD_USE_TLS;
    else
        tls[0].option = MHD_OPTION_END;
    s->d = MHD_start_daemon(
        flags, port, NULL, NULL, handler, s, MHD_OPTION_SOCK_ADDR, sa, MHD_OPTION_THREAD_POOL_SIZE,
        (unsigned)cfg->threads, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cfg->timeout,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)cfg->max_connections,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024), MHD_OPTION_PER_IP_CONNECTION_LIMIT,
        (unsigned)(cfg->max_per_ip ? cfg->max_per_ip : HTTP_DEFAULT_MAX_PER_IP),
        MHD_OPTION_NOTIFY_COMPLETED, completed, (void *)s, MHD_OPTION_NOTIFY_CONNECTION,
        sock_notify, (void *)s, MHD_OPTION_UNESCAPE_CALLBACK, unescape, (void *)NULL,
        MHD_OPTION_ARRAY, tls, MHD_OPTION_END);
    if (!s->d) {
        rc = gisac_err_set(err, GISAC_EIO, "cannot listen on %s:%u", addr, (unsigned)port);
        goto fail;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : port;
    if (pthread_create(&s->watch, NULL, watchdog, s) != 0) {
        MHD_stop_daemon(s->d);
        rc = gisac_err_set(err, GISAC_EIO, "cannot start the connection watchdog");
        goto fail;
    }
    s->watching = 1;
    if (cfg->tick &&
        (rc = app_sched_start(cfg->app, cfg->tick, cfg->log, cfg->log_ctx, &s->sched, err)) < 0) {
        MHD_stop_daemon(s->d);
        watch_stop(s);
        goto fail;
    }
    *out = s;
    return 0;
fail:
    server_free(s);
    return rc;
}

uint16_t http_server_port(const http_server *s)
{
    return s->port;
}

void http_server_stop(http_server *s)
{
    if (!s)
        return;
    /* stop accepting, give the connections in flight up to 2 s to finish */
    MHD_socket ls = MHD_quiesce_daemon(s->d);
    for (int i = 0; i < 200; i++) {
        const union MHD_DaemonInfo *info =
            MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
        if (!info || info->num_connections == 0)
            break;
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    MHD_stop_daemon(s->d);
    watch_stop(s); /* after the connections are gone */
    if (ls != MHD_INVALID_SOCKET)
        close(ls);
    app_sched_stop(s->sched); /* before the handles close */
    server_free(s);
}
