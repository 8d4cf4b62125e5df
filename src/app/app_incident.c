/*
 * app_incident.c: incidents, evidence, the policy, the alert light and the
 * KPI report (app_incident.h). The incident service checks role and agency
 * on every call; this file owns what crosses it: the service handle, the
 * breaches the local operator records first, files received as bytes, the
 * policy file's parts that other services check (the alert light).
 */
#include "app/app_internal.h"

#include <jansson.h>
#include <sodium.h>
#include <stddef.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The service, or NULL with *err set (app_h_fail). */
static incident_svc *svc_of(app *a, gisac_err *err)
{
    return app_incident_h(a, err);
}

/*
 * The service for an incident or evidence use case of who: the local
 * operator (no account) first records the breaches due at now.
 */
static incident_svc *svc_for(app *a, const auth_principal *who, int64_t now, gisac_err *err)
{
    incident_svc *svc = svc_of(a, err);
    if (svc && who && who->account_id == 0 && incident_check_breaches(svc, now, NULL, err) < 0)
        return NULL;
    return svc;
}

#define SVC(who, now)                                                                              \
    incident_svc *svc = svc_for(a, who, now, err);                                                 \
    if (!svc)                                                                                      \
    return app_h_fail(err)

/* ---- incidents ----------------------------------------------------------- */

int app_report_incident(app *a, const auth_principal *who, const incident_input *in, int64_t now,
                        incident *out, gisac_err *err)
{
    SVC(who, now);
    return incident_report(svc, who, in, now, out, err);
}

int app_report_incident_again(app *a, const auth_principal *who, const char *id, const char *note,
                              int64_t now, incident *out, gisac_err *err)
{
    SVC(who, now);
    return incident_report_again(svc, who, id, note, now, out, err);
}

int app_get_incident(app *a, const auth_principal *who, const char *id, int64_t now, incident *out,
                     gisac_err *err)
{
    SVC(who, now);
    return incident_get(svc, who, id, now, out, err);
}

int app_list_incidents(app *a, const auth_principal *who, const incident_filter *f, int64_t now,
                       incident_cb cb, void *ctx, gisac_err *err)
{
    SVC(who, now);
    return incident_list(svc, who, f, now, cb, ctx, err);
}

int app_list_due_incidents(app *a, const auth_principal *who, const char *agency, int64_t now,
                           int64_t until, incident_cb cb, void *ctx, gisac_err *err)
{
    SVC(who, now);
    return incident_due(svc, who, agency, now, until, cb, ctx, err);
}

int app_update_incident(app *a, const auth_principal *who, const char *id,
                        const incident_change *ch, int64_t now, incident *out, gisac_err *err)
{
    SVC(who, now);
    return incident_update(svc, who, id, ch, now, out, err);
}

int app_advance_incident(app *a, const auth_principal *who, const char *id, incident_status to,
                         const char *note, const char *report_file, int64_t now, incident *out,
                         gisac_err *err)
{
    SVC(who, now);
    return incident_advance(svc, who, id, to, note, report_file, now, out, err);
}

int app_recover_incident(app *a, const auth_principal *who, const char *id, int64_t at,
                         const char *note, int64_t now, incident *out, gisac_err *err)
{
    SVC(who, now);
    return incident_recover(svc, who, id, at, note, now, out, err);
}

int app_list_incident_revisions(app *a, const auth_principal *who, const char *id,
                                incident_revision_cb cb, void *ctx, gisac_err *err)
{
    SVC(who, gisac_now());
    return incident_revisions(svc, who, id, cb, ctx, err);
}

int app_may_see_agency(app *a, const auth_principal *who, const char *agency, gisac_err *err)
{
    incident_svc *svc = svc_of(a, err);
    if (!svc)
        return app_h_fail(err);
    int yes = 0;
    int rc = incident_may_see_agency(svc, who, agency, &yes, err);
    return rc < 0 ? rc : yes;
}

