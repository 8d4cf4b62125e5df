/*
 * fuzz_match_snapfile.c: libFuzzer target for the compiled match snapshot
 * (match_snapshot_load_bytes: what gisac match maps from DB.snap, and what
 * a worker would get from a shared place). For every input:
 *  - loading never crashes; a rejection is GISAC_EINVAL with a message;
 *  - the input is loaded a second time with its checksum set to what its
 *    bytes give (match_snapfile_seal), so that the checks behind the
 *    checksum (section kinds and sizes, string offsets, table values and
 *    free slots) are reached by arbitrary contents;
 *  - a loaded snapshot answers lookups of every kind, calling back only
 *    indices below its count, and gives every indicator with its strings
 *    (or GISAC_EINVAL for one of a bad type or TLP);
 *    its compiled form loads again to the same count.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_util.h"
#include "match/match.h"

typedef struct seen {
    const match_snapshot *s;
    size_t hits;
} seen;

static void on_hit(void *ctx, uint32_t idx)
{
    seen *v = ctx;
    CHECK(idx < match_snapshot_count(v->s));
    match_indicator m;
    int rc = match_snapshot_get(v->s, idx, &m);
    CHECK(rc == 0 || rc == GISAC_EINVAL); /* EINVAL: a bad type or TLP, not given out */
    if (rc == 0)
        CHECK(m.value && m.sources);
    v->hits++;
}

static const struct {
    match_kind kind;
    const char *value;
} probes[] = {
    {MATCH_ADDR, "198.51.100.7"},
    {MATCH_ADDR, "203.0.113.200"},
    {MATCH_ADDR, "2001:db8:bad::1"},
    {MATCH_ADDR, "::ffff:192.0.2.5"},
    {MATCH_NAME, "a.b.c2.evil.example."},
    {MATCH_NAME, "www.b\xc3\xbc"
                 "cher.example"},
    {MATCH_URL, "http://phish.evil.example/login.php"},
    {MATCH_HASH, "44d88612fea8a8f36de82e1278abb02f"},
    {MATCH_HASH, "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f"},
    {MATCH_EMAIL, "Phisher@evil.example"},
    {MATCH_TOKEN, "update-check.malware.test"},
};

static void use(const match_snapshot *s)
{
    seen v = {s, 0};
    for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++)
        match_lookup(s, probes[i].kind, probes[i].value, strlen(probes[i].value), on_hit, &v);
    size_t n = match_snapshot_count(s);
    for (uint32_t i = 0; i < n; i++) {
        match_indicator m;
        int rc = match_snapshot_get(s, i, &m);
        CHECK(rc == 0 || rc == GISAC_EINVAL);
        if (rc < 0)
            continue;
        CHECK(strlen(m.value) < match_snapshot_bytes(s));
        /* each indicator looked up as what it is */
        match_kind k = m.type == IOC_DOMAIN  ? MATCH_NAME
                       : m.type == IOC_URL   ? MATCH_URL
                       : m.type == IOC_EMAIL ? MATCH_EMAIL
                       : m.type == IOC_MD5 || m.type == IOC_SHA1 || m.type == IOC_SHA256
                           ? MATCH_HASH
                       : m.type == IOC_IPV4 || m.type == IOC_IPV6 ? MATCH_ADDR
                                                                  : MATCH_TOKEN;
        match_lookup(s, k, m.value, strlen(m.value), on_hit, &v);
        if (i >= 64)
            break;
    }
    gisac_err err = GISAC_ERR_INIT;
    match_snapfile_info info = {1, 2, "x"};
    void *img;
    size_t len;
    if (match_snapshot_bytes_of(s, &info, &img, &len, &err) == 0) {
        match_snapshot *again;
        CHECK(match_snapshot_load_bytes(img, len, &again, NULL, &err) == 0);
        CHECK(match_snapshot_count(again) == n);
        match_snapshot_unref(again);
        free(img);
    }
}

static void load(const uint8_t *data, size_t size)
{
    match_snapshot *s = NULL;
    gisac_err err = GISAC_ERR_INIT;
    int rc = match_snapshot_load_bytes(data, size, &s, NULL, &err);
    CHECK(rc == 0 || rc == GISAC_EINVAL || rc == GISAC_ENOMEM);
    if (rc < 0) {
        CHECK(err.msg[0] != '\0' && s == NULL);
        return;
    }
    use(s);
    match_snapshot_unref(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    load(data, size);
    uint8_t *copy = malloc(size ? size : 1);
    if (!copy)
        return 0;
    memcpy(copy, data, size);
    if (match_snapfile_seal(copy, size) == 0)
        load(copy, size);
    free(copy);
    return 0;
}
