/*
 * match_run.c: the matching pipeline.
 *
 *   reader (the calling thread)  reads each input, cuts it into chunks of
 *                                whole lines, and queues them, numbered;
 *   workers (opts->threads)      take a chunk and the current snapshot,
 *                                extract and match every line, and keep the
 *                                sightings with their line within the chunk;
 *   commit                       chunks are written strictly in number
 *                                order: whichever worker finishes the chunk
 *                                that is next writes it, and every finished
 *                                one after it. Line numbers become absolute
 *                                there, so the reader never counts lines.
 *   snapshot                     each chunk takes the current snapshot of
 *                                the live one (match_live: rebuilt when the
 *                                store's share generation moves or an
 *                                indicator expires) and holds it, so an old
 *                                one is freed when the last worker leaves it;
 *   flusher (--record)           hands the sightings summed so far to
 *                                on_record every few seconds (and at the end).
 *
 * Memory is fixed by the number of chunks in flight; a worker reuses one
 * match_event for every line and allocates nothing per event.
 */
#include "match/match_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CHUNK_BYTES (1u << 20)
#define MAX_LINE    (16u << 20) /* a longer line is skipped and counted unparsed */
#define RECORD_SECS 5           /* --record writes to the store this often */

typedef struct sighting {
    uint64_t line; /* within the chunk, from 0 */
    uint32_t ind;
    const char *field;
    size_t field_len;
    const char *value;
    size_t value_len;
    match_slice event_type, ts, src_ip, dest_ip;
    match_slice text; /* the line, in the chunk's data */
} sighting;

typedef struct chunk {
    uint64_t seq;
    size_t input; /* index of the input */
    char *data;
    size_t len, cap;
    match_format fmt;
    zeek_log zlog;
    zeek_hdr *zhdr; /* Zeek TSV: the header state at the start of the chunk */
    int oversize;   /* stands for one line too long to read */
    /* results */
    match_snapshot *snap;
    sighting *sg;
    size_t nsg, capsg;
    gisac_arena *arena; /* copies of values that lived in the event scratch */
    uint64_t lines, events, unparsed, observables;
    char errors[5][160];
    int nerrors;
    int state; /* 0 free, 1 queued, 2 done */
    struct chunk *next_free;
} chunk;

typedef struct run {
    const match_opts *o;
    const char *const *inputs;
    FILE *out;
    match_stats *stats;
    int stdout_tty;

    pthread_mutex_t mu;
    pthread_cond_t cv_work, cv_free, cv_done;
    chunk *chunks;
    size_t nchunks;
    chunk *free_list;
    chunk **queue; /* ring of queued chunks */
    size_t qhead, qlen;
    int closing;

    /* ordered commit */
    uint64_t next_seq;
    chunk **done;        /* by seq % nchunks */
    uint64_t *line_base; /* per input: lines written so far */

    match_live *live;

    /* --record: summed under mu */
    match_agg agg;

    int64_t now;
    int write_failed;
} run;

/* ---- output ------------------------------------------------------------ */

static void json_slice(gisac_buf *b, const char *key, match_slice s)
{
    gisac_buf_printf(b, ",\"%s\":", key);
    if (!s.p) {
        gisac_buf_puts(b, "null");
        return;
    }
    char small[256];
    char *tmp = s.n < sizeof small ? small : malloc(s.n + 1);
    if (!tmp) {
        gisac_buf_puts(b, "null");
        return;
    }
    memcpy(tmp, s.p, s.n);
    tmp[s.n] = '\0';
    gisac_buf_json_str(b, tmp);
    if (tmp != small)
        free(tmp);
}

static void indicator_id(const gisac_identity *ident, const match_indicator *m, char out[96])
{
    if (m->stix_id && strlen(m->stix_id) < 96) {
        strcpy(out, m->stix_id);
        return;
    }
    char key[IOC_VALUE_MAX + 16];
    int n = snprintf(key, sizeof key, "%s:%s", ioc_type_name(m->type), m->value);
    char uuid[GISAC_UUID_LEN];
    gisac_identity_uuid5(ident, key, n > 0 ? (size_t)n : 0, uuid);
    snprintf(out, 96, "indicator--%s", uuid);
}

