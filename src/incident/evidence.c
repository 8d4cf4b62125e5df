/*
 * evidence.c: evidence files of incidents (ISO/IEC 27037): acquisition
 * with a SHA-256 and the size, content-addressed storage beside the
 * database, the chain of custody, and verification.
 *
 * Storage: "<evidence dir>/<first 2 hex>/<64 hex>". A file is copied to a
 * temporary file in the evidence directory while it is hashed, synced,
 * made read-only (0444) and renamed into place; the directory is synced
 * too. The same content is stored once, whichever incidents refer to it.
 * A file written before a failed transaction stays (harmless: unreferenced
 * content).
 */
#include "incident/incident_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define KIND_EVIDENCE "evidence"

/* ---- files --------------------------------------------------------------- */

static int is_hex64(const char *s)
{
    if (!s || strlen(s) != 64)
        return 0;
    for (int i = 0; i < 64; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return 0;
    return 1;
}

/* "<dir>/<aa>" and "<dir>/<aa>/<hex>" into malloc'd strings. */
static int blob_paths(incident_svc *svc, const char *hex, char **sub, char **file)
{
    size_t n = strlen(svc->evdir) + 1 + 2 + 1 + 64 + 1;
    *sub = malloc(n);
    *file = malloc(n);
    if (!*sub || !*file) {
        free(*sub);
        free(*file);
        *sub = *file = NULL;
        return -1;
    }
    snprintf(*sub, n, "%s/%.2s", svc->evdir, hex);
    snprintf(*file, n, "%s/%.2s/%s", svc->evdir, hex, hex);
    return 0;
}

static int make_dir(const char *path, gisac_err *err)
{
    if (mkdir(path, 0750) == 0 || errno == EEXIST)
        return 0;
    return gisac_err_set(err, GISAC_EIO, "%s: %s", path, strerror(errno));
}

static int sync_dir(const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

/* Hash the open file fd to its end: hex and size. copy_fd >= 0 receives a copy. */
static int hash_fd(int fd, int copy_fd, char hex[65], int64_t *size, const char *what,
                   gisac_err *err)
{
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    unsigned char buf[65536];
    int64_t total = 0;
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return gisac_err_set(err, GISAC_EIO, "%s: %s", what, strerror(errno));
        }
        if (n == 0)
            break;
        crypto_hash_sha256_update(&h, buf, (unsigned long long)n);
        total += n;
        for (ssize_t off = 0; copy_fd >= 0 && off < n;) {
            ssize_t w = write(copy_fd, buf + off, (size_t)(n - off));
            if (w < 0) {
                if (errno == EINTR)
                    continue;
                return gisac_err_set(err, GISAC_EIO, "evidence store: %s", strerror(errno));
            }
            off += w;
        }
    }
    unsigned char out[32];
    crypto_hash_sha256_final(&h, out);
    gisac_hex(out, 32, hex);
    *size = total;
    return 0;
}

