/* sandbox.c: an exec'd parse helper under rlimits, Landlock and seccomp (sandbox.h). */
#define _GNU_SOURCE /* memfd_create, close_range, SYS_* numbers, siginfo_t.si_syscall */
#include "sandbox/sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/landlock.h>
#include <pthread.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* Landlock numbers and rights newer than the build machine's headers. */
#ifndef SYS_landlock_create_ruleset
#define SYS_landlock_create_ruleset 444
#define SYS_landlock_restrict_self  446
#endif
#ifndef LANDLOCK_CREATE_RULESET_VERSION
#define LANDLOCK_CREATE_RULESET_VERSION (1U << 0)
#endif
#define LL_FS_ABI1      ((1ULL << 13) - 1) /* EXECUTE .. MAKE_SYM */
#define LL_FS_REFER     (1ULL << 13)       /* ABI 2 */
#define LL_FS_TRUNCATE  (1ULL << 14)       /* ABI 3 */
#define LL_FS_IOCTL_DEV (1ULL << 15)       /* ABI 5 */
#define LL_NET_ALL      3ULL               /* ABI 4: BIND_TCP, CONNECT_TCP */
#define LL_SCOPE_ALL    3ULL               /* ABI 6: ABSTRACT_UNIX_SOCKET, SIGNAL */

/* struct landlock_ruleset_attr as of ABI 6; its size tells the kernel which members we mean */
typedef struct ll_attr {
    uint64_t handled_access_fs;
    uint64_t handled_access_net;
    uint64_t scoped;
} ll_attr;

/* AddressSanitizer reserves terabytes of address space: no RLIMIT_AS under it */
#if defined(__SANITIZE_ADDRESS__)
#define SANDBOX_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANDBOX_ASAN 1
#endif
#endif
#ifndef SANDBOX_ASAN
#define SANDBOX_ASAN 0
#endif

/* the helper's fixed descriptors: the input (a memfd) and the write end of the result pipe */
#define IN_FD  0
#define OUT_FD SANDBOX_OUT_FD

/* reserved tags, above the callers' */
#define TAG_END       0x10001u
#define TAG_VIOLATION 0x10002u
#define TAG_SETUP     0x10003u
#define TAG_EXEC      0x10004u /* the fork could not exec the helper: u32 errno */

#define OUT_BUF (64u << 10)

struct sandbox_out {
    unsigned char buf[OUT_BUF];
    size_t len;
    int broken;
};

/* ---- probing ------------------------------------------------------------ */

static sandbox_status probed;
static pthread_once_t probe_once = PTHREAD_ONCE_INIT;

static void probe(void)
{
    probed.seccomp = prctl(PR_GET_SECCOMP, 0, 0, 0, 0) >= 0;
    long abi = syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
    if (abi > 0) {
        probed.landlock_abi = (int)abi;
        return;
    }
    const char *why = errno == ENOSYS       ? "not in this kernel"
                      : errno == EOPNOTSUPP ? "disabled at boot"
                      : errno == EPERM      ? "refused by a system-call filter"
                                            : strerror(errno);
    snprintf(probed.landlock_why, sizeof probed.landlock_why, "%s", why);
}

void sandbox_probe(sandbox_status *st)
{
    pthread_once(&probe_once, probe);
    *st = probed;
}

void sandbox_describe(const sandbox_status *st, char *out, size_t cap)
{
    const char *sc = st->seccomp ? "seccomp" : "no seccomp (imports in the sandbox fail)";
    if (st->landlock_abi > 0)
        snprintf(out, cap, "%s, Landlock ABI %d", sc, st->landlock_abi);
    else
        snprintf(out, cap, "%s; no Landlock (%s)", sc, st->landlock_why);
}

/* ---- the child ---------------------------------------------------------- */

static int write_all(const void *p, size_t n)
{
    return gisac_write_all(OUT_FD, p, n);
}

static int out_flush(sandbox_out *o)
{
    if (o->len && !o->broken && write_all(o->buf, o->len) < 0)
        o->broken = 1;
    o->len = 0;
    return o->broken ? GISAC_EIO : 0;
}