int app_close_incident(app *a, const auth_principal *who, const char *id, const char *reason,
                       int64_t now, incident *out, gisac_err *err)
{
    SVC(who, now);
    return incident_close(svc, who, id, reason, now, out, err);
}

int app_list_incident_breaches(app *a, const auth_principal *who, const char *id,
                               incident_breach_cb cb, void *ctx, gisac_err *err)
{
    SVC(who, gisac_now());
    return incident_breaches(svc, who, id, cb, ctx, err);
}

int app_list_incident_links(app *a, const auth_principal *who, const char *id, incident_link_cb cb,
                            void *ctx, gisac_err *err)
{
    SVC(who, gisac_now());
    return incident_links(svc, who, id, cb, ctx, err);
}

typedef struct events_of {
    const char *id;
    incident_event_cb cb;
    void *ctx;
} events_of;

static int events_of_cb(void *ctx, const incident_event *ev)
{
    events_of *e = ctx;
    return strcmp(ev->id, e->id) == 0 ? e->cb(e->ctx, ev) : 0;
}

int app_list_incident_events(app *a, const auth_principal *who, const char *id, int64_t after,
                             incident_event_cb cb, void *ctx, gisac_err *err)
{
    int64_t now = gisac_now();
    SVC(who, now);
    /* the incident first: 404 for what the caller may not see */
    incident *inc = malloc(sizeof *inc);
    if (!inc)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    int rc = incident_get(svc, who, id, now, inc, err);
    events_of e = {inc->id, cb, ctx};
    if (rc == 0)
        rc = incident_events(svc, who, inc->id, after, events_of_cb, &e, err);
    free(inc);
    return rc;
}

int app_list_incident_sightings(app *a, const auth_principal *who, const char *id,
                                incident_auto_sighting_cb cb, void *ctx, gisac_err *err)
{
    SVC(who, gisac_now());
    return incident_auto_sightings(svc, who, id, cb, ctx, err);
}

/* ---- evidence ------------------------------------------------------------ */

int app_add_evidence(app *a, const auth_principal *who, const char *id,
                     const incident_evidence_input *in, int64_t now, incident_evidence *out,
                     gisac_err *err)
{
    SVC(who, now);
    return incident_evidence_add(svc, who, id, in, now, out, err);
}

int app_get_evidence(app *a, const auth_principal *who, const char *id, int n,
                     incident_evidence *out, gisac_err *err)
{
    SVC(who, gisac_now());
    return incident_evidence_get(svc, who, id, n, out, err);
}

int app_upload_open(const char *evdir, int64_t limit, app_upload **out, gisac_err *err)
{
    return incident_blob_stream_open(evdir, limit, out, err);
}

int app_upload_write(app_upload *u, const void *data, size_t n)
{
    return incident_blob_stream_write(u, data, n);
}

int app_upload_over(const app_upload *u)
{
    return incident_blob_stream_over(u);
}

int64_t app_upload_size(const app_upload *u)
{
    return incident_blob_stream_size(u);
}

void app_upload_free(app_upload *u)
{
    incident_blob_stream_free(u);
}

int app_open_evidence(app *a, const auth_principal *who, const char *id, int n, const char *how,
                      int64_t now, incident_evidence *out, int *fd, gisac_err *err)
{
    *fd = -1;
    SVC(who, now);
    return incident_evidence_open(svc, who, id, n, how, now, out, fd, err);
}

int app_list_evidence(app *a, const auth_principal *who, const char *id, incident_evidence_cb cb,
                      void *ctx, gisac_err *err)
{
    SVC(who, gisac_now());
    return incident_evidence_list(svc, who, id, cb, ctx, err);
}

int app_list_custody(app *a, const auth_principal *who, const char *id, int n,
                     incident_custody_cb cb, void *ctx, gisac_err *err)
{
    SVC(who, gisac_now());
    return incident_custody_list(svc, who, id, n, cb, ctx, err);
}

