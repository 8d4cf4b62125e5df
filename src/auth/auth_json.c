/* auth_json.c: agencies, accounts and tokens as JSON, and the account's status. */
#include "auth/auth_internal.h"
#include <string.h>

int auth_account_locked(const auth_account *acc, int64_t now)
{
    return acc->locked_until > now;
}

const char *auth_account_status(const auth_account *acc, int64_t now)
{
    if (acc->disabled)
        return "disabled";
    if (auth_account_locked(acc, now))
        return "locked";
    return "active";
}

/* ,"key":"value" (or null for NULL or "") */
static int put_str(gisac_buf *b, const char *key, const char *v)
{
    int rc = gisac_buf_printf(b, ",\"%s\":", key);
    return rc | (v && *v ? gisac_buf_json_str(b, v) : gisac_buf_puts(b, "null"));
}

/* ,"key":"2026-11-24T00:00:00Z" (or null for 0) */
static int put_time(gisac_buf *b, const char *key, int64_t t)
{
    if (!t)
        return gisac_buf_printf(b, ",\"%s\":null", key);
    char ts[GISAC_TIME_LEN];
    gisac_time_format(t, ts);
    return gisac_buf_printf(b, ",\"%s\":\"%s\"", key, ts);
}

static int done(int rc)
{
    return rc ? GISAC_ENOMEM : 0;
}

/* {"key":"value": an object and its first member */
static int put_first(gisac_buf *b, const char *key, const char *v)
{
    return gisac_buf_printf(b, "{\"%s\":", key) | gisac_buf_json_str(b, v);
}

/* "created", "modified" and the end of the object; rc: the appends so far. */
static int end_dated(gisac_buf *b, int rc, int64_t created, int64_t modified)
{
    rc |= put_time(b, "created", created);
    rc |= put_time(b, "modified", modified);
    rc |= gisac_buf_putc(b, '}');
    return done(rc);
}

int auth_agency_to_json(const auth_agency *ag, gisac_buf *out)
{
    int rc = put_first(out, "id", ag->id);
    rc |= put_str(out, "name", ag->name);
    rc |= put_str(out, "sector", ag->sector);
    rc |= gisac_buf_printf(out, ",\"grade\":\"%c\"", ag->grade);
    rc |= put_str(out, "parent", ag->parent);
    rc |= gisac_buf_puts(out, ",\"networks\":[");
    for (const char *p = ag->networks; *p;) {
        const char *c = strchr(p, ',');
        size_t n = c ? (size_t)(c - p) : strlen(p);
        if (p != ag->networks)
            rc |= gisac_buf_putc(out, ',');
        rc |= gisac_buf_putc(out, '"');
        rc |= gisac_buf_append(out, p, n);
        rc |= gisac_buf_putc(out, '"');
        p = c ? c + 1 : p + n;
    }
    rc |= gisac_buf_putc(out, ']');
    return end_dated(out, rc, ag->created, ag->modified);
}

int auth_account_to_json(const auth_account *acc, int64_t now, gisac_buf *out)
{
    /* no "id": the row id counts every agency's accounts (the name is the key) */
    int rc = put_first(out, "name", acc->name);
    rc |= put_str(out, "role", auth_role_name(acc->role));
    rc |= put_str(out, "agency", acc->agency);
    rc |= put_str(out, "status", auth_account_status(acc, now));
    rc |= put_str(out, "language", auth_account_lang_name(acc));
    rc |= gisac_buf_printf(out, ",\"failed_logins\":%lld", (long long)acc->failed_logins);
    rc |= put_time(out, "locked_until", auth_account_locked(acc, now) ? acc->locked_until : 0);
    return end_dated(out, rc, acc->created, acc->modified);
}

int auth_token_to_json(const auth_token *t, int64_t now, gisac_buf *out)
{
    int rc = put_first(out, "id", t->id);
    rc |= put_str(out, "user", t->user);
    rc |= put_str(out, "name", t->name);
    rc |= put_str(out, "status", auth_token_status(t, now));
    rc |= put_time(out, "created", t->created);
    rc |= put_time(out, "expires", t->expires);
    rc |= put_time(out, "last_used", t->last_used);
    rc |= gisac_buf_putc(out, '}');
    return done(rc);
}
