/*
 * incident_policy.c: versioned policies in the store. The built-in
 * defaults (policy_default) are version 1; it is stored the first time an
 * incident is graded or another policy is installed, so that every stored
 * version keeps its exact text even when a later gisac changes defaults.
 */
#include "incident/incident_internal.h"

#include <string.h>

static void info_from(incident_policy_info *info, const store_policy *row)
{
    if (!info)
        return;
    memset(info, 0, sizeof *info);
    info->version = row->version;
    info->stored = 1;
    snprintf(info->source, sizeof info->source, "%s", row->source ? row->source : "");
    snprintf(info->actor, sizeof info->actor, "%s", row->actor ? row->actor : "");
    snprintf(info->sha256, sizeof info->sha256, "%s", row->sha256 ? row->sha256 : "");
    info->created = row->created;
}

static void sha_hex(const gisac_buf *b, char out[65])
{
    uint8_t h[32];
    gisac_sha256(b->data ? b->data : "", b->len, h);
    gisac_hex(h, 32, out);
}

static void builtin_info(incident_policy_info *info)
{
    if (!info)
        return;
    memset(info, 0, sizeof *info);
    info->version = 1;
    snprintf(info->source, sizeof info->source, "builtin");
    policy p;
    policy_default(&p);
    gisac_buf b = GISAC_BUF_INIT;
    if (policy_to_json(&p, 0, &b) == 0)
        sha_hex(&b, info->sha256);
    gisac_buf_free(&b);
}

void incident_policy_builtin(policy *out, incident_policy_info *info)
{
    policy_default(out);
    builtin_info(info);
}

int incident_policy_for(incident_svc *svc, int version, const policy **out, gisac_err *err)
{
    for (int i = 0; i < svc->ncache; i++)
        if (svc->cache[i].version == version) {
            *out = &svc->cache[i].p;
            return 0;
        }
    store_policy row;
    int rc = store_policy_get(svc->st, version, &row, svc->arena, err);
    if (rc < 0)
        return rc;
    policy p;
    gisac_err perr;
    if (policy_parse(row.body, strlen(row.body), "stored policy", &p, &perr) < 0)
        return gisac_err_set(err, GISAC_ESTORE, "policy version %d in the database is damaged: %s",
                             version, perr.msg);
    int slot;
    if (svc->ncache < POLICY_CACHE) {
        slot = svc->ncache++;
    } else {
        slot = svc->next_slot;
        svc->next_slot = (svc->next_slot + 1) % POLICY_CACHE;
        policy_free(&svc->cache[slot].p);
    }
    svc->cache[slot].version = version;
    svc->cache[slot].p = p;
    *out = &svc->cache[slot].p;
    return 0;
}

/* Store p as the next version, audited. */
static int insert_policy(incident_svc *svc, const policy *p, const char *source, int64_t now,
                         store_policy *row, gisac_err *err)
{
    gisac_buf body = GISAC_BUF_INIT;
    if (policy_to_json(p, 0, &body) < 0) {
        gisac_buf_free(&body);
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    }
    char hex[65];
    sha_hex(&body, hex);
    memset(row, 0, sizeof *row);
    row->body = body.data;
    row->sha256 = hex;
    row->source = source;
    row->created = now;
    int rc = store_policy_insert(svc->st, row, err);
    if (rc == 0) {
        char object[32];
        snprintf(object, sizeof object, "policy/%d", row->version);
        gisac_buf d = GISAC_BUF_INIT;
        gisac_buf_printf(&d, "{\"version\":%d,\"sha256\":\"%s\",\"source\":", row->version, hex);
        gisac_buf_json_str(&d, source ? source : "");
        gisac_buf_puts(&d, "}");
        rc = incident_audit(svc, now, "policy.set", object, &d, err);
        gisac_buf_free(&d);
    }
    gisac_buf_free(&body);
    row->body = NULL;
    row->sha256 = NULL;
    return rc;
}

