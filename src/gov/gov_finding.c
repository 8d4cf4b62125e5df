/*
 * gov_finding.c: assessments (audits, health checks, tests, drills) and
 * their findings (稽核缺失) with the steps of a finding (gov.h):
 *
 *   open ----------> in-progress --fix (evidence)----------> fixed
 *   retest-failed -> in-progress --retest pass-------------> fixed
 *                                --retest fail-------------> retest-failed
 *   open, in-progress, retest-failed --accept (reason, until)--> risk-accepted
 *
 * A risk acceptance past its expiry reads as open (gov_finding_status)
 * and may be started again. Any other step is GISAC_ECONFLICT.
 */
#include "gov/gov_internal.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define TEXT_MAX 4000

static const char *const assessment_kinds[] = {
    "internal-audit",           "external-audit",     "health-check",
    "penetration-test",         "vulnerability-scan", "bcp-drill",
    "social-engineering-drill",
};

int gov_assessment_kind_check(const char *kind, const char *field, gisac_err *err)
{
    if (gov_name_index(kind, assessment_kinds,
                       sizeof assessment_kinds / sizeof assessment_kinds[0]) >= 0)
        return 0;
    return gisac_err_at(err, GISAC_EINVAL, field,
                        "kind '%s': use internal-audit, external-audit, health-check,"
                        " penetration-test, vulnerability-scan, bcp-drill or"
                        " social-engineering-drill",
                        kind ? kind : "");
}

static int text_ok(const char *s, const char *field, int required, gisac_err *err)
{
    return gov_text_check(s, TEXT_MAX, field, required, 0, err);
}

static int severity_ok(const char *s, const char *field, gisac_err *err)
{
    static const char *const v[] = {"low", "medium", "high", "critical"};
    if (gov_name_index(s, v, 4) >= 0)
        return 0;
    return gisac_err_at(err, GISAC_EINVAL, field,
                        "severity '%s': use low, medium, high or critical", s ? s : "");
}

/* The detail of an assessment.add audit entry. */
typedef struct assessment_detail {
    const char *agency, *kind;
    int64_t findings;
    const char *obligation_due;
} assessment_detail;
#define D(kind, f) GOV_JSON_FIELD(assessment_detail, kind, f)
static const gov_json_member assessment_detail_members[] = {
    D(STR, agency), D(STR, kind), D(INT, findings), D(STR, obligation_due)};
#undef D

int gov_assessment_add(store *s, const gov_env *env, const auth_principal *who,
                       const gov_assessment_input *in, int64_t now, store_assessment *out,
                       gisac_arena *arena, gisac_err *err)
{
    int rc = gov_assessment_kind_check(in->kind, "$.kind", err);
    if (rc == 0)
        rc = gov_agency_access(s, who, in->agency, 1, NULL, NULL, err);
    if (rc == 0)
        rc = text_ok(in->performed_by, "$.performed_by", 1, err);
    if (rc == 0)
        rc = text_ok(in->scope, "$.scope", 0, err);
    if (rc == 0 && in->performed_at > now + 300)
        rc = gisac_err_at(err, GISAC_EINVAL, "$.performed_at", "cannot be in the future");
    if (rc == 0 && in->nfindings > 1000)
        rc = gisac_err_at(err, GISAC_EINVAL, "$.findings", "at most 1000 findings");
    for (size_t i = 0; i < in->nfindings && rc == 0; i++) {
        char f[64];
        const gov_finding_input *fi = &in->findings[i];
        snprintf(f, sizeof f, "$.findings[%zu].severity", i);
        rc = severity_ok(fi->severity, f, err);
        snprintf(f, sizeof f, "$.findings[%zu].description", i);
        if (rc == 0)
            rc = text_ok(fi->description, f, 1, err);
        snprintf(f, sizeof f, "$.findings[%zu].control", i);
        if (rc == 0)
            rc = text_ok(fi->control, f, 0, err);
        snprintf(f, sizeof f, "$.findings[%zu].plan", i);
        if (rc == 0)
            rc = text_ok(fi->plan, f, 0, err);
    }
    if (rc < 0)
        return rc;
    int64_t at = in->performed_at ? in->performed_at : now;
    store_assessment r = {0,   in->agency,    in->kind,          in->performed_by,
                          at,  in->scope,     in->report_sha256, NULL,
                          now, store_actor(s)};
    if ((rc = store_begin(s, err)) < 0)
        return rc;
    char due[GOV_DATE_LEN] = "";
    if (in->complete_obligation) {
        /* the obligation of the same kind, the earliest not done, recorded at the same time */
        gov_done_input d = {in->agency, in->kind, NULL, at, "recorded with an assessment", NULL};
        gisac_buf ev = GISAC_BUF_INIT;
        if (in->report_sha256) {
            gisac_buf_printf(&ev, "[{\"name\":\"assessment report\",\"sha256\":\"%s\"}]",
                             in->report_sha256);
            d.evidence = ev.data;
        }
        if (strcmp(in->kind, "external-audit") == 0)
            rc = gisac_err_at(err, GISAC_EINVAL, "$.complete_obligation",
                              "an external audit completes no obligation of its own");
        else
            rc = gov_obligation_record(s, env, who, &d, now, due, arena, err);
        gisac_buf_free(&ev);
        r.obligation_due = due[0] ? due : NULL;
    }
    if (rc == 0)
        rc = store_assessment_add(s, &r, &r.id, err);
    for (size_t i = 0; i < in->nfindings && rc == 0; i++) {
        const gov_finding_input *fi = &in->findings[i];
        store_finding f = {
            0,        r.id,    in->agency, fi->severity, fi->control, fi->description,
            fi->plan, fi->due, "open",     NULL,         0,           NULL,
            now,      0,       now};
        rc = store_finding_add(s, &f, &f.id, err);
    }
    if (rc == 0) {
        assessment_detail d = {r.agency, r.kind, (int64_t)in->nfindings, due[0] ? due : NULL};
        gisac_buf j = GISAC_BUF_INIT;
        gov_json_object(&j, &d, assessment_detail_members,
                        sizeof assessment_detail_members / sizeof *assessment_detail_members);
        rc = gov_audit_row(s, now, "assessment.add", "assessment", r.id, &j, err);
    }
    rc = gov_tx_end(s, rc, err);
    if (rc == 0) {
        *out = r;
        if (gov_dup(arena, &out->agency, &out->kind, &out->performed_by, &out->scope,
                    &out->report_sha256, &out->obligation_due, &out->created_by, NULL) < 0)
            rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    }
    return rc;
}