int incident_blob_put(incident_svc *svc, const char *path, char hex[65], int64_t *size,
                      char name[INCIDENT_FILE_NAME_MAX + 1], gisac_err *err)
{
    name[0] = '\0';
    if (!path || !*path)
        return gisac_err_set(err, GISAC_EINVAL, "no file given");
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return gisac_err_set(err, GISAC_EIO, "%s: %s", path, strerror(errno));
    struct stat sb;
    if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        return gisac_err_set(err, GISAC_EINVAL, "%s: not a regular file", path);
    }
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (incident_text("file name", base, INCIDENT_FILE_NAME_MAX, 0, name,
                      INCIDENT_FILE_NAME_MAX + 1, NULL) < 0)
        name[0] = '\0';

    int rc = make_dir(svc->evdir, err);
    size_t tn = strlen(svc->evdir) + sizeof "/.tmp.XXXXXX";
    char *tmp = malloc(tn);
    if (rc == 0 && !tmp)
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    int out = -1;
    if (rc == 0) {
        snprintf(tmp, tn, "%s/.tmp.XXXXXX", svc->evdir);
        out = mkstemp(tmp);
        if (out < 0)
            rc = gisac_err_set(err, GISAC_EIO, "%s: %s", tmp, strerror(errno));
    }
    if (rc == 0)
        rc = hash_fd(fd, out, hex, size, path, err);
    close(fd);
    if (rc == 0 && (fsync(out) < 0 || fchmod(out, 0444) < 0))
        rc = gisac_err_set(err, GISAC_EIO, "%s: %s", tmp, strerror(errno));
    if (out >= 0 && close(out) < 0 && rc == 0)
        rc = gisac_err_set(err, GISAC_EIO, "%s: %s", tmp, strerror(errno));
    char *sub = NULL, *file = NULL;
    if (rc == 0 && blob_paths(svc, hex, &sub, &file) < 0)
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    if (rc == 0)
        rc = make_dir(sub, err);
    if (rc == 0 && rename(tmp, file) < 0)
        rc = gisac_err_set(err, GISAC_EIO, "%s: %s", file, strerror(errno));
    if (rc == 0 && (sync_dir(sub) < 0 || sync_dir(svc->evdir) < 0))
        rc = gisac_err_set(err, GISAC_EIO, "%s: cannot sync: %s", sub, strerror(errno));
    if (rc < 0 && out >= 0)
        unlink(tmp);
    free(tmp);
    free(sub);
    free(file);
    return rc;
}

int incident_file_put(incident_svc *svc, const char *path, char hex[65], int64_t *size,
                      char name[INCIDENT_FILE_NAME_MAX + 1], gisac_err *err)
{
    return incident_blob_put(svc, path, hex, size, name, err);
}

/* ---- rows ---------------------------------------------------------------- */

static void evidence_from(incident_evidence *o, const store_evidence *e)
{
    memset(o, 0, sizeof *o);
#define CP(dst, src) snprintf(dst, sizeof dst, "%s", (src) ? (src) : "")
    CP(o->incident, e->ref);
    CP(o->agency, e->agency);
    CP(o->kind, e->kind);
    CP(o->sha256, e->sha256);
    CP(o->name, e->name);
    CP(o->note, e->note);
    CP(o->acquired_by, e->acquired_by);
    CP(o->custodian, e->custodian);
#undef CP
    o->n = e->n;
    o->size = e->size;
    o->acquired_at = e->acquired_at;
    o->created = e->created;
}

int incident_evidence_row(incident_svc *svc, const store_incident *inc, const char *kind,
                          const char *hex, int64_t size, const char *name, const char *note,
                          const char *acquired_by, int64_t acquired_at, int64_t now,
                          store_evidence *out, gisac_err *err)
{
    memset(out, 0, sizeof *out);
    out->incident_id = inc->id;
    out->ref = inc->ref;
    out->agency = inc->agency;
    out->kind = kind;
    out->sha256 = hex;
    out->size = size;
    out->name = name && *name ? name : NULL;
    out->note = note && *note ? note : NULL;
    out->acquired_by = acquired_by && *acquired_by ? acquired_by : store_actor(svc->st);
    out->acquired_at = acquired_at ? acquired_at : now;
    out->custodian = out->acquired_by;
    out->created = now;
    int rc = store_evidence_insert(svc->st, out, err);
    if (rc < 0)
        return rc;
    store_custody c = {0, out->id, out->acquired_at, NULL, out->acquired_by, "acquired", NULL};
    if ((rc = store_custody_add(svc->st, &c, err)) < 0)
        return rc;
    char object[INCIDENT_ID_MAX + 16];
    snprintf(object, sizeof object, "%s/E%d", inc->ref, out->n);
    gisac_buf d = GISAC_BUF_INIT;
    gisac_buf_printf(&d,
                     "{\"incident\":\"%s\",\"n\":%d,\"kind\":\"%s\",\"sha256\":\"%s\","
                     "\"size\":%lld,",
                     inc->ref, out->n, kind, hex, (long long)size);
    incident_json_str(&d, "name", out->name);
    gisac_buf_puts(&d, ",");
    incident_json_str(&d, "acquired_by", out->acquired_by);
    gisac_buf_puts(&d, ",");
    incident_json_time(&d, "acquired_at", out->acquired_at);
    gisac_buf_puts(&d, ",");
    incident_json_str(&d, "note", out->note);
    gisac_buf_puts(&d, "}");
    rc = incident_audit(svc, now, "evidence.add", object, &d, err);
    gisac_buf_free(&d);
    return rc;
}

