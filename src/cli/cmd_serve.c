/* cmd_serve.c: gisac serve: the HTTP server (docs/serve.md). */
#include "cli/cli.h"
#include "http/http.h"

#include <stdlib.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>

typedef struct serve_opts {
    const char *listen, *tls_cert, *tls_key;
    const char *nats;
    long threads, timeout, max_connections, max_per_ip, header_timeout, min_rate, max_body,
        cache_mb, tick;
    long max_evidence;
    long session_idle, session_max;
} serve_opts;

static const serve_opts serve_defaults = {
    .listen = HTTP_DEFAULT_LISTEN,
    .threads = HTTP_DEFAULT_THREADS,
    .timeout = HTTP_DEFAULT_TIMEOUT,
    .max_connections = HTTP_DEFAULT_MAX_CONN,
    .max_per_ip = HTTP_DEFAULT_MAX_PER_IP,
    .header_timeout = HTTP_DEFAULT_HEADER_TIMEOUT,
    .min_rate = HTTP_DEFAULT_MIN_RATE,
    .max_body = HTTP_DEFAULT_MAX_BODY,
    .cache_mb = HTTP_DEFAULT_CACHE >> 20,
    .tick = HTTP_DEFAULT_TICK,
    .max_evidence = APP_EVIDENCE_MAX_DEFAULT,
    .session_idle = APP_SESSION_IDLE_DEFAULT,
    .session_max = APP_SESSION_MAX_DEFAULT,
};

#define O(f) offsetof(serve_opts, f)
static const cli_opt_def serve_opts_def[] = {
    {"--listen", CLI_STR, O(listen), "ADDR:PORT",
     "address and port (default " HTTP_DEFAULT_LISTEN "; [ADDR6]:PORT\n"
     "for IPv6; port 0 picks a free port)",
     .bad = "--listen needs ADDR:PORT"},
    {"--threads", CLI_INT, O(threads), "N",
     "worker threads, each with its own database\nconnection (1-64, default 4)", 1,
     HTTP_MAX_THREADS, .bad = "--threads needs a number from 1 to 64"},
    {"--timeout", CLI_INT, O(timeout), "SECONDS",
     "drop a connection idle or stalled this long\n(1-3600, default 30)", 1, 3600,
     .bad = "--timeout needs seconds from 1 to 3600"},
    {"--max-connections", CLI_INT, O(max_connections), "N",
     "connections at once (1-10000, default 1024)", 1, 10000,
     .bad = "--max-connections needs a number from 1 to 10000"},
    {"--max-per-ip", CLI_INT, O(max_per_ip), "N",
     "connections at once from one address (1-10000,\ndefault 32)", 1, 10000,
     .bad = "--max-per-ip needs a number from 1 to 10000"},
    {"--header-timeout", CLI_INT, O(header_timeout), "SECONDS",
     "time for a request line and headers, and the\n"
     "grace of a body before --min-rate (1-3600, default 10)",
     1, 3600, .bad = "--header-timeout needs seconds from 1 to 3600"},
    {"--min-rate", CLI_INT, O(min_rate), "BYTES",
     "slowest body accepted, bytes a second (1-1073741824,\ndefault 1024)", 1, 1L << 30,
     .bad = "--min-rate needs bytes a second from 1 to 1073741824"},
    {"--tls-cert", CLI_STR, O(tls_cert), "FILE", "PEM certificate (chain): serve HTTPS",
     .bad = "--tls-cert needs a file"},
    {"--tls-key", CLI_STR, O(tls_key), "FILE", "PEM private key of the certificate",
     .bad = "--tls-key needs a file"},
    {"--max-body", CLI_INT, O(max_body), "BYTES",
     "largest request body (1024-1073741824,\ndefault 16777216)", 1024, 1L << 30,
     .bad = "--max-body needs bytes from 1024 to 1073741824"},
    {"--max-evidence", CLI_INT, O(max_evidence), "BYTES",
     "largest evidence upload, streamed to disk\n(1024-1099511627776, default 4294967296)", 1024,
     1L << 40, .bad = "--max-evidence needs bytes from 1024 to 1099511627776"},
    {"--cache-mb", CLI_INT, O(cache_mb), "N",
     "memory for TAXII pages and feeds kept to answer\n"
     "repeated requests (0-65536 MiB, default 1024; 0: off)",
     0, 65536, .bad = "--cache-mb needs a number from 0 to 65536"},
    {"--tick", CLI_INT, O(tick), "SECONDS",
     "seconds between scheduler passes (1-86400, default 30)", 1, HTTP_MAX_TICK,
     .bad = "--tick needs seconds from 1 to 86400"},
    {"--session-idle", CLI_INT, O(session_idle), "SECONDS",
     "the web portal: a session without a request this\n"
     "long ends (1-2592000, default 1800)",
     1, APP_SESSION_LIMIT_MAX, .bad = "--session-idle needs seconds from 1 to 2592000"},
    {"--session-max", CLI_INT, O(session_max), "SECONDS",
     "the web portal: a session ends this long after\n"
     "its login at the latest (1-2592000, default 43200)",
     1, APP_SESSION_LIMIT_MAX, .bad = "--session-max needs seconds from 1 to 2592000"},
    {"--nats", CLI_STR, O(nats), "URL",
     "POST /api/v1/ingest publishes to NATS JetStream at URL\n"
     "(answering 202 once stored) for gisac worker to match",
     .bad = "--nats needs a URL"},
    {0},
};
#undef O

