/*
 * gov_system.c: information systems, their four ratings and their level
 * (gov.h): the highest rating decides the protection baseline
 * (資通安全責任等級分級辦法 附表九, 資通系統防護基準).
 */
#include "gov/gov.h"

#include <stdio.h>
#include <string.h>

#define SYSTEM_NAME_MAX  200
#define SYSTEM_OWNER_MAX 200

static const char *const ratings[] = {"", "normal", "medium", "high"};

int gov_rating_parse(const char *s, const char *field, int *out, gisac_err *err)
{
    int i = gov_name_index(s, ratings + 1, 3);
    if (i >= 0) {
        *out = i + 1;
        return 0;
    }
    return gisac_err_at(err, GISAC_EINVAL, field, "rating '%s': use normal, medium or high",
                        s ? s : "");
}

const char *gov_rating_name(int r)
{
    return r >= 1 && r <= 3 ? ratings[r] : "";
}

int gov_system_level(const store_system *r)
{
    int l = r->c;
    if (r->i > l)
        l = r->i;
    if (r->a > l)
        l = r->a;
    if (r->legal > l)
        l = r->legal;
    return l;
}

const char *gov_system_level_name(const store_system *r)
{
    return gov_rating_name(gov_system_level(r));
}

/* Apply the given members of in to r. */
static int apply(const gov_system_input *in, store_system *r, gisac_err *err)
{
    int rc;
    if (in->name && (rc = gov_text_check(in->name, SYSTEM_NAME_MAX, "$.name", 1, 1, err)) < 0)
        return rc;
    if (in->owner && (rc = gov_text_check(in->owner, SYSTEM_OWNER_MAX, "$.owner", 0, 1, err)) < 0)
        return rc;
    if (in->confidentiality &&
        (rc = gov_rating_parse(in->confidentiality, "$.confidentiality", &r->c, err)) < 0)
        return rc;
    if (in->integrity && (rc = gov_rating_parse(in->integrity, "$.integrity", &r->i, err)) < 0)
        return rc;
    if (in->availability &&
        (rc = gov_rating_parse(in->availability, "$.availability", &r->a, err)) < 0)
        return rc;
    if (in->legal && (rc = gov_rating_parse(in->legal, "$.legal", &r->legal, err)) < 0)
        return rc;
    if (in->name)
        r->name = in->name;
    if (in->owner)
        r->owner = in->owner[0] ? in->owner : NULL;
    return 0;
}

static int audit_system(store *s, const char *action, const store_system *r, int64_t now,
                        gisac_err *err)
{
    gisac_buf j = GISAC_BUF_INIT;
    gisac_buf_puts(&j, "{\"agency\":");
    gisac_buf_json_str(&j, r->agency);
    gisac_buf_puts(&j, ",\"name\":");
    gisac_buf_json_str(&j, r->name);
    gisac_buf_printf(&j,
                     ",\"confidentiality\":\"%s\",\"integrity\":\"%s\",\"availability\":\"%s\","
                     "\"legal\":\"%s\"}",
                     gov_rating_name(r->c), gov_rating_name(r->i), gov_rating_name(r->a),
                     gov_rating_name(r->legal));
    return gov_audit_row(s, now, action, "system", r->id, &j, err);
}

/*
 * The end of a system's add or update (the row written, rc): a name taken
 * is a conflict; the audit entry, the transaction's end, and the row into
 * out with its strings in arena.
 */
static int system_end(store *s, const char *action, int rc, store_system *r, int64_t now,
                      store_system *out, gisac_arena *arena, gisac_err *err)
{
    if (rc == GISAC_EEXIST)
        rc = gisac_err_at(err, GISAC_ECONFLICT, "$.name", "%s has a system named %s already",
                          r->agency, r->name);
    if (rc == 0)
        rc = audit_system(s, action, r, now, err);
    if ((rc = gov_tx_end(s, rc, err)) < 0)
        return rc;
    *out = *r;
    return gov_dup(arena, &out->agency, &out->name, &out->owner, NULL) < 0
               ? gisac_err_set(err, GISAC_ENOMEM, "out of memory")
               : 0;
}

