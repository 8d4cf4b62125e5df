/*
 * store_session.c: the web_session table and the account's language (see
 * store_session.h). Values are always bound, never pasted into SQL.
 */
#include "store/store_internal.h"

#include <stdio.h>
#include <string.h>

#define SESSION_COLS "id, hash, account_id, created, last_seen, idle, expires"

STORE_COPY(session_copy, store_session, o, "ItIIIII", &o->id, &o->hash, &o->account_id, &o->created,
           &o->last_seen, &o->idle, &o->expires)

int store_session_insert(store *s, store_session *x, gisac_err *err)
{
    int rc = store_write(s, STC_NONE,
                         "INSERT INTO web_session (hash, account_id, created, last_seen, idle,"
                         " expires) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                         err, "session", "tIIIII", x->hash, x->account_id, x->created, x->last_seen,
                         x->idle, x->expires);
    if (rc == 0)
        x->id = store_last_id(s);
    return rc;
}

int store_session_get(store *s, const char *hash, store_session *out, gisac_arena *arena,
                      gisac_err *err)
{
    return store_get_by(s, "SELECT " SESSION_COLS " FROM web_session WHERE hash = ?1", session_copy,
                        out, arena, err, "session", hash, 0);
}

/* After a write of session id: GISAC_ENOTFOUND when it touched none. */
static int session_written(store *s, int rc, int64_t id, gisac_err *err)
{
    if (rc == 0 && store_changes(s) == 0)
        return gisac_err_set(err, GISAC_ENOTFOUND, "session #%lld: not found", (long long)id);
    return rc;
}

int store_session_touch(store *s, int64_t id, int64_t now, gisac_err *err)
{
    int rc = store_write(s, STC_NONE, "UPDATE web_session SET last_seen = ?2 WHERE id = ?1", err,
                         "session", "II", id, now);
    return session_written(s, rc, id, err);
}

int store_session_delete(store *s, int64_t id, gisac_err *err)
{
    int rc =
        store_write(s, STC_NONE, "DELETE FROM web_session WHERE id = ?1", err, "session", "I", id);
    return session_written(s, rc, id, err);
}

int store_session_purge(store *s, int64_t now, int64_t *n, gisac_err *err)
{
    int rc = store_write(s, STC_NONE,
                         "DELETE FROM web_session WHERE expires <= ?1 OR last_seen + idle <= ?1",
                         err, "session", "I", now);
    if (n)
        *n = rc == 0 ? store_changes(s) : 0;
    return rc;
}

int store_session_delete_account(store *s, int64_t account_id, int64_t *n, gisac_err *err)
{
    int rc = store_write(s, STC_NONE, "DELETE FROM web_session WHERE account_id = ?1", err,
                         "session", "I", account_id);
    if (n)
        *n = rc == 0 ? store_changes(s) : 0;
    return rc;
}

int store_account_language_set(store *s, int64_t account_id, const char *language, gisac_err *err)
{
    /* the account's own column (user update --lang sets it too) */
    return store_write(s, STC_NONE, "UPDATE account SET language = ?2 WHERE id = ?1", err,
                       "account language", "It", account_id, language);
}

int store_account_language_get(store *s, int64_t account_id, char *out, size_t cap, gisac_err *err)
{
    store_text_out r = {out, cap};
    return store_get(s, STC_NONE,
                     "SELECT language FROM account WHERE id = ?1 AND language IS NOT NULL",
                     store_text_copy, &r, NULL, err, "account language", "I", account_id);
}
