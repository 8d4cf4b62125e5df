/*
 * gisac-parse: the sandbox's parse helper (docs/sandbox.md). gisac runs it
 * for every imported file (sandbox_run: a fresh process image, the file's
 * bytes on descriptor 0, frames back on descriptor 3); it confines itself
 * before it looks at the bytes and knows only the kinds of work below. It
 * links the parsers and what they stand on (feed, ioc, sandbox, base),
 * nothing of the store, the keys or the network.
 */
#include "feed/feed_sandbox.h"

#include <stdio.h>

int main(int argc, char **argv)
{
    static const sandbox_kind *const kinds[] = {&feed_sandbox_kind};
    sandbox_main(argc, argv, kinds, sizeof kinds / sizeof *kinds);
    fprintf(stderr, "%s: the parse helper of gisac, run by gisac itself (docs/sandbox.md)\n",
            argv[0]);
    return 2;
}