int gov_assessment_get(store *s, const auth_principal *who, int64_t id, store_assessment *out,
                       gisac_arena *arena, gisac_err *err)
{
    int rc = gov_may_read(who, err);
    rc = rc ? rc : store_assessment_get(s, id, out, arena, err);
    return gov_seen(s, who, rc, &out->agency, "assessment", id, err);
}

int gov_assessment_list(store *s, const auth_principal *who, const char *agency,
                        store_assessment_cb cb, void *ctx, gisac_err *err)
{
    const char *under;
    int rc = gov_list_scope(s, who, agency, &under, err);
    return rc < 0 ? rc : store_assessment_list(s, agency, agency ? NULL : under, cb, ctx, err);
}

#define A(kind, f) GOV_JSON_FIELD(store_assessment, kind, f)
static const gov_json_member assessment_members[] = {A(INT, id),
                                                     A(STR, agency),
                                                     A(STR, kind),
                                                     A(STR, performed_by),
                                                     A(TIME, performed_at),
                                                     A(STR, scope),
                                                     A(STR, report_sha256),
                                                     A(STR, obligation_due),
                                                     A(TIME, created),
                                                     A(STR, created_by)};
#undef A

int gov_assessment_to_json(const store_assessment *r, gisac_buf *out)
{
    return gov_json_object(out, r, assessment_members,
                           sizeof assessment_members / sizeof assessment_members[0]);
}

/* ---- findings ---- */

int gov_finding_step_parse(const char *s, gov_finding_step *out, gisac_err *err)
{
    static const char *const names[] = {"", "start", "fix", "retest", "accept"};
    int i = gov_name_index(s, names + 1, 4);
    if (i >= 0) {
        *out = (gov_finding_step)(i + 1);
        return 0;
    }
    return gisac_err_at(err, GISAC_EINVAL, "$.step", "step '%s': use start, fix, retest or accept",
                        s ? s : "");
}

const char *gov_finding_status(const store_finding *r, int64_t now)
{
    if (strcmp(r->status, "risk-accepted") == 0 && r->accepted_until && r->accepted_until <= now)
        return "open";
    return r->status;
}

int gov_finding_get(store *s, const auth_principal *who, int64_t id, store_finding *out,
                    gisac_arena *arena, gisac_err *err)
{
    int rc = gov_may_read(who, err);
    rc = rc ? rc : store_finding_get(s, id, out, arena, err);
    return gov_seen(s, who, rc, &out->agency, "finding", id, err);
}

static int conflict(const store_finding *r, const char *status, const char *step, gisac_err *err)
{
    return gisac_err_set(err, GISAC_ECONFLICT, "finding %lld is %s: it cannot be %s",
                         (long long)r->id, status, step);
}

