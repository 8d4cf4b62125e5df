/* cmd_identity.c: gisac identity show|set (docs/taxii.md, "The installation's identity") */
#include "cli/cli.h"

#include <string.h>

typedef struct identity_opts {
    const char *name, *uuid;
} identity_opts;

/* the identity as one JSON line */
static int put_identity(const gisac_identity *id, gisac_buf *b)
{
    int rc = gisac_identity_to_json(id, b);
    return rc == 0 && gisac_buf_putc(b, '\n') < 0 ? GISAC_ENOMEM : rc;
}

static int show_render(app *a, const auth_principal *who, const void *arg, gisac_buf *b,
                       gisac_err *err)
{
    (void)arg;
    gisac_identity id;
    int rc = app_show_identity(a, who, &id, err);
    return rc < 0 ? rc : put_identity(&id, b);
}

static int set_render(app *a, const auth_principal *who, const void *arg, gisac_buf *b,
                      gisac_err *err)
{
    const identity_opts *o = arg;
    gisac_identity id;
    int rc = app_set_identity(a, who, o->name, o->uuid, &id, err);
    return rc < 0 ? rc : put_identity(&id, b);
}

static int show_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_render(c, CLI_APP_NOTFOUND, show_render, opts, NULL);
}

static int set_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    const identity_opts *o = opts;
    if (!o->name && !o->uuid)
        return cli_usage("identity set", "give --name, --uuid or both");
    return cli_render(c, APP_OPEN_CREATE, set_render, opts, NULL);
}

static const cli_opt_def set_opts[] = {
    {"--name", CLI_STR, offsetof(identity_opts, name), "NAME",
     "the name partners see (1 to 200 bytes of UTF-8)", .bad = "--name needs a name"},
    {"--uuid", CLI_STR, offsetof(identity_opts, uuid), "UUID",
     "the identity's UUID: every id derived from now on changes\n"
     "with it (docs/taxii.md)",
     .bad = "--uuid needs a UUID"},
    {0},
};

const cli_cmd cli_identity_cmds[] = {
    {.name = "show", .run = show_run},
    {.name = "set", .opts = set_opts, .run = set_run},
    {.opts_size = sizeof(identity_opts)},
};
