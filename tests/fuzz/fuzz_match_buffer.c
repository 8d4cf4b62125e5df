/*
 * fuzz_match_buffer.c: match_buffer, the entry point of /api/v1/ingest.
 * The first byte picks the format (auto, eve, zeek, syslog, cef, text),
 * the rest is the body, in an exact-size copy so that ASan sees a read
 * past its end. The snapshot holds a few indicators of every kind, built
 * once from a database in a temporary directory. Every hit's field and
 * value are read; line numbers must lie within the body's lines, and the
 * counts must agree with an independent count of the lines.
 */
#include "match/match.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static match_snapshot *snap;
static volatile size_t sink;

static match_snapshot *the_snapshot(void)
{
    if (snap)
        return snap;
    char dir[] = "/tmp/gisac-fuzz-buffer-XXXXXX";
    if (!mkdtemp(dir))
        abort();
    char db[64];
    snprintf(db, sizeof db, "%s/g.db", dir);
    store *st;
    gisac_err err;
    if (store_open(db, &st, &err) < 0)
        abort();
    static const struct {
        ioc_type t;
        const char *v;
    } inds[] = {
        {IOC_DOMAIN, "c2.evil.example"},
        {IOC_IPV4, "198.51.100.7"},
        {IOC_IPV6, "2001:db8:bad::1"},
        {IOC_CIDR, "203.0.113.0/24"},
        {IOC_URL, "http://phish.evil.example/login.php"},
        {IOC_MD5, "44d88612fea8a8f36de82e1278abb02f"},
        {IOC_EMAIL, "phisher@evil.example"},
    };
    for (size_t i = 0; i < sizeof inds / sizeof inds[0]; i++) {
        store_indicator in;
        memset(&in, 0, sizeof in);
        in.type = inds[i].t;
        in.value = inds[i].v;
        in.confidence = 80;
        in.tlp = TLP_GREEN;
        in.matchable = 1;
        in.created = in.modified = 1;
        if (inds[i].t == IOC_CIDR) {
            in.range_lo = "00000000000000000000ffffcb007100";
            in.range_hi = "00000000000000000000ffffcb0071ff";
        }
        if (store_indicator_insert(st, &in, &err) < 0)
            abort();
    }
    if (match_snapshot_build(st, 2, &snap, &err) < 0)
        abort();
    store_close(st);
    unlink(db);
    char wal[80];
    snprintf(wal, sizeof wal, "%s-wal", db);
    unlink(wal);
    snprintf(wal, sizeof wal, "%s-shm", db);
    unlink(wal);
    rmdir(dir);
    return snap;
}

typedef struct ctx {
    uint64_t lines, hits, errors, last_error;
} ctx;

static int on_hit(void *p, const match_hit *h)
{
    ctx *c = p;
    if (h->line < 1 || h->line > c->lines || !h->field || !h->value)
        __builtin_trap();
    size_t x = 0;
    for (size_t i = 0; i < h->field_len; i++)
        x += (unsigned char)h->field[i];
    for (size_t i = 0; i < h->value_len; i++)
        x += (unsigned char)h->value[i];
    match_indicator mi;
    if (match_snapshot_get(snap, h->indicator, &mi) < 0)
        __builtin_trap();
    sink += x + strlen(mi.value);
    c->hits++;
    return 0;
}

static int on_error(void *p, uint64_t line, const char *why)
{
    ctx *c = p;
    if (line < 1 || line > c->lines || line <= c->last_error || !why || !*why)
        __builtin_trap();
    c->last_error = line;
    c->errors++;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!size)
        return 0;
    static const match_format fmts[] = {MATCH_FMT_AUTO,   MATCH_FMT_EVE, MATCH_FMT_ZEEK,
                                        MATCH_FMT_SYSLOG, MATCH_FMT_CEF, MATCH_FMT_TEXT};
    match_format f = fmts[data[0] % 6];
    size_t n = size - 1;
    char *body = malloc(n ? n : 1);
    if (!body)
        return 0;
    memcpy(body, data + 1, n);
    ctx c = {0, 0, 0, 0};
    for (size_t i = 0; i < n; i++)
        c.lines += body[i] == '\n';
    if (n && body[n - 1] != '\n')
        c.lines++;
    match_buffer_stats st;
    int rc = match_buffer(the_snapshot(), body, n, f, "dns.log", on_hit, on_error, &c, &st);
    if (rc != 0 || st.lines != c.lines || st.sightings != c.hits || st.unparsed != c.errors ||
        st.events + st.unparsed > st.lines)
        __builtin_trap();
    free(body);
    return 0;
}