/* ---- service ------------------------------------------------------------- */

/*
 * Writes are the incident's agency's (or staff's): a supervising agency
 * reads its sub-agencies' evidence, it does not add to it or move it.
 */
static int own_agency(const auth_principal *who, const store_incident *r, gisac_err *err)
{
    if (incident_is_staff(who) || strcmp(r->agency, who->agency) == 0)
        return 0;
    return gisac_err_set(err, GISAC_EFORBIDDEN,
                         "the evidence of %s is %s's: its supervising agency reads it, the "
                         "agency or the office adds to it",
                         r->ref, r->agency);
}

/* The checks of an acquisition before anything is stored: note and acquired_by into note, by. */
static int add_check(incident_svc *svc, const incident_evidence_input *in, int64_t now,
                     char note[INCIDENT_REASON_MAX + 1], char by[INCIDENT_PARTY_MAX],
                     gisac_err *err)
{
    int rc = incident_text("note", in->note, INCIDENT_REASON_MAX, TEXT_EMPTY_OK, note,
                           INCIDENT_REASON_MAX + 1, err);
    if (rc == 0)
        rc = incident_text("acquired-by", in->acquired_by ? in->acquired_by : store_actor(svc->st),
                           INCIDENT_PARTY_MAX - 1, 0, by, INCIDENT_PARTY_MAX, err);
    if (rc == 0 && in->acquired_at && in->acquired_at > now)
        rc = gisac_err_at(err, GISAC_EINVAL, "$.acquired_at", "acquired-at is in the future");
    return rc;
}

/* Who may not see the incident learns nothing and stores nothing; a
 * supervising agency adds nothing (own_agency); a closed one takes none. */
static int add_target(incident_svc *svc, const auth_principal *who, const char *id,
                      store_incident *r, gisac_err *err)
{
    int rc = incident_load(svc, who, id, r, err);
    if (rc == 0)
        rc = own_agency(who, r, err);
    if (rc == 0 && strcmp(r->status, "closed") == 0)
        rc = gisac_err_set(err, GISAC_ECONFLICT, "incident %s is closed", r->ref);
    return rc;
}

/* The rows of stored content hex (size bytes): evidence, custody, audit, in a transaction. */
static int add_rows(incident_svc *svc, const auth_principal *who, const char *id, const char *hex,
                    int64_t size, const char *name, const char *note, const char *by,
                    int64_t acquired_at, int64_t now, incident_evidence *out, gisac_err *err)
{
    gisac_arena_reset(svc->arena);
    int rc = store_begin(svc->st, err);
    if (rc < 0)
        return rc;
    store_incident r;
    rc = incident_load(svc, who, id, &r, err);
    store_evidence ev;
    if (rc == 0)
        rc = incident_evidence_row(svc, &r, KIND_EVIDENCE, hex, size, name, note, by, acquired_at,
                                   now, &ev, err);
    rc = incident_tx_end(svc, 1, rc, err);
    if (rc == 0 && out)
        evidence_from(out, &ev);
    return rc;
}

int incident_evidence_add(incident_svc *svc, const auth_principal *who, const char *id,
                          const incident_evidence_input *in, int64_t now, incident_evidence *out,
                          gisac_err *err)
{
    gisac_arena_reset(svc->arena);
    char note[INCIDENT_REASON_MAX + 1], by[INCIDENT_PARTY_MAX];
    int rc = add_check(svc, in, now, note, by, err);
    store_incident r;
    if (rc == 0)
        rc = add_target(svc, who, id, &r, err);
    if (rc < 0)
        return rc;
    char hex[65], name[INCIDENT_FILE_NAME_MAX + 1];
    int64_t size;
    if ((rc = incident_blob_put(svc, in->path, hex, &size, name, err)) < 0)
        return rc;
    return add_rows(svc, who, id, hex, size, name, note, by, in->acquired_at, now, out, err);
}

/* ---- content received as a stream ------------------------------------------ */

