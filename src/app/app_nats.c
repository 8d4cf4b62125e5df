/*
 * app_nats.c: ingest through NATS JetStream (app_ingest.h): publishing
 * files and request bodies as chunks, the workers, and their state.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include "app/app_internal.h"
#include "ingest/ingest.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define PUBLISH_WAIT_MS   10000 /* for JetStream's acknowledgement of a chunk */
#define WORKER_BEAT_SECS  5     /* a worker's heartbeat */
#define WORKER_SEEN_SECS  30    /* a worker seen within is counted in status */
#define WORKER_FETCH_MS   1000
#define WORKER_FETCH_ERRS 3 /* failed fetches in a row before the subscription is rebuilt */
#define RETAIN_DEFAULT    (7 * 86400)

struct app_nats {
    ingest_conn *c;
};

void app_nats_free(struct app_nats *n)
{
    if (!n)
        return;
    ingest_close(n->c);
    free(n);
}

static int is_staff(const auth_principal *who)
{
    return who->role == AUTH_ROLE_ADMIN || who->role == AUTH_ROLE_ANALYST;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Connect to url and make the stream (r's limits; a new stream: the defaults). */
static int nats_open(const char *url, const app_retention *r, ingest_conn **out, gisac_err *err)
{
    int rc = ingest_connect(url, out, err);
    if (rc < 0)
        return rc;
    ingest_stream_cfg cfg = {RETAIN_DEFAULT, 0, 0, 1};
    if (r && r->max_age)
        cfg.max_age = r->max_age;
    if (r && r->max_bytes)
        cfg.max_bytes = r->max_bytes;
    if (r && r->replicas)
        cfg.replicas = r->replicas;
    rc = ingest_stream_ensure(*out, &cfg, r != NULL && (r->max_age || r->max_bytes || r->replicas),
                              err);
    if (rc < 0) {
        ingest_close(*out);
        *out = NULL;
    }
    return rc;
}

int app_nats_use(app *a, const char *url, const app_retention *r, gisac_err *err)
{
    app_shared *sh = a->sh;
    struct app_nats *n = calloc(1, sizeof *n);
    if (!n)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    int rc = nats_open(url, r, &n->c, err);
    if (rc < 0) {
        free(n);
        return rc;
    }
    pthread_mutex_lock(&sh->mu);
    if (sh->nats)
        rc = gisac_err_set(err, GISAC_ECONFLICT, "NATS is in use already");
    else
        sh->nats = n;
    pthread_mutex_unlock(&sh->mu);
    if (rc < 0)
        app_nats_free(n);
    return rc;
}

static ingest_conn *conn_of(app *a)
{
    pthread_mutex_lock(&a->sh->mu);
    ingest_conn *c = a->sh->nats ? a->sh->nats->c : NULL;
    pthread_mutex_unlock(&a->sh->mu);
    return c;
}

int app_ingest_queues(app *a)
{
    return conn_of(a) != NULL;
}

/* ---- chunks ------------------------------------------------------------------------ */

static uint64_t count_lines(const char *p, size_t len)
{
    uint64_t n = 0;
    for (const char *e = p + len; (p = memchr(p, '\n', (size_t)(e - p))) != NULL; p++)
        n++;
    return n;
}

/* "stdin:" or prefix and the hex digest of data[0..len): a source named by its bytes. */
static void digest_source(const char *prefix, const char *data, size_t len, char *out, size_t cap)
{
    unsigned char h[16];
    char hex[33];
    crypto_generichash(h, sizeof h, (const unsigned char *)data, len, NULL, 0);
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    snprintf(out, cap, "%s%s", prefix, hex);
}

int app_ingest_publish_body(app *a, const auth_principal *who, const char *agency, const char *body,
                            size_t len, const char *format, json_t **answer, gisac_err *err)
{
    ingest_conn *c = conn_of(a);
    if (!c)
        return gisac_err_set(err, GISAC_EINVAL, "NATS is not in use");
    if (len > APP_PUBLISH_CHUNK_MAX)
        return gisac_err_at(err, GISAC_EINVAL, "body",
                            "is %zu bytes: send at most %d bytes a request", len,
                            APP_PUBLISH_CHUNK_MAX);
    const char *sensor = who->name && *who->name ? who->name : "api";
    char prefix[160], source[220];
    snprintf(prefix, sizeof prefix, "api:%.100s:", sensor);
    digest_source(prefix, body, len, source, sizeof source);
    ingest_chunk ch;
    memset(&ch, 0, sizeof ch);
    ingest_chunk_id(agency, source, 0, ch.id);
    ch.agency = agency;
    ch.source = source;
    ch.format = format ? format : "auto";
    ch.sensor = sensor;
    ch.data = body;
    ch.len = len;
    int dup = 0;
    int rc = ingest_publish(c, &ch, PUBLISH_WAIT_MS, &dup, NULL, err);
    if (rc < 0)
        return rc;
    *answer = json_pack("{s:s,s:s,s:s,s:I,s:I,s:b}", "chunk", ch.id, "agency", agency, "format",
                        ch.format, "bytes", (json_int_t)len, "lines",
                        (json_int_t)count_lines(body, len), "duplicate", dup);
    return *answer ? 0 : gisac_err_set(err, GISAC_ENOMEM, "out of memory");
}

/* ---- gisac publish ------------------------------------------------------------------ */

typedef struct pub {
    const app_publish_opts *o;
    ingest_conn *c;
    app_publish_result *res;
    size_t chunk;
    const char *format;
} pub;

/* The state file of path: "gisac-publish 1 <inode> <offset>". */
static int state_path(const char *path, char *out, size_t cap, gisac_err *err)
{
    if (snprintf(out, cap, "%s.gisac-publish", path) >= (int)cap)
        return gisac_err_set(err, GISAC_EINVAL, "%.100s...: the path is too long", path);
    return 0;
}

static uint64_t state_read(const char *spath, uint64_t ino)
{
    FILE *f = fopen(spath, "r");
    if (!f)
        return 0;
    unsigned long long i = 0, off = 0;
    int ok = fscanf(f, "gisac-publish 1 %llu %llu", &i, &off) == 2;
    fclose(f);
    return ok && i == ino ? (uint64_t)off : 0;
}

static int state_write(const char *spath, uint64_t ino, uint64_t off, gisac_err *err)
{
    char tmp[PATH_MAX + 32];
    snprintf(tmp, sizeof tmp, "%s.tmp", spath);
    FILE *f = fopen(tmp, "w");
    int ok = f && fprintf(f, "gisac-publish 1 %llu %llu\n", (unsigned long long)ino,
                          (unsigned long long)off) > 0;
    if (f && fclose(f) != 0)
        ok = 0;
    if (ok && rename(tmp, spath) == 0)
        return 0;
    int e = errno;
    unlink(tmp);
    return gisac_err_set(err, GISAC_EIO, "%s: %s", spath, strerror(e));
}

/* Publish data[0..len) (whole lines) of source at offset. */
static int pub_chunk(pub *p, const char *source, uint64_t offset, const char *data, size_t len,
                     gisac_err *err)
{
    ingest_chunk ch;
    memset(&ch, 0, sizeof ch);
    ingest_chunk_id(p->o->agency, source, offset, ch.id);
    ch.agency = p->o->agency;
    ch.source = source;
    ch.offset = offset;
    ch.format = p->format;
    ch.data = data;
    ch.len = len;
    int dup = 0;
    int rc = ingest_publish(p->c, &ch, PUBLISH_WAIT_MS, &dup, NULL, err);
    if (rc < 0)
        return rc;
    p->res->chunks++;
    p->res->duplicates += (uint64_t)dup;
    p->res->lines += count_lines(data, len);
    p->res->bytes += len;
    return 0;
}

/*
 * Read fd to its end in chunks of whole lines, published from offset on;
 * after each, done(ctx, offset after it). The source of each chunk: name,
 * or (name NULL) its digest.
 */
typedef int (*pub_done_fn)(void *ctx, uint64_t offset, gisac_err *err);
static int pub_stream(pub *p, int fd, const char *what, const char *name, uint64_t offset,
                      pub_done_fn done, void *ctx, gisac_err *err)
{
    size_t cap = p->chunk, len = 0;
    char *buf = malloc(cap);
    if (!buf)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    int rc = 0, eof = 0;
    while (rc == 0 && !(p->o->stop && *p->o->stop)) {
        if (!eof && len < cap) {
            ssize_t r = read(fd, buf + len, cap - len);
            if (r < 0 && errno == EINTR)
                continue;
            if (r < 0) {
                rc = gisac_err_set(err, GISAC_EIO, "%s: %s", what, strerror(errno));
                break;
            }
            eof = r == 0;
            len += (size_t)r;
            if (!eof && len < cap)
                continue;
        }
        char *nl = NULL;
        for (size_t k = len; k > 0 && !nl; k--)
            if (buf[k - 1] == '\n')
                nl = buf + k - 1;
        if (!nl) {
            if (eof) {
                p->res->held += len; /* an unfinished last line */
                break;
            }
            rc = gisac_err_set(err, GISAC_EINVAL,
                               "%s: the line at byte %llu is longer than %zu bytes (the chunk "
                               "size)",
                               what, (unsigned long long)offset, cap);
            break;
        }
        size_t n = (size_t)(nl - buf) + 1;
        char src[INGEST_SOURCE_MAX];
        if (name)
            snprintf(src, sizeof src, "%s", name);
        else
            digest_source("stdin:", buf, n, src, sizeof src);
        rc = pub_chunk(p, src, offset, buf, n, err);
        offset += n;
        if (rc == 0 && done)
            rc = done(ctx, offset, err);
        memmove(buf, buf + n, len - n);
        len -= n;
        if (eof && !len)
            break;
    }
    free(buf);
    return rc;
}

typedef struct file_state {
    const char *spath;
    uint64_t ino;
} file_state;

static int file_done(void *ctx, uint64_t offset, gisac_err *err)
{
    file_state *fs = ctx;
    return state_write(fs->spath, fs->ino, offset, err);
}

static int pub_file(pub *p, const char *path, gisac_err *err)
{
    if (strcmp(path, "-") == 0)
        return pub_stream(p, 0, "stdin", NULL, 0, NULL, NULL, err);
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return gisac_err_set(err, GISAC_EIO, "%s: %s", path, strerror(errno));
    struct stat sb;
    char real[PATH_MAX], spath[PATH_MAX + 32], source[INGEST_SOURCE_MAX];
    int rc = 0;
    if (fstat(fd, &sb) < 0 || !realpath(path, real))
        rc = gisac_err_set(err, GISAC_EIO, "%s: %s", path, strerror(errno));
    else if (!S_ISREG(sb.st_mode))
        rc = gisac_err_set(err, GISAC_EINVAL, "%s: not a regular file", path);
    if (rc == 0)
        rc = state_path(path, spath, sizeof spath, err);
    if (rc == 0 && snprintf(source, sizeof source, "%s@%llu", real,
                            (unsigned long long)sb.st_ino) >= (int)sizeof source)
        rc = gisac_err_set(err, GISAC_EINVAL, "%s: the path is too long", path);
    uint64_t off = 0;
    if (rc == 0) {
        off = state_read(spath, (uint64_t)sb.st_ino);
        if (off > (uint64_t)sb.st_size) /* truncated: from the start */
            off = 0;
        if (lseek(fd, (off_t)off, SEEK_SET) < 0)
            rc = gisac_err_set(err, GISAC_EIO, "%s: %s", path, strerror(errno));
        p->res->resumed += off;
    }
    file_state fs = {spath, (uint64_t)sb.st_ino};
    if (rc == 0)
        rc = pub_stream(p, fd, path, source, off, file_done, &fs, err);
    close(fd);
    return rc;
}

int app_publish_files(const app_publish_opts *o, const char *const *inputs, size_t n,
                      app_publish_result *res, gisac_err *err)
{
    memset(res, 0, sizeof *res);
    gisac_err why = GISAC_ERR_INIT;
    if (auth_agency_id_check(o->agency ? o->agency : "", &why) < 0)
        return gisac_err_at(err, GISAC_EINVAL, "agency", "%s", why.msg);
    match_format fmt = MATCH_FMT_AUTO;
    if (o->format && match_format_from_name(o->format, &fmt) < 0)
        return gisac_err_at(err, GISAC_EINVAL, "format",
                            "must be auto, eve, zeek, syslog, cef or text");
    size_t chunk = o->chunk_bytes ? o->chunk_bytes : APP_PUBLISH_CHUNK_DEFAULT;
    if (chunk < 1024 || chunk > APP_PUBLISH_CHUNK_MAX)
        return gisac_err_at(err, GISAC_EINVAL, "chunk", "must be from 1024 to %d bytes",
                            APP_PUBLISH_CHUNK_MAX);
    pub p = {o, NULL, res, chunk, match_format_name(fmt)};
    int rc = nats_open(o->url, NULL, &p.c, err);
    for (size_t i = 0; rc == 0 && i < n && !(o->stop && *o->stop); i++) {
        res->where = inputs[i];
        rc = pub_file(&p, inputs[i], err);
        res->files += rc == 0;
    }
    if (rc == 0)
        res->where = NULL;
    ingest_close(p.c);
    return rc;
}

/* ---- gisac worker ------------------------------------------------------------------------ */

typedef struct worker {
    app *root;
    const auth_principal *who;
    const app_worker_opts *o;
    ingest_conn *c;
    char name[256];
    int threads, max_deliver, batch;
    int64_t ack_wait_ms, nak_delay_ms;
    volatile int done; /* until_idle: nothing left */
    atomic_ullong chunks, repeated, sightings, failures, set_aside, reconnects;
} worker;

/*
 * Keep the rows (by indicator and direction) of indicators whose
 * sightings in ch were not recorded before (ingest_seen), moved to the
 * front: *kept of them, *count their events.
 */
static int rows_unseen(store *st, const char *chunk, match_record *rows, size_t n, size_t *kept,
                       uint64_t *count, gisac_err *err)
{
    size_t k = 0;
    int fresh = 0;
    *count = 0;
    for (size_t i = 0; i < n; i++) {
        if (!i || rows[i - 1].indicator != rows[i].indicator) {
            int rc = store_ingest_seen_add(st, chunk, rows[i].indicator, &fresh, err);
            if (rc < 0)
                return rc;
        }
        if (!fresh)
            continue;
        *count += (uint64_t)rows[i].count;
        match_record t = rows[k]; /* swapped: every row is still freed */
        rows[k++] = rows[i];
        rows[i] = t;
    }
    *kept = k;
    return 0;
}

/*
 * Match ch (only: the normal value of the one indicator looked for, or
 * NULL) and, in one transaction, record the sightings of the indicators
 * not recorded for this chunk before (via: the audit's word). done (the
 * worker): the chunk's row too; *added 0 when it was there already, and
 * then nothing is recorded. *sightings: the events recorded.
 */
static int chunk_record(app *b, const auth_principal *who, const ingest_chunk *ch, const char *only,
                        const char *via, int done, int *added, uint64_t *sightings, gisac_err *err)
{
    *added = 0;
    *sightings = 0;
    match_format fmt;
    if (match_format_from_name(ch->format, &fmt) < 0)
        return gisac_err_set(err, GISAC_EINVAL, "chunk %s: format '%.40s' is not one gisac reads",
                             ch->id, ch->format);
    match_record *rows = NULL;
    size_t n = 0, k = 0;
    match_buffer_stats bs;
    int rc = app_match_lines(b, ch->agency, ch->data, ch->len, fmt, ch->time, only, NULL, &rows, &n,
                             &bs, err);
    if (rc < 0)
        return rc;
    store *st = app_store(b);
    rc = store_begin(st, err);
    store_ingest_chunk c = {ch->id,
                            ch->agency,
                            ch->source,
                            (int64_t)ch->offset,
                            (int64_t)ch->seq,
                            STORE_INGEST_DONE,
                            (int64_t)bs.lines,
                            (int64_t)bs.sightings,
                            (int64_t)ch->deliveries,
                            NULL,
                            NULL,
                            gisac_now()};
    if (rc == 0 && done)
        rc = store_ingest_chunk_add(st, &c, added, err);
    else
        *added = 1;
    if (rc == 0 && *added)
        rc = rows_unseen(st, ch->id, rows, n, &k, sightings, err);
    if (rc == 0 && k) {
        auth_principal p = *who;
        if (ch->sensor && *ch->sensor)
            p.name = ch->sensor; /* the sightings' sensor */
        app_record_opts ro = {via, 0, gisac_now(), NULL, NULL};
        rc = app_record_sightings(b, &p, ch->agency, rows, k, &ro, NULL, err);
    }
    if (rc == 0)
        rc = store_commit(st, err);
    else if (store_tx_open(st))
        store_rollback(st);
    match_records_free(rows, n);
    if (rc < 0)
        *sightings = 0;
    return rc;
}

/* Keep ch with its lines (base64) and why it failed. */
static int chunk_set_aside(app *b, const ingest_chunk *ch, const char *reason, gisac_err *err)
{
    size_t cap = sodium_base64_encoded_len(ch->len, sodium_base64_VARIANT_ORIGINAL);
    char *data = malloc(cap);
    if (!data)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    sodium_bin2base64(data, cap, (const unsigned char *)ch->data, ch->len,
                      sodium_base64_VARIANT_ORIGINAL);
    store_ingest_chunk c = {ch->id,
                            ch->agency ? ch->agency : "",
                            ch->source ? ch->source : "",
                            (int64_t)ch->offset,
                            (int64_t)ch->seq,
                            STORE_INGEST_SET_ASIDE,
                            (int64_t)count_lines(ch->data, ch->len),
                            0,
                            (int64_t)ch->deliveries,
                            reason,
                            data,
                            gisac_now()};
    int added = 0;
    int rc = store_ingest_chunk_add(app_store(b), &c, &added, err);
    free(data);
    return rc;
}

/* A new store connection for the thread after a store failure (a dropped connection). */
static void reopen(worker *w, app **b)
{
    app_close(*b);
    *b = NULL;
    gisac_err e = GISAC_ERR_INIT;
    if (app_clone(w->root, b, &e) < 0)
        *b = NULL;
    atomic_fetch_add(&w->reconnects, 1);
}

static void handle(worker *w, app **b, ingest_msg *m)
{
    gisac_err e = GISAC_ERR_INIT;
    ingest_chunk ch;
    int rc = ingest_msg_chunk(m, &ch, &e);
    int added = 0;
    uint64_t sightings = 0;
    if (rc == 0)
        rc = chunk_record(*b, w->who, &ch, NULL, "worker", 1, &added, &sightings, &e);
    if (rc == 0) {
        if (ingest_msg_ack(m, &e) < 0)
            return; /* delivered again after the ack wait: recorded once all the same */
        if (added) {
            atomic_fetch_add(&w->chunks, 1);
            atomic_fetch_add(&w->sightings, sightings);
        } else {
            atomic_fetch_add(&w->repeated, 1);
        }
        return;
    }
    atomic_fetch_add(&w->failures, 1);
    /* the database or NATS failing (a dropped connection, a lock held too
     * long): transient, tried again on a new connection and never set aside */
    int transient = rc == GISAC_ESTORE || rc == GISAC_EIO || rc == GISAC_ENOMEM;
    if (transient)
        reopen(w, b);
    if (!ch.id[0]) /* no chunk id: named by its place in the stream */
        snprintf(ch.id, sizeof ch.id, "seq-%llu", (unsigned long long)ch.seq);
    if (*b && !transient && ch.deliveries >= (uint64_t)w->max_deliver) {
        gisac_err e2 = GISAC_ERR_INIT;
        if (chunk_set_aside(*b, &ch, e.msg, &e2) == 0) {
            ingest_msg_term(m, &e2);
            atomic_fetch_add(&w->set_aside, 1);
            return;
        }
    }
    ingest_msg_nak(m, w->nak_delay_ms, &e);
}

/* With until_idle: 1 when the consumer has nothing pending or unacknowledged. */
static int idle(worker *w)
{
    ingest_consumer_stats cs;
    gisac_err e = GISAC_ERR_INIT;
    return ingest_consumer_stats_get(w->c, &cs, &e) == 0 && cs.pending == 0 && cs.ack_pending == 0;
}

static int stopping(const worker *w)
{
    return w->done || (w->o->stop && *w->o->stop);
}

static void *worker_thread(void *arg)
{
    worker *w = ((void **)arg)[0];
    int first = ((void **)arg)[1] != NULL;
    app *b = NULL;
    gisac_err e = GISAC_ERR_INIT;
    if (app_clone(w->root, &b, &e) < 0)
        b = NULL;
    ingest_sub *sub = NULL;
    ingest_msg **msgs = calloc((size_t)w->batch, sizeof *msgs);
    int errs = 0;
    int64_t beat = 0;
    while (msgs && !stopping(w)) {
        if (!b) {
            sleep_ms(500);
            reopen(w, &b);
            continue;
        }
        if (!sub && ingest_sub_open(w->c, w->ack_wait_ms, &sub, &e) < 0) {
            sub = NULL;
            sleep_ms(500);
            continue;
        }
        int64_t now = gisac_now();
        if (first && now - beat >= WORKER_BEAT_SECS) {
            if (store_ingest_worker_beat(app_store(b), w->name, w->threads, now, &e) == 0)
                beat = now;
            else
                reopen(w, &b);
        }
        int n = 0;
        if (ingest_fetch(sub, w->batch, WORKER_FETCH_MS, msgs, &n, &e) < 0) {
            if (++errs >= WORKER_FETCH_ERRS) { /* the consumer or the connection is gone */
                ingest_sub_close(sub);
                sub = NULL;
                errs = 0;
                atomic_fetch_add(&w->reconnects, 1);
            }
            sleep_ms(250);
            continue;
        }
        errs = 0;
        if (!n && w->o->until_idle && idle(w))
            w->done = 1;
        for (int i = 0; i < n; i++) {
            if (b && !(w->o->stop && *w->o->stop))
                handle(w, &b, msgs[i]);
            else
                ingest_msg_nak(msgs[i], 0, &e); /* another worker takes it */
            ingest_msg_free(msgs[i]);
        }
    }
    free(msgs);
    ingest_sub_close(sub);
    app_close(b);
    return NULL;
}

int app_worker_run(app *a, const auth_principal *who, const app_worker_opts *o,
                   app_worker_result *res, gisac_err *err)
{
    memset(res, 0, sizeof *res);
    if (!is_staff(who))
        return gisac_err_set(err, GISAC_EFORBIDDEN, "the role %s may not run a worker",
                             auth_role_name(who->role));
    worker *w = calloc(1, sizeof *w);
    if (!w)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    w->root = a;
    w->who = who;
    w->o = o;
    w->threads = o->threads > 0 ? o->threads : 1;
    w->batch = o->batch > 0 ? o->batch : 16;
    w->max_deliver = o->max_deliver > 0 ? o->max_deliver : 5;
    w->ack_wait_ms = o->ack_wait_ms > 0 ? o->ack_wait_ms : 30000;
    w->nak_delay_ms = o->nak_delay_ms > 0 ? o->nak_delay_ms : 1000;
    if (o->name && *o->name)
        snprintf(w->name, sizeof w->name, "%s", o->name);
    else {
        char host[128] = "localhost";
        gethostname(host, sizeof host - 1);
        snprintf(w->name, sizeof w->name, "%s:%ld", host, (long)getpid());
    }
    int rc = nats_open(o->url, o->retention, &w->c, err);
    pthread_t *t = rc == 0 ? calloc((size_t)w->threads, sizeof *t) : NULL;
    void *(*args)[2] = rc == 0 ? calloc((size_t)w->threads, sizeof *args) : NULL;
    if (rc == 0 && (!t || !args))
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    int started = 0;
    for (int i = 0; rc == 0 && i < w->threads; i++) {
        args[i][0] = w;
        args[i][1] = i == 0 ? w : NULL;
        if (pthread_create(&t[i], NULL, worker_thread, args[i]) != 0)
            rc = gisac_err_set(err, GISAC_ENOMEM, "cannot start a worker thread");
        else
            started++;
    }
    if (rc < 0)
        w->done = 1;
    for (int i = 0; i < started; i++)
        pthread_join(t[i], NULL);
    res->chunks = atomic_load(&w->chunks);
    res->repeated = atomic_load(&w->repeated);
    res->sightings = atomic_load(&w->sightings);
    res->failures = atomic_load(&w->failures);
    res->set_aside = atomic_load(&w->set_aside);
    res->reconnects = atomic_load(&w->reconnects) + (w->c ? ingest_reconnects(w->c) : 0);
    free(t);
    free(args);
    ingest_close(w->c);
    free(w);
    return rc;
}

/* ---- gisac hunt --------------------------------------------------------------------------- */

typedef struct hunt {
    app *a;
    const auth_principal *who;
    const char *only;
    app_hunt_result *res;
    gisac_err *err;
    volatile int *stop;
} hunt;

static int hunt_chunk(void *ctx, const ingest_chunk *ch)
{
    hunt *h = ctx;
    if (h->stop && *h->stop)
        return 1;
    int added = 0;
    uint64_t sightings = 0;
    gisac_err e = GISAC_ERR_INIT;
    int rc = chunk_record(h->a, h->who, ch, h->only, "hunt", 0, &added, &sightings, &e);
    if (rc == GISAC_EINVAL) { /* a chunk gisac cannot read: the worker sets it aside */
        h->res->unreadable++;
        return 0;
    }
    if (rc < 0) {
        *h->err = e;
        return rc;
    }
    h->res->chunks++;
    h->res->sightings += sightings;
    return 0;
}

int app_hunt(app *a, const auth_principal *who, const app_hunt_opts *o, app_hunt_result *res,
             gisac_err *err)
{
    memset(res, 0, sizeof *res);
    if (!is_staff(who))
        return gisac_err_set(err, GISAC_EFORBIDDEN, "the role %s may not hunt",
                             auth_role_name(who->role));
    if (o->since <= 0)
        return gisac_err_at(err, GISAC_EINVAL, "since", "must be a duration after 0");
    char only[IOC_VALUE_MAX];
    if (o->indicator) {
        gisac_err why = GISAC_ERR_INIT;
        if (ioc_normalise(IOC_AUTO, o->indicator, strlen(o->indicator), only, sizeof only, NULL,
                          NULL, &why) < 0)
            return gisac_err_at(err, GISAC_EINVAL, "indicator", "'%.200s': %s", o->indicator,
                                why.msg);
    }
    ingest_conn *c = NULL;
    int rc = ingest_connect(o->url, &c, err);
    hunt h = {a, who, o->indicator ? only : NULL, res, err, o->stop};
    if (rc == 0)
        rc = ingest_replay(c, o->now - o->since, hunt_chunk, &h, err);
    ingest_close(c);
    return rc > 0 ? 0 : rc;
}

/* ---- operating it ------------------------------------------------------------------------ */

typedef struct ingest_state {
    int64_t workers, threads, chunks, set_aside;
    int nats;
    ingest_consumer_stats cs;
    uint64_t disconnects;
    json_t *lag; /* {agency: chunks} */
} ingest_state;

typedef struct lag_ctx {
    store *st;
    uint64_t first;
    json_t *lag;
    gisac_err *err;
} lag_ctx;

static int lag_of(void *ctx, const char *agency, uint64_t kept)
{
    lag_ctx *l = ctx;
    int64_t done = 0;
    if (store_ingest_chunk_count(l->st, NULL, agency, (int64_t)l->first, &done, l->err) < 0)
        return -1;
    int64_t lag = (int64_t)kept - done;
    return json_object_set_new(l->lag, agency, json_integer(lag > 0 ? lag : 0)) < 0 ? -1 : 0;
}

static int state_get(app *a, const auth_principal *who, int64_t now, ingest_state *s,
                     gisac_err *err)
{
    memset(s, 0, sizeof *s);
    if (!is_staff(who))
        return gisac_err_set(err, GISAC_EFORBIDDEN, "the role %s may not see the ingest",
                             auth_role_name(who->role));
    store *st = app_store(a);
    int rc = store_ingest_workers(st, now - WORKER_SEEN_SECS, &s->workers, &s->threads, err);
    if (rc == 0)
        rc = store_ingest_chunk_count(st, STORE_INGEST_DONE, NULL, 0, &s->chunks, err);
    if (rc == 0)
        rc = store_ingest_chunk_count(st, STORE_INGEST_SET_ASIDE, NULL, 0, &s->set_aside, err);
    ingest_conn *c = conn_of(a);
    if (rc < 0 || !c)
        return rc;
    s->nats = 1;
    s->disconnects = ingest_disconnects(c);
    s->lag = json_object();
    if (!s->lag)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    rc = ingest_consumer_stats_get(c, &s->cs, err);
    if (rc == GISAC_ENOTFOUND) { /* no worker has started yet: everything is pending */
        gisac_err_clear(err);
        rc = 0;
    }
    lag_ctx l = {st, 0, s->lag, err};
    if (rc == 0)
        rc = ingest_stream_agencies(c, &l.first, lag_of, &l, err);
    if (rc == GISAC_ENOTFOUND) {
        gisac_err_clear(err);
        rc = 0;
    }
    if (rc < 0 && !err->code)
        rc = gisac_err_set(err, GISAC_ESTORE, "the ingest state could not be read");
    return rc;
}

int app_ingest_status_json(app *a, const auth_principal *who, int64_t now, gisac_buf *b,
                           gisac_err *err)
{
    ingest_state s;
    int rc = state_get(a, who, now, &s, err);
    if (rc == 0) {
        json_t *o = json_pack("{s:b,s:I,s:I,s:I,s:I}", "nats", s.nats, "workers",
                              (json_int_t)s.workers, "threads", (json_int_t)s.threads, "chunks",
                              (json_int_t)s.chunks, "set_aside", (json_int_t)s.set_aside);
        if (o && s.nats) {
            json_object_set_new(o, "pending", json_integer((json_int_t)s.cs.pending));
            json_object_set_new(o, "unacknowledged", json_integer((json_int_t)s.cs.ack_pending));
            json_object_set_new(o, "redelivered", json_integer((json_int_t)s.cs.redelivered));
            json_object_set_new(o, "disconnects", json_integer((json_int_t)s.disconnects));
            json_object_set(o, "lag", s.lag);
        }
        char *text = o ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
        if (!text || gisac_buf_puts(b, text) < 0)
            rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
        free(text);
        json_decref(o);
    }
    json_decref(s.lag);
    return rc;
}

int app_ingest_metrics(app *a, const auth_principal *who, int64_t now, gisac_buf *b, gisac_err *err)
{
    ingest_state s;
    int rc = state_get(a, who, now, &s, err);
    if (rc < 0) {
        json_decref(s.lag);
        return rc;
    }
    int bad = gisac_buf_printf(
        b,
        "# HELP gisac_ingest_workers NATS workers seen in the last %d s.\n"
        "# TYPE gisac_ingest_workers gauge\ngisac_ingest_workers %lld\n"
        "# HELP gisac_ingest_chunks_total Chunks the workers recorded.\n"
        "# TYPE gisac_ingest_chunks_total counter\ngisac_ingest_chunks_total %lld\n"
        "# HELP gisac_ingest_set_aside Chunks set aside after too many failed deliveries.\n"
        "# TYPE gisac_ingest_set_aside gauge\ngisac_ingest_set_aside %lld\n",
        WORKER_SEEN_SECS, (long long)s.workers, (long long)s.chunks, (long long)s.set_aside);
    if (s.nats) {
        bad |= gisac_buf_printf(
            b,
            "# HELP gisac_ingest_pending Chunks in the stream not yet delivered to a worker.\n"
            "# TYPE gisac_ingest_pending gauge\ngisac_ingest_pending %llu\n"
            "# HELP gisac_ingest_unacknowledged Chunks delivered, not yet acknowledged.\n"
            "# TYPE gisac_ingest_unacknowledged gauge\ngisac_ingest_unacknowledged %llu\n"
            "# HELP gisac_ingest_redelivered Chunks delivered more than once, not yet "
            "acknowledged.\n"
            "# TYPE gisac_ingest_redelivered gauge\ngisac_ingest_redelivered %llu\n"
            "# HELP gisac_ingest_lag Chunks kept in the stream not yet recorded, by agency.\n"
            "# TYPE gisac_ingest_lag gauge\n",
            (unsigned long long)s.cs.pending, (unsigned long long)s.cs.ack_pending,
            (unsigned long long)s.cs.redelivered);
        const char *k;
        json_t *v;
        json_object_foreach(s.lag, k, v) bad |= gisac_buf_printf(
            b, "gisac_ingest_lag{agency=\"%s\"} %lld\n", k, (long long)json_integer_value(v));
    }
    json_decref(s.lag);
    return bad ? gisac_err_set(err, GISAC_ENOMEM, "out of memory") : 0;
}

int app_ingest_status_member(app *a, const auth_principal *who, int64_t now, gisac_buf *out,
                             size_t start, gisac_err *err)
{
    if (!conn_of(a) || !is_staff(who))
        return 0;
    size_t end = out->len; /* the object's closing brace */
    while (end > start && out->data[end - 1] != '}')
        end--;
    if (end <= start)
        return 0;
    size_t at = end - 1; /* after the last member: what follows it is kept */
    while (at > start && (out->data[at - 1] == '\n' || out->data[at - 1] == ' '))
        at--;
    int pretty = at < end - 1;
    gisac_buf m = GISAC_BUF_INIT;
    int rc = gisac_buf_puts(&m, pretty ? ",\n  \"ingest\": " : ",\"ingest\":") < 0
                 ? gisac_err_set(err, GISAC_ENOMEM, "out of memory")
                 : app_ingest_status_json(a, who, now, &m, err);
    gisac_buf tail = GISAC_BUF_INIT;
    if (rc == 0 && gisac_buf_append(&tail, out->data + at, out->len - at) < 0)
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    if (rc == 0) {
        out->len = at;
        if (gisac_buf_append(out, m.data, m.len) < 0 ||
            gisac_buf_append(out, tail.data, tail.len) < 0)
            rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    }
    gisac_buf_free(&m);
    gisac_buf_free(&tail);
    return rc;
}
