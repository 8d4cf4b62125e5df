/*
 * http_feeds.c: GET /feeds/{plain|csv|rpz|nft|stix}, the output of
 * "gisac intel export" for that format, under the TLP rule of the sharing
 * paths (http_max_tlp). The ETag is the quoted hex SHA-256 of the body;
 * a matching If-None-Match gets 304.
 */
#include "http/http_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name;
    export_format fmt;
    const char *ctype;
} feeds[] = {
    {"plain", EXPORT_PLAIN, "text/plain; charset=utf-8"},
    {"csv", EXPORT_CSV, "text/csv; charset=utf-8"},
    {"rpz", EXPORT_RPZ, "text/plain; charset=utf-8"},
    {"nft", EXPORT_NFT, "text/plain; charset=utf-8"},
    {"stix", EXPORT_STIX, "application/stix+json;version=2.1"},
};

/* 1 when the If-None-Match list names etag (weak or strong) or is "*" */
static int none_match(const char *h, const char *etag)
{
    size_t el = strlen(etag);
    const char *p = h;
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        if (!*p)
            return 0;
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
            n--;
        if (n == 1 && *p == '*')
            return 1;
        const char *t = p;
        if (n > 2 && t[0] == 'W' && t[1] == '/') {
            t += 2;
            n -= 2;
        }
        if (n == el && memcmp(t, etag, el) == 0)
            return 1;
        if (!e)
            return 0;
        p = e + 1;
    }
}

enum MHD_Result http_feeds(http_req *r, const char *path)
{
    int rc = http_authenticate(r);
    if (rc == GISAC_EINVAL)
        return http_json_error(r, 401, "unauthorized", "authentication required");
    if (rc < 0)
        return http_json_error(r, 500, "internal", "internal error");
    auth_principal p = auth_principal_of(&r->acc);
    if (!auth_can(&p, AUTH_READ_INTEL, NULL))
        return http_json_error(r, 403, "forbidden", "this account may not read intelligence");

    const char *name = path + strlen("/feeds");
    name += *name == '/';
    size_t i = 0, nf = sizeof feeds / sizeof *feeds;
    while (i < nf && strcmp(name, feeds[i].name) != 0)
        i++;
    if (i == nf)
        return http_json_error(r, 404, "not_found", "no such feed");

    char *body = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&body, &len);
    if (!f)
        return http_json_error(r, 500, "internal", "internal error");
    intel_export_opts o = {feeds[i].fmt, IOC_AUTO, http_max_tlp(r), NULL, http_recipient(r)};
    gisac_err err = {0, ""};
    rc = intel_export(r->in, &o, NULL, f, NULL, &err);
    if (fclose(f) != 0 && rc == 0)
        rc = GISAC_EIO;
    if (rc < 0) {
        free(body);
        return http_json_error(r, 500, "internal", "internal error");
    }
    uint8_t h[32];
    char hex[65], etag[68];
    gisac_sha256(body, len, h);
    gisac_hex(h, sizeof h, hex);
    snprintf(etag, sizeof etag, "\"%s\"", hex);
    const char *inm = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "If-None-Match");
    /* shared intelligence may be kept by the client, never by a shared cache */
    const char *cache = "private, no-cache";
    if (inm && none_match(inm, etag)) {
        free(body);
        return http_send(r, 304, NULL, NULL, 0, cache, "ETag", etag, NULL);
    }
    return http_send(r, 200, feeds[i].ctype, body, len, cache, "ETag", etag, NULL);
}
