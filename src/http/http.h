/*
 * http: the network front end, `gisac serve`, on libmicrohttpd.
 *
 * Routes (docs/serve.md): /healthz, /metrics, the REST API under /api/v1/,
 * TAXII 2.1 under /taxii2/ and blocklist feeds under /feeds/. Like every
 * front end it holds no SQL, no business rule and no domain JSON shape:
 * it authenticates (app_authenticate), calls one app function and renders
 * the answer. Only the adapter (http_server.c) speaks libmicrohttpd.
 *
 * Threads: libmicrohttpd's thread pool. Every worker takes an app handle
 * (app_clone: its own store connection) from a pool of as many handles as
 * threads, so no connection is ever used by two threads at once.
 *
 * The scheduler (src/app, app_sched_start; docs/serve.md): one more thread,
 * on its own app handle, that every cfg.tick seconds records incident
 * breaches and sends the notifications due; the server starts it, and
 * stops and joins it before the handles close.
 *
 * Nothing here prints: the access log (one JSON object per request) and
 * the scheduler's messages go to the callback in http_config.
 *
 * Ownership: http_server_start allocates; http_server_stop stops accepting,
 * lets requests in flight finish, closes every handle and frees. The app
 * given in http_config stays the caller's.
 */
#ifndef GISAC_HTTP_H
#define GISAC_HTTP_H

#include "app/app.h"

#include <stdint.h>

#define HTTP_DEFAULT_LISTEN         "127.0.0.1:8080"
#define HTTP_DEFAULT_THREADS        4
#define HTTP_MAX_THREADS            64
#define HTTP_DEFAULT_TIMEOUT        30 /* seconds a connection may be idle or slow */
#define HTTP_DEFAULT_MAX_CONN       1024
#define HTTP_DEFAULT_MAX_PER_IP     32
#define HTTP_DEFAULT_HEADER_TIMEOUT 10   /* seconds for a request line and headers */
#define HTTP_DEFAULT_MIN_RATE       1024 /* bytes a second of a body, after its first seconds */
#define HTTP_ADDR_MAX               64
#define HTTP_DEFAULT_MAX_BODY       (16u << 20)   /* bytes of a request body */
#define HTTP_DEFAULT_CACHE          (1024u << 20) /* bytes of answers kept in memory */
#define HTTP_DEFAULT_TICK           30            /* seconds between scheduler passes */
#define HTTP_MAX_TICK               86400

typedef void (*http_log_fn)(void *ctx, const char *line);

typedef struct http_config {
    app *app;                 /* the installation; each worker thread gets a clone */
    const char *listen;       /* "ADDR:PORT" or "[ADDR6]:PORT"; port 0: any free port */
    unsigned threads;         /* 1 .. HTTP_MAX_THREADS */
    unsigned timeout;         /* seconds, >= 1 */
    unsigned max_connections; /* >= 1 */
    unsigned max_per_ip;      /* connections from one address; 0: HTTP_DEFAULT_MAX_PER_IP */
    unsigned header_timeout;  /* seconds; 0: HTTP_DEFAULT_HEADER_TIMEOUT */
    unsigned min_rate;        /* bytes/s; 0: HTTP_DEFAULT_MIN_RATE */
    size_t max_body;          /* bytes; 0: HTTP_DEFAULT_MAX_BODY */
    int64_t max_evidence;     /* bytes of one evidence upload, streamed to disk;
                                 0: APP_EVIDENCE_MAX_DEFAULT (4 GiB) */
    size_t cache_bytes;       /* memory for answers kept (http_cache.c); 0: none */
    const char *tls_cert;     /* PEM certificate (chain) file; NULL: plain HTTP */
    const char *tls_key;      /* its PEM private key file */
    unsigned tick;            /* seconds between scheduler passes (breaches,
                                 notifications); 0: no scheduler */
    http_log_fn log;          /* the access log and the scheduler's messages; may be NULL */
    void *log_ctx;
    /* the web portal's sessions (docs/web.md): seconds without a request,
     * and after the login, that end one; 0: APP_SESSION_IDLE_DEFAULT and
     * APP_SESSION_MAX_DEFAULT */
    unsigned session_idle, session_lifetime;
} http_config;

typedef struct http_server http_server;

/* Split "ADDR:PORT" / "[ADDR6]:PORT". 0 or GISAC_EINVAL with a message. */
int http_listen_parse(const char *s, char addr[HTTP_ADDR_MAX], uint16_t *port, int *v6,
                      gisac_err *err);

/* Open the store (once per thread), bind and start serving. */
int http_server_start(const http_config *cfg, http_server **out, gisac_err *err);
/* The port actually bound (useful with port 0). */
uint16_t http_server_port(const http_server *s);
void http_server_stop(http_server *s);

#endif