static int custody_json_cb(void *ctx, const incident_custody *cu)
{
    app_jlist *c = ctx;
    (void)app_jlist_sep(c);
    return incident_custody_to_json(cu, c->b) < 0;
}

int app_evidence_json(app *a, const auth_principal *who, const char *id, int n,
                      incident_evidence *ev, gisac_buf *out, gisac_err *err)
{
    SVC(who, gisac_now());
    int rc = incident_evidence_get(svc, who, id, n, ev, err);
    if (rc < 0)
        return rc;
    gisac_buf b = GISAC_BUF_INIT;
    app_jlist c = {.b = &b};
    /* the evidence object with a "custody" array appended */
    if (incident_evidence_to_json(ev, &b) < 0 || b.len < 2)
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    if (rc == 0) {
        b.len--; /* its closing brace */
        gisac_buf_puts(&b, ",\"custody\":[");
        rc = incident_custody_list(svc, who, id, n, custody_json_cb, &c, err);
    }
    if (rc == 0 && (gisac_buf_puts(&b, "]}") < 0 || gisac_buf_append(out, b.data, b.len) < 0))
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    gisac_buf_free(&b);
    return rc;
}

int app_transfer_evidence(app *a, const auth_principal *who, const char *id, int n,
                          const char *from, const char *to, const char *reason, int64_t at,
                          int64_t now, incident_evidence *out, gisac_err *err)
{
    SVC(who, now);
    return incident_evidence_transfer(svc, who, id, n, from, to, reason, at, now, out, err);
}

int app_verify_evidence(app *a, const auth_principal *who, const char *id, int64_t now,
                        incident_verify_cb cb, void *ctx, size_t *checked, size_t *bad,
                        gisac_err *err)
{
    SVC(who, now);
    return incident_evidence_verify(svc, who, id, now, cb, ctx, checked, bad, err);
}

/* ---- files received as bytes --------------------------------------------- */

/* A temporary directory holding the file dir/name. */
typedef struct upload {
    char dir[4096];
    char path[4096 + INCIDENT_FILE_NAME_MAX + 2];
} upload;

static void upload_remove(upload *u)
{
    if (u->path[0])
        unlink(u->path);
    if (u->dir[0])
        rmdir(u->dir);
    u->path[0] = u->dir[0] = '\0';
}

/* The name a received file is stored under (field names it). */
static int check_name(const char *name, const char *field, gisac_err *err)
{
    size_t n = name ? strlen(name) : 0;
    if (n == 0 || n > INCIDENT_FILE_NAME_MAX)
        return gisac_err_at(err, GISAC_EINVAL, field, "must be 1 to %d bytes",
                            INCIDENT_FILE_NAME_MAX);
    if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0 || strchr(name, '/'))
        return gisac_err_at(err, GISAC_EINVAL, field, "a file name, not a path");
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return gisac_err_at(err, GISAC_EINVAL, field, "holds a control character");
    if (!gisac_utf8_valid(name, n, NULL))
        return gisac_err_at(err, GISAC_EINVAL, field, "not UTF-8");
    return 0;
}

static int upload_write(const char *name, const void *data, size_t len, upload *u, gisac_err *err)
{
    memset(u, 0, sizeof *u);
    const char *tmp = getenv("TMPDIR");
    if (!tmp || !*tmp || strlen(tmp) > 4000)
        tmp = "/tmp";
    snprintf(u->dir, sizeof u->dir, "%s/gisac-upload.XXXXXX", tmp);
    if (!mkdtemp(u->dir)) {
        u->dir[0] = '\0';
        return gisac_err_set(err, GISAC_EIO, "%s: %s", tmp, strerror(errno));
    }
    snprintf(u->path, sizeof u->path, "%s/%s", u->dir, name);
    int fd = open(u->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        u->path[0] = '\0';
        upload_remove(u);
        return gisac_err_set(err, GISAC_EIO, "%s: %s", tmp, strerror(errno));
    }
    const char *p = data;
    size_t left = len;
    int bad = 0;
    while (left && !bad) {
        ssize_t w = write(fd, p, left);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            bad = 1;
        else {
            p += w;
            left -= (size_t)w;
        }
    }
    if (close(fd) < 0)
        bad = 1;
    if (bad) {
        upload_remove(u);
        return gisac_err_set(err, GISAC_EIO, "%s: cannot write", tmp);
    }
    return 0;
}