int gov_finding_update(store *s, const auth_principal *who, int64_t id,
                       const gov_finding_change *ch, int64_t now, store_finding *out,
                       gisac_arena *arena, gisac_err *err)
{
    store_finding r;
    int rc = gov_finding_get(s, who, id, &r, arena, err);
    if (rc == 0)
        rc = gov_agency_access(s, who, r.agency, 1, NULL, NULL, err);
    if (rc == 0)
        rc = text_ok(ch->reason, "$.reason", ch->step == GOV_FINDING_ACCEPT, err);
    if (rc < 0)
        return rc;
    const char *st = gov_finding_status(&r, now);
    int open = strcmp(st, "open") == 0, wip = strcmp(st, "in-progress") == 0,
        failed = strcmp(st, "retest-failed") == 0;
    const char *step = "";
    switch (ch->step) {
    case GOV_FINDING_START:
        step = "started";
        if (!open && !failed)
            return conflict(&r, st, step, err);
        r.status = "in-progress";
        r.accepted_until = 0;
        break;
    case GOV_FINDING_FIX:
        step = "fixed";
        if (!wip)
            return conflict(&r, st, step, err);
        if (!ch->evidence)
            return gisac_err_at(err, GISAC_EINVAL, "$.evidence",
                                "a finding is closed as fixed with its evidence");
        r.status = "fixed";
        r.closed = now;
        r.evidence = ch->evidence;
        break;
    case GOV_FINDING_RETEST:
        step = "re-tested";
        if (!wip)
            return conflict(&r, st, step, err);
        r.status = ch->pass ? "fixed" : "retest-failed";
        r.closed = ch->pass ? now : 0;
        if (ch->evidence)
            r.evidence = ch->evidence;
        break;
    case GOV_FINDING_ACCEPT:
        step = "risk-accepted";
        if (!open && !wip && !failed)
            return conflict(&r, st, step, err);
        if (ch->until <= now)
            return gisac_err_at(err, GISAC_EINVAL, "$.until",
                                "a risk acceptance expires in the future");
        r.status = "risk-accepted";
        r.accepted_until = ch->until;
        break;
    default:
        return gisac_err_at(err, GISAC_EINVAL, "$.step", "unknown step");
    }
    if (ch->reason)
        r.reason = ch->reason;
    r.modified = now;
    if ((rc = store_begin(s, err)) < 0)
        return rc;
    rc = store_finding_update(s, &r, err);
    if (rc == 0) {
        gisac_buf j = GISAC_BUF_INIT;
        static const gov_json_member change[] = {
            {"reason", GOV_JSON_STR, offsetof(gov_finding_change, reason)},
            {"evidence", GOV_JSON_RAW, offsetof(gov_finding_change, evidence)},
        };
        gisac_buf_printf(&j, "{\"from\":\"%s\",\"to\":\"%s\"", st, r.status);
        gov_json_members(&j, ch, change, 2);
        gisac_buf_putc(&j, '}');
        rc = gov_audit_row(s, now, "finding.update", "finding", r.id, &j, err);
    }
    rc = gov_tx_end(s, rc, err);
    if (rc == 0) {
        *out = r;
        if (gov_dup(arena, &out->status, &out->reason, &out->evidence, NULL) < 0)
            rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    }
    return rc;
}

int gov_finding_list(store *s, const auth_principal *who, int64_t assessment, const char *agency,
                     const char *status, store_finding_cb cb, void *ctx, gisac_err *err)
{
    const char *under;
    int rc = gov_list_scope(s, who, agency, &under, err);
    return rc < 0 ? rc
                  : store_finding_list(s, assessment, agency, agency ? NULL : under, status, cb,
                                       ctx, err);
}

#define F(kind, f)     GOV_JSON_FIELD(store_finding, kind, f)
#define FK(k, kind, f) GOV_JSON_MEMBER(store_finding, k, kind, f)
static const gov_json_member finding_members[] = {F(INT, id),
                                                  FK("assessment", INT, assessment_id),
                                                  F(STR, agency),
                                                  F(STR, severity),
                                                  F(STR, control),
                                                  F(STR, description),
                                                  F(STR, plan),
                                                  F(TIME, due),
                                                  F(STR, status),
                                                  F(STR, reason),
                                                  F(TIME, accepted_until),
                                                  F(RAW, evidence),
                                                  F(TIME, opened),
                                                  F(TIME, closed)};
#undef F
#undef FK

int gov_finding_to_json(const store_finding *r, int64_t now, gisac_buf *out)
{
    store_finding seen = *r;
    seen.status = gov_finding_status(r, now);
    return gov_json_object(out, &seen, finding_members,
                           sizeof finding_members / sizeof finding_members[0]);
}

int gov_finding_counts(store *s, const auth_principal *who, const char *by, int64_t now,
                       store_finding_count_cb cb, void *ctx, gisac_err *err)
{
    if (!who || (who->role != AUTH_ROLE_ADMIN && who->role != AUTH_ROLE_ANALYST))
        return gisac_err_set(err, GISAC_EFORBIDDEN, "the national view is for the office's staff");
    if (!by || (strcmp(by, "grade") != 0 && strcmp(by, "sector") != 0 &&
                strcmp(by, "control") != 0 && strcmp(by, "severity") != 0))
        return gisac_err_at(err, GISAC_EINVAL, "$.by",
                            "by '%s': use grade, sector, control or severity", by ? by : "");
    return store_finding_counts(s, by, now, cb, ctx, err);
}