struct incident_blob_stream {
    int fd;          /* the temporary file; -1 once closed */
    char *dir, *tmp; /* the evidence directory; the temporary file ("" once renamed) */
    int64_t size, limit;
    int over;      /* more than limit bytes were offered */
    int failed;    /* a write failed */
    char why[128]; /* what failed */
    crypto_hash_sha256_state h;
};

int incident_blob_stream_open(const char *evdir, int64_t limit, incident_blob_stream **out,
                              gisac_err *err)
{
    *out = NULL;
    if (!evdir || !*evdir)
        return gisac_err_set(err, GISAC_EINVAL, "this store keeps no evidence files");
    incident_blob_stream *b = calloc(1, sizeof *b);
    size_t tn = strlen(evdir) + sizeof "/.upload.XXXXXX";
    if (!b || !(b->dir = strdup(evdir)) || !(b->tmp = malloc(tn))) {
        if (b) {
            free(b->dir);
            free(b);
        }
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    }
    b->fd = -1;
    b->limit = limit;
    int rc = make_dir(evdir, err);
    if (rc == 0) {
        snprintf(b->tmp, tn, "%s/.upload.XXXXXX", evdir);
        b->fd = mkstemp(b->tmp);
        if (b->fd < 0)
            rc = gisac_err_set(err, GISAC_EIO, "%s: %s", b->tmp, strerror(errno));
    }
    if (rc < 0) {
        b->tmp[0] = '\0';
        incident_blob_stream_free(b);
        return rc;
    }
    crypto_hash_sha256_init(&b->h);
    *out = b;
    return 0;
}

/* Close and remove the temporary file (nothing is kept of a failed or refused upload). */
static void stream_drop(incident_blob_stream *b)
{
    if (b->fd >= 0)
        close(b->fd);
    b->fd = -1;
    if (b->tmp && b->tmp[0])
        unlink(b->tmp);
    if (b->tmp)
        b->tmp[0] = '\0';
}

int incident_blob_stream_write(incident_blob_stream *b, const void *data, size_t n)
{
    if (b->over || b->failed)
        return -1;
    if ((int64_t)n > b->limit - b->size) {
        b->over = 1;
        stream_drop(b);
        return -1;
    }
    crypto_hash_sha256_update(&b->h, data, (unsigned long long)n);
    const char *p = data;
    for (size_t off = 0; off < n;) {
        ssize_t w = write(b->fd, p + off, n - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            b->failed = 1;
            snprintf(b->why, sizeof b->why, "%s", w < 0 ? strerror(errno) : "short write");
            stream_drop(b);
            return -1;
        }
        off += (size_t)w;
    }
    b->size += (int64_t)n;
    return 0;
}

int64_t incident_blob_stream_size(const incident_blob_stream *b)
{
    return b->size;
}

int incident_blob_stream_over(const incident_blob_stream *b)
{
    return b->over;
}

void incident_blob_stream_free(incident_blob_stream *b)
{
    if (!b)
        return;
    stream_drop(b);
    free(b->tmp);
    free(b->dir);
    sodium_memzero(&b->h, sizeof b->h);
    free(b);
}