int gov_system_add(store *s, const auth_principal *who, const gov_system_input *in, int64_t now,
                   store_system *out, gisac_arena *arena, gisac_err *err)
{
    int rc = gov_agency_access(s, who, in->agency, 1, NULL, NULL, err);
    if (rc < 0)
        return rc;
    store_system r = {0, in->agency, NULL, NULL, 0, 0, 0, 0, now, now};
    if (!in->name)
        return gisac_err_at(err, GISAC_EINVAL, "$.name", "required");
    static const char *const f[] = {"$.confidentiality", "$.integrity", "$.availability",
                                    "$.legal"};
    const char *v[] = {in->confidentiality, in->integrity, in->availability, in->legal};
    for (int i = 0; i < 4; i++)
        if (!v[i])
            return gisac_err_at(err, GISAC_EINVAL, f[i], "required (normal, medium or high)");
    if ((rc = apply(in, &r, err)) < 0)
        return rc;
    if ((rc = store_begin(s, err)) < 0)
        return rc;
    rc = store_system_add(s, &r, &r.id, err);
    return system_end(s, "system.add", rc, &r, now, out, arena, err);
}

int gov_system_get(store *s, const auth_principal *who, int64_t id, store_system *out,
                   gisac_arena *arena, gisac_err *err)
{
    int rc = gov_may_read(who, err);
    rc = rc ? rc : store_system_get(s, id, out, arena, err);
    return gov_seen(s, who, rc, &out->agency, "system", id, err);
}

int gov_system_update(store *s, const auth_principal *who, int64_t id, const gov_system_input *in,
                      int64_t now, store_system *out, gisac_arena *arena, gisac_err *err)
{
    if (!in->name && !in->owner && !in->confidentiality && !in->integrity && !in->availability &&
        !in->legal)
        return gisac_err_set(err, GISAC_EINVAL, "nothing to change");
    store_system r;
    int rc = gov_system_get(s, who, id, &r, arena, err);
    if (rc == 0)
        rc = gov_agency_access(s, who, r.agency, 1, NULL, NULL, err);
    if (rc == 0)
        rc = apply(in, &r, err);
    if (rc < 0)
        return rc;
    r.modified = now;
    if ((rc = store_begin(s, err)) < 0)
        return rc;
    rc = store_system_update(s, &r, err);
    return system_end(s, "system.update", rc, &r, now, out, arena, err);
}

int gov_system_list(store *s, const auth_principal *who, const char *agency, store_system_cb cb,
                    void *ctx, gisac_err *err)
{
    const char *under;
    int rc = gov_list_scope(s, who, agency, &under, err);
    return rc < 0 ? rc : store_system_list(s, agency, agency ? NULL : under, cb, ctx, err);
}

int gov_system_to_json(const store_system *r, gisac_buf *out)
{
    static const char *const baseline[] = {"", "普級防護基準 (normal baseline)",
                                           "中級防護基準 (medium baseline)",
                                           "高級防護基準 (high baseline)"};
    int level = gov_system_level(r);
    char c[GISAC_TIME_LEN], m[GISAC_TIME_LEN];
    gisac_time_format(r->created, c);
    gisac_time_format(r->modified, m);
    int rc = gisac_buf_printf(out, "{\"id\":%lld,\"agency\":", (long long)r->id);
    rc |= gisac_buf_json_str(out, r->agency);
    rc |= gisac_buf_puts(out, ",\"name\":");
    rc |= gisac_buf_json_str(out, r->name);
    rc |= gisac_buf_puts(out, ",\"owner\":");
    rc |= r->owner ? gisac_buf_json_str(out, r->owner) : gisac_buf_puts(out, "null");
    rc |= gisac_buf_printf(out,
                           ",\"confidentiality\":\"%s\",\"integrity\":\"%s\",\"availability\":"
                           "\"%s\",\"legal\":\"%s\",\"level\":\"%s\",\"baseline\":",
                           gov_rating_name(r->c), gov_rating_name(r->i), gov_rating_name(r->a),
                           gov_rating_name(r->legal), gov_rating_name(level));
    rc |= gisac_buf_json_str(out, level >= 1 && level <= 3 ? baseline[level] : "");
    rc |= gisac_buf_printf(out, ",\"created\":\"%s\",\"modified\":\"%s\"}", c, m);
    return rc ? GISAC_ENOMEM : 0;
}
