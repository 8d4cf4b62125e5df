/* auth.c: the handle, text checks, roles and the role model. */
#include "auth/auth_internal.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

int auth_new(store *s, const char *key_path, auth **out, gisac_err *err)
{
    int rc =
        sodium_init() < 0 ? gisac_err_set(err, GISAC_EIO, "libsodium cannot be initialised") : 0;
    auth *a = rc == 0 ? calloc(1, sizeof *a) : NULL;
    if (!a)
        return rc < 0 ? rc : gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    a->st = s;
    a->memo_ttl = AUTH_LOGIN_CACHE_SECONDS;
    randombytes_buf(a->memo_key, sizeof a->memo_key);
    a->key_path = strdup(key_path);
    a->arena = gisac_arena_new(4096);
    if (!a->key_path || !a->arena) {
        auth_close(a);
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    }
    *out = a;
    return 0;
}

void auth_close(auth *a)
{
    if (!a)
        return;
    sodium_memzero(a->key, sizeof a->key);
    sodium_memzero(a->memo_key, sizeof a->memo_key);
    sodium_memzero(a->memo, sizeof a->memo);
    free(a->key_path);
    gisac_arena_free(a->arena);
    free(a);
}

store *auth_store(auth *a)
{
    return a->st;
}

/* ---- text -------------------------------------------------------------- */

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

int auth_text_clean(const char *what, const char *text, size_t max, int allow_empty, char *out,
                    size_t cap, gisac_err *err)
{
    const char *b = text ? text : "";
    while (is_space(*b))
        b++;
    size_t n = strlen(b);
    while (n > 0 && is_space(b[n - 1]))
        n--;
    if (n == 0 && !allow_empty)
        return gisac_err_set(err, GISAC_EINVAL, "%s is empty", what);
    if (n > max || n >= cap)
        return gisac_err_set(err, GISAC_EINVAL, "%s is longer than %zu bytes", what, max);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)b[i] < 0x20 || b[i] == 0x7f)
            return gisac_err_set(err, GISAC_EINVAL, "%s holds a control character", what);
    if (!gisac_utf8_valid(b, n, NULL))
        return gisac_err_set(err, GISAC_EINVAL, "%s is not valid UTF-8", what);
    memcpy(out, b, n);
    out[n] = '\0';
    return 0;
}

void auth_copy(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src ? src : "");
}

void auth_account_from(auth_account *out, const store_account *row)
{
    memset(out, 0, sizeof *out);
    out->id = row->id;
    auth_copy(out->name, sizeof out->name, row->name);
    out->role = auth_role_parse(row->role ? row->role : "");
    auth_copy(out->agency, sizeof out->agency, row->agency);
    out->disabled = row->disabled;
    out->failed_logins = row->failed_logins;
    out->locked_until = row->locked_until;
    out->created = row->created;
    out->modified = row->modified;
    auth_copy(out->language, sizeof out->language, row->language);
}

int auth_language_check(const char *lang, gisac_err *err)
{
    if (lang && (strcmp(lang, "zh-TW") == 0 || strcmp(lang, "en") == 0))
        return 0;
    return gisac_err_at(err, GISAC_EINVAL, "$.language", "unknown language '%.40s': use %s",
                        lang ? lang : "", AUTH_LANGS);
}

const char *auth_account_lang_name(const auth_account *acc)
{
    return acc->language[0] ? acc->language : AUTH_LANG_DEFAULT;
}

/* ---- audit detail ------------------------------------------------------ */

int auth_audit(auth *a, int64_t now, const char *action, const char *object, gisac_jobj *j,
               gisac_err *err)
{
    const char *detail = j ? gisac_jobj_end(j) : NULL;
    int rc = j && !detail ? gisac_err_set(err, GISAC_ENOMEM, "out of memory")
                          : store_audit_append(a->st, now, action, object, detail, err);
    if (j)
        gisac_buf_free(&j->b);
    return rc;
}

int auth_audit_commit(auth *a, int rc, int64_t now, const char *action, const char *object,
                      gisac_jobj *j, gisac_err *err)
{
    if (rc == 0)
        rc = auth_audit(a, now, action, object, j, err);
    else if (j)
        gisac_buf_free(&j->b);
    if (rc == 0)
        return store_commit(a->st, err);
    store_rollback(a->st);
    return rc;
}

/* ---- roles ------------------------------------------------------------- */

static const char *const role_names[] = {
    [AUTH_ROLE_NONE] = "",         [AUTH_ROLE_ADMIN] = "admin",   [AUTH_ROLE_ANALYST] = "analyst",
    [AUTH_ROLE_AGENCY] = "agency", [AUTH_ROLE_SENSOR] = "sensor", [AUTH_ROLE_CONSUMER] = "consumer",
};

const char *auth_role_name(auth_role r)
{
    return gisac_name_of(role_names, GISAC_NAMES_N(role_names), (int)r, "");
}

auth_role auth_role_parse(const char *s)
{
    int r = gisac_name_find(role_names, GISAC_NAMES_N(role_names), AUTH_ROLE_ADMIN, s, 0);
    return r < 0 ? AUTH_ROLE_NONE : (auth_role)r;
}

/* In the order of auth_fail. */
static const char *const fail_names[AUTH_FAIL_THROTTLED + 1] = {
    "none",    "unknown", "bad secret",    "locked",   "disabled",
    "revoked", "expired", "no server key", "throttled"};

const char *auth_fail_name(auth_fail f)
{
    return gisac_name_of(fail_names, GISAC_NAMES_N(fail_names), (int)f, "?");
}

/* ---- the role model ---------------------------------------------------- */

auth_principal auth_principal_of(const auth_account *acc)
{
    auth_principal p = {acc->id, acc->name, acc->role, acc->agency[0] ? acc->agency : NULL};
    return p;
}

/* In the order of auth_action, from 1. */
static const char *const action_names[AUTH_ADMIN + 1] = {NULL,
                                                         "read intel",
                                                         "write intel",
                                                         "read agency data",
                                                         "write agency data",
                                                         "submit sensor data",
                                                         "admin"};

const char *auth_action_name(auth_action act)
{
    return gisac_name_of(action_names, GISAC_NAMES_N(action_names), (int)act, "?");
}

int auth_can(const auth_principal *p, auth_action act, const char *target)
{
    if (!p || act < AUTH_READ_INTEL || act > AUTH_ADMIN)
        return 0;
    int own = p->agency && *p->agency && target && *target && strcmp(p->agency, target) == 0;
    switch (p->role) {
    case AUTH_ROLE_ADMIN:
        return 1;
    case AUTH_ROLE_ANALYST:
        return act == AUTH_READ_INTEL || act == AUTH_WRITE_INTEL || act == AUTH_READ_AGENCY ||
               act == AUTH_WRITE_AGENCY;
    case AUTH_ROLE_AGENCY:
        return act == AUTH_READ_INTEL ||
               ((act == AUTH_READ_AGENCY || act == AUTH_WRITE_AGENCY) && own);
    case AUTH_ROLE_SENSOR:
        return act == AUTH_SUBMIT_SENSOR && own;
    case AUTH_ROLE_CONSUMER:
        return act == AUTH_READ_INTEL;
    case AUTH_ROLE_NONE:
        return 0;
    }
    return 0;
}
