/* cmd_status.c: gisac status (docs/status.md): the alert light and its reasons */
#include "cli/cli.h"

typedef struct status_opts {
    const char *sector;
    int json;
    const char *nats;
} status_opts;

static const cli_opt_def status_defs[] = {
    {"--sector", CLI_STR, offsetof(status_opts, sector), "S",
     "the light of one sector only (the agencies' sector)", .bad = "--sector needs a sector name"},
    {"--json", CLI_FLAG, offsetof(status_opts, json), NULL,
     "print it as JSON (the shape of GET /api/v1/status)", .flags = 0},
    {"--nats", CLI_STR, offsetof(status_opts, nats), "URL",
     "with --json: the NATS ingest too (workers, lag per\nagency, set-aside chunks)",
     .bad = "--nats needs a URL"},
    {0},
};

static int status_render(app *a, const auth_principal *who, const void *arg, gisac_buf *b,
                         gisac_err *err)
{
    const status_opts *o = arg;
    if (o->nats) {
        int rc = app_nats_use(a, o->nats, NULL, err);
        if (rc < 0)
            return rc;
    }
    if (o->json)
        return app_status_json(a, who, o->sector, gisac_now(), 1, b, err);
    return app_status_text(a, who, o->sector, gisac_now(), b, err);
}

static int status_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    const status_opts *o = opts;
    if (o->nats && !o->json)
        return cli_usage("status", "--nats goes with --json");
    return cli_render(c, CLI_APP_NOTFOUND, status_render, opts, NULL);
}

const cli_cmd cli_status_cmd = {
    .name = "status",
    .opts = status_defs,
    .opts_size = sizeof(status_opts),
    .run = status_run,
};
