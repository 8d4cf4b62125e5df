/* error.c: error codes and the error struct. */
#include "base/base.h"

#include <stdio.h>
#include <string.h>

int gisac_err_set(gisac_err *e, int code, const char *fmt, ...)
{
    if (e) {
        va_list ap;
        va_start(ap, fmt);
        e->code = code;
        vsnprintf(e->msg, sizeof e->msg, fmt, ap);
        e->field[0] = '\0';
        va_end(ap);
    }
    return code;
}

int gisac_err_at(gisac_err *e, int code, const char *field, const char *fmt, ...)
{
    if (e) {
        va_list ap;
        va_start(ap, fmt);
        e->code = code;
        vsnprintf(e->msg, sizeof e->msg, fmt, ap);
        snprintf(e->field, sizeof e->field, "%s", field ? field : "");
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

const char *gisac_errname(int code)
{
    switch (code) {
    case GISAC_OK:
        return "ok";
    case GISAC_EINVAL:
        return "invalid";
    case GISAC_ENOMEM:
        return "no_memory";
    case GISAC_EIO:
        return "io";
    case GISAC_ENOTFOUND:
        return "not_found";
    case GISAC_EEXIST:
        return "exists";
    case GISAC_ESTORE:
        return "store";
    case GISAC_EUNSUPPORTED:
        return "unsupported";
    case GISAC_EFORBIDDEN:
        return "forbidden";
    case GISAC_EABORT:
        return "aborted";
    case GISAC_ECONFLICT:
        return "conflict";
    }
    return "unknown";
}

const char *gisac_strerror(int code)
{
    switch (code) {
    case GISAC_OK:
        return "success";
    case GISAC_EINVAL:
        return "invalid input";
    case GISAC_ENOMEM:
        return "out of memory";
    case GISAC_EIO:
        return "input/output error";
    case GISAC_ENOTFOUND:
        return "not found";
    case GISAC_EEXIST:
        return "already exists";
    case GISAC_ESTORE:
        return "database error";
    case GISAC_EUNSUPPORTED:
        return "unsupported";
    case GISAC_EFORBIDDEN:
        return "forbidden";
    case GISAC_EABORT:
        return "aborted";
    case GISAC_ECONFLICT:
        return "conflict";
    }
    return "unknown error";
}
