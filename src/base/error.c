/* error.c: error codes and the error struct. */
#include "base/base.h"

#include <stdio.h>
#include <string.h>

/* code and the message of fmt into e (cut at a character), its field set to field. */
static void err_vset(gisac_err *e, int code, const char *field, const char *fmt, va_list ap)
{
    e->code = code;
    if (vsnprintf(e->msg, sizeof e->msg, fmt, ap) >= (int)sizeof e->msg)
        gisac_utf8_trim(e->msg); /* cut: never inside a character */
    snprintf(e->field, sizeof e->field, "%s", field);
}

int gisac_err_set(gisac_err *e, int code, const char *fmt, ...)
{
    if (e) {
        va_list ap;
        va_start(ap, fmt);
        err_vset(e, code, "", fmt, ap);
        va_end(ap);
    }
    return code;
}

int gisac_err_at(gisac_err *e, int code, const char *field, const char *fmt, ...)
{
    if (e) {
        va_list ap;
        va_start(ap, fmt);
        err_vset(e, code, field ? field : "", fmt, ap);
        va_end(ap);
    }
    return code;
}

void gisac_err_clear(gisac_err *e)
{
    if (e) {
        e->code = 0;
        e->msg[0] = '\0';
        e->field[0] = '\0';
    }
}

/* Each code's name (as in JSON) and message, by -code. */
static const struct {
    const char *name, *text;
} codes[] = {
    [-GISAC_OK] = {"ok", "success"},
    [-GISAC_EINVAL] = {"invalid", "invalid input"},
    [-GISAC_ENOMEM] = {"no_memory", "out of memory"},
    [-GISAC_EIO] = {"io", "input/output error"},
    [-GISAC_ENOTFOUND] = {"not_found", "not found"},
    [-GISAC_EEXIST] = {"exists", "already exists"},
    [-GISAC_ESTORE] = {"store", "database error"},
    [-GISAC_EUNSUPPORTED] = {"unsupported", "unsupported"},
    [-GISAC_EFORBIDDEN] = {"forbidden", "forbidden"},
    [-GISAC_EABORT] = {"aborted", "aborted"},
    [-GISAC_ECONFLICT] = {"conflict", "conflict"},
    [-GISAC_EBUSY] = {"busy", "try again later"},
};

static int known(int code)
{
    return code <= 0 && -code < (int)(sizeof codes / sizeof codes[0]);
}

const char *gisac_errname(int code)
{
    return known(code) ? codes[-code].name : "unknown";
}

const char *gisac_strerror(int code)
{
    return known(code) ? codes[-code].text : "unknown error";
}
