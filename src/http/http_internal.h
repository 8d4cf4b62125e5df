/* http_internal.h: shared between the files of src/http only. */
#ifndef GISAC_HTTP_INTERNAL_H
#define GISAC_HTTP_INTERNAL_H

#include "app/app.h"
#include "http/http.h"

/*
 * The request/response adapter (http_server.c) is the only file that
 * speaks libmicrohttpd; handlers see http_req and these functions.
 */

/* What a handler returns: HTTP_SENT, the answer is queued; HTTP_DROP, none
 * could be (out of memory): the connection is dropped. */
typedef int http_res;
enum { HTTP_DROP = 0, HTTP_SENT = 1 };

#define TAXII_MEDIA "application/taxii+json;version=2.1"
#define JSON_MEDIA  "application/json"

/* One request being answered. */
typedef struct http_req {
    struct http_server *srv;
    void *conn; /* the adapter's (its libmicrohttpd connection) */
    const char *method;
    const char *url;
    app *app;         /* this worker's handle on the installation */
    auth_account acc; /* the caller, when authed */
    int authed;
    double t0;        /* monotonic seconds at the start */
    const char *body; /* the request body ("" when none), NUL-terminated */
    size_t body_len;
    int64_t retry_after; /* a throttled login: the seconds to wait */
    app_upload *upload;  /* an evidence upload: the body, streamed to disk; NULL: none */
} http_req;

/*
 * The request whose body is streamed to disk rather than held in memory
 * (POST /api/v1/incidents/{id}/evidence): its body is r->upload, r->body is "".
 */
int http_streams_body(const char *method, const char *path);
/* The most bytes of an evidence upload. */
int64_t http_max_evidence(const http_req *r);

/*
 * Answer with body (taken over: freed by the response, may be NULL when
 * len is 0). Adds the security headers, and headers as "Name", "value"
 * pairs ending with NULL. Logs the request.
 */
http_res http_send(http_req *r, unsigned status, const char *ctype, char *body, size_t len,
                   const char *cache, ...);
/*
 * Answer 200 with the size bytes of the open file fd (taken over: closed
 * by the response) as ctype, with the security headers and the extra
 * "Name", "value" pairs ending with NULL; Content-Length is size.
 */
http_res http_send_file(http_req *r, int fd, int64_t size, const char *ctype, ...);
/*
 * Answer with static bytes (not copied, not freed: the embedded portal),
 * with the security headers but csp as the Content-Security-Policy, and
 * etag (may be NULL) as the ETag.
 */
http_res http_send_static(http_req *r, unsigned status, const char *ctype, const void *body,
                          size_t len, const char *cache, const char *csp, const char *etag);
/* {"title":..,"description":..,"http_status":..} as application/taxii+json. */
http_res http_taxii_error(http_req *r, unsigned status, const char *title, const char *description);
/* {"error":{"code":..,"message":..}} as application/json. */
http_res http_json_error(http_req *r, unsigned status, const char *code, const char *msg);
/*
 * The answer to a failed authentication (rc from http_authenticate): 401
 * with the challenge, 429 with Retry-After when the login was throttled,
 * 500 for a fault of the server; as TAXII when taxii.
 */
http_res http_auth_refused(http_req *r, int rc, int taxii);
/* The client's address as the login guard counts it: IPv4 as it is, IPv6
 * by its /64; "" when unknown. */
void http_client_addr(const http_req *r, char out[AUTH_GUARD_ADDR_MAX + 1]);

/* A request header, or NULL. */
const char *http_header(const http_req *r, const char *name);
/* A cookie of the request by name, or NULL. */
const char *http_cookie(const http_req *r, const char *name);
/* A query argument (its first value), or NULL. */
const char *http_arg(const http_req *r, const char *key);
/* Each query argument in order (value NULL for "?key"); fn returns 0 to go
 * on, anything else stops. */
typedef int (*http_arg_fn)(void *ctx, const char *key, const char *value);
void http_args(const http_req *r, http_arg_fn fn, void *ctx);