int64_t match_event_time(match_slice ts, int64_t fallback)
{
    if (!ts.p || !ts.n || ts.n > 64)
        return fallback;
    char buf[65];
    memcpy(buf, ts.p, ts.n);
    buf[ts.n] = '\0';
    /* Zeek: epoch seconds with a fraction */
    char *dot = strchr(buf, '.');
    int64_t t;
    size_t digits = 0;
    while (digits < ts.n && buf[digits] >= '0' && buf[digits] <= '9')
        digits++;
    if (dot && digits >= 9 && buf + digits == dot && gisac_time_parse(buf, digits, &t) == 0)
        return t;
    /* Suricata: 2024-04-04T07:03:03.123456+0000 */
    if (gisac_time_parse(buf, ts.n, &t) == 0)
        return t;
    return fallback;
}

static void write_sighting(run *r, gisac_buf *b, const chunk *c, const sighting *s, uint64_t line,
                           const match_snapshot *snap)
{
    match_indicator mi;
    if (match_snapshot_get(snap, s->ind, &mi) < 0)
        return;
    const match_indicator *m = &mi;
    char id[96];
    indicator_id(r->o->identity, m, id);
    const char *input = r->inputs[c->input];
    if (strcmp(input, "-") == 0)
        input = "stdin";
    char *val = gisac_arena_strndup(c->arena, s->value, s->value_len);
    char *field = gisac_arena_strndup(c->arena, s->field, s->field_len);
    if (!val || !field)
        return;
    if (r->o->stix) {
        char now[GISAC_TIME_LEN], seen[GISAC_TIME_LEN];
        int64_t t_now = gisac_now();
        gisac_time_format_ms(t_now, now);
        gisac_time_format_ms(match_event_time(s->ts, t_now), seen);
        /* the id names the event (input, line, its time), the field and the
         * value: stable for the same log, distinct across rotated files */
        char uuid[GISAC_UUID_LEN];
        gisac_buf key = GISAC_BUF_INIT;
        gisac_buf_printf(&key, "sighting:%s:%llu:%.*s:%s:%s:%s", input, (unsigned long long)line,
                         (int)s->ts.n, s->ts.p ? s->ts.p : "", field, val, id);
        gisac_identity_uuid5(r->o->identity, key.data ? key.data : "", key.len, uuid);
        gisac_buf_free(&key);
        gisac_buf_printf(b,
                         "{\"type\":\"sighting\",\"spec_version\":\"2.1\",\"id\":\"sighting--%s\","
                         "\"created\":\"%s\",\"modified\":\"%s\",\"first_seen\":\"%s\","
                         "\"last_seen\":\"%s\",\"count\":1,\"sighting_of_ref\":\"%s\"",
                         uuid, now, now, seen, seen, id);
        if (r->o->agency) {
            char ag[512], au[GISAC_UUID_LEN];
            int k = snprintf(ag, sizeof ag, "agency:%s", r->o->agency);
            if (k < 0 || (size_t)k >= sizeof ag)
                k = (int)sizeof ag - 1; /* --agency is at most 200 bytes */
            gisac_identity_uuid5(r->o->identity, ag, (size_t)k, au);
            gisac_buf_printf(b, ",\"where_sighted_refs\":[\"identity--%s\"]", au);
        }
        gisac_buf_puts(b, ",\"description\":");
        gisac_buf t = GISAC_BUF_INIT;
        gisac_buf_printf(&t, "%s=%s at %s:%llu", field, val, input, (unsigned long long)line);
        gisac_buf_json_str(b, t.data ? t.data : "");
        gisac_buf_free(&t);
        gisac_buf_puts(b, "}\n");
        return;
    }
    gisac_buf_puts(b, "{\"input\":");
    gisac_buf_json_str(b, input);
    gisac_buf_printf(b, ",\"line\":%llu", (unsigned long long)line);
    json_slice(b, "event_type", s->event_type);
    json_slice(b, "ts", s->ts);
    gisac_buf_puts(b, ",\"field\":");
    gisac_buf_json_str(b, field);
    gisac_buf_puts(b, ",\"value\":");
    gisac_buf_json_str(b, val);
    gisac_buf_printf(b, ",\"indicator\":{\"id\":\"%s\",\"type\":\"%s\",\"value\":", id,
                     ioc_type_name(m->type));
    gisac_buf_json_str(b, m->value);
    gisac_buf_printf(b, "},\"sources\":%s,\"confidence\":", m->sources);
    if (m->confidence >= 0)
        gisac_buf_printf(b, "%d", m->confidence);
    else
        gisac_buf_puts(b, "null");
    gisac_buf_printf(b, ",\"tlp\":\"%s\"", tlp_name(m->tlp));
    json_slice(b, "src_ip", s->src_ip);
    json_slice(b, "dest_ip", s->dest_ip);
    gisac_buf_puts(b, "}\n");
}