/* Make the received content durable under its hash: sync, read-only, rename, sync the dirs. */
static int stream_commit(incident_blob_stream *b, char hex[65], gisac_err *err)
{
    if (b->over)
        return gisac_err_set(err, GISAC_EINVAL, "the file is larger than %lld bytes",
                             (long long)b->limit);
    if (b->failed || b->fd < 0)
        return gisac_err_set(err, GISAC_EIO, "evidence store: %s", b->why[0] ? b->why : "closed");
    unsigned char digest[32];
    crypto_hash_sha256_final(&b->h, digest);
    gisac_hex(digest, 32, hex);
    int rc = 0;
    if (fsync(b->fd) < 0 || fchmod(b->fd, 0444) < 0)
        rc = gisac_err_set(err, GISAC_EIO, "%s: %s", b->tmp, strerror(errno));
    if (close(b->fd) < 0 && rc == 0)
        rc = gisac_err_set(err, GISAC_EIO, "%s: %s", b->tmp, strerror(errno));
    b->fd = -1;
    size_t n = strlen(b->dir) + 1 + 2 + 1 + 64 + 1;
    char *sub = malloc(n), *file = malloc(n);
    if (rc == 0 && (!sub || !file))
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    if (rc == 0) {
        snprintf(sub, n, "%s/%.2s", b->dir, hex);
        snprintf(file, n, "%s/%.2s/%s", b->dir, hex, hex);
        rc = make_dir(sub, err);
    }
    if (rc == 0 && rename(b->tmp, file) < 0)
        rc = gisac_err_set(err, GISAC_EIO, "%s: %s", file, strerror(errno));
    if (rc == 0)
        b->tmp[0] = '\0'; /* in place: no longer ours to remove */
    if (rc == 0 && (sync_dir(sub) < 0 || sync_dir(b->dir) < 0))
        rc = gisac_err_set(err, GISAC_EIO, "%s: cannot sync: %s", sub, strerror(errno));
    free(sub);
    free(file);
    return rc;
}

int incident_evidence_add_stream(incident_svc *svc, const auth_principal *who, const char *id,
                                 const char *name, incident_blob_stream *b,
                                 const incident_evidence_input *in, int64_t now,
                                 incident_evidence *out, gisac_err *err)
{
    gisac_arena_reset(svc->arena);
    char note[INCIDENT_REASON_MAX + 1], by[INCIDENT_PARTY_MAX], nm[INCIDENT_FILE_NAME_MAX + 1];
    int rc = add_check(svc, in, now, note, by, err);
    if (rc == 0)
        rc = incident_text("file name", name, INCIDENT_FILE_NAME_MAX, 0, nm, sizeof nm, err);
    if (rc == 0 && strcmp(b->dir, svc->evdir) != 0)
        rc = gisac_err_set(err, GISAC_EINVAL, "the upload is not in this evidence directory");
    store_incident r;
    if (rc == 0)
        rc = add_target(svc, who, id, &r, err);
    char hex[65];
    if (rc == 0)
        rc = stream_commit(b, hex, err);
    if (rc < 0)
        return rc;
    /* the content is durable: now its record */
    return add_rows(svc, who, id, hex, b->size, nm, note, by, in->acquired_at, now, out, err);
}

static int load_evidence(incident_svc *svc, const auth_principal *who, const char *id, int n,
                         store_incident *r, store_evidence *ev, gisac_err *err);

int incident_evidence_open(incident_svc *svc, const auth_principal *who, const char *id, int n,
                           const char *how, int64_t now, incident_evidence *out, int *fd,
                           gisac_err *err)
{
    *fd = -1;
    gisac_arena_reset(svc->arena);
    int rc = store_begin(svc->st, err);
    if (rc < 0)
        return rc;
    store_incident r;
    store_evidence ev;
    rc = load_evidence(svc, who, id, n, &r, &ev, err);
    char *sub = NULL, *file = NULL;
    if (rc == 0 && (!is_hex64(ev.sha256) || blob_paths(svc, ev.sha256, &sub, &file) < 0))
        rc = gisac_err_set(err, GISAC_EIO, "evidence %d of %s: no stored file", n, r.ref);
    if (rc == 0) {
        *fd = open(file, O_RDONLY | O_CLOEXEC);
        struct stat sb;
        if (*fd < 0)
            rc = gisac_err_set(err, GISAC_EIO, "evidence %d of %s: %s (gisac evidence verify)", n,
                               r.ref, strerror(errno));
        else if (fstat(*fd, &sb) < 0 || !S_ISREG(sb.st_mode) || sb.st_size != ev.size)
            rc = gisac_err_set(err, GISAC_EIO,
                               "evidence %d of %s: the stored file changed (gisac evidence verify)",
                               n, r.ref);
    }
    if (rc == 0 && how) {
        /* an access is a custody entry: the custodian keeps it, who read it is the actor */
        char reason[INCIDENT_REASON_MAX + 1];
        snprintf(reason, sizeof reason, "accessed: %s", *how ? how : "content read");
        store_custody c = {0, ev.id, now, ev.custodian, ev.custodian, reason, NULL};
        rc = store_custody_add(svc->st, &c, err);
    }
    if (rc == 0 && how) {
        char object[INCIDENT_ID_MAX + 16];
        snprintf(object, sizeof object, "%s/E%d", r.ref, ev.n);
        gisac_buf d = GISAC_BUF_INIT;
        gisac_buf_printf(&d, "{\"incident\":\"%s\",\"n\":%d,\"sha256\":\"%s\",\"size\":%lld,",
                         r.ref, ev.n, ev.sha256, (long long)ev.size);
        incident_json_str(&d, "how", *how ? how : "content read");
        gisac_buf_puts(&d, "}");
        rc = incident_audit(svc, now, "evidence.access", object, &d, err);
        gisac_buf_free(&d);
    }
    rc = incident_tx_end(svc, 1, rc, err);
    if (rc == 0)
        evidence_from(out, &ev);
    else if (*fd >= 0) {
        close(*fd);
        *fd = -1;
    }
    free(sub);
    free(file);
    return rc;
}

