/* cmd_serve.c: gisac serve: the HTTP server (docs/serve.md). */
#include "auth/auth.h"
#include "cli/cli.h"
#include "http/http.h"

#include <stdlib.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>

static const char serve_usage[] =
    "usage: gisac serve [--listen ADDR:PORT] [--tls-cert FILE --tls-key FILE]\n"
    "                   [--threads N] [--timeout SECONDS] [--max-connections N]\n"
    "                   [--max-body BYTES] [--cache-mb N] [--tick SECONDS]\n"
    "\n"
    "Serve the REST API (/api/v1/), TAXII 2.1 (/taxii2/), blocklist feeds\n"
    "(/feeds/FORMAT), /healthz and /metrics over HTTP or HTTPS until SIGINT or\n"
    "SIGTERM. One JSON access-log line per request goes to stderr.\n"
    "\n"
    "On a database with no account, the first run creates the administrator\n"
    "\"admin\" with the password in GISAC_ADMIN_PASSWORD, or a generated one\n"
    "that is printed once.\n"
    "\n"
    "A scheduler in the server records missed incident deadlines (breaches)\n"
    "and sends the notifications due, every --tick seconds.\n"
    "\n"
    "options:\n"
    "  --listen ADDR:PORT     address and port (default " HTTP_DEFAULT_LISTEN "; [ADDR6]:PORT\n"
    "                         for IPv6; port 0 picks a free port)\n"
    "  --threads N            worker threads, each with its own database\n"
    "                         connection (1-64, default 4)\n"
    "  --timeout SECONDS      drop a connection idle or stalled this long\n"
    "                         (1-3600, default 30)\n"
    "  --max-connections N    connections at once (1-10000, default 256)\n"
    "  --tls-cert FILE        PEM certificate (chain): serve HTTPS\n"
    "  --tls-key FILE         PEM private key of the certificate\n"
    "  --max-body BYTES       largest request body (1024-1073741824,\n"
    "                         default 16777216)\n"
    "  --cache-mb N           memory for TAXII pages and feeds kept to answer\n"
    "                         repeated requests (0-65536 MiB, default 1024; 0: off)\n"
    "  --tick SECONDS         seconds between scheduler passes (1-86400, default 30)\n";

static void log_line(void *ctx, const char *line)
{
    (void)ctx;
    fprintf(stderr, "%s\n", line);
}

int cmd_serve(cli_ctx *c, int argc, char **argv)
{
    http_config cfg = {0};
    cfg.db_path = c->db_path;
    cfg.listen = HTTP_DEFAULT_LISTEN;
    cfg.threads = HTTP_DEFAULT_THREADS;
    cfg.timeout = HTTP_DEFAULT_TIMEOUT;
    cfg.max_connections = HTTP_DEFAULT_MAX_CONN;
    cfg.log = log_line;
    cfg.cache_bytes = HTTP_DEFAULT_CACHE;
    cfg.tick = HTTP_DEFAULT_TICK;
    for (int i = 0; i < argc; i++) {
        const char *val;
        long v;
        int m;
        if (cli_is_help(argv[i]))
            return cli_help(serve_usage);
        if ((m = cli_opt(argc, argv, &i, "--listen", &val)) != 0) {
            if (m < 0)
                return cli_usage("serve", "--listen needs ADDR:PORT");
            cfg.listen = val;
        } else if ((m = cli_opt(argc, argv, &i, "--threads", &val)) != 0) {
            if (m < 0 || cli_int(val, 1, HTTP_MAX_THREADS, &v) < 0)
                return cli_usage("serve", "--threads needs a number from 1 to %d",
                                 HTTP_MAX_THREADS);
            cfg.threads = (unsigned)v;
        } else if ((m = cli_opt(argc, argv, &i, "--timeout", &val)) != 0) {
            if (m < 0 || cli_int(val, 1, 3600, &v) < 0)
                return cli_usage("serve", "--timeout needs seconds from 1 to 3600");
            cfg.timeout = (unsigned)v;
        } else if ((m = cli_opt(argc, argv, &i, "--max-connections", &val)) != 0) {
            if (m < 0 || cli_int(val, 1, 10000, &v) < 0)
                return cli_usage("serve", "--max-connections needs a number from 1 to 10000");
            cfg.max_connections = (unsigned)v;
        } else if ((m = cli_opt(argc, argv, &i, "--max-body", &val)) != 0) {
            if (m < 0 || cli_int(val, 1024, 1L << 30, &v) < 0)
                return cli_usage("serve", "--max-body needs bytes from 1024 to 1073741824");
            cfg.max_body = (size_t)v;
        } else if ((m = cli_opt(argc, argv, &i, "--cache-mb", &val)) != 0) {
            if (m < 0 || cli_int(val, 0, 65536, &v) < 0)
                return cli_usage("serve", "--cache-mb needs a number from 0 to 65536");
            cfg.cache_bytes = (size_t)v << 20;
        } else if ((m = cli_opt(argc, argv, &i, "--tick", &val)) != 0) {
            if (m < 0 || cli_int(val, 1, HTTP_MAX_TICK, &v) < 0)
                return cli_usage("serve", "--tick needs seconds from 1 to %d", HTTP_MAX_TICK);
            cfg.tick = (unsigned)v;
        } else if ((m = cli_opt(argc, argv, &i, "--tls-cert", &val)) != 0) {
            if (m < 0)
                return cli_usage("serve", "--tls-cert needs a file");
            cfg.tls_cert = val;
        } else if ((m = cli_opt(argc, argv, &i, "--tls-key", &val)) != 0) {
            if (m < 0)
                return cli_usage("serve", "--tls-key needs a file");
            cfg.tls_key = val;
        } else {
            return cli_usage("serve", "unexpected argument '%s'", argv[i]);
        }
    }
    gisac_err err = {0, ""};
    char addr[HTTP_ADDR_MAX];
    uint16_t port;
    int v6;
    if (http_listen_parse(cfg.listen, addr, &port, &v6, &err) < 0)
        return cli_usage("serve", "--listen: %s", err.msg);
    if (!cfg.tls_cert != !cfg.tls_key)
        return cli_usage("serve", "--tls-cert and --tls-key go together");

    /* the first run on an empty database: an administrator */
    auth *au;
    if (auth_open(c->db_path, &au, &err) < 0)
        return cli_fail(&err);
    char pw[AUTH_PASSWORD_MAX + 1];
    int created = 0;
    const char *env_pw = getenv("GISAC_ADMIN_PASSWORD");
    int rc = auth_bootstrap_admin(au, env_pw && *env_pw ? env_pw : NULL, gisac_now(), pw, &created,
                                  &err);
    auth_close(au);
    if (rc < 0)
        return cli_fail(&err);
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

    /* The workers inherit this mask, so the signals come to sigwait below. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    http_server *srv;
    if (http_server_start(&cfg, &srv, &err) < 0)
        return cli_fail(&err);
    fprintf(stderr, "gisac: listening on %s://%s%s%s:%u\n", cfg.tls_cert ? "https" : "http",
            v6 ? "[" : "", addr, v6 ? "]" : "", (unsigned)http_server_port(srv));
    int sig = 0;
    sigwait(&set, &sig);
    fprintf(stderr, "gisac: %s: shutting down\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    http_server_stop(srv);
    fprintf(stderr, "gisac: stopped\n");
    return EXIT_OK;
}