/*
 * --record: sightings are summed per indicator (match_agg, under r->mu)
 * and handed to on_record every few seconds by the flusher thread, and at
 * the end. The table is taken out under r->mu and handed over without it;
 * when the recording fails, its rows go back in for the next attempt, so
 * nothing is lost to a busy database.
 */
static int flush_aggs(run *r, gisac_err *err)
{
    const char *agency = r->o->agency && *r->o->agency ? r->o->agency : NULL;
    match_record *rows;
    size_t n;
    pthread_mutex_lock(&r->mu);
    match_agg_take(&r->agg, agency, &rows, &n);
    pthread_mutex_unlock(&r->mu);
    if (!n)
        return 0;
    int rc = r->o->on_record ? r->o->on_record(r->o->on_record_ctx, rows, n, err) : 0;
    pthread_mutex_lock(&r->mu);
    if (rc >= 0) {
        rc = 0;
        for (size_t i = 0; i < n; i++) /* rows are by indicator and direction */
            r->stats->recorded += !i || rows[i - 1].indicator != rows[i].indicator;
    } else {
        /* back in, their details with them */
        for (size_t i = 0; i < n; i++) {
            if (match_agg_add(&r->agg, &rows[i]) < 0)
                match_detail_free(rows[i].detail); /* no memory: the row is lost */
            rows[i].detail = NULL;
        }
    }
    pthread_mutex_unlock(&r->mu);
    match_records_free(rows, n);
    return rc;
}

/* Write chunk c (its turn has come; r->mu held). */
static void commit_chunk(run *r, chunk *c)
{
    gisac_buf b = GISAC_BUF_INIT;
    uint64_t base = r->line_base[c->input];
    int64_t now = r->o->record ? gisac_now() : 0;
    for (size_t i = 0; i < c->nsg; i++) {
        const sighting *s = &c->sg[i];
        write_sighting(r, &b, c, s, base + s->line + 1, c->snap);
        match_indicator mi;
        if (r->o->record && match_snapshot_get(c->snap, s->ind, &mi) == 0) {
            /* an event dated past the clock (beyond a sensor's skew) is
             * recorded as seen now, as POST /api/v1/ingest does */
            int64_t t = match_seen_at(match_event_time(s->ts, 0), now);
            char hosts[2][MATCH_HOST_LEN];
            int nh = 0;
            match_dir d = match_direction(r->o->nets, s->event_type.p, s->event_type.n, s->src_ip.p,
                                          s->src_ip.n, s->dest_ip.p, s->dest_ip.n, s->value,
                                          s->value_len, hosts, &nh);
            match_record rec = {mi.store_id, NULL, t, t, 1, mi.tlp, d, NULL};
            match_agg_add_event(&r->agg, &rec, s->text.p, s->text.n, hosts, nh);
        }
    }
    if (b.len && fwrite(b.data, 1, b.len, r->out) != b.len)
        r->write_failed = 1;
    gisac_buf_free(&b);
    if (r->o->follow || r->stdout_tty)
        fflush(r->out);
    match_stats *st = r->stats;
    if (c->snap)
        st->indicators = match_snapshot_count(c->snap);
    st->lines += c->lines;
    st->events += c->events;
    st->unparsed += c->unparsed;
    st->observables += c->observables;
    st->sightings += c->nsg;
    for (int i = 0; i < c->nerrors && st->nerrors < 5; i++) {
        /* the chunk's errors carry chunk lines: make them absolute */
        const char *colon = strrchr(c->errors[i], '\x01');
        if (colon) {
            unsigned long long l = strtoull(colon + 1, NULL, 10);
            const char *input = r->inputs[c->input];
            const char *why = strchr(colon + 1, ':');
            snprintf(st->first_errors[st->nerrors++], sizeof st->first_errors[0], "%s:%llu%s",
                     strcmp(input, "-") == 0 ? "stdin" : input, base + l + 1, why ? why : "");
        }
    }
    r->line_base[c->input] += c->lines;
}

