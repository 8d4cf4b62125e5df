/*
 * http_feeds.c: GET /feeds/{plain|csv|rpz|nft|stix}, the output of
 * "gisac intel export" for that format, and the files of the directory
 * formats: /feeds/misp/{manifest.json|hashes.csv|UUID.json} (a MISP feed
 * a MISP instance can pull) and /feeds/suricata/FILE (datasets and
 * rules); /feeds/misp/ and /feeds/suricata/ list their files. All under
 * the caller's TLP view (app_export_intel applies it). The
 * ETag is the quoted hex SHA-256 of the body; a matching If-None-Match
 * gets 304.
 */
#include "http/http_internal.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct {
    const char *name;
    export_format fmt;
    const char *ctype;
} feeds[] = {
    {"plain", EXPORT_PLAIN, "text/plain; charset=utf-8"},
    {"csv", EXPORT_CSV, "text/csv; charset=utf-8"},
    {"rpz", EXPORT_RPZ, "text/plain; charset=utf-8"},
    {"nft", EXPORT_NFT, "text/plain; charset=utf-8"},
    {"zeek", EXPORT_ZEEK, "text/plain; charset=utf-8"},
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

/* ---- directory formats ---------------------------------------------------- */

static const struct {
    const char *name;
    export_format fmt;
} dir_feeds[] = {
    {"misp", EXPORT_MISP},
    {"suricata", EXPORT_SURICATA},
};

/* A file name a directory export may hold: [A-Za-z0-9._-], not starting with '.'. */
static int file_name_ok(const char *s)
{
    if (!*s || *s == '.' || strlen(s) > 128)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '.' || *s == '_' || *s == '-'))
            return 0;
    return 1;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Remove the files of dir, then dir (the export writes no sub-directory). */
static void rm_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            unlinkat(dirfd(d), e->d_name, 0);
        }
        closedir(d);
    }
    rmdir(dir);
}

/* The file names of dir as a JSON array (sorted), into b. */
static int list_dir(const char *dir, gisac_buf *b)
{
    DIR *d = opendir(dir);
    if (!d)
        return GISAC_EIO;
    char **v = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(d)) != NULL) {
        if (!file_name_ok(e->d_name))
            continue;
        char *name = strdup(e->d_name);
        if (!name || gisac_push(&v, &n, &cap, sizeof name, 16, &name) < 0) {
            free(name);
            rc = GISAC_ENOMEM;
        }
    }
    closedir(d);
    if (n > 1)
        qsort(v, n, sizeof *v, cmp_str);
    rc |= gisac_buf_putc(b, '[');
    for (size_t i = 0; i < n; i++) {
        rc |= i ? gisac_buf_putc(b, ',') : 0;
        rc |= gisac_buf_json_str(b, v[i]);
        free(v[i]);
    }
    free(v);
    rc |= gisac_buf_puts(b, "]\n");
    return rc ? GISAC_ENOMEM : 0;
}

static int read_file(const char *path, char **body, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return GISAC_ENOTFOUND;
    gisac_buf b = GISAC_BUF_INIT;
    char chunk[65536];
    size_t n;
    int rc = 0;
    while (rc == 0 && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        rc = gisac_buf_append(&b, chunk, n);
    if (rc == 0 && ferror(f))
        rc = GISAC_EIO;
    fclose(f);
    if (rc < 0) {
        gisac_buf_free(&b);
        return rc;
    }
    *body = b.data;
    *len = b.len;
    return 0;
}

static const char *ctype_of(const char *file)
{
    const char *dot = strrchr(file, '.');
    if (dot && strcmp(dot, ".json") == 0)
        return "application/json";
    if (dot && strcmp(dot, ".csv") == 0)
        return "text/csv; charset=utf-8";
    return "text/plain; charset=utf-8";
}

static http_res send_etag(http_req *r, const char *ctype, char *body, size_t len);

/* shared intelligence may be kept by the client, never by a shared cache */
#define FEED_CACHE_CONTROL "private, no-cache"

/* Where a request's answer is kept: its key (gisac_buf_free it) and the cache's generation. */
typedef struct cache_slot {
    gisac_buf key;
    uint64_t gen;
} cache_slot;

/*
 * The kept answer for this request, sent (304 when the client has it):
 * 1 and *res set; 0 when there is none (*slot is then set for keep()).
 */
static int from_cache(http_req *r, const char *path, cache_slot *slot, http_res *res)
{
    *slot = (cache_slot){GISAC_BUF_INIT, 0};
    http_cache *hc = http_cache_of(r);
    if (!hc || http_cache_key(r, path, &slot->key) < 0)
        return 0;
    slot->gen = http_cache_gen(hc);
    http_cache_entry *e = http_cache_get(hc, slot->key.data);
    if (!e)
        return 0;
    gisac_buf_free(&slot->key); /* answered: the key is not kept */
    http_cache_answer a;
    http_cache_entry_answer(e, &a);
    const char *inm = http_header(r, "If-None-Match");
    if (inm && a.etag && none_match(inm, a.etag)) {
        char etag[72];
        snprintf(etag, sizeof etag, "%s", a.etag);
        http_cache_release(e);
        *res = http_send(r, 304, NULL, NULL, 0, FEED_CACHE_CONTROL, "ETag", etag, NULL);
    } else {
        *res = http_send_entry(r, e, FEED_CACHE_CONTROL);
    }
    return 1;
}

/* Keep a 200 answer for the next ones. */
static void keep(http_req *r, const cache_slot *slot, const char *ctype, const char *body,
                 size_t len)
{
    if (!http_cache_of(r) || !slot->key.data)
        return;
    uint8_t h[32];
    char hex[65], etag[68];
    gisac_sha256(body, len, h);
    gisac_hex(h, sizeof h, hex);
    snprintf(etag, sizeof etag, "\"%s\"", hex);
    http_cache_answer a = {200, ctype, body, len, NULL, NULL, etag};
    http_cache_put(http_cache_of(r), slot->key.data, slot->gen, &a);
}

static http_res dir_feed(http_req *r, export_format fmt, const char *file, const char *path)
{
    if (*file && !file_name_ok(file))
        return http_json_error(r, 404, "not_found", "no such file in this feed");
    cache_slot slot;
    http_res res;
    if (from_cache(r, path, &slot, &res))
        return res;
    const char *tmp = getenv("TMPDIR");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/gisac-feed-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir))
        return http_json_error(r, 500, "internal", "internal error");
    intel_export_opts o = {fmt, IOC_AUTO, TLP_UNSET, NULL, NULL, TLP_UNSET, 0};
    gisac_err err = GISAC_ERR_INIT;
    auth_principal who = auth_principal_of(&r->acc);
    int rc = app_export_intel(r->app, &who, &o, dir, NULL, NULL, &err);
    char *body = NULL;
    size_t len = 0;
    const char *ctype = "application/json";
    if (rc == 0 && !*file) {
        gisac_buf b = GISAC_BUF_INIT;
        rc = list_dir(dir, &b);
        body = b.data;
        len = b.len;
        if (rc < 0)
            gisac_buf_free(&b);
    } else if (rc == 0) {
        char p[4352];
        snprintf(p, sizeof p, "%s/%s", dir, file);
        rc = read_file(p, &body, &len);
        ctype = ctype_of(file);
    }
    rm_dir(dir);
    if (rc == 0)
        keep(r, &slot, ctype, body, len);
    gisac_buf_free(&slot.key);
    if (rc == GISAC_ENOTFOUND)
        return http_json_error(r, 404, "not_found", "no such file in this feed");
    if (rc < 0)
        return http_json_error(r, 500, "internal", "internal error");
    return send_etag(r, ctype, body, len);
}