/*
 * The checks before a received file is written: its name, then the
 * incident (who may not see it learns nothing and stores nothing).
 */
static int upload_for(incident_svc *svc, const auth_principal *who, const char *id,
                      const char *name, const char *field, const void *data, size_t len,
                      int64_t now, upload *u, gisac_err *err)
{
    memset(u, 0, sizeof *u);
    int rc = check_name(name, field, err);
    if (rc < 0)
        return rc;
    incident *probe = malloc(sizeof *probe);
    if (!probe)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    rc = incident_get(svc, who, id, now, probe, err);
    free(probe);
    if (rc == 0)
        rc = upload_write(name, data, len, u, err);
    return rc;
}

int app_add_evidence_data(app *a, const auth_principal *who, const char *id, const char *name,
                          const char *name_field, const void *data, size_t len,
                          const incident_evidence_input *in, int64_t now, incident_evidence *out,
                          gisac_err *err)
{
    SVC(who, now);
    upload u;
    int rc = upload_for(svc, who, id, name, name_field, data, len, now, &u, err);
    if (rc == 0) {
        incident_evidence_input i = *in;
        i.path = u.path;
        rc = incident_evidence_add(svc, who, id, &i, now, out, err);
    }
    upload_remove(&u);
    return rc;
}

int app_add_evidence_upload(app *a, const auth_principal *who, const char *id, const char *name,
                            const char *name_field, app_upload *u,
                            const incident_evidence_input *in, int64_t now, incident_evidence *out,
                            gisac_err *err)
{
    SVC(who, now);
    int rc = check_name(name, name_field, err);
    if (rc < 0)
        return rc;
    return incident_evidence_add_stream(svc, who, id, name, u, in, now, out, err);
}

int app_advance_incident_data(app *a, const auth_principal *who, const char *id, const char *note,
                              const char *name, const char *name_field, const void *data,
                              size_t len, int64_t now, incident *out, gisac_err *err)
{
    SVC(who, now);
    upload u;
    int rc = upload_for(svc, who, id, name, name_field, data, len, now, &u, err);
    if (rc == 0)
        rc = incident_advance(svc, who, id, INCIDENT_INVESTIGATED, note, u.path, now, out, err);
    upload_remove(&u);
    return rc;
}

/* ---- the policy ---------------------------------------------------------- */

/* The complete "auto_report" object of p. */
static int auto_report_rules(const policy *p, gisac_buf *out, gisac_err *err)
{
    incident_auto_rules r;
    int rc = incident_auto_rules_of(p, &r, err);
    return rc < 0 ? rc : incident_auto_rules_to_json(&r, out);
}

/* The complete "alert_light" object of p. */
static int alert_light_rules(const policy *p, gisac_buf *out, gisac_err *err)
{
    report_light_rules r;
    int rc = report_light_rules_parse(p->alert_light, &r, err);
    return rc < 0 ? rc : report_light_rules_to_json(&r, out);
}

/* The complete "apps" object of p (the app register's, src/mobile). */
static int apps_rules(const policy *p, gisac_buf *out, gisac_err *err)
{
    mobile_rules r;
    int rc = mobile_rules_parse(p->apps, &r, err);
    return rc < 0 ? rc : mobile_rules_to_json(&r, out);
}

