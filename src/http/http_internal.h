/* http_internal.h: shared between the files of src/http only. */
#ifndef GISAC_HTTP_INTERNAL_H
#define GISAC_HTTP_INTERNAL_H

#include "auth/auth.h"
#include "http/http.h"
#include "intel/intel.h"

#include <microhttpd.h>

#define TAXII_MEDIA "application/taxii+json;version=2.1"
#define JSON_MEDIA  "application/json"

/* One request being answered. */
typedef struct http_req {
    struct http_server *srv;
    struct MHD_Connection *conn;
    const char *method;
    const char *url;
    intel *in;        /* this worker's service handle */
    auth *au;         /* on the same store */
    auth_account acc; /* the caller, when authed */
    int authed;
    double t0;        /* monotonic seconds at the start */
    const char *body; /* the request body ("" when none), NUL-terminated */
    size_t body_len;
} http_req;

/*
 * Answer with body (taken over: freed by the response, may be NULL when
 * len is 0). Adds the security headers, and headers as "Name", "value"
 * pairs ending with NULL. Logs the request. Returns MHD's result.
 */
enum MHD_Result http_send(http_req *r, unsigned status, const char *ctype, char *body, size_t len,
                          const char *cache, ...);
/* {"title":..,"description":..,"http_status":..} as application/taxii+json. */
enum MHD_Result http_taxii_error(http_req *r, unsigned status, const char *title,
                                 const char *description);
/* {"error":{"code":..,"message":..}} as application/json. */
enum MHD_Result http_json_error(http_req *r, unsigned status, const char *code, const char *msg);

/*
 * Authenticate from the Authorization header. 0 when r->acc is set, else
 * GISAC_EINVAL (no or bad credentials: answer 401) or another code (a
 * fault of the server: answer 500).
 */
int http_authenticate(http_req *r);
/* The challenge for a 401. */
#define HTTP_CHALLENGE "Bearer realm=\"gisac\", Basic realm=\"gisac\", charset=\"UTF-8\""

/* The largest request body the server takes; 1 when it serves HTTPS. */
size_t http_max_body(const http_req *r);
int http_is_tls(const http_req *r);

/*
 * The caller as a viewer (intel_visible): the highest TLP it reads
 * outright (TLP_UNSET for staff), and the agency whose amber and red
 * indicators it also reads (NULL: none). Use both on every read path.
 */
gisac_tlp http_max_tlp(const http_req *r);
const char *http_recipient(const http_req *r);

/* Route handlers; path is the URL without one trailing slash. */
enum MHD_Result http_taxii(http_req *r, const char *path);
enum MHD_Result http_feeds(http_req *r, const char *path);
enum MHD_Result http_api(http_req *r, const char *path); /* /api/v1 (http_api.c) */

#endif