static void log_line(void *ctx, const char *line)
{
    (void)ctx;
    fprintf(stderr, "%s\n", line);
}

static int serve_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    const serve_opts *o = opts;
    http_config cfg = {0};
    cfg.listen = o->listen;
    cfg.threads = (unsigned)o->threads;
    cfg.timeout = (unsigned)o->timeout;
    cfg.max_connections = (unsigned)o->max_connections;
    cfg.max_per_ip = (unsigned)o->max_per_ip;
    cfg.header_timeout = (unsigned)o->header_timeout;
    cfg.min_rate = (unsigned)o->min_rate;
    cfg.max_body = (size_t)o->max_body;
    cfg.max_evidence = (int64_t)o->max_evidence;
    cfg.cache_bytes = (size_t)o->cache_mb << 20;
    cfg.tick = (unsigned)o->tick;
    cfg.session_idle = (unsigned)o->session_idle;
    cfg.session_lifetime = (unsigned)o->session_max;
    cfg.tls_cert = o->tls_cert;
    cfg.tls_key = o->tls_key;
    cfg.log = log_line;
    gisac_err err = GISAC_ERR_INIT;
    char addr[HTTP_ADDR_MAX];
    uint16_t port;
    int v6;
    if (http_listen_parse(cfg.listen, addr, &port, &v6, &err) < 0)
        return cli_usage("serve", "--listen: %s", err.msg);
    if (!cfg.tls_cert != !cfg.tls_key)
        return cli_usage("serve", "--tls-cert and --tls-key go together");
    if (o->session_idle > o->session_max)
        return cli_usage("serve", "--session-idle must not exceed --session-max");

    int rc = cli_app(c, APP_OPEN_CREATE, &cfg.app);
    if (rc)
        return rc;
    /* the first run on an empty database: an administrator */
    char pw[AUTH_PASSWORD_MAX + 1];
    int created = 0;
    const char *env_pw = getenv("GISAC_ADMIN_PASSWORD");
    if (app_bootstrap_admin(cfg.app, env_pw && *env_pw ? env_pw : NULL, pw, &created, &err) < 0) {
        app_close(cfg.app);
        return cli_fail(&err);
    }
    if (created) {
        if (env_pw && *env_pw)
            fprintf(stderr, "gisac: created the administrator \"admin\" with the password in "
                            "GISAC_ADMIN_PASSWORD\n");
        else
            fprintf(stderr,
                    "gisac: created the administrator \"admin\"; its password, shown only "
                    "this once:\n    %s\n",
                    pw);
    }
    memset(pw, 0, sizeof pw);
    if (o->nats && app_nats_use(cfg.app, o->nats, NULL, &err) < 0) {
        app_close(cfg.app);
        return cli_fail(&err);
    }

    /* The workers inherit this mask, so the signals come to sigwait below. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    http_server *srv;
    app_set_actor(cfg.app, NULL); /* requests name their callers */
    if (http_server_start(&cfg, &srv, &err) < 0) {
        app_close(cfg.app);
        return cli_fail(&err);
    }
    fprintf(stderr, "gisac: listening on %s://%s%s%s:%u\n", cfg.tls_cert ? "https" : "http",
            v6 ? "[" : "", addr, v6 ? "]" : "", (unsigned)http_server_port(srv));
    char sandbox[256];
    app_sandbox_describe(sandbox, sizeof sandbox);
    fprintf(stderr, "gisac: %s\n", sandbox);
    int sig = 0;
    sigwait(&set, &sig);
    fprintf(stderr, "gisac: %s: shutting down\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    http_server_stop(srv);
    app_close(cfg.app);
    fprintf(stderr, "gisac: stopped\n");
    return EXIT_OK;
}

const cli_cmd cli_serve_cmd = {
    .name = "serve",
    .opts = serve_opts_def,
    .opts_size = sizeof(serve_opts),
    .defaults = &serve_defaults,
    .run = serve_run,
};