/* The complete "obligations" object of p. */
static int obligation_rules(const policy *p, gisac_buf *out, gisac_err *err)
{
    gov_ruleset r;
    int rc = gov_ruleset_parse(p->obligations, &r, err);
    if (rc == 0 && gov_ruleset_to_json(&r, out) < 0)
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    gov_ruleset_free(&r);
    return rc;
}

/*
 * The sections of a policy that other services own, kept verbatim in the
 * policy (a char * member of it): each shown complete by its owner's
 * rules with their defaults. A new section is one line here.
 */
static const struct {
    const char *name, *title;
    size_t member; /* offsetof(policy, ...): the section's text */
    int (*complete)(const policy *p, gisac_buf *out, gisac_err *err);
} policy_sections[] = {
    {"alert_light", "the alert light", offsetof(policy, alert_light), alert_light_rules},
    {"auto_report", "automatic reporting", offsetof(policy, auto_report), auto_report_rules},
    {"apps", "government apps", offsetof(policy, apps), apps_rules},
    {"obligations", "obligations", offsetof(policy, obligations), obligation_rules},
};
#define NSECTIONS (sizeof policy_sections / sizeof policy_sections[0])

int app_policy_json(const policy *p, int version, gisac_buf *out, gisac_err *err)
{
    policy c;
    int rc = policy_copy(&c, p, err);
    for (size_t i = 0; rc == 0 && i < NSECTIONS; i++) {
        gisac_buf b = GISAC_BUF_INIT;
        rc = policy_sections[i].complete(p, &b, err);
        char **text = (char **)((char *)&c + policy_sections[i].member);
        if (rc == 0) {
            free(*text);
            *text = b.data; /* taken over */
        } else {
            gisac_buf_free(&b);
        }
    }
    if (rc == 0 && policy_to_json(&c, version, out) < 0)
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    policy_free(&c);
    return rc;
}

int app_policy_sections(const policy *p, app_policy_member_cb cb, void *ctx, gisac_err *err)
{
    int rc = 0, stop = 0;
    for (size_t i = 0; rc == 0 && !stop && i < NSECTIONS; i++) {
        gisac_buf b = GISAC_BUF_INIT;
        rc = policy_sections[i].complete(p, &b, err);
        json_error_t je;
        json_t *o = rc == 0 ? json_loadb(b.data, b.len, JSON_PRESERVE_ORDER, &je) : NULL;
        if (rc == 0 && !json_is_object(o))
            rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
        const char *key;
        json_t *v;
        if (rc == 0)
            json_object_foreach(o, key, v)
            {
                char *val = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_PRESERVE_ORDER);
                if (!val) {
                    rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
                    break;
                }
                stop = cb(ctx, policy_sections[i].name, policy_sections[i].title, key, val) != 0;
                free(val);
                if (stop)
                    break;
            }
        json_decref(o);
        gisac_buf_free(&b);
    }
    return rc;
}

int app_get_policy(app *a, const auth_principal *who, int version, policy *out,
                   incident_policy_info *info, gisac_err *err)
{
    (void)who; /* the policy is public to every caller */
    incident_svc *svc = svc_of(a, err);
    if (!svc)
        return app_h_fail(err);
    return incident_policy_get(svc, version, out, info, err);
}

int app_time_zone(app *a, const gisac_tz **out, gisac_err *err)
{
    *out = NULL;
    incident_svc *svc = svc_of(a, err);
    if (!svc)
        return app_h_fail(err);
    policy p;
    incident_policy_info info;
    int rc = incident_policy_get(svc, 0, &p, &info, err);
    if (rc < 0)
        return rc;
    if (!a->tz || a->tz_version != info.version || strcmp(gisac_tz_name(a->tz), p.time_zone) != 0) {
        gisac_tz *tz = NULL;
        rc = gisac_tz_load(p.time_zone, &tz, err);
        if (rc == 0) {
            gisac_tz_free(a->tz);
            a->tz = tz;
            a->tz_version = info.version;
            snprintf(a->portal_url, sizeof a->portal_url, "%s", p.portal_url);
        }
    }
    policy_free(&p);
    if (rc < 0)
        return rc;
    *out = a->tz;
    return 0;
}

