/*
 * sandbox: run a parser over untrusted bytes in a fresh process that can do
 * nothing but compute and write framed results to one pipe, as OpenBSD's
 * privilege-separated daemons do (docs/sandbox.md).
 *
 * The parent (sandbox_run) copies the bytes into a sealed memfd, forks,
 * and the fork closes every descriptor but the memfd (as 0) and the write
 * end of the result pipe (as SANDBOX_OUT_FD), sets PR_SET_NO_NEW_PRIVS and
 * execs the parse helper (gisac-parse, sandbox_helper_path) with an empty
 * environment: the parser runs in a new process image that holds nothing
 * of the caller's memory (no key, no page cache of the database). The
 * helper (sandbox_main) finds the named kind of work, lets it prepare
 * (kind->prepare) and then, before it maps the untrusted bytes:
 *   - closes every descriptor but 0 and SANDBOX_OUT_FD;
 *   - sets rlimits: CPU seconds (SIGXCPU, then SIGKILL one second later),
 *     address space (its size then plus mem_bytes), no new files
 *     (RLIMIT_NOFILE 0, RLIMIT_FSIZE 0), no core dumps;
 *   - sets PR_SET_NO_NEW_PRIVS;
 *   - restricts itself with Landlock where the kernel has it (every file
 *     system right of the kernel's ABI handled and none granted, TCP bind
 *     and connect from ABI 4, abstract sockets and signals scoped from
 *     ABI 6): no file can be opened, not even read;
 *   - loads a seccomp filter (libseccomp) that allows only write(2) to
 *     its pipe, brk, mmap/mprotect without PROT_EXEC, munmap, mremap,
 *     madvise, futex, clock_gettime, getrandom, rt_sigreturn, sigaltstack,
 *     rt_sigprocmask, getpid, gettid, tgkill to itself and exit; any other
 *     system call (execve among them) is not run: the child reports its
 *     number on the pipe and exits.
 * Seccomp is required (the run fails when it cannot be loaded); Landlock is
 * used when present and its absence is reported by sandbox_probe.
 *
 * The parent reads the pipe as frames of (tag, length, bytes), refusing
 * any length above SANDBOX_FRAME_MAX, and hands each to on_frame, which
 * must validate what it decodes: nothing from the child is trusted.
 * Library code: never prints, exits the caller or aborts.
 */
#ifndef GISAC_SANDBOX_H
#define GISAC_SANDBOX_H

#include "base/base.h"

#include <stddef.h>
#include <stdint.h>

#define SANDBOX_FRAME_MAX    (16u << 20)   /* longest frame the parent accepts */
#define SANDBOX_TAG_USER_MAX 0xffffu       /* tags 1..this are the callers' */
#define SANDBOX_CPU_DEFAULT  60u           /* seconds */
#define SANDBOX_MEM_DEFAULT  (1024u << 20) /* bytes beyond the helper's size at start */

typedef struct sandbox_limits {
    unsigned cpu_seconds; /* 0: SANDBOX_CPU_DEFAULT */
    size_t mem_bytes;     /* 0: SANDBOX_MEM_DEFAULT */
} sandbox_limits;

/* The helper's end: frames written to the parent. */
typedef struct sandbox_out sandbox_out;

/*
 * In the helper: send one frame (tag 1..SANDBOX_TAG_USER_MAX). Returns 0,
 * or GISAC_EIO when the parent is gone or the frame is too long.
 */
int sandbox_send(sandbox_out *o, unsigned tag, const void *p, size_t n);
/* The same with the bytes in two pieces (a header and a body). */
int sandbox_send2(sandbox_out *o, unsigned tag, const void *a, size_t an, const void *b, size_t bn);

/*
 * A kind of work the parse helper knows (feed_sandbox_kind for the feed
 * parsers; docs/sandbox.md says how another parser plugs in).
 *   prepare  optional: runs in the helper before the confinement, while
 *            files can still be opened (seeding a hash function, say); it
 *            must not look at the input.
 *   run      the work, confined: args are the job's args, data[0..len) the
 *            untrusted bytes (read-only). Its return value and err (code,
 *            message, field) are sent back and become sandbox_run's.
 */
typedef struct sandbox_kind {
    const char *name;
    void (*prepare)(void);
    int (*run)(int nargs, char **args, const char *data, size_t len, sandbox_out *out,
               gisac_err *err);
} sandbox_kind;

/*
 * The parse helper's main: argv is what sandbox_run gives it (the kind,
 * the limits, the job's args), kinds the n kinds it knows. Does not return
 * once the kind is found (the helper exits with the result sent); returns
 * 2 when argv or the descriptors are not those of a run by sandbox_run
 * (0 a regular file, SANDBOX_OUT_FD a pipe).
 */
int sandbox_main(int argc, char **argv, const sandbox_kind *const *kinds, size_t n);

/* the descriptor the helper writes its frames to */
#define SANDBOX_OUT_FD 3
/* the environment variable that names the parse helper (tests, debugging) */
#define SANDBOX_HELPER_ENV  "GISAC_PARSE_HELPER"
#define SANDBOX_HELPER_NAME "gisac-parse"

/*
 * The parse helper's path into out: $GISAC_PARSE_HELPER when set, else
 * gisac-parse beside the running program, in ../libexec/gisac/ from it, or
 * at the path of the build (CMAKE_INSTALL_LIBEXECDIR/gisac). 0, or
 * GISAC_ENOTFOUND with the places looked at in err.
 */
int sandbox_helper_path(char *out, size_t cap, gisac_err *err);

/*
 * In the parent: one frame from the child (tag in 1..SANDBOX_TAG_USER_MAX,
 * n <= SANDBOX_FRAME_MAX). Return 0 to go on, or a negative code (with
 * err set) to stop: the child is killed and sandbox_run returns it.
 */
typedef int (*sandbox_frame_fn)(void *ctx, unsigned tag, const unsigned char *p, size_t n,
                                gisac_err *err);

/* What to run: a kind of the helper, its args, and the untrusted bytes. */
typedef struct sandbox_job {
    const char *kind;
    const char *const *args; /* nargs strings */
    size_t nargs;
    const void *data;
    size_t len;
} sandbox_job;

/*
 * Run job in the parse helper and on_frame(pctx, ...) for each frame it
 * sends. what names the work in messages ("feed.csv"). Returns the
 * child's result, or:
 *   GISAC_EABORT  the child tried a forbidden system call ("what: the
 *                 sandboxed parser tried a forbidden system call (openat)
 *                 and was stopped; ..."), went over its CPU time, was
 *                 killed by a signal, exited without its result, or sent
 *                 a malformed frame;
 *   GISAC_EIO     the pipe, memfd, fork or wait failed;
 *   GISAC_EUNSUPPORTED  the sandbox could not be set up (no seccomp, no
 *                 parse helper, the helper does not know the kind).
 * lim may be NULL (the defaults).
 */
int sandbox_run(const char *what, const sandbox_job *job, sandbox_frame_fn on_frame, void *pctx,
                const sandbox_limits *lim, gisac_err *err);

/* What this kernel offers (found once, then cached). */
typedef struct sandbox_status {
    int seccomp;           /* 1: seccomp filters can be loaded */
    int landlock_abi;      /* the kernel's Landlock ABI, 0: none */
    char landlock_why[96]; /* when 0: why ("not in this kernel", "disabled at boot") */
} sandbox_status;

void sandbox_probe(sandbox_status *st);

/* "seccomp, Landlock ABI 7" or "seccomp; no Landlock (not in this kernel)" */
void sandbox_describe(const sandbox_status *st, char *out, size_t cap);

#endif
