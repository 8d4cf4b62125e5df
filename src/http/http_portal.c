/*
 * http_portal.c: the web portal at / (docs/web.md): the files built from
 * web/ and embedded into gisac (http_portal.h), served with the portal's
 * Content-Security-Policy, an ETag (their SHA-256) and caching: the
 * content-hashed assets for a year, immutable; index.html revalidated on
 * every use. Any other path of the portal (not /api, /taxii2, /feeds,
 * /healthz, /metrics) answers index.html, so that the single-page
 * application can route it; a missing asset under /assets/ is a 404.
 */
#include "http/http_portal.h"
#include "http/http_internal.h"

#include <stdlib.h>
#include <string.h>

#define CACHE_HASHED "public, max-age=31536000, immutable"
#define CACHE_PAGE   "no-cache"

const http_portal_file *http_portal_find(const char *path)
{
    for (size_t i = 0; i < http_portal_nfiles; i++)
        if (strcmp(http_portal_files[i].path, path) == 0)
            return &http_portal_files[i];
    return NULL;
}

int http_portal_etag_match(const char *h, const char *etag)
{
    if (!h)
        return 0;
    size_t n = strlen(etag);
    for (const char *p = h; *p;) {
        while (*p == ' ' || *p == ',' || *p == '\t')
            p++;
        if (*p == '*')
            return 1;
        if (strncmp(p, "W/", 2) == 0)
            p += 2;
        if (strncmp(p, etag, n) == 0 &&
            (p[n] == '\0' || p[n] == ',' || p[n] == ' ' || p[n] == '\t'))
            return 1;
        while (*p && *p != ',')
            p++;
    }
    return 0;
}

http_res http_portal(http_req *r, const char *path)
{
    int get = strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0;
    if (!get)
        return http_send(r, 405, "text/plain; charset=utf-8", NULL, 0, NULL, "Allow", "GET, HEAD",
                         NULL);
    const http_portal_file *f = http_portal_find(strcmp(path, "/") == 0 ? "/index.html" : path);
    if (!f && strncmp(path, "/assets/", 8) == 0)
        return http_json_error(r, 404, "not_found", "no such resource");
    if (!f)
        f = http_portal_find("/index.html");
    if (!f)
        return http_json_error(r, 404, "not_found", "no such resource");
    const char *cache = f->hashed ? CACHE_HASHED : CACHE_PAGE;
    if (http_portal_etag_match(http_header(r, "If-None-Match"), f->etag))
        return http_send_static(r, 304, NULL, NULL, 0, cache, HTTP_PORTAL_CSP, f->etag);
    return http_send_static(r, 200, f->ctype, f->data, f->len, cache, HTTP_PORTAL_CSP, f->etag);
}