http_res http_feeds(http_req *r, const char *path)
{
    int rc = http_authenticate(r);
    if (rc < 0)
        return http_auth_refused(r, rc, 0);
    auth_principal p = auth_principal_of(&r->acc);
    if (!app_may(&p, AUTH_READ_INTEL, NULL))
        return http_json_error(r, 403, "forbidden", "this account may not read intelligence");

    /* "/feeds//misp/", "/feeds/misp//manifest.json", "/feeds/nft/": slashes
     * doubled or at the end, as typed into a consumer's settings, name the
     * same file (and the same cache entry: the canonical path) */
    char canon[256];
    const char *name = path + strlen("/feeds");
    while (*name == '/')
        name++;
    size_t nl = strlen(name);
    while (nl > 0 && name[nl - 1] == '/')
        nl--;
    if (nl >= sizeof canon - 16)
        return http_json_error(r, 404, "not_found", "no such feed");
    memcpy(canon, name, nl);
    canon[nl] = '\0';
    name = canon;
    for (size_t k = 0; k < sizeof dir_feeds / sizeof *dir_feeds; k++) {
        size_t l = strlen(dir_feeds[k].name);
        if (strncmp(name, dir_feeds[k].name, l) == 0 && (name[l] == '\0' || name[l] == '/')) {
            const char *file = name + l;
            while (*file == '/')
                file++;
            char key[300];
            snprintf(key, sizeof key, "/feeds/%s/%s", dir_feeds[k].name, file);
            return dir_feed(r, dir_feeds[k].fmt, file, key);
        }
    }
    size_t i = 0, nf = sizeof feeds / sizeof *feeds;
    while (i < nf && strcmp(name, feeds[i].name) != 0)
        i++;
    if (i == nf)
        return http_json_error(r, 404, "not_found", "no such feed");
    cache_slot slot;
    http_res res;
    if (from_cache(r, path, &slot, &res))
        return res;

    char *body = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&body, &len);
    if (!f) {
        gisac_buf_free(&slot.key);
        return http_json_error(r, 500, "internal", "internal error");
    }
    intel_export_opts o = {feeds[i].fmt, IOC_AUTO, TLP_UNSET, NULL, NULL, TLP_UNSET, 0};
    gisac_err err = GISAC_ERR_INIT;
    rc = app_export_intel(r->app, &p, &o, NULL, f, NULL, &err);
    if (fclose(f) != 0 && rc == 0)
        rc = GISAC_EIO;
    if (rc < 0) {
        free(body);
        gisac_buf_free(&slot.key);
        return http_json_error(r, 500, "internal", "internal error");
    }
    keep(r, &slot, feeds[i].ctype, body, len);
    gisac_buf_free(&slot.key);
    return send_etag(r, feeds[i].ctype, body, len);
}

/* Answer body (taken over) with its ETag, or 304 when the client has it. */
static http_res send_etag(http_req *r, const char *ctype, char *body, size_t len)
{
    uint8_t h[32];
    char hex[65], etag[68];
    gisac_sha256(body, len, h);
    gisac_hex(h, sizeof h, hex);
    snprintf(etag, sizeof etag, "\"%s\"", hex);
    const char *inm = http_header(r, "If-None-Match");
    const char *cache = FEED_CACHE_CONTROL;
    if (inm && none_match(inm, etag)) {
        free(body);
        return http_send(r, 304, NULL, NULL, 0, cache, "ETag", etag, NULL);
    }
    return http_send(r, 200, ctype, body, len, cache, "ETag", etag, NULL);
}