/* Load incident id (visible) and its evidence n. */
static int load_evidence(incident_svc *svc, const auth_principal *who, const char *id, int n,
                         store_incident *r, store_evidence *ev, gisac_err *err)
{
    int rc = incident_load(svc, who, id, r, err);
    if (rc < 0)
        return rc;
    rc = store_evidence_get(svc->st, r->id, n, ev, svc->arena, err);
    if (rc == GISAC_ENOTFOUND)
        return gisac_err_set(err, rc, "evidence %d of incident %s: not found", n, r->ref);
    return rc;
}

int incident_evidence_get(incident_svc *svc, const auth_principal *who, const char *id, int n,
                          incident_evidence *out, gisac_err *err)
{
    gisac_arena_reset(svc->arena);
    store_incident r;
    store_evidence ev;
    int rc = load_evidence(svc, who, id, n, &r, &ev, err);
    if (rc == 0)
        evidence_from(out, &ev);
    return rc;
}

GISAC_RELAY_MAP(ev_row, store_evidence, incident_evidence, evidence_from, incident_evidence_cb)

int incident_evidence_list(incident_svc *svc, const auth_principal *who, const char *id,
                           incident_evidence_cb cb, void *ctx, gisac_err *err)
{
    gisac_arena_reset(svc->arena);
    store_incident r;
    int rc = incident_load(svc, who, id, &r, err);
    if (rc < 0)
        return rc;
    gisac_relay c = GISAC_RELAY(cb, ctx);
    return store_evidence_iter(svc->st, r.id, NULL, ev_row, &c, err);
}

typedef struct last_ctx {
    int64_t ts;
} last_ctx;

static int last_custody(void *ctx, const store_custody *c)
{
    last_ctx *l = ctx;
    if (c->ts > l->ts)
        l->ts = c->ts;
    return 0;
}