static int out_put(sandbox_out *o, const void *p, size_t n)
{
    if (n > OUT_BUF - o->len) {
        if (out_flush(o) < 0)
            return GISAC_EIO;
        if (n > OUT_BUF) {
            if (write_all(p, n) < 0)
                o->broken = 1;
            return o->broken ? GISAC_EIO : 0;
        }
    }
    memcpy(o->buf + o->len, p, n);
    o->len += n;
    return 0;
}

static int send_frame(sandbox_out *o, uint32_t tag, const void *a, size_t an, const void *b,
                      size_t bn)
{
    if (o->broken || an > SANDBOX_FRAME_MAX || bn > SANDBOX_FRAME_MAX - an)
        return GISAC_EIO;
    uint32_t h[2] = {tag, (uint32_t)(an + bn)};
    if (out_put(o, h, sizeof h) < 0 || (an && out_put(o, a, an) < 0) ||
        (bn && out_put(o, b, bn) < 0))
        return GISAC_EIO;
    return 0;
}

int sandbox_send(sandbox_out *o, unsigned tag, const void *p, size_t n)
{
    if (tag == 0 || tag > SANDBOX_TAG_USER_MAX)
        return GISAC_EIO;
    return send_frame(o, tag, p, n, NULL, 0);
}

int sandbox_send2(sandbox_out *o, unsigned tag, const void *a, size_t an, const void *b, size_t bn)
{
    if (tag == 0 || tag > SANDBOX_TAG_USER_MAX)
        return GISAC_EIO;
    return send_frame(o, tag, a, an, b, bn);
}

/*
 * The child's end: the system call itself, not _exit, which sanitizers
 * intercept to run their exit-time checks (forbidden calls, here).
 */
static void leave(int status)
{
    for (;;)
        syscall(SYS_exit_group, status);
}

/* A forbidden system call: say which one, straight to the pipe, and go. */
static void on_sigsys(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)uc;
    uint32_t f[3] = {TAG_VIOLATION, 4, (uint32_t)si->si_syscall};
    ssize_t w = write(OUT_FD, f, sizeof f);
    (void)w;
    leave(101);
}

/* result: rc, code, then message and field with their NULs */
static void send_result(sandbox_out *o, uint32_t tag, int rc, const gisac_err *e)
{
    size_t ml = strnlen(e->msg, sizeof e->msg - 1), fl = strnlen(e->field, sizeof e->field - 1);
    unsigned char b[8 + sizeof e->msg + sizeof e->field];
    int32_t v[2] = {rc, e->code};
    memcpy(b, v, 8);
    memcpy(b + 8, e->msg, ml);
    b[8 + ml] = 0;
    memcpy(b + 9 + ml, e->field, fl);
    b[9 + ml + fl] = 0;
    send_frame(o, tag, b, 10 + ml + fl, NULL, 0);
    out_flush(o);
}

static void setup_fail(sandbox_out *o, const char *step, int e)
{
    gisac_err er = GISAC_ERR_INIT;
    gisac_err_set(&er, GISAC_EUNSUPPORTED, "%s: %s", step, strerror(e));
    send_result(o, TAG_SETUP, GISAC_EUNSUPPORTED, &er);
    leave(102);
}

/* close every descriptor but IN_FD (0) and OUT_FD (3); async-signal-safe */
static void close_others(void)
{
#ifdef SYS_close_range
    if (syscall(SYS_close_range, IN_FD + 1, OUT_FD - 1, 0) == 0 &&
        syscall(SYS_close_range, OUT_FD + 1, ~0U, 0) == 0)
        return;
#endif
    struct rlimit r;
    long max =
        getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur != RLIM_INFINITY ? (long)r.rlim_cur : 65536;
    for (long fd = IN_FD + 1; fd < max; fd++)
        if (fd != OUT_FD)
            close((int)fd);
}

/* the helper's address space now, in bytes (0 when unknown) */
static size_t vm_size(void)
{
    int fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    char b[128];
    ssize_t n = read(fd, b, sizeof b - 1);
    close(fd);
    if (n <= 0)
        return 0;
    b[n] = 0;
    return (size_t)strtoull(b, NULL, 10) * (size_t)sysconf(_SC_PAGESIZE);
}

