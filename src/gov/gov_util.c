/*
 * gov_util.c: the steps the governance services (gov, scap) share: the
 * caller's scope of a list or a row, the audit entry, the end of a
 * transaction, text and name checks, and rows as JSON members (gov.h).
 */
#include "gov/gov.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int gov_list_scope(store *s, const auth_principal *who, const char *agency, const char **under,
                   gisac_err *err)
{
    int rc = gov_read_scope(who, under, err);
    if (rc == 0 && agency)
        rc = gov_agency_access(s, who, agency, 0, NULL, NULL, err);
    return rc;
}

int gov_may_read(const auth_principal *who, gisac_err *err)
{
    const char *under;
    return gov_read_scope(who, &under, err);
}

int gov_seen(store *s, const auth_principal *who, int rc, const char *const *agency,
             const char *what, int64_t id, gisac_err *err)
{
    if (rc == 0)
        rc = gov_agency_access(s, who, *agency, 0, NULL, NULL, err);
    if (rc == GISAC_ENOTFOUND)
        return gisac_err_set(err, rc, "%s %lld not found", what, (long long)id);
    return rc;
}

int gov_audit(store *s, int64_t now, const char *action, const char *obj, gisac_buf *j,
              gisac_err *err)
{
    int rc = j->data ? store_audit_append(s, now, action, obj, j->data, err)
                     : gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    gisac_buf_free(j);
    return rc;
}

int gov_audit_row(store *s, int64_t now, const char *action, const char *kind, int64_t id,
                  gisac_buf *j, gisac_err *err)
{
    char obj[64];
    snprintf(obj, sizeof obj, "%s/%lld", kind, (long long)id);
    return gov_audit(s, now, action, obj, j, err);
}

int gov_tx_end(store *s, int rc, gisac_err *err)
{
    if (rc == 0)
        return store_commit(s, err);
    store_rollback(s);
    return rc;
}

int gov_text_check(const char *s, size_t max, const char *field, int required, int no_ctrl,
                   gisac_err *err)
{
    if (!s || !s[0])
        return required ? gisac_err_at(err, GISAC_EINVAL, field, "required") : 0;
    size_t n = strlen(s);
    if (n > max)
        return gisac_err_at(err, GISAC_EINVAL, field, "at most %zu bytes", max);
    if (!gisac_utf8_valid(s, n, NULL))
        return gisac_err_at(err, GISAC_EINVAL, field, "not valid UTF-8");
    for (size_t i = 0; no_ctrl && i < n; i++)
        if ((unsigned char)s[i] < 0x20)
            return gisac_err_at(err, GISAC_EINVAL, field, "control characters are not allowed");
    return 0;
}

int gov_name_index(const char *s, const char *const *names, size_t n)
{
    for (size_t i = 0; s && i < n; i++)
        if (strcmp(s, names[i]) == 0)
            return (int)i;
    return -1;
}

/* An int64_t member of kind k (TIME, INT, MILLI). */
static int json_number(gisac_buf *b, gov_json_kind k, int64_t v)
{
    if (k == GOV_JSON_INT)
        return gisac_buf_printf(b, "%lld", (long long)v);
    if (k == GOV_JSON_MILLI && v != -1) {
        long long m = (long long)llabs(v);
        return gisac_buf_printf(b, "%s%lld.%03lld", v < 0 ? "-" : "", m / 1000, m % 1000);
    }
    if (k == GOV_JSON_TIME && v) {
        char ts[GISAC_TIME_LEN];
        gisac_time_format(v, ts);
        return gisac_buf_printf(b, "\"%s\"", ts);
    }
    return gisac_buf_puts(b, "null");
}

/* The members, the first after "{" when open, the others after ",". */
static int write_members(gisac_buf *b, const void *row, const gov_json_member *m, size_t n,
                         int open)
{
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        const char *at = (const char *)row + m[i].off;
        rc |= gisac_buf_printf(b, "%s\"%s\":", open && i == 0 ? "{" : ",", m[i].key);
        if (m[i].kind >= GOV_JSON_INT || m[i].kind == GOV_JSON_TIME) {
            int64_t t;
            memcpy(&t, at, sizeof t);
            rc |= json_number(b, m[i].kind, t);
            continue;
        }
        const char *v;
        memcpy(&v, at, sizeof v);
        rc |= !v                          ? gisac_buf_puts(b, "null")
              : m[i].kind == GOV_JSON_STR ? gisac_buf_json_str(b, v)
                                          : gisac_buf_puts(b, v);
    }
    return rc ? GISAC_ENOMEM : 0;
}

int gov_json_members(gisac_buf *b, const void *row, const gov_json_member *m, size_t n)
{
    return write_members(b, row, m, n, 0);
}

int gov_json_object(gisac_buf *b, const void *row, const gov_json_member *m, size_t n)
{
    int rc = n ? write_members(b, row, m, n, 1) : gisac_buf_putc(b, '{');
    return rc == 0 && gisac_buf_putc(b, '}') == 0 ? 0 : GISAC_ENOMEM;
}