int incident_evidence_transfer(incident_svc *svc, const auth_principal *who, const char *id, int n,
                               const char *from, const char *to, const char *reason, int64_t at,
                               int64_t now, incident_evidence *out, gisac_err *err)
{
    gisac_arena_reset(svc->arena);
    char f[INCIDENT_PARTY_MAX] = "", t[INCIDENT_PARTY_MAX], why[INCIDENT_REASON_MAX + 1];
    int rc = 0;
    if (from)
        rc = incident_text("from", from, INCIDENT_PARTY_MAX - 1, 0, f, sizeof f, err);
    if (rc == 0)
        rc = incident_text("to", to, INCIDENT_PARTY_MAX - 1, 0, t, sizeof t, err);
    if (rc == 0)
        rc = incident_text("reason", reason, INCIDENT_REASON_MAX, 0, why, sizeof why, err);
    if (rc == 0 && at > now)
        rc = gisac_err_at(err, GISAC_EINVAL, "$.at", "the transfer time is in the future");
    if (rc < 0)
        return rc;
    if (!at)
        at = now;
    if ((rc = incident_who_check(who, err)) < 0)
        return rc;
    if ((rc = store_begin(svc->st, err)) < 0)
        return rc;
    store_incident r;
    store_evidence ev;
    rc = load_evidence(svc, who, id, n, &r, &ev, err);
    if (rc == 0)
        rc = own_agency(who, &r, err);
    if (rc == 0 && f[0] && strcmp(f, ev.custodian) != 0)
        rc = gisac_err_set(err, GISAC_ECONFLICT, "evidence %d of %s is held by %s, not %s", n,
                           r.ref, ev.custodian, f);
    if (rc == 0 && strcmp(t, ev.custodian) == 0)
        rc = gisac_err_set(err, GISAC_ECONFLICT, "evidence %d of %s is held by %s already", n,
                           r.ref, t);
    last_ctx last = {0};
    if (rc == 0)
        rc = store_custody_iter(svc->st, ev.id, last_custody, &last, err);
    if (rc == 0 && at < last.ts)
        rc = gisac_err_at(err, GISAC_EINVAL, "$.at",
                          "the transfer time is before the last entry of the chain of custody");
    const char *prev = ev.custodian;
    store_custody c = {0, ev.id, at, prev, t, why, NULL};
    if (rc == 0)
        rc = store_custody_add(svc->st, &c, err);
    if (rc == 0)
        rc = store_evidence_set_custodian(svc->st, ev.id, t, err);
    if (rc == 0) {
        char object[INCIDENT_ID_MAX + 16];
        snprintf(object, sizeof object, "%s/E%d", r.ref, n);
        gisac_buf d = GISAC_BUF_INIT;
        gisac_buf_printf(&d, "{\"incident\":\"%s\",\"n\":%d,", r.ref, n);
        incident_json_str(&d, "from", prev);
        gisac_buf_puts(&d, ",");
        incident_json_str(&d, "to", t);
        gisac_buf_puts(&d, ",");
        incident_json_str(&d, "reason", why);
        gisac_buf_puts(&d, ",");
        incident_json_time(&d, "at", at);
        gisac_buf_puts(&d, "}");
        rc = incident_audit(svc, now, "evidence.transfer", object, &d, err);
        gisac_buf_free(&d);
    }
    rc = incident_tx_end(svc, 1, rc, err);
    if (rc == 0 && out) {
        ev.custodian = t;
        evidence_from(out, &ev);
    }
    return rc;
}

static void custody_from(incident_custody *o, const store_custody *c)
{
    *o = (incident_custody){c->ts, c->from, c->to, c->reason, c->actor};
}

GISAC_RELAY_MAP(custody_row, store_custody, incident_custody, custody_from, incident_custody_cb)

int incident_custody_list(incident_svc *svc, const auth_principal *who, const char *id, int n,
                          incident_custody_cb cb, void *ctx, gisac_err *err)
{
    gisac_arena_reset(svc->arena);
    store_incident r;
    store_evidence ev;
    int rc = load_evidence(svc, who, id, n, &r, &ev, err);
    if (rc < 0)
        return rc;
    gisac_relay c = GISAC_RELAY(cb, ctx);
    return store_custody_iter(svc->st, ev.id, custody_row, &c, err);
}

/* ---- JSON ---------------------------------------------------------------- */

int incident_evidence_to_json(const incident_evidence *ev, gisac_buf *out)
{
    gisac_buf b = GISAC_BUF_INIT;
    gisac_buf_printf(&b,
                     "{\"incident\":\"%s\",\"n\":%d,\"kind\":\"%s\",\"sha256\":\"%s\","
                     "\"size\":%lld,",
                     ev->incident, ev->n, ev->kind, ev->sha256, (long long)ev->size);
    incident_json_str(&b, "name", ev->name);
    incident_jstr(&b, "note", ev->note);
    incident_jstr(&b, "acquired_by", ev->acquired_by);
    incident_jtime(&b, "acquired_at", ev->acquired_at);
    incident_jstr(&b, "custodian", ev->custodian);
    incident_jtime(&b, "created", ev->created);
    return incident_json_end(&b, out);
}

int incident_custody_to_json(const incident_custody *c, gisac_buf *out)
{
    gisac_buf b = GISAC_BUF_INIT;
    gisac_buf_puts(&b, "{");
    incident_json_time(&b, "at", c->ts);
    incident_jstr(&b, "from", c->from);
    incident_jstr(&b, "to", c->to);
    incident_jstr(&b, "reason", c->reason);
    incident_jstr(&b, "recorded_by", c->actor);
    return incident_json_end(&b, out);
}