static int landlock(int abi)
{
    ll_attr a = {0};
    size_t size = sizeof a.handled_access_fs;
    a.handled_access_fs = LL_FS_ABI1;
    if (abi >= 2)
        a.handled_access_fs |= LL_FS_REFER;
    if (abi >= 3)
        a.handled_access_fs |= LL_FS_TRUNCATE;
    if (abi >= 4) {
        a.handled_access_net = LL_NET_ALL;
        size = offsetof(ll_attr, scoped);
    }
    if (abi >= 5)
        a.handled_access_fs |= LL_FS_IOCTL_DEV;
    if (abi >= 6) {
        a.scoped = LL_SCOPE_ALL;
        size = sizeof a;
    }
    int fd = (int)syscall(SYS_landlock_create_ruleset, &a, size, 0);
    if (fd < 0)
        return -1;
    int rc = (int)syscall(SYS_landlock_restrict_self, fd, 0);
    close(fd);
    return rc;
}

/* an argument check, spelt out (libseccomp's SCMP_A* leave datum_b to C) */
static struct scmp_arg_cmp arg_is(unsigned arg, enum scmp_compare op, scmp_datum_t a,
                                  scmp_datum_t b)
{
    struct scmp_arg_cmp c = {.arg = arg, .op = op, .datum_a = a, .datum_b = b};
    return c;
}