/*
 * Authenticate from the Authorization header (app_authenticate). 0 when
 * r->acc is set, else GISAC_EINVAL (no or bad credentials: answer 401) or
 * another code (a fault of the server: answer 500). The _hold form takes
 * APP_AUTH_* flags and returns 1 when a read snapshot was left open for
 * the request (app_read_end ends it).
 */
int http_authenticate(http_req *r);
int http_authenticate_hold(http_req *r, unsigned flags);
/*
 * A portal request: its session cookie's secret when it sends no
 * Authorization header, else NULL. http_authenticate_session checks it
 * (app_session_check: an unsafe method needs the X-CSRF-Token): 0 with
 * *out and r->acc set; GISAC_EINVAL (no such session: 401),
 * GISAC_EFORBIDDEN (no or wrong CSRF token: 403, err says why), another
 * code (500).
 */
const char *http_session_secret(const http_req *r);
int http_authenticate_session(http_req *r, const char *secret, app_session *out, gisac_err *err);
/* The challenge for a 401. */
#define HTTP_CHALLENGE "Bearer realm=\"gisac\", Basic realm=\"gisac\", charset=\"UTF-8\""
/* The challenge for a 401 to the portal's scripts (X-Requested-With, or a
 * session cookie): no Basic, which would open the browser's own dialog. */
#define HTTP_CHALLENGE_SCRIPT "Bearer realm=\"gisac\""

/* ---- the answer cache (http_cache.c) ------------------------------------ */

#define HTTP_CACHE_MAX_AGE 60.0 /* seconds an answer may be served from memory */
typedef struct http_cache http_cache;
typedef struct http_cache_entry http_cache_entry;
/* An answer as kept in the cache (strings may be NULL: no such header). */
typedef struct http_cache_answer {
    unsigned status;
    const char *ctype;
    const char *body;
    size_t len;
    const char *first, *last; /* X-TAXII-Date-Added-First / -Last */
    const char *etag;
} http_cache_answer;

int http_cache_new(size_t max_bytes, http_cache **out);
void http_cache_free(http_cache *c);
/* The data changed: every entry kept so far is stale. */
void http_cache_invalidate(http_cache *c);
/* The store's share generation (store_share_version) is share_gen: when it
 * moved past the one seen last, every entry kept so far is stale. */
void http_cache_sync(http_cache *c, int64_t share_gen);
/* The generation now: take it BEFORE computing an answer, give it to put. */
uint64_t http_cache_gen(http_cache *c);
/* The key of r's answer (view, method, path, sorted query) into key. */
int http_cache_key(http_req *r, const char *path, gisac_buf *key);
/* A fresh entry (a reference the caller releases or hands to http_send_entry), or NULL. */
http_cache_entry *http_cache_get(http_cache *c, const char *key);
void http_cache_release(http_cache_entry *e);
/* Keep a copy of the answer (computed at generation gen); best effort. */
void http_cache_put(http_cache *c, const char *key, uint64_t gen, const http_cache_answer *a);
const http_cache_answer *http_cache_entry_answer(const http_cache_entry *e, http_cache_answer *a);
void http_cache_stats(http_cache *c, unsigned long *hits, unsigned long *misses, size_t *bytes);
/* The server's cache; NULL when caching is off. */
http_cache *http_cache_of(const http_req *r);
/*
 * Answer from a cache entry (the reference is taken over), with the
 * security headers, Cache-Control cache and the entry's own headers.
 */
http_res http_send_entry(http_req *r, http_cache_entry *e, const char *cache);

/* The largest request body the server takes; 1 when it serves HTTPS. */
size_t http_max_body(const http_req *r);
int http_is_tls(const http_req *r);
/* The limits of the portal's sessions, seconds (http_config). */
void http_session_limits(const http_req *r, unsigned *idle, unsigned *lifetime);

/* Route handlers; path is the URL without one trailing slash. */
http_res http_taxii(http_req *r, const char *path);
http_res http_feeds(http_req *r, const char *path);
http_res http_api(http_req *r, const char *path); /* /api/v1 (http_api.c) */

/* The web portal's files, else its index.html (http_portal.c). */
http_res http_portal(http_req *r, const char *path);

#endif