/* ---- workers ----------------------------------------------------------- */

typedef struct hit_ctx {
    chunk *c;
    match_event *e;
    const match_obs *o;
    uint64_t line;
    match_slice text; /* the line */
    match_seen seen;
} hit_ctx;

/*
 * A sighting outlives its event (the scratch is reused) and maybe the
 * worker's Zeek header (field names): copy what it points to into the
 * chunk's arena. Sightings are rare, so this costs little.
 */
static match_slice keep(chunk *c, match_slice s)
{
    if (s.p) {
        char *p = gisac_arena_strndup(c->arena, s.p, s.n);
        s.p = p;
        if (!p)
            s.n = 0;
    }
    return s;
}

/* Copy a Zeek header; its field pointers point into its own names. */
static void zeek_hdr_copy(zeek_hdr *dst, const zeek_hdr *src)
{
    *dst = *src;
    for (int i = 0; i < src->nfields && i < ZEEK_MAX_FIELDS; i++)
        if (src->field[i] >= src->names && src->field[i] < src->names + sizeof src->names)
            dst->field[i] = dst->names + (src->field[i] - src->names);
}

static void on_hit(void *ctx, uint32_t idx)
{
    hit_ctx *h = ctx;
    chunk *c = h->c;
    if (!match_seen_add(&h->seen, idx, h->o->field))
        return;
    if (c->nsg == c->capsg) {
        size_t nc = c->capsg ? c->capsg * 2 : 256;
        sighting *ns = realloc(c->sg, nc * sizeof *ns);
        if (!ns)
            return;
        c->sg = ns;
        c->capsg = nc;
    }
    sighting *s = &c->sg[c->nsg++];
    s->line = h->line;
    s->ind = idx;
    match_slice f = keep(c, (match_slice){h->o->field, h->o->field_len});
    match_slice v = keep(c, (match_slice){h->o->val, h->o->len});
    s->field = f.p;
    s->field_len = f.n;
    s->value = v.p;
    s->value_len = v.n;
    s->event_type = keep(c, h->e->event_type);
    s->ts = keep(c, h->e->ts);
    s->src_ip = keep(c, h->e->src_ip);
    s->dest_ip = keep(c, h->e->dest_ip);
    s->text = h->text;
}

static void chunk_error(chunk *c, uint64_t line, const char *why)
{
    if (c->nerrors < 5)
        snprintf(c->errors[c->nerrors++], sizeof c->errors[0], "\x01%llu: %s",
                 (unsigned long long)line, why);
}

static void process_chunk(run *r, chunk *c, match_event *e, zeek_hdr *zh)
{
    const char *p = c->data, *end = c->data + c->len;
    uint64_t line = 0;
    if (c->oversize) {
        c->lines = 1;
        c->unparsed = 1;
        chunk_error(c, 0, "line longer than 16 MiB, skipped");
        return;
    }
    if (c->fmt == MATCH_FMT_ZEEK && c->zhdr)
        zeek_hdr_copy(zh, c->zhdr);
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        size_t n = (size_t)(le - p);
        if (n && p[n - 1] == '\r')
            n--;
        const char *why = NULL;
        int rc = match_extract_line(c->fmt, zh, c->zlog, p, n, e, &why);
        if (rc < 0) {
            c->unparsed++;
            chunk_error(c, line, why ? why : "cannot parse");
        } else if (rc == 0) {
            c->events++;
            c->observables += e->nobs;
            hit_ctx h = {c, e, NULL, line, {p, n}, {0}};
            for (size_t i = 0; i < e->nobs; i++) {
                h.o = &e->obs[i];
                match_lookup(c->snap, h.o->kind, h.o->val, h.o->len, on_hit, &h);
            }
        }
        line++;
        p = nl ? nl + 1 : end;
    }
    c->lines = line;
}

