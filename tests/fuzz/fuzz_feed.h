/*
 * fuzz_feed.h: the shared body of the feed fuzz targets: feed_parse with a
 * sink that reads every field of every record and every message (so that
 * ASan sees any bad pointer), and feed_detect on the same bytes. Its record
 * reader (fuzz_feed_record) and progress check also serve the parent's side
 * of a sandboxed parse (fuzz_feed_frames.c). Included by one target file
 * each; not a public header.
 */
#ifndef GISAC_FUZZ_FEED_H
#define GISAC_FUZZ_FEED_H

#include "feed/feed.h"

#include <stdint.h>
#include <string.h>

static size_t touch(const char *s)
{
    size_t h = 0;
    if (s)
        for (; *s; s++)
            h = h * 31 + (unsigned char)*s;
    return h;
}

/* Reads every field of r and returns their hash; traps on a record without
 * a value or a place, or with a type out of range. */
static size_t fuzz_feed_record(const feed_record *r)
{
    size_t h = (size_t)r->type + touch(r->value) + r->warn + touch(r->stix_id) + touch(r->name) +
               touch(r->description) + touch(r->created_by) + touch(r->where) + r->nlabels;
    for (size_t i = 0; i < r->nlabels; i++)
        h += touch(r->labels[i]);
    h += (size_t)r->first_seen + (size_t)r->last_seen + (size_t)r->valid_from +
         (size_t)r->valid_until + (size_t)r->confidence + (size_t)r->tlp + (size_t)r->matchable;
    if (r->type < IOC_IPV4 || r->type >= IOC_TYPE_COUNT || !r->value || !r->where)
        __builtin_trap();
    return h;
}

static void on_progress(void *ctx, size_t done, size_t total)
{
    if (done > total)
        __builtin_trap();
    *(size_t *)ctx += done;
}

static volatile size_t fuzz_out;

static int feed_on_record(void *ctx, const feed_record *r)
{
    *(size_t *)ctx += fuzz_feed_record(r);
    return 0;
}

static void feed_on_msg(void *ctx, const char *where, const char *msg)
{
    size_t *h = ctx;
    *h += touch(where) + touch(msg);
}

/* Parse data as format, and detect its format as if it were called name. */
static inline int fuzz_feed(feed_format format, const char *name, const uint8_t *data, size_t size)
{
    size_t h = 0;
    feed_sink sink = {&h, feed_on_record, feed_on_msg, feed_on_msg, feed_on_msg, on_progress};
    feed_opts opts = {.format = format};
    gisac_err err;
    (void)feed_detect(name, (const char *)data, size);
    int rc = feed_parse("fuzz", (const char *)data, size, &opts, &sink, &err);
    if (rc != 0)
        h += touch(err.msg);
    fuzz_out = h;
    return 0;
}

#endif
