/* cmd_serve.c: gisac serve: the HTTP server (docs/serve.md). */
#include "cli/cli.h"
#include "http/http.h"

#include <pthread.h>
#include <signal.h>
#include <string.h>

static const char serve_usage[] =
    "usage: gisac serve [--listen ADDR:PORT] [--threads N] [--timeout SECONDS]\n"
    "                   [--max-connections N]\n"
    "\n"
    "Serve TAXII 2.1 (/taxii2/), blocklist feeds (/feeds/FORMAT), /healthz and\n"
    "/metrics over HTTP until SIGINT or SIGTERM. One JSON access-log line per\n"
    "request goes to stderr.\n"
    "\n"
    "options:\n"
    "  --listen ADDR:PORT     address and port (default " HTTP_DEFAULT_LISTEN "; [ADDR6]:PORT\n"
    "                         for IPv6; port 0 picks a free port)\n"
    "  --threads N            worker threads, each with its own database\n"
    "                         connection (1-64, default 4)\n"
    "  --timeout SECONDS      drop a connection idle or stalled this long\n"
    "                         (1-3600, default 30)\n"
    "  --max-connections N    connections at once (1-10000, default 256)\n";

static void log_line(void *ctx, const char *line)
{
    (void)ctx;
    fprintf(stderr, "%s\n", line);
}

int cmd_serve(cli_ctx *c, int argc, char **argv)
{
    http_config cfg = {c->db_path,
                       HTTP_DEFAULT_LISTEN,
                       HTTP_DEFAULT_THREADS,
                       HTTP_DEFAULT_TIMEOUT,
                       HTTP_DEFAULT_MAX_CONN,
                       log_line,
                       NULL};
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
    fprintf(stderr, "gisac: listening on http://%s%s%s:%u\n", v6 ? "[" : "", addr, v6 ? "]" : "",
            (unsigned)http_server_port(srv));
    int sig = 0;
    sigwait(&set, &sig);
    fprintf(stderr, "gisac: %s: shutting down\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    http_server_stop(srv);
    fprintf(stderr, "gisac: stopped\n");
    return EXIT_OK;
}