static void *worker(void *arg)
{
    run *r = arg;
    match_event *e = malloc(sizeof *e);
    zeek_hdr *zh = malloc(sizeof *zh);
    for (;;) {
        pthread_mutex_lock(&r->mu);
        while (!r->qlen && !r->closing)
            pthread_cond_wait(&r->cv_work, &r->mu);
        if (!r->qlen) {
            pthread_mutex_unlock(&r->mu);
            break;
        }
        chunk *c = r->queue[r->qhead];
        r->qhead = (r->qhead + 1) % r->nchunks;
        r->qlen--;
        pthread_mutex_unlock(&r->mu);

        gisac_err serr;
        c->snap = NULL;
        if (match_live_get(r->live, gisac_now(), &c->snap, &serr) < 0) {
            c->snap = NULL; /* only before a first snapshot, which the run has */
            c->unparsed++;
            chunk_error(c, 0, "no indicator snapshot");
        } else if (e && zh) {
            process_chunk(r, c, e, zh);
        } else {
            c->unparsed++;
            chunk_error(c, 0, "out of memory");
        }

        /* commit in order: this chunk and any finished ones after it */
        pthread_mutex_lock(&r->mu);
        c->state = 2;
        r->done[c->seq % r->nchunks] = c;
        for (;;) {
            chunk *d = r->done[r->next_seq % r->nchunks];
            if (!d || d->seq != r->next_seq || d->state != 2)
                break;
            r->done[r->next_seq % r->nchunks] = NULL;
            commit_chunk(r, d);
            r->next_seq++;
            if (d->snap)
                match_snapshot_unref(d->snap);
            d->snap = NULL;
            d->state = 0;
            d->next_free = r->free_list;
            r->free_list = d;
            pthread_cond_signal(&r->cv_free);
        }
        pthread_cond_broadcast(&r->cv_done);
        pthread_mutex_unlock(&r->mu);
    }
    free(e);
    free(zh);
    return NULL;
}

/* ---- the flusher (--record) ------------------------------------------- */

typedef struct flusher {
    run *r;
    pthread_t th;
    int stop;
    pthread_mutex_t mu;
    pthread_cond_t cv;
} flusher;

static void *flush_loop(void *arg)
{
    flusher *fl = arg;
    run *r = fl->r;
    int64_t last_flush = gisac_now();
    pthread_mutex_lock(&fl->mu);
    while (!fl->stop) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_sec += 1;
        pthread_cond_timedwait(&fl->cv, &fl->mu, &ts);
        if (fl->stop)
            break;
        pthread_mutex_unlock(&fl->mu);
        /* write what was seen every few seconds, so that a long --follow
         * run keeps its sightings through a crash */
        int64_t now = gisac_now();
        if (now - last_flush >= RECORD_SECS) {
            gisac_err err;
            flush_aggs(r, &err); /* on failure they wait for the next turn */
            last_flush = now;
        }
        pthread_mutex_lock(&fl->mu);
    }
    pthread_mutex_unlock(&fl->mu);
    return NULL;
}

/* ---- the reader -------------------------------------------------------- */

static chunk *get_free(run *r)
{
    pthread_mutex_lock(&r->mu);
    while (!r->free_list)
        pthread_cond_wait(&r->cv_free, &r->mu);
    chunk *c = r->free_list;
    r->free_list = c->next_free;
    pthread_mutex_unlock(&r->mu);
    c->len = 0;
    c->nsg = 0;
    c->lines = c->events = c->unparsed = c->observables = 0;
    c->nerrors = 0;
    c->oversize = 0;
    gisac_arena_reset(c->arena);
    /* give back what an overlong line made a chunk grow to */
    if (c->cap > 4 * CHUNK_BYTES) {
        char *nd = realloc(c->data, CHUNK_BYTES);
        if (nd) {
            c->data = nd;
            c->cap = CHUNK_BYTES;
        }
    }
    return c;
}

static void put_free(run *r, chunk *c)
{
    pthread_mutex_lock(&r->mu);
    c->next_free = r->free_list;
    r->free_list = c;
    pthread_mutex_unlock(&r->mu);
}

static void submit(run *r, chunk *c, uint64_t *seq)
{
    c->seq = (*seq)++;
    pthread_mutex_lock(&r->mu);
    c->state = 1;
    r->queue[(r->qhead + r->qlen) % r->nchunks] = c;
    r->qlen++;
    pthread_cond_signal(&r->cv_work);
    pthread_mutex_unlock(&r->mu);
}