_Static_assert(NOTIFY_REF_KEY_LEN == AUTH_KEY_LEN, "the installation's key keys the references");

void app_notify_view(app *a, notify_view *out)
{
    const gisac_tz *tz = NULL;
    gisac_err e = GISAC_ERR_INIT;
    out->tz = app_time_zone(a, &tz, &e) == 0 ? tz : NULL;
    out->portal_url = out->tz ? a->portal_url : NULL;
    /* the deliveries' references are keyed with the installation's key
     * (made when missing; one of the handle's when it cannot be read or made) */
    if (!a->notify_keyed) {
        if (auth_key_load(a->sh->key_path, 0, a->notify_key, NULL) < 0 &&
            auth_key_load(a->sh->key_path, 1, a->notify_key, NULL) < 0)
            randombytes_buf(a->notify_key, sizeof a->notify_key);
        a->notify_keyed = 1;
    }
    out->ref_key = a->notify_key;
}

int app_parse_time(app *a, const char *s, int64_t *out, gisac_err *err)
{
    const gisac_tz *tz;
    int rc = app_time_zone(a, &tz, err);
    if (rc < 0)
        return rc;
    if (!s || gisac_time_parse_in(s, strlen(s), tz, out) < 0)
        return gisac_err_set(err, GISAC_EINVAL,
                             "'%s': not a time (give one such as 2026-12-06T20:00:00, local time "
                             "in %s, or 2026-12-06T12:00:00Z)",
                             s ? s : "", gisac_tz_name(tz));
    return 0;
}

/* The policy's time zone loads (policy_parse checks only its shape). */
static int time_zone_check(const policy *p, const char *name, gisac_err *err)
{
    gisac_tz *tz = NULL;
    gisac_err e = GISAC_ERR_INIT;
    if (gisac_tz_load(p->time_zone, &tz, &e) < 0)
        return gisac_err_at(err, GISAC_EINVAL, "$.time_zone", "%s: $.time_zone: %s", name, e.msg);
    gisac_tz_free(tz);
    return 0;
}

/* "alert_light" is the alert light's to check (src/report), "obligations" the governance's
 * (src/gov). */
static int alert_light_check(const policy *p, const char *name, gisac_err *err)
{
    report_light_rules r;
    gisac_err e = GISAC_ERR_INIT;
    if (report_light_rules_parse(p->alert_light, &r, &e) < 0)
        return gisac_err_at(err, e.code, "$.alert_light", "%s: %s", name, e.msg);
    gov_ruleset g;
    if (gov_ruleset_parse(p->obligations, &g, &e) < 0)
        return gisac_err_at(err, e.code, e.field, "%s: %s", name, e.msg);
    gov_ruleset_free(&g);
    return 0;
}

/* "apps" is the app register's to check (src/mobile, docs/app.md). */
static int apps_check(const policy *p, const char *name, gisac_err *err)
{
    mobile_rules r;
    gisac_err e = GISAC_ERR_INIT;
    if (mobile_rules_parse(p->apps, &r, &e) < 0)
        return gisac_err_at(err, e.code, "$.apps", "%s: %s", name, e.msg);
    return 0;
}

int app_check_policy(const char *text, size_t len, const char *name, gisac_err *err)
{
    policy p;
    int rc = policy_parse(text ? text : "", len, name, &p, err);
    if (rc < 0)
        return rc;
    incident_auto_rules ar; /* "auto_report" is the incident service's to check */
    gisac_err e = GISAC_ERR_INIT;
    rc = incident_auto_rules_of(&p, &ar, &e);
    if (rc < 0)
        rc = gisac_err_at(err, rc, "$.auto_report", "%s: %s", name, e.msg);
    else if ((rc = alert_light_check(&p, name, err)) == 0 &&
             (rc = time_zone_check(&p, name, err)) == 0)
        rc = apps_check(&p, name, err);
    policy_free(&p);
    return rc;
}

