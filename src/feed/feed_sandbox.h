/*
 * feed_sandbox.h: the feed parsers as a kind of work of the sandbox's
 * parse helper (src/sandbox/sandbox.h, docs/sandbox.md). The parent
 * (feed_parse with feed_opts.sandbox) runs the kind feed_opts.kind with
 * the job's args
 *   name=NAME  format=N (a feed_format)  [column=COLUMN]  [quiet]
 * and the file's bytes; the helper parses and sends every callback of the
 * sink back as a frame (feed_internal.h), which the parent checks.
 */
#ifndef GISAC_FEED_SANDBOX_H
#define GISAC_FEED_SANDBOX_H

#include "feed/feed.h"
#include "sandbox/sandbox.h"

#define FEED_SANDBOX_KIND "feed"

/* the built-in parsers (FEED_SANDBOX_KIND), for the helper's table of kinds */
extern const sandbox_kind feed_sandbox_kind;

/* The helper's preparation for the feed parsers (seeds jansson's hashes). */
void feed_sandbox_prepare(void);

/*
 * In the helper: parse data[0..len) as the job's args say with parser
 * (NULL: the built-in parsers), every callback sent to out as a frame.
 * A kind of work for another parser that reports feed records is a
 * sandbox_kind whose run calls this with its parser.
 */
int feed_sandbox_serve(int nargs, char **args, const char *data, size_t len, feed_parse_fn parser,
                       sandbox_out *out, gisac_err *err);

#endif