static int ensure_cap(chunk *c, size_t need)
{
    while (need > c->cap) {
        char *nd = gisac_grow(c->data, c->cap, &c->cap, 1, CHUNK_BYTES);
        if (!nd)
            return GISAC_ENOMEM;
        c->data = nd;
    }
    return 0;
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Apply the '#' lines of data[0..len) to the header (Zeek TSV). */
static void scan_headers(zeek_hdr *h, const char *data, size_t len)
{
    const char *p = data, *end = data + len;
    while (p < end) {
        if (*p == '#') {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
            zeek_hdr_line(h, p, n && p[n - 1] == '\r' ? n - 1 : n);
            p = nl ? nl + 1 : end;
            continue;
        }
        const char *hash = memchr(p, '#', (size_t)(end - p));
        if (!hash)
            break;
        p = (hash > data && hash[-1] == '\n') ? hash : hash + 1;
    }
}

static int stopping(const run *r)
{
    return r->o->stop && *r->o->stop;
}

/* The last '\n' in p[from..len), or NULL. */
static const char *last_nl(const char *p, size_t from, size_t len)
{
    for (size_t i = len; i > from; i--)
        if (p[i - 1] == '\n')
            return p + i - 1;
    return NULL;
}

/*
 * Read one input to its end (or, with --follow on a file, until stopped),
 * queueing chunks of whole lines. With --follow a file that shrinks is
 * read again from its start, and a file that is replaced (rotated) is
 * reopened by name. A line longer than MAX_LINE is skipped and counted as
 * one unparseable line.
 */
static int read_input(run *r, size_t idx, uint64_t *seq, zeek_hdr *zh, gisac_err *err)
{
    const char *name = r->inputs[idx];
    int is_stdin = strcmp(name, "-") == 0;
    int fd = is_stdin ? STDIN_FILENO : open(name, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return gisac_err_set(err, GISAC_EIO, "%s: %s", name, strerror(errno));
    struct stat sb;
    if (fstat(fd, &sb) < 0 || S_ISDIR(sb.st_mode)) {
        int e = errno;
        int dir = S_ISDIR(sb.st_mode);
        if (!is_stdin)
            close(fd);
        return dir ? gisac_err_set(err, GISAC_EINVAL, "%s: is a directory", name)
                   : gisac_err_set(err, GISAC_EIO, "%s: %s", name, strerror(e));
    }
    match_format fmt = r->o->format;
    zeek_log zlog = zeek_log_from_name(name);
    zeek_hdr_init(zh, name);
    int detected = fmt != MATCH_FMT_AUTO;
    chunk *c = get_free(r);
    size_t scanned = 0; /* c->data[0..scanned) holds no '\n' */
    off_t offset = 0;   /* bytes read from this fd */
    int eof = 0, skipping = 0, reopen = 0, rc = 0;
    for (;;) {
        if (!eof && stopping(r)) {
            eof = 1;
            if (!r->o->follow)
                r->stats->interrupted = 1;
        }
        if (!eof) {
            if (ensure_cap(c, c->len + CHUNK_BYTES / 4) < 0) {
                rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
                break;
            }
            ssize_t n = read(fd, c->data + c->len, c->cap - c->len);
            if (n < 0 && errno == EINTR)
                continue; /* a signal: the stop check above decides */
            if (n < 0) {
                rc = gisac_err_set(err, GISAC_EIO, "%s: %s", name, strerror(errno));
                break;
            }
            if (n == 0) {
                /* a file may grow; a pipe or stdin that ends has closed */
                if (r->o->follow && S_ISREG(sb.st_mode)) {
                    struct stat now;
                    if (!is_stdin && stat(name, &now) == 0 &&
                        (now.st_ino != sb.st_ino || now.st_dev != sb.st_dev)) {
                        reopen = 1; /* rotated: finish this one, then open the new */
                        eof = 1;
                    } else if (fstat(fd, &now) == 0 && now.st_size < offset) {
                        lseek(fd, 0, SEEK_SET); /* truncated: read it again */
                        offset = 0;
                    } else {
                        sleep_ms(100);
                    }
                    if (!eof && !c->len)
                        continue;
                } else {
                    eof = 1;
                }
            }
            if (n > 0) {
                offset += n;
                c->len += (size_t)n;
                r->stats->bytes += (uint64_t)n;
            }
            if (skipping) {
                /* the rest of an overlong line: drop it up to its end */
                const char *nl = memchr(c->data, '\n', c->len);
                size_t drop = nl ? (size_t)(nl - c->data) + 1 : c->len;
                memmove(c->data, c->data + drop, c->len - drop);
                c->len -= drop;
                scanned = 0;
                skipping = !nl;
                if (!eof)
                    continue;
            }
            if (n > 0 && c->len < CHUNK_BYTES && !r->o->follow &&
                (S_ISREG(sb.st_mode) || c->len < c->cap))
                continue; /* fill the chunk */
        }
        if (!detected && c->len) {
            fmt = match_detect(c->data, c->len);
            detected = 1;
        }
        /* cut at the last newline; the rest starts the next chunk */
        size_t cut = c->len;
        if (!eof) {
            const char *nl = last_nl(c->data, scanned, c->len);
            if (!nl) {
                scanned = c->len;
                if (c->len < MAX_LINE)
                    continue; /* a long line: read on */
                /* too long: one unparseable line, and skip to its end */
                c->len = 0;
                scanned = 0;
                c->oversize = 1;
                c->input = idx;
                c->fmt = fmt;
                c->zlog = zlog;
                submit(r, c, seq);
                c = get_free(r);
                skipping = 1;
                continue;
            }
            cut = (size_t)(nl - c->data) + 1;
        }
        if (cut) {
            chunk *nc = get_free(r);
            if (ensure_cap(nc, c->len - cut + CHUNK_BYTES / 4) < 0) {
                put_free(r, nc);
                rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
                break;
            }
            memcpy(nc->data, c->data + cut, c->len - cut);
            nc->len = c->len - cut;
            c->len = cut;
            c->input = idx;
            c->fmt = fmt;
            c->zlog = zlog;
            if (fmt == MATCH_FMT_ZEEK) {
                if (!c->zhdr)
                    c->zhdr = malloc(sizeof *c->zhdr);
                if (c->zhdr)
                    zeek_hdr_copy(c->zhdr, zh);
                scan_headers(zh, c->data, c->len);
            }
            submit(r, c, seq);
            c = nc;
            scanned = 0;
        }
        if (eof && !c->len) {
            if (!reopen)
                break;
            /* the file was rotated: carry on with the new one */
            int nfd = open(name, O_RDONLY | O_CLOEXEC);
            if (nfd < 0 || fstat(nfd, &sb) < 0) {
                if (nfd >= 0)
                    close(nfd);
                sleep_ms(100); /* not there yet: try again */
                if (stopping(r))
                    break;
                continue;
            }
            close(fd);
            fd = nfd;
            offset = 0;
            eof = reopen = 0;
            zeek_hdr_init(zh, name);
            detected = r->o->format != MATCH_FMT_AUTO;
            fmt = r->o->format;
        }
    }
    put_free(r, c);
    if (!is_stdin)
        close(fd);
    return rc;
}

/* ---- the run ----------------------------------------------------------- */

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int match_run(match_live *live, const char *const *inputs, size_t ninputs, const match_opts *o,
              FILE *out, match_stats *stats, gisac_err *err)
{
    double t0 = mono();
    memset(stats, 0, sizeof *stats);
    run r = {
        .o = o, .inputs = inputs, .out = out, .stats = stats, .now = gisac_now(), .live = live};
    r.stdout_tty = isatty(fileno(out));
    int threads = o->threads > 0 ? o->threads : (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (threads < 1)
        threads = 1;
    if (threads > 64)
        threads = 64;
    r.nchunks = (size_t)threads * 3 + 2;

    /* the first snapshot (built now, unless the live one is current) */
    uint64_t builds0 = match_live_builds(live);
    match_snapshot *snap;
    int rc = match_live_get(live, r.now, &snap, err);
    if (rc < 0)
        return rc;
    stats->build_seconds = mono() - t0;
    stats->indicators = match_snapshot_count(snap);
    stats->snapshot_bytes = match_snapshot_bytes(snap);
    stats->snapshot_values = match_snapshot_value_bytes(snap);
    stats->snapshot_loaded =
        match_live_file_state(live, stats->snapshot_note, sizeof stats->snapshot_note);
    match_snapshot_unref(snap);
    builds0 += match_live_builds(live) > builds0; /* that first one is no reload */

    r.chunks = calloc(r.nchunks, sizeof *r.chunks);
    r.queue = calloc(r.nchunks, sizeof *r.queue);
    r.done = calloc(r.nchunks, sizeof *r.done);
    r.line_base = calloc(ninputs ? ninputs : 1, sizeof *r.line_base);
    zeek_hdr *zh = malloc(sizeof *zh);
    pthread_t *th = calloc((size_t)threads, sizeof *th);
    if (!r.chunks || !r.queue || !r.done || !r.line_base || !zh || !th) {
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < r.nchunks; i++) {
        r.chunks[i].arena = gisac_arena_new(16384);
        if (!r.chunks[i].arena) {
            rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
            goto out;
        }
        r.chunks[i].next_free = r.free_list;
        r.free_list = &r.chunks[i];
    }
    pthread_mutex_init(&r.mu, NULL);
    pthread_cond_init(&r.cv_work, NULL);
    pthread_cond_init(&r.cv_free, NULL);
    pthread_cond_init(&r.cv_done, NULL);

    /* SIGINT and SIGTERM go to this thread (the reader) only: its read()
     * is what a stop must interrupt, and the workers' writes must not be */
    sigset_t block, old_mask;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &block, &old_mask);

    flusher fl;
    memset(&fl, 0, sizeof fl);
    int flushing = 0;
    if (o->record) {
        fl.r = &r;
        pthread_mutex_init(&fl.mu, NULL);
        pthread_cond_init(&fl.cv, NULL);
        flushing = pthread_create(&fl.th, NULL, flush_loop, &fl) == 0;
        if (!flushing) {
            pthread_mutex_destroy(&fl.mu);
            pthread_cond_destroy(&fl.cv);
        }
    }

    int started = 0;
    for (; started < threads; started++)
        if (pthread_create(&th[started], NULL, worker, &r) != 0)
            break;
    pthread_sigmask(SIG_SETMASK, &old_mask, NULL);
    if (!started) {
        rc = gisac_err_set(err, GISAC_EIO, "cannot start worker threads");
    } else {
        uint64_t seq = 0;
        for (size_t i = 0; i < ninputs && rc == 0; i++) {
            if (o->stop && *o->stop)
                break;
            rc = read_input(&r, i, &seq, zh, err);
        }
    }
    pthread_mutex_lock(&r.mu);
    r.closing = 1;
    pthread_cond_broadcast(&r.cv_work);
    pthread_mutex_unlock(&r.mu);
    for (int i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    if (flushing) {
        pthread_mutex_lock(&fl.mu);
        fl.stop = 1;
        pthread_cond_signal(&fl.cv);
        pthread_mutex_unlock(&fl.mu);
        pthread_join(fl.th, NULL);
        pthread_mutex_destroy(&fl.mu);
        pthread_cond_destroy(&fl.cv);
    }
    stats->reloads = match_live_builds(live) - builds0;
    fflush(out);
    if (rc == 0 && (r.write_failed || ferror(out)))
        rc = gisac_err_set(err, GISAC_EIO, "writing the results failed");
    if (o->record) {
        /* the last of the sightings; a busy store gets a few more tries */
        gisac_err ferr;
        int frc = 0;
        for (int tries = 0; tries < 5; tries++)
            if ((frc = flush_aggs(&r, &ferr)) == 0)
                break;
        if (frc < 0 && rc == 0) {
            rc = frc;
            if (err)
                *err = ferr;
        }
    }
    pthread_mutex_destroy(&r.mu);
    pthread_cond_destroy(&r.cv_work);
    pthread_cond_destroy(&r.cv_free);
    pthread_cond_destroy(&r.cv_done);
out:
    stats->seconds = mono() - t0;
    if (r.chunks)
        for (size_t i = 0; i < r.nchunks; i++) {
            free(r.chunks[i].data);
            free(r.chunks[i].sg);
            free(r.chunks[i].zhdr);
            gisac_arena_free(r.chunks[i].arena);
            if (r.chunks[i].snap)
                match_snapshot_unref(r.chunks[i].snap);
        }
    free(r.chunks);
    free(r.queue);
    free(r.done);
    free(r.line_base);
    match_agg_free(&r.agg);
    free(zh);
    free(th);
    return rc;
}

/* In the order of match_format. */
static const char *const format_names[MATCH_FMT_TEXT + 1] = {"auto",   "eve", "zeek",
                                                             "syslog", "cef", "text"};

const char *match_format_name(match_format f)
{
    return gisac_name_of(format_names, GISAC_NAMES_N(format_names), (int)f, "auto");
}

int match_format_from_name(const char *name, match_format *out)
{
    int f = gisac_name_find(format_names, GISAC_NAMES_N(format_names), 0, name, 0);
    if (f < 0)
        return GISAC_EINVAL;
    *out = (match_format)f;
    return 0;
}