int app_set_policy(app *a, const auth_principal *who, const char *text, size_t len,
                   const char *name, int64_t now, incident_policy_info *info, int *changed,
                   gisac_err *err)
{
    policy lp; /* the alert light's rules; the service checks everything else */
    gisac_err e = GISAC_ERR_INIT;
    if (policy_parse(text ? text : "", len, name, &lp, &e) == 0) {
        int rc = alert_light_check(&lp, name, err);
        if (rc == 0)
            rc = time_zone_check(&lp, name, err);
        if (rc == 0)
            rc = apps_check(&lp, name, err);
        policy_free(&lp);
        if (rc < 0)
            return rc;
    }
    incident_svc *svc = svc_of(a, err);
    if (!svc)
        return app_h_fail(err);
    return incident_policy_set(svc, who, text ? text : "", len, name, now, info, changed, err);
}

/* ---- the alert light and the KPI report ---------------------------------- */

/* The light as JSON (text 0) or text, with the overdue obligations (app_gov_light). */
static int status_out(app *a, const auth_principal *who, const char *sector, int64_t now,
                      int pretty, int text, gisac_buf *out, gisac_err *err)
{
    incident_svc *svc = svc_of(a, err);
    if (!svc)
        return app_h_fail(err);
    gov_overdue ov;
    report_obligations ob;
    int rc = app_gov_light(a, now, &ov, &ob, err);
    if (rc == 0)
        rc = text ? report_status_text_ob(svc, who, sector, now, &ob, out, err)
                  : report_status_json_ob(svc, who, sector, now, &ob, pretty, out, err);
    gov_overdue_free(&ov);
    return rc;
}

int app_status_json(app *a, const auth_principal *who, const char *sector, int64_t now, int pretty,
                    gisac_buf *out, gisac_err *err)
{
    size_t start = out->len;
    int rc = status_out(a, who, sector, now, pretty, 0, out, err);
    /* with NATS (serve --nats, status --nats): the ingest's state too */
    return rc == 0 ? app_ingest_status_member(a, who, now, out, start, err) : rc;
}

int app_status_text(app *a, const auth_principal *who, const char *sector, int64_t now,
                    gisac_buf *out, gisac_err *err)
{
    return status_out(a, who, sector, now, 0, 1, out, err);
}

int app_kpi_json(app *a, const auth_principal *who, const report_period *p, int64_t now, int pretty,
                 gisac_buf *out, gisac_err *err)
{
    incident_svc *svc = svc_of(a, err);
    if (!svc)
        return app_h_fail(err);
    report_period lp = *p; /* in the installation's local days */
    gisac_buf g = GISAC_BUF_INIT;
    int rc = app_time_zone(a, &lp.tz, err);
    if (rc == 0)
        rc = app_gov_kpi(a, who, p, now, &g, err);
    lp.governance = g.len ? g.data : NULL;
    if (rc == 0)
        rc = report_kpi_json(svc, who, &lp, now, pretty, out, err);
    gisac_buf_free(&g);
    return rc;
}

int app_kpi_html(app *a, const auth_principal *who, const report_period *p, int64_t now,
                 gisac_buf *out, gisac_err *err)
{
    incident_svc *svc = svc_of(a, err);
    if (!svc)
        return app_h_fail(err);
    report_period lp = *p;
    gisac_buf g = GISAC_BUF_INIT;
    int rc = app_time_zone(a, &lp.tz, err);
    if (rc == 0)
        rc = app_gov_kpi(a, who, p, now, &g, err);
    lp.governance = g.len ? g.data : NULL;
    if (rc == 0)
        rc = report_kpi_html(svc, who, &lp, now, out, err);
    gisac_buf_free(&g);
    return rc;
}