/* ---- verification -------------------------------------------------------- */

typedef struct verify_ctx {
    incident_svc *svc;
    incident_verify_cb cb;
    void *ctx;
    size_t checked, bad;
    int stop;
    gisac_err *err;
    int rc;
    incident_evidence ev;
    const incident_scope *sc; /* the agencies the caller may see */
} verify_ctx;

static int verify_row(void *ctx, const store_evidence *e)
{
    verify_ctx *v = ctx;
    if (!incident_scope_has(v->sc, e->agency))
        return 0;
    evidence_from(&v->ev, e);
    incident_verify_result res;
    memset(&res, 0, sizeof res);
    res.ev = &v->ev;
    char *sub = NULL, *file = NULL;
    if (!is_hex64(e->sha256)) {
        /* a damaged row: never build a path from it */
        res.status = INCIDENT_VERIFY_MISSING;
        res.path = "";
    } else if (blob_paths(v->svc, e->sha256, &sub, &file) < 0) {
        v->rc = gisac_err_set(v->err, GISAC_ENOMEM, "out of memory");
        return 1;
    } else {
        res.path = file;
        int fd = open(file, O_RDONLY);
        if (fd < 0) {
            res.status = errno == ENOENT ? INCIDENT_VERIFY_MISSING : INCIDENT_VERIFY_UNREADABLE;
        } else {
            gisac_err e2;
            if (hash_fd(fd, -1, res.actual, &res.actual_size, file, &e2) < 0)
                res.status = INCIDENT_VERIFY_UNREADABLE;
            else if (strcmp(res.actual, e->sha256) != 0 || res.actual_size != e->size)
                res.status = INCIDENT_VERIFY_MISMATCH;
            close(fd);
        }
    }
    v->checked++;
    if (res.status != INCIDENT_VERIFY_OK)
        v->bad++;
    int stop = v->cb ? v->cb(v->ctx, &res) : 0;
    free(sub);
    free(file);
    return stop;
}

int incident_evidence_verify(incident_svc *svc, const auth_principal *who, const char *id,
                             int64_t now, incident_verify_cb cb, void *ctx, size_t *checked,
                             size_t *bad, gisac_err *err)
{
    gisac_arena_reset(svc->arena);
    int rc = incident_who_check(who, err);
    if (rc < 0)
        return rc;
    int64_t iid = 0;
    char ref[INCIDENT_ID_MAX] = "";
    if (id) {
        store_incident r;
        if ((rc = incident_load(svc, who, id, &r, err)) < 0)
            return rc;
        iid = r.id;
        snprintf(ref, sizeof ref, "%s", r.ref);
    }
    /* every file the caller may see: a supervising agency's include those below it */
    incident_scope sc;
    if ((rc = incident_scope_load(svc, who, &sc, err)) < 0)
        return rc;
    verify_ctx v = {.svc = svc, .cb = cb, .ctx = ctx, .err = err, .sc = &sc};
    rc = store_evidence_iter(svc->st, iid, sc.all || sc.n != 1 ? NULL : who->agency, verify_row, &v,
                             err);
    incident_scope_free(&sc);
    if (rc == 0)
        rc = v.rc;
    if (checked)
        *checked = v.checked;
    if (bad)
        *bad = v.bad;
    if (rc < 0)
        return rc;
    gisac_buf d = GISAC_BUF_INIT;
    gisac_buf_printf(&d, "{\"scope\":");
    if (ref[0])
        gisac_buf_json_str(&d, ref);
    else if (incident_is_staff(who))
        gisac_buf_puts(&d, "\"all\"");
    else
        gisac_buf_json_str(&d, who->agency);
    gisac_buf_printf(&d, ",\"checked\":%zu,\"bad\":%zu}", v.checked, v.bad);
    rc = incident_audit(svc, now, "evidence.verify", ref[0] ? ref : NULL, &d, err);
    gisac_buf_free(&d);
    return rc;
}
