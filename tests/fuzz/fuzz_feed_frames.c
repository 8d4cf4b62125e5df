/*
 * fuzz_feed_frames.c: the parent's side of a sandboxed parse
 * (feed_frame_take): what a hostile child could send. The input is a
 * sequence of frames, each a tag byte, a 2-byte length (little endian,
 * cut to what is left) and that many bytes; the sink reads every string
 * (so that ASan sees any bad pointer) and checks what the parent promises:
 * a record's value and place are there, its type and TLP in range.
 */
#include "feed/feed_internal.h"
#include "fuzz_feed.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* fuzz_feed_record's checks, and the TLP and confidence in range */
static int on_record(void *ctx, const feed_record *r)
{
    if (r->tlp < TLP_UNSET || r->tlp > TLP_RED || r->confidence < -1 || r->confidence > 100)
        __builtin_trap();
    *(size_t *)ctx += fuzz_feed_record(r);
    return 0;
}

static void on_msg(void *ctx, const char *where, const char *msg)
{
    if (!where || !msg)
        __builtin_trap();
    *(size_t *)ctx += touch(where) + touch(msg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t h = 0;
    feed_sink sink = {&h, on_record, on_msg, on_msg, on_msg, on_progress};
    feed_frames *f = calloc(1, sizeof *f);
    if (!f)
        return 0;
    f->name = "fuzz";
    f->sink = &sink;
    while (size >= 3) {
        unsigned tag = data[0] % 7;
        size_t n = (size_t)data[1] | (size_t)data[2] << 8;
        data += 3;
        size -= 3;
        if (n > size)
            n = size;
        /* a copy of just the frame, so that ASan sees a read past its end */
        unsigned char *p = malloc(n ? n : 1);
        if (!p)
            break;
        memcpy(p, data, n);
        gisac_err err = GISAC_ERR_INIT;
        int rc = feed_frame_take(f, tag, p, n, &err);
        free(p);
        data += n;
        size -= n;
        if (rc < 0) {
            h += touch(err.msg);
            break;
        }
    }
    feed_frames_free(f);
    free(f);
    fuzz_out = h;
    return 0;
}