static int seccomp_filter(void)
{
    scmp_filter_ctx f = seccomp_init(SCMP_ACT_TRAP);
    if (!f)
        return -ENOMEM;
    int rc = 0;
#define ALLOW(name, ...)                                                                           \
    if (rc == 0)                                                                                   \
    rc = seccomp_rule_add(f, SCMP_ACT_ALLOW, SCMP_SYS(name), __VA_ARGS__)
    ALLOW(write, 1, arg_is(0, SCMP_CMP_EQ, OUT_FD, 0));
    ALLOW(exit, 0);
    ALLOW(exit_group, 0);
    ALLOW(brk, 0);
    ALLOW(mmap, 1, arg_is(2, SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
    ALLOW(mprotect, 1, arg_is(2, SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
    ALLOW(munmap, 0);
    ALLOW(mremap, 0);
    ALLOW(madvise, 0);
    ALLOW(futex, 0);
    ALLOW(clock_gettime, 0);
    ALLOW(getrandom, 0);
    ALLOW(rt_sigreturn, 0);
    ALLOW(rt_sigprocmask, 0);
    ALLOW(sigaltstack, 0);
    ALLOW(getpid, 0);
    ALLOW(gettid, 0);
    ALLOW(tgkill, 1, arg_is(0, SCMP_CMP_EQ, (scmp_datum_t)getpid(), 0));
#undef ALLOW
    if (rc == 0)
        rc = seccomp_load(f);
    seccomp_release(f);
    return rc;
}

/* the caller's handlers and mask undone: a crash is a crash, SIGSYS ours */
static void reset_signals(int with_sigsys)
{
    sigset_t all;
    sigemptyset(&all);
    sigprocmask(SIG_SETMASK, &all, NULL);
    static const int deflt[] = {SIGXCPU, SIGPIPE, SIGSEGV, SIGBUS, SIGILL,
                                SIGFPE,  SIGABRT, SIGTRAP, SIGSYS};
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    for (size_t i = 0; i < sizeof deflt / sizeof *deflt; i++)
        sigaction(deflt[i], &sa, NULL);
    if (with_sigsys) {
        sa.sa_sigaction = on_sigsys;
        sa.sa_flags = SA_SIGINFO;
        sigaction(SIGSYS, &sa, NULL);
    }
}

/* rlimits, no new privileges, Landlock, seccomp: what the helper may do from here */
static void confine(sandbox_out *out, unsigned cpu, size_t mem)
{
    size_t vm = vm_size();
    struct rlimit r = {cpu, cpu + 1};
    if (setrlimit(RLIMIT_CPU, &r) < 0)
        setup_fail(out, "setrlimit(RLIMIT_CPU)", errno);
#if !SANDBOX_ASAN
    if (vm) {
        r.rlim_cur = r.rlim_max = vm + mem;
        if (setrlimit(RLIMIT_AS, &r) < 0)
            setup_fail(out, "setrlimit(RLIMIT_AS)", errno);
    }
#else
    (void)mem;
    (void)vm;
#endif
    r.rlim_cur = r.rlim_max = 0;
    if (setrlimit(RLIMIT_CORE, &r) < 0 || setrlimit(RLIMIT_FSIZE, &r) < 0 ||
        setrlimit(RLIMIT_NOFILE, &r) < 0)
        setup_fail(out, "setrlimit", errno);
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
        setup_fail(out, "prctl(PR_SET_NO_NEW_PRIVS)", errno);
    sandbox_status st;
    sandbox_probe(&st);
    if (st.landlock_abi > 0)
        landlock(st.landlock_abi); /* best effort: its absence is reported by sandbox_probe */
    int rc = seccomp_filter();
    if (rc < 0)
        setup_fail(out, "loading the seccomp filter", -rc);
}

int sandbox_main(int argc, char **argv, const sandbox_kind *const *kinds, size_t n)
{
    /* run by sandbox_run: the input a file (the memfd), the results a pipe */
    struct stat in, res;
    if (argc < 4 || fstat(IN_FD, &in) < 0 || !S_ISREG(in.st_mode) || fstat(OUT_FD, &res) < 0 ||
        !S_ISFIFO(res.st_mode))
        return 2;
    reset_signals(1);
    close_others();
    static sandbox_out out; /* static: a helper has one */
    const sandbox_kind *k = NULL;
    for (size_t i = 0; i < n && !k; i++)
        if (strcmp(kinds[i]->name, argv[1]) == 0)
            k = kinds[i];
    if (!k) {
        gisac_err er = GISAC_ERR_INIT;
        gisac_err_set(&er, GISAC_EUNSUPPORTED, "%s does not know the kind of work '%s'", argv[0],
                      argv[1]);
        send_result(&out, TAG_SETUP, GISAC_EUNSUPPORTED, &er);
        leave(102);
    }
    unsigned cpu = (unsigned)strtoul(argv[2], NULL, 10);
    size_t mem = (size_t)strtoull(argv[3], NULL, 10);
    if (k->prepare)
        k->prepare();
    confine(&out, cpu ? cpu : SANDBOX_CPU_DEFAULT, mem ? mem : SANDBOX_MEM_DEFAULT);

    /* the untrusted bytes, only now */
    size_t len = (size_t)in.st_size;
    const char *data = "";
    gisac_err e = GISAC_ERR_INIT;
    int rc = 0;
    if (len) {
        void *m = mmap(NULL, len, PROT_READ, MAP_PRIVATE, IN_FD, 0);
        if (m == MAP_FAILED)
            rc = gisac_err_set(&e, GISAC_ENOMEM, "mapping the input: %s", strerror(errno));
        else
            data = m;
    }
    if (rc == 0)
        rc = k->run(argc - 4, argv + 4, data, len, &out, &e);
    send_result(&out, TAG_END, rc, &e);
    leave(0);
    return 0;
}

/* ---- the parent: finding the helper ---------------------------------------- */

static int executable(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode) && access(p, X_OK) == 0;
}

int sandbox_helper_path(char *out, size_t cap, gisac_err *err)
{
    const char *env = getenv(SANDBOX_HELPER_ENV);
    if (env && *env) {
        if ((size_t)snprintf(out, cap, "%s", env) < cap && executable(out))
            return 0;
        return gisac_err_set(err, GISAC_ENOTFOUND,
                             "the parse helper " SANDBOX_HELPER_ENV "=%s is not an executable file",
                             env);
    }
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    char *slash = n > 0 ? memrchr(exe, '/', (size_t)n) : NULL;
    if (slash) {
        *slash = 0;
        static const char *const rel[] = {"/" SANDBOX_HELPER_NAME,
                                          "/../libexec/gisac/" SANDBOX_HELPER_NAME};
        for (size_t i = 0; i < sizeof rel / sizeof *rel; i++)
            if ((size_t)snprintf(out, cap, "%s%s", exe, rel[i]) < cap && executable(out))
                return 0;
    } else {
        snprintf(exe, sizeof exe, "(the program's folder)");
    }
#ifdef GISAC_PARSE_HELPER_PATH
    if ((size_t)snprintf(out, cap, "%s", GISAC_PARSE_HELPER_PATH) < cap && executable(out))
        return 0;
#define BUILT_AT ", " GISAC_PARSE_HELPER_PATH
#else
#define BUILT_AT ""
#endif
    return gisac_err_set(err, GISAC_ENOTFOUND,
                         "the parse helper " SANDBOX_HELPER_NAME " is not installed (looked in %s, "
                         "%s/../libexec/gisac" BUILT_AT "; " SANDBOX_HELPER_ENV " names another)",
                         exe, exe);
#undef BUILT_AT
}

/* ---- the parent ---------------------------------------------------------- */

typedef struct reader {
    unsigned char *buf;
    size_t cap, len, off;
} reader;

/* Read once more, with room for want bytes from the first unread one. */
static int fill(reader *r, int fd, size_t want)
{
    if (r->off) { /* the unread rest (less than a frame) to the front */
        memmove(r->buf, r->buf + r->off, r->len - r->off);
        r->len -= r->off;
        r->off = 0;
    }
    if (r->cap < want || r->cap - r->len < (64u << 10)) {
        size_t cap = r->cap ? r->cap : (128u << 10);
        while (cap < want || cap - r->len < (64u << 10))
            cap *= 2;
        unsigned char *b = realloc(r->buf, cap);
        if (!b)
            return GISAC_ENOMEM;
        r->buf = b;
        r->cap = cap;
    }
    ssize_t n;
    do
        n = read(fd, r->buf + r->len, r->cap - r->len);
    while (n < 0 && errno == EINTR);
    if (n < 0)
        return GISAC_EIO;
    r->len += (size_t)n;
    return n == 0 ? 0 : 1;
}

static const char *signame(int sig)
{
    switch (sig) {
    case SIGKILL:
        return "SIGKILL";
    case SIGSEGV:
        return "SIGSEGV";
    case SIGABRT:
        return "SIGABRT";
    case SIGBUS:
        return "SIGBUS";
    case SIGXCPU:
        return "SIGXCPU";
    case SIGSYS:
        return "SIGSYS";
    case SIGFPE:
        return "SIGFPE";
    case SIGILL:
        return "SIGILL";
    default:
        return "a signal";
    }
}

/* the child's result frame into rc and err; 0 when well formed */
static int take_result(const unsigned char *p, size_t n, int *rc, gisac_err *err)
{
    if (n < 10)
        return -1;
    int32_t v[2];
    memcpy(v, p, 8);
    const char *msg = (const char *)p + 8;
    const char *end = memchr(msg, 0, n - 8);
    if (!end)
        return -1;
    const char *field = end + 1;
    size_t left = n - 8 - (size_t)(field - msg);
    const char *fend = left ? memchr(field, 0, left) : NULL;
    if (!fend || fend + 1 != (const char *)p + n)
        return -1;
    if (v[0] > 0 || v[0] < -1000 || (v[0] < 0 && (v[1] >= 0 || v[1] < -1000)))
        return -1;
    if ((size_t)(end - msg) >= GISAC_ERR_MSG || (size_t)(fend - field) >= GISAC_ERR_FIELD)
        return -1;
    *rc = v[0];
    if (v[0] < 0 && err) {
        err->code = v[1];
        memcpy(err->msg, msg, (size_t)(end - msg) + 1);
        memcpy(err->field, field, (size_t)(fend - field) + 1);
    }
    return 0;
}

/* the untrusted bytes in a sealed memfd (the helper's IN_FD) */
static int input_fd(const void *data, size_t len)
{
    int fd = memfd_create("gisac-parse-input", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (fd < 0)
        return -1;
    const unsigned char *b = data;
    while (len) {
        ssize_t w = write(fd, b, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            int e = w < 0 ? errno : EIO;
            close(fd);
            errno = e;
            return -1;
        }
        b += w;
        len -= (size_t)w;
    }
    if (fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) < 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    return fd;
}

/*
 * The fork's part, between fork and exec (async-signal-safe calls only):
 * the input as IN_FD, the pipe as OUT_FD, nothing else, no new privileges,
 * then the helper. An exec that fails is reported on the pipe.
 */
static void exec_helper(int in, int wfd, const char *path, char *const argv[])
{
    reset_signals(0);
    int a = fcntl(in, F_DUPFD, 10), b = fcntl(wfd, F_DUPFD, 10);
    if (a < 0 || b < 0 || dup2(a, IN_FD) < 0 || dup2(b, OUT_FD) < 0)
        leave(126);
    close_others();
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0) {
        static char *const no_env[] = {NULL};
        execve(path, argv, no_env);
    }
    uint32_t f[3] = {TAG_EXEC, 4, (uint32_t)errno};
    ssize_t w = write(OUT_FD, f, sizeof f);
    (void)w;
    leave(127);
}

int sandbox_run(const char *what, const sandbox_job *job, sandbox_frame_fn on_frame, void *pctx,
                const sandbox_limits *lim, gisac_err *err)
{
    if (!what)
        what = "input";
    sandbox_status st;
    sandbox_probe(&st);
    if (!st.seccomp)
        return gisac_err_set(err, GISAC_EUNSUPPORTED,
                             "%s: the sandbox needs seccomp, which this kernel lacks", what);
    if (!job->kind)
        return gisac_err_set(err, GISAC_EINVAL, "%s: sandbox: no kind of work", what);
    char path[4096];
    gisac_err pe = GISAC_ERR_INIT;
    if (sandbox_helper_path(path, sizeof path, &pe) < 0)
        return gisac_err_set(err, GISAC_EUNSUPPORTED, "%s: %s; nothing was imported", what, pe.msg);
    /* argv: the helper, the kind, the limits, the job's args */
    if (job->nargs > 64)
        return gisac_err_set(err, GISAC_EINVAL, "%s: sandbox: too many arguments", what);
    char cpu_s[24], mem_s[24];
    snprintf(cpu_s, sizeof cpu_s, "%u", lim ? lim->cpu_seconds : 0);
    snprintf(mem_s, sizeof mem_s, "%zu", lim ? lim->mem_bytes : 0);
    char *argv[64 + 5] = {path, (char *)job->kind, cpu_s, mem_s};
    for (size_t i = 0; i < job->nargs; i++)
        argv[4 + i] = (char *)job->args[i];

    int in = input_fd(job->data, job->len);
    if (in < 0)
        return gisac_err_set(err, GISAC_EIO, "%s: sandbox: memfd: %s", what, strerror(errno));
    int p[2];
    if (pipe2(p, O_CLOEXEC) < 0) {
        int e = errno;
        close(in);
        return gisac_err_set(err, GISAC_EIO, "%s: sandbox: pipe: %s", what, strerror(e));
    }
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        close(in);
        close(p[0]);
        close(p[1]);
        return gisac_err_set(err, GISAC_EIO, "%s: sandbox: fork: %s", what, strerror(e));
    }
    if (pid == 0)
        exec_helper(in, p[1], path, argv);
    close(in);
    close(p[1]);

    reader r = {0};
    int rc = 0, done = 0, got_end = 0, result = 0;
    uint32_t violation = 0;
    int violated = 0, killed = 0;
    while (!done) {
        /* whole frames in the buffer */
        while (r.len - r.off >= 8) {
            uint32_t h[2];
            memcpy(h, r.buf + r.off, 8);
            if (h[1] > SANDBOX_FRAME_MAX || got_end || violated ||
                (h[0] == 0 || (h[0] > SANDBOX_TAG_USER_MAX && h[0] != TAG_END &&
                               h[0] != TAG_SETUP && h[0] != TAG_VIOLATION && h[0] != TAG_EXEC))) {
                rc = gisac_err_set(err, GISAC_EABORT,
                                   "%s: the sandboxed parser sent a malformed frame "
                                   "(tag %u, %u bytes)",
                                   what, (unsigned)h[0], (unsigned)h[1]);
                goto stop;
            }
            if (r.len - r.off - 8 < h[1])
                break;
            const unsigned char *body = r.buf + r.off + 8;
            r.off += 8 + (size_t)h[1];
            if (h[0] == TAG_EXEC) {
                uint32_t e = 0;
                if (h[1] != 4) {
                    rc = gisac_err_set(err, GISAC_EABORT,
                                       "%s: the sandboxed parser sent a malformed frame", what);
                    goto stop;
                }
                memcpy(&e, body, 4);
                rc = gisac_err_set(err, GISAC_EUNSUPPORTED,
                                   "%s: the sandbox could not be set up: running %s: %s", what,
                                   path, strerror((int)e));
                goto stop;
            }
            if (h[0] == TAG_VIOLATION) {
                if (h[1] != 4) {
                    rc = gisac_err_set(err, GISAC_EABORT,
                                       "%s: the sandboxed parser sent a malformed frame", what);
                    goto stop;
                }
                memcpy(&violation, body, 4);
                violated = 1;
            } else if (h[0] == TAG_END || h[0] == TAG_SETUP) {
                gisac_err e = GISAC_ERR_INIT;
                if (take_result(body, h[1], &result, &e) < 0) {
                    rc = gisac_err_set(err, GISAC_EABORT,
                                       "%s: the sandboxed parser sent a malformed result", what);
                    goto stop;
                }
                if (h[0] == TAG_SETUP) {
                    rc = gisac_err_set(err, GISAC_EUNSUPPORTED,
                                       "%s: the sandbox could not be set up: %s", what, e.msg);
                    goto stop;
                }
                if (result < 0 && err)
                    *err = e;
                got_end = 1;
            } else if ((rc = on_frame(pctx, h[0], body, h[1], err)) < 0) {
                goto stop;
            }
        }
        size_t need = 8;
        if (r.len - r.off >= 8) { /* a frame not all here yet: room for all of it */
            uint32_t h[2];
            memcpy(h, r.buf + r.off, 8);
            need += h[1];
        }
        int f = fill(&r, p[0], need);
        if (f < 0) {
            rc = gisac_err_set(err, f, "%s: sandbox: reading the parser's results failed", what);
            goto stop;
        }
        if (f == 0) {
            if (r.len - r.off) {
                rc = gisac_err_set(err, GISAC_EABORT,
                                   "%s: the sandboxed parser's results end in a cut frame", what);
                goto stop;
            }
            done = 1;
        }
    }
    goto wait;
stop:
    kill(pid, SIGKILL);
    killed = 1;
wait:
    close(p[0]);
    free(r.buf);
    int status = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    while (wait4(pid, &status, 0, &ru) < 0)
        if (errno != EINTR) {
            if (rc == 0)
                rc = gisac_err_set(err, GISAC_EIO, "%s: sandbox: wait: %s", what, strerror(errno));
            return rc;
        }
    if (killed)
        return rc;
    unsigned cpu = lim && lim->cpu_seconds ? lim->cpu_seconds : SANDBOX_CPU_DEFAULT;
    double used = (double)ru.ru_utime.tv_sec + (double)ru.ru_stime.tv_sec +
                  (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
    if (violated) {
        char *name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, (int)violation);
        rc = gisac_err_set(err, GISAC_EABORT,
                           "%s: the sandboxed parser tried a forbidden system call (%s) and was "
                           "stopped; nothing was imported",
                           what, name ? name : "unknown");
        free(name);
        return rc;
    }
    if (WIFSIGNALED(status)) {
        int sig = WTERMSIG(status);
        if (sig == SIGXCPU || (sig == SIGKILL && used >= cpu))
            return gisac_err_set(err, GISAC_EABORT,
                                 "%s: the sandboxed parser used its %u CPU seconds and was "
                                 "stopped; nothing was imported",
                                 what, cpu);
        return gisac_err_set(err, GISAC_EABORT,
                             "%s: the sandboxed parser was killed by %s (%d); nothing was imported",
                             what, signame(sig), sig);
    }
    if (!got_end)
        return gisac_err_set(err, GISAC_EABORT,
                             "%s: the sandboxed parser ended without a result (exit status %d)",
                             what, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    return result;
}
