/*
 * http_portal.h: the web portal's files, embedded into gisac at build time
 * (scripts/embed_web.cmake writes the table from web/dist), and serving
 * them (http_portal.c, docs/web.md).
 */
#ifndef GISAC_HTTP_PORTAL_H
#define GISAC_HTTP_PORTAL_H

#include <stddef.h>

typedef struct http_portal_file {
    const char *path;  /* "/index.html", "/assets/index-C_mMs5ft.js" */
    const char *ctype; /* its media type */
    const char *etag;  /* "\"<SHA-256 hex>\"" */
    const unsigned char *data;
    size_t len;
    int hashed; /* 1: the name carries a hash of the content (cached for good) */
} http_portal_file;

extern const http_portal_file http_portal_files[];
extern const size_t http_portal_nfiles;

/* The file at path ("/index.html"), or NULL. */
const http_portal_file *http_portal_find(const char *path);
/* 1 when an If-None-Match header value names etag (or is "*"), weak or strong. */
int http_portal_etag_match(const char *if_none_match, const char *etag);

/*
 * The Content-Security-Policy of the portal: everything from its own
 * origin, nothing inline, no framing.
 */
#define HTTP_PORTAL_CSP                                                                            \
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "              \
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

#endif