int incident_policy_ensure(incident_svc *svc, int64_t now, int *version, const policy **out,
                           gisac_err *err)
{
    store_policy row;
    int rc = store_policy_get(svc->st, 0, &row, svc->arena, err);
    if (rc == GISAC_ENOTFOUND) {
        policy p;
        policy_default(&p);
        rc = insert_policy(svc, &p, "builtin", now, &row, err);
    }
    if (rc < 0)
        return rc;
    *version = row.version;
    return incident_policy_for(svc, row.version, out, err);
}

int incident_policy_get(incident_svc *svc, int version, policy *out, incident_policy_info *info,
                        gisac_err *err)
{
    gisac_arena_reset(svc->arena);
    memset(out, 0, sizeof *out);
    if (version < 0)
        return gisac_err_set(err, GISAC_EINVAL, "policy version %d: use a number from 1", version);
    store_policy row;
    int rc = store_policy_get(svc->st, version, &row, svc->arena, err);
    if (rc == GISAC_ENOTFOUND && (version == 0 || version == 1)) {
        /* nothing stored yet: the built-in defaults are version 1 */
        policy_default(out);
        builtin_info(info);
        return 0;
    }
    if (rc < 0)
        return rc;
    const policy *p;
    if ((rc = incident_policy_for(svc, row.version, &p, err)) < 0)
        return rc;
    info_from(info, &row);
    return policy_copy(out, p, err);
}

int incident_policy_set(incident_svc *svc, const auth_principal *who, const char *text, size_t len,
                        const char *name, int64_t now, incident_policy_info *info, int *changed,
                        gisac_err *err)
{
    gisac_arena_reset(svc->arena);
    if (changed)
        *changed = 0;
    if (!who || who->role != AUTH_ROLE_ADMIN)
        return gisac_err_set(err, GISAC_EFORBIDDEN, "only an admin may install a policy");
    policy p;
    int rc = policy_parse(text, len, name, &p, err);
    if (rc < 0)
        return rc;
    incident_auto_rules ar; /* the automatic reporting rules are this service's to check */
    gisac_err aerr;
    if (incident_auto_rules_of(&p, &ar, &aerr) < 0) {
        policy_free(&p);
        return name ? gisac_err_set(err, GISAC_EINVAL, "%s: %s", name, aerr.msg)
                    : gisac_err_set(err, GISAC_EINVAL, "%s", aerr.msg);
    }
    gisac_buf body = GISAC_BUF_INIT;
    if (policy_to_json(&p, 0, &body) < 0) {
        policy_free(&p);
        gisac_buf_free(&body);
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    }
    char hex[65];
    sha_hex(&body, hex);
    gisac_buf_free(&body);

    if ((rc = store_begin(svc->st, err)) < 0) {
        policy_free(&p);
        return rc;
    }
    store_policy row;
    rc = store_policy_get(svc->st, 0, &row, svc->arena, err);
    if (rc == GISAC_ENOTFOUND) {
        incident_policy_info b;
        builtin_info(&b);
        if (strcmp(b.sha256, hex) == 0) {
            /* the file says what the defaults say */
            store_rollback(svc->st);
            policy_free(&p);
            if (info)
                *info = b;
            return 0;
        }
        policy d;
        policy_default(&d);
        rc = insert_policy(svc, &d, "builtin", now, &row, err);
    } else if (rc == 0 && strcmp(row.sha256, hex) == 0) {
        store_rollback(svc->st);
        policy_free(&p);
        info_from(info, &row);
        return 0;
    }
    if (rc == 0)
        rc = insert_policy(svc, &p, name, now, &row, err);
    policy_free(&p);
    rc = incident_tx_end(svc, 1, rc, err);
    if (rc < 0)
        return rc;
    if (changed)
        *changed = 1;
    row.sha256 = hex;
    row.source = name;
    row.actor = store_actor(svc->st);
    info_from(info, &row);
    return 0;
}
