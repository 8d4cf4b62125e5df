/*
 * incident.c: the incident service: report, grade, transitions, deadlines,
 * breaches, events, links (rules in incident.h; levels and deadlines from
 * the programme's incident rules (docs/incident.md) through src/policy).
 *
 * Every write runs in one transaction: load the row, record the breaches
 * and warnings due at now for its state before the change (check_one),
 * change it, write it, append the audit entry and the events, commit.
 */
#include "incident/incident_internal.h"
#include "notify/notify.h"

#include <stdlib.h>
#include <string.h>

/* ---- the handle ---------------------------------------------------------- */

int incident_svc_new(store *s, const char *evidence_dir, incident_svc **out, gisac_err *err)
{
    incident_svc *svc = calloc(1, sizeof *svc);
    if (!svc)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    svc->st = s;
    svc->evdir = strdup(evidence_dir ? evidence_dir : "");
    svc->arena = gisac_arena_new(8192);
    svc->hook = incident_notify_hook; /* incident_svc_set_hook replaces it */
    if (!svc->evdir || !svc->arena) {
        incident_svc_free(svc);
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    }
    *out = svc;
    return 0;
}

void incident_svc_free(incident_svc *svc)
{
    if (!svc)
        return;
    for (int i = 0; i < svc->ncache; i++)
        policy_free(&svc->cache[i].p);
    free(svc->evdir);
    gisac_tz_free(svc->tz);
    gisac_arena_free(svc->arena);
    free(svc);
}

const gisac_tz *incident_tz(incident_svc *svc, const policy *p)
{
    if (svc->tz && strcmp(gisac_tz_name(svc->tz), p->time_zone) == 0)
        return svc->tz;
    gisac_tz *tz = NULL;
    gisac_err e = GISAC_ERR_INIT;
    if (gisac_tz_load(p->time_zone, &tz, &e) < 0)
        return NULL; /* UTC */
    gisac_tz_free(svc->tz);
    svc->tz = tz;
    return tz;
}

store *incident_svc_store(incident_svc *svc)
{
    return svc->st;
}

const char *incident_svc_evidence_dir(incident_svc *svc)
{
    return svc->evdir;
}

/* ---- vocabularies -------------------------------------------------------- */

static const char *const status_names[] = {
    "", "draft", "reported", "reviewed", "recovered", "investigated", "closed",
};

const char *incident_status_name(incident_status st)
{
    return (int)st > 0 && (size_t)st < sizeof status_names / sizeof status_names[0]
               ? status_names[st]
               : "";
}

incident_status incident_status_parse(const char *s)
{
    for (size_t i = 1; s && i < sizeof status_names / sizeof status_names[0]; i++)
        if (strcmp(s, status_names[i]) == 0)
            return (incident_status)i;
    return INCIDENT_STATUS_NONE;
}

/* The ten categories of national sharing (惡意內容, 惡意程式, 資訊蒐集,
 * 入侵嘗試, 入侵攻擊, 阻斷服務, 資訊內容安全, 詐欺, 系統弱點, 其他). */
static const char *const categories[INCIDENT_CATEGORY_COUNT] = {
    "malicious-content",
    "malware",
    "information-gathering",
    "intrusion-attempt",
    "intrusion",
    "denial-of-service",
    "information-content-security",
    "fraud",
    "vulnerability",
    "other",
};

const char *incident_category_name(int i)
{
    return i >= 0 && i < INCIDENT_CATEGORY_COUNT ? categories[i] : "";
}

int incident_category_check(const char *s, gisac_err *err)
{
    for (int i = 0; i < INCIDENT_CATEGORY_COUNT; i++)
        if (s && strcmp(s, categories[i]) == 0)
            return 0;
    return gisac_err_at(err, GISAC_EINVAL, "$.category",
                        "category '%s': use malicious-content, malware, information-gathering, "
                        "intrusion-attempt, intrusion, denial-of-service, "
                        "information-content-security, fraud, vulnerability or other",
                        s ? s : "");
}

static const char *const channels[] = {"portal", "phone", "mail", "fax", "other"};

int incident_channel_check(const char *s, gisac_err *err)
{
    for (size_t i = 0; i < sizeof channels / sizeof channels[0]; i++)
        if (s && strcmp(s, channels[i]) == 0)
            return 0;
    return gisac_err_at(err, GISAC_EINVAL, "$.channel",
                        "channel '%s': use portal, phone, mail, fax or other", s ? s : "");
}

const char *incident_deadline_owner_name(policy_deadline k)
{
    return k == POLICY_DL_REVIEW ? "reviewer" : "agency";
}

static const char *const dl_state_names[] = {"none", "pending", "overdue", "met", "late", "moot"};

const char *incident_dl_state_name(incident_dl_state s)
{
    return (int)s >= 0 && (size_t)s < sizeof dl_state_names / sizeof dl_state_names[0]
               ? dl_state_names[s]
               : "";
}

/* ---- callers ------------------------------------------------------------- */

int incident_is_staff(const auth_principal *who)
{
    return who && (who->role == AUTH_ROLE_ADMIN || who->role == AUTH_ROLE_ANALYST);
}

int incident_who_check(const auth_principal *who, gisac_err *err)
{
    if (incident_is_staff(who))
        return 0;
    if (who && who->role == AUTH_ROLE_AGENCY && who->agency && *who->agency)
        return 0;
    return gisac_err_set(err, GISAC_EFORBIDDEN, "%s%s may not use incidents%s",
                         who ? "role " : "no caller", who ? auth_role_name(who->role) : "",
                         who && who->role == AUTH_ROLE_AGENCY ? " without an agency" : "");
}

int incident_load(incident_svc *svc, const auth_principal *who, const char *id, store_incident *row,
                  gisac_err *err)
{
    int rc = incident_who_check(who, err);
    if (rc < 0)
        return rc;
    if (!id || !*id)
        return gisac_err_set(err, GISAC_EINVAL, "no incident id given");
    rc = store_incident_get(svc->st, id, row, svc->arena, err);
    int yes = 0;
    if (rc == 0 && (rc = incident_may_see_agency(svc, who, row->agency, &yes, err)) == 0 && !yes)
        rc = GISAC_ENOTFOUND;
    if (rc == GISAC_ENOTFOUND)
        return gisac_err_set(err, GISAC_ENOTFOUND, "incident %s: not found", id);
    return rc;
}

/* ---- text ---------------------------------------------------------------- */

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

void incident_err_field(gisac_err *err, const char *what)
{
    if (!err)
        return;
    size_t n = (size_t)snprintf(err->field, sizeof err->field, "$.%s", what);
    for (size_t i = 2; i < n && i < sizeof err->field; i++)
        if (err->field[i] == '-' || err->field[i] == ' ')
            err->field[i] = '_';
}

/* An input error about what ("aware-at": field "$.aware_at"). */
static int bad_input(gisac_err *err, const char *what, int rc)
{
    incident_err_field(err, what);
    return rc;
}

int incident_text(const char *what, const char *text, size_t max, int flags, char *out, size_t cap,
                  gisac_err *err)
{
    const char *b = text ? text : "";
    while (is_space(*b))
        b++;
    size_t n = strlen(b);
    while (n > 0 && is_space(b[n - 1]))
        n--;
    if (n == 0 && !(flags & TEXT_EMPTY_OK))
        return bad_input(err, what, gisac_err_set(err, GISAC_EINVAL, "%s is empty", what));
    if (n > max || n >= cap)
        return bad_input(
            err, what, gisac_err_set(err, GISAC_EINVAL, "%s is longer than %zu bytes", what, max));
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)b[i];
        if ((flags & TEXT_MULTILINE) && (c == '\n' || c == '\t'))
            continue;
        if (c < 0x20 || c == 0x7f)
            return bad_input(
                err, what, gisac_err_set(err, GISAC_EINVAL, "%s holds a control character", what));
    }
    if (!gisac_utf8_valid(b, n, NULL))
        return bad_input(err, what,
                         gisac_err_set(err, GISAC_EINVAL, "%s is not valid UTF-8", what));
    memcpy(out, b, n);
    out[n] = '\0';
    return 0;
}

/* ---- JSON ---------------------------------------------------------------- */

void incident_json_time(gisac_buf *b, const char *key, int64_t t)
{
    gisac_buf_printf(b, "\"%s\":", key);
    if (t) {
        char ts[GISAC_TIME_LEN];
        gisac_time_format(t, ts);
        gisac_buf_printf(b, "\"%s\"", ts);
    } else {
        gisac_buf_puts(b, "null");
    }
}

void incident_json_str(gisac_buf *b, const char *key, const char *v)
{
    gisac_buf_printf(b, "\"%s\":", key);
    if (v && *v)
        gisac_buf_json_str(b, v);
    else
        gisac_buf_puts(b, "null");
}

void incident_jtime(gisac_buf *b, const char *key, int64_t t)
{
    gisac_buf_putc(b, ',');
    incident_json_time(b, key, t);
}

int incident_json_end(gisac_buf *b, gisac_buf *out)
{
    int rc = gisac_buf_puts(b, "}");
    if (rc == 0)
        rc = gisac_buf_append(out, b->data, b->len);
    gisac_buf_free(b);
    return rc < 0 ? GISAC_ENOMEM : 0;
}

void incident_jstr(gisac_buf *b, const char *key, const char *v)
{
    gisac_buf_putc(b, ',');
    incident_json_str(b, key, v);
}

static void json_level(gisac_buf *b, const char *key, int lv)
{
    if (lv)
        gisac_buf_printf(b, "\"%s\":%d", key, lv);
    else
        gisac_buf_printf(b, "\"%s\":null", key);
}

int incident_to_json(const incident *inc, int64_t now, gisac_buf *out)
{
    gisac_buf b = GISAC_BUF_INIT;
    gisac_buf_puts(&b, "{");
    incident_json_str(&b, "id", inc->id);
    incident_jstr(&b, "agency", inc->agency);
    incident_jstr(&b, "title", inc->title);
    incident_jstr(&b, "description", inc->description);
    gisac_buf_printf(&b,
                     ",\"category\":\"%s\",\"asset\":\"%s\",\"confidentiality\":\"%s\","
                     "\"integrity\":\"%s\",\"availability\":\"%s\",",
                     inc->category, policy_asset_name(inc->asset),
                     policy_impact_name(inc->confidentiality), policy_impact_name(inc->integrity),
                     policy_avail_name(inc->availability));
    json_level(&b, "level", inc->level);
    gisac_buf_puts(&b, ",");
    json_level(&b, "level_computed", inc->level_computed);
    gisac_buf_puts(&b, ",");
    json_level(&b, "level_override", inc->level_override);
    incident_jstr(&b, "override_reason", inc->override_reason);
    gisac_buf_printf(&b, ",\"major\":%s,\"policy_version\":%d,\"status\":\"%s\",",
                     inc->major ? "true" : "false", inc->policy_version,
                     incident_status_name(inc->status));
    incident_json_time(&b, "occurred_at", inc->occurred_at);
    incident_jtime(&b, "aware_at", inc->aware_at);
    incident_jtime(&b, "reported_at", inc->reported_at);
    incident_jtime(&b, "last_report_at", inc->last_report_at);
    gisac_buf_printf(&b, ",\"report_pending\":%s,", inc->report_pending ? "true" : "false");
    incident_json_time(&b, "reviewed_at", inc->reviewed_at);
    incident_jtime(&b, "recovered_at", inc->recovered_at);
    incident_jtime(&b, "investigated_at", inc->investigated_at);
    incident_jtime(&b, "closed_at", inc->closed_at);
    incident_jstr(&b, "close_reason", inc->close_reason);
    gisac_buf_puts(&b, ",\"deadlines\":{");
    for (int k = 0; k < POLICY_DL_COUNT; k++) {
        if (k)
            gisac_buf_puts(&b, ",");
        incident_json_time(&b, policy_deadline_name((policy_deadline)k), inc->deadlines[k].due);
    }
    gisac_buf_puts(&b, "},\"deadline_states\":{");
    for (int k = 0; k < POLICY_DL_COUNT; k++)
        gisac_buf_printf(&b, "%s\"%s\":\"%s\"", k ? "," : "",
                         policy_deadline_name((policy_deadline)k),
                         incident_dl_state_name(inc->deadlines[k].state));
    gisac_buf_puts(&b, "},\"deadline_owners\":{");
    for (int k = 0; k < POLICY_DL_COUNT; k++)
        gisac_buf_printf(&b, "%s\"%s\":\"%s\"", k ? "," : "",
                         policy_deadline_name((policy_deadline)k),
                         incident_deadline_owner_name((policy_deadline)k));
    gisac_buf_puts(&b, "},\"next_deadline\":");
    if (inc->next >= 0) {
        gisac_buf_printf(&b, "{\"kind\":\"%s\",\"owner\":\"%s\",",
                         policy_deadline_name((policy_deadline)inc->next),
                         incident_deadline_owner_name((policy_deadline)inc->next));
        incident_json_time(&b, "due", inc->next_due);
        gisac_buf_printf(&b, ",\"seconds_left\":%lld}", (long long)(inc->next_due - now));
    } else {
        gisac_buf_puts(&b, "null");
    }
    gisac_buf_printf(&b, ",\"breaches\":%d,", inc->breaches);
    incident_json_str(&b, "origin", inc->origin);
    incident_jstr(&b, "created_by", inc->created_by);
    incident_jtime(&b, "created", inc->created);
    incident_jtime(&b, "modified", inc->modified);
    incident_jstr(&b, "measures", inc->measures);
    gisac_buf_puts(&b, ",\"support_needed\":");
    if (inc->support_needed == INCIDENT_SUPPORT_UNSTATED) {
        gisac_buf_puts(&b, "null");
    } else {
        gisac_buf_printf(&b, "{\"needed\":%s,",
                         inc->support_needed == INCIDENT_SUPPORT_YES ? "true" : "false");
        incident_json_str(&b, "detail", inc->support_detail);
        gisac_buf_puts(&b, "}");
    }
    incident_jstr(&b, "notes", inc->notes);
    gisac_buf_printf(&b, ",\"channel\":\"%s\",", inc->channel[0] ? inc->channel : "portal");
    incident_json_time(&b, "received_at", inc->received_at);
    gisac_buf_printf(&b, ",\"revisions\":%d", inc->revisions);
    return incident_json_end(&b, out);
}

/* ---- audit and events ---------------------------------------------------- */

int incident_audit(incident_svc *svc, int64_t now, const char *action, const char *object,
                   const gisac_buf *detail, gisac_err *err)
{
    if (detail && detail->len == 0 && detail->cap)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    return store_audit_append(svc->st, now, action, object, detail ? detail->data : NULL, err);
}

int incident_tx_begin(incident_svc *svc, gisac_err *err)
{
    svc->joined = store_tx_open(svc->st);
    return svc->joined ? 0 : store_begin(svc->st, err);
}

int incident_tx_commit(incident_svc *svc, gisac_err *err)
{
    return svc->joined ? 0 : store_commit(svc->st, err);
}

void incident_tx_rollback(incident_svc *svc)
{
    if (!svc->joined)
        store_rollback(svc->st);
}

int incident_tx_start(incident_svc *svc, int *own, gisac_err *err)
{
    *own = !store_tx_open(svc->st);
    return *own ? store_begin(svc->st, err) : 0;
}

int incident_tx_end(incident_svc *svc, int own, int rc, gisac_err *err)
{
    if (!own)
        return rc;
    if (rc == 0)
        return store_commit(svc->st, err);
    store_rollback(svc->st);
    return rc;
}

int incident_notify_hook(void *ctx, store *s, const incident_event *ev, int64_t now, gisac_err *err)
{
    (void)ctx;
    if (!notify_event_known(ev->kind))
        return 0;
    int rc = notify_enqueue_about(s, ev->kind, ev->agency, NULL, 0, 0,
                                  ev->subject ? ev->subject : ev->id,
                                  ev->detail ? ev->detail : "{}", ev->about, now, err);
    return rc < 0 ? rc : 0;
}

void incident_svc_set_hook(incident_svc *svc, incident_event_hook fn, void *ctx)
{
    svc->hook = fn;
    svc->hook_ctx = ctx;
}

static void deadlines_of(const policy *p, const gisac_tz *tz, const store_incident *r, int64_t now,
                         incident_deadline dl[POLICY_DL_COUNT]);

/*
 * The facts of a notification about r: its id, title, level and the
 * deadline dl (>= 0: the one the event is about, due at due) or else its
 * next one.
 */
static int about_of(incident_svc *svc, const store_incident *r, int64_t now, int dl, int64_t due,
                    gisac_buf *out, gisac_err *err)
{
    int next = 0;
    if (dl < 0) {
        const policy *p;
        int rc = incident_policy_for(svc, r->policy_version, &p, err);
        if (rc < 0)
            return rc;
        incident_deadline d[POLICY_DL_COUNT];
        deadlines_of(p, incident_tz(svc, p), r, now, d);
        for (int k = 0; k < POLICY_DL_COUNT; k++)
            if ((d[k].state == INCIDENT_DL_PENDING || d[k].state == INCIDENT_DL_OVERDUE) &&
                (dl < 0 || d[k].due < due)) {
                dl = k;
                due = d[k].due;
            }
        next = 1;
    }
    gisac_buf_puts(out, "{\"type\":\"incident\",");
    incident_json_str(out, "id", r->ref);
    incident_jstr(out, "title", r->title);
    if (r->level)
        gisac_buf_printf(out, ",\"level\":%d", r->level);
    if (dl >= 0) {
        gisac_buf_printf(out, ",\"deadline\":{\"kind\":\"%s\",",
                         policy_deadline_name((policy_deadline)dl));
        incident_json_time(out, "due", due);
        gisac_buf_printf(out, ",\"next\":%s}", next ? "true" : "false");
    }
    if (gisac_buf_puts(out, "}") < 0)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    return 0;
}

/*
 * Record event kind of r (once per dedup key when given) and hand it to the
 * hook. what completes the subject line "ID (AGENCY, level N): WHAT". dl
 * (>= 0) is the deadline the event is about, due at due.
 */
static int emit_dl(incident_svc *svc, const store_incident *r, int64_t now, const char *kind,
                   const char *dedup, const gisac_buf *detail, const char *what, int *added, int dl,
                   int64_t due, gisac_err *err);

static int emit(incident_svc *svc, const store_incident *r, int64_t now, const char *kind,
                const char *dedup, const gisac_buf *detail, const char *what, int *added,
                gisac_err *err)
{
    return emit_dl(svc, r, now, kind, dedup, detail, what, added, -1, 0, err);
}

static int emit_dl(incident_svc *svc, const store_incident *r, int64_t now, const char *kind,
                   const char *dedup, const gisac_buf *detail, const char *what, int *added, int dl,
                   int64_t due, gisac_err *err)
{
    store_incident_event ev = {0, now, r->id, r->ref, r->agency, kind, detail ? detail->data : NULL,
                               0};
    int yes = 0;
    int rc = store_incident_event_add(svc->st, &ev, dedup, &yes, err);
    if (added)
        *added = yes;
    if (rc < 0 || !yes || !svc->hook)
        return rc;
    gisac_buf subject = GISAC_BUF_INIT;
    if (r->level)
        gisac_buf_printf(&subject, "%s (%s, level %d): %s", r->ref, r->agency, r->level, what);
    else
        gisac_buf_printf(&subject, "%s (%s): %s", r->ref, r->agency, what);
    if (!subject.data) {
        gisac_buf_free(&subject);
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    }
    gisac_buf about = GISAC_BUF_INIT;
    rc = about_of(svc, r, now, dl, due, &about, err);
    if (rc < 0) {
        gisac_buf_free(&subject);
        gisac_buf_free(&about);
        return rc;
    }
    incident_event out = {ev.n, now, r->ref, r->agency, kind, ev.detail, subject.data, about.data};
    rc = svc->hook(svc->hook_ctx, svc->st, &out, now, err);
    gisac_buf_free(&subject);
    gisac_buf_free(&about);
    return rc < 0 ? rc : 0;
}

/* ---- deadlines ----------------------------------------------------------- */

static incident_status row_status(const store_incident *r)
{
    return incident_status_parse(r->status);
}

/* The deadlines of r at now under p (the rules in incident.h). */
static void deadlines_of(const policy *p, const gisac_tz *tz, const store_incident *r, int64_t now,
                         incident_deadline dl[POLICY_DL_COUNT])
{
    incident_status st = row_status(r);
    policy_clock c = {r->level, r->aware_at, r->report_clock, r->report_restarted,
                      /* the review waits for a pending report of a new level */
                      st == INCIDENT_REPORTED && r->report_pending ? 0 : r->review_clock,
                      r->recovered_at, tz};
    int64_t due[POLICY_DL_COUNT];
    policy_deadlines(p, &c, due);
    if (!r->reported_at) /* a draft: only its report is due */
        due[POLICY_DL_RECOVER] = due[POLICY_DL_REVIEW] = due[POLICY_DL_INVESTIGATION] = 0;
    int64_t done[POLICY_DL_COUNT] = {r->report_pending ? 0 : r->last_report_at, r->reviewed_at,
                                     r->recovered_at, r->investigated_at};
    /* the review and the recovery are independent: each is open until done */
    int live = st != INCIDENT_DRAFT && st != INCIDENT_CLOSED;
    int open[POLICY_DL_COUNT] = {r->report_pending && st != INCIDENT_CLOSED,
                                 live && !r->reviewed_at, live && !r->recovered_at,
                                 st == INCIDENT_RECOVERED};
    for (int k = 0; k < POLICY_DL_COUNT; k++) {
        dl[k].due = due[k];
        dl[k].done = done[k];
        if (!due[k])
            dl[k].state = INCIDENT_DL_NONE;
        else if (done[k])
            dl[k].state = done[k] <= due[k] ? INCIDENT_DL_MET : INCIDENT_DL_LATE;
        else if (open[k])
            dl[k].state = now > due[k] ? INCIDENT_DL_OVERDUE : INCIDENT_DL_PENDING;
        else
            dl[k].state = INCIDENT_DL_MOOT;
    }
}

/*
 * Record what is due at now for r (inside a transaction): a breach for
 * every deadline overdue or met late, a warning for every deadline inside
 * its at-risk window. *recorded counts new breaches.
 */
static int check_one(incident_svc *svc, const store_incident *r, int64_t now, int *recorded,
                     gisac_err *err)
{
    const policy *p;
    int rc = incident_policy_for(svc, r->policy_version, &p, err);
    if (rc < 0)
        return rc;
    incident_deadline dl[POLICY_DL_COUNT];
    deadlines_of(p, incident_tz(svc, p), r, now, dl);
    for (int k = 0; k < POLICY_DL_COUNT && rc == 0; k++) {
        const char *kind = policy_deadline_name((policy_deadline)k);
        char due_s[GISAC_TIME_LEN];
        gisac_time_format(dl[k].due, due_s);
        if (dl[k].state == INCIDENT_DL_OVERDUE || dl[k].state == INCIDENT_DL_LATE) {
            int added = 0;
            rc = store_breach_add(svc->st, r->id, kind, dl[k].due, now, &added, err);
            if (rc < 0 || !added)
                continue;
            if (recorded)
                (*recorded)++;
            gisac_buf d = GISAC_BUF_INIT;
            gisac_buf_printf(&d, "{\"id\":\"%s\",\"deadline\":\"%s\",\"due\":\"%s\",\"level\":%d}",
                             r->ref, kind, due_s, r->level);
            rc = incident_audit(svc, now, "incident.breach", r->ref, &d, err);
            char what[96];
            snprintf(what, sizeof what, "%s deadline breached (due %s)", kind, due_s);
            if (rc == 0)
                rc = emit_dl(svc, r, now, "incident.breach", NULL, &d, what, NULL, k, dl[k].due,
                             err);
            gisac_buf_free(&d);
        } else if (dl[k].state == INCIDENT_DL_PENDING && !policy_duration_is_zero(p->at_risk[k]) &&
                   now >= policy_time_sub(dl[k].due, p->at_risk[k])) {
            char dedup[128];
            snprintf(dedup, sizeof dedup, "at_risk:%lld:%s:%lld", (long long)r->id, kind,
                     (long long)dl[k].due);
            gisac_buf d = GISAC_BUF_INIT;
            gisac_buf_printf(&d,
                             "{\"id\":\"%s\",\"deadline\":\"%s\",\"due\":\"%s\",\"level\":%d,"
                             "\"seconds_left\":%lld}",
                             r->ref, kind, due_s, r->level, (long long)(dl[k].due - now));
            int added = 0;
            char what[96];
            snprintf(what, sizeof what, "%s deadline at risk (due %s)", kind, due_s);
            rc = emit_dl(svc, r, now, "incident.deadline_at_risk", dedup, &d, what, &added, k,
                         dl[k].due, err);
            if (rc == 0 && added)
                rc = incident_audit(svc, now, "incident.at_risk", r->ref, &d, err);
            gisac_buf_free(&d);
        }
    }
    return rc;
}

static int count_breach(void *ctx, const store_breach *b)
{
    (void)b;
    (*(int *)ctx)++;
    return 0;
}

static int count_revision(void *ctx, const store_incident_revision *rv)
{
    (void)rv;
    (*(int *)ctx)++;
    return 0;
}

/* Fill *o from row r at now. */
static int fill(incident_svc *svc, const store_incident *r, int64_t now, incident *o,
                gisac_err *err)
{
    memset(o, 0, sizeof *o);
#define CP(dst, src) snprintf(dst, sizeof dst, "%s", (src) ? (src) : "")
    CP(o->id, r->ref);
    CP(o->agency, r->agency);
    CP(o->title, r->title);
    CP(o->description, r->description);
    CP(o->category, r->category);
    CP(o->override_reason, r->override_reason);
    CP(o->close_reason, r->close_reason);
    CP(o->origin, r->origin);
    CP(o->created_by, r->created_by);
    CP(o->measures, r->measures);
    CP(o->support_detail, r->support_detail);
    CP(o->notes, r->notes);
    CP(o->channel, r->channel && *r->channel ? r->channel : "portal");
#undef CP
    o->support_needed = (incident_support)r->support_needed;
    o->received_at = r->received_at;
    policy_asset_parse(r->asset, &o->asset, NULL);
    policy_impact_parse("", r->confidentiality, &o->confidentiality, NULL);
    policy_impact_parse("", r->integrity, &o->integrity, NULL);
    policy_avail_parse(r->availability, &o->availability, NULL);
    o->level = r->level;
    o->level_computed = r->level_computed;
    o->level_override = r->level_override;
    o->policy_version = r->policy_version;
    o->status = row_status(r);
    o->occurred_at = r->occurred_at;
    o->aware_at = r->aware_at;
    o->reported_at = r->reported_at;
    o->last_report_at = r->last_report_at;
    o->report_clock = r->report_clock;
    o->report_restarted = r->report_restarted;
    o->report_pending = r->report_pending;
    o->review_clock = r->review_clock;
    o->reviewed_at = r->reviewed_at;
    o->recovered_at = r->recovered_at;
    o->investigated_at = r->investigated_at;
    o->closed_at = r->closed_at;
    o->created = r->created;
    o->modified = r->modified;
    const policy *p;
    int rc = incident_policy_for(svc, r->policy_version, &p, err);
    if (rc < 0)
        return rc;
    o->major = r->level && r->level >= p->major_level;
    deadlines_of(p, incident_tz(svc, p), r, now, o->deadlines);
    o->next = -1;
    for (int k = 0; k < POLICY_DL_COUNT; k++) {
        incident_dl_state s = o->deadlines[k].state;
        if ((s == INCIDENT_DL_PENDING || s == INCIDENT_DL_OVERDUE) &&
            (o->next < 0 || o->deadlines[k].due < o->next_due)) {
            o->next = k;
            o->next_due = o->deadlines[k].due;
        }
    }
    if (r->counted) { /* a list's row: counted by its query */
        o->breaches = r->breaches;
        o->revisions = r->revisions;
        return 0;
    }
    rc = store_breach_iter(svc->st, r->id, NULL, count_breach, &o->breaches, err);
    if (rc == 0)
        rc = store_incident_revision_iter(svc->st, r->id, count_revision, &o->revisions, err);
    return rc;
}

/* ---- grading ------------------------------------------------------------- */

/* Grade r with p: the computed level, then the effective one. */
static int grade(const policy *p, store_incident *r, gisac_err *err)
{
    policy_asset a;
    policy_impact c, i;
    policy_avail av;
    int rc = policy_asset_parse(r->asset, &a, err);
    if (rc == 0)
        rc = policy_impact_parse("confidentiality", r->confidentiality, &c, err);
    if (rc == 0)
        rc = policy_impact_parse("integrity", r->integrity, &i, err);
    if (rc == 0)
        rc = policy_avail_parse(r->availability, &av, err);
    if (rc == 0)
        rc = policy_level(p, a, c, i, av, &r->level_computed, err);
    if (rc < 0)
        return rc;
    r->level = r->level_override ? r->level_override : r->level_computed;
    return 0;
}

/* ---- writes -------------------------------------------------------------- */

/*
 * Begin, load id for who and record what is due before the change (unless
 * precheck is 0: a change that states when it happened, checked after).
 */
#define CHANGE_PRECHECK 1 /* record what is due before the change */
#define CHANGE_REVIEW   2 /* the review: a supervising agency's step */

static int begin_change_opt(incident_svc *svc, const auth_principal *who, const char *id,
                            int64_t now, int precheck, store_incident *r, gisac_err *err)
{
    gisac_arena_reset(svc->arena);
    int rc = incident_who_check(who, err);
    if (rc < 0)
        return rc;
    if ((rc = incident_tx_begin(svc, err)) < 0)
        return rc;
    rc = incident_load(svc, who, id, r, err);
    /* a supervising agency reads and reviews its sub-agencies' incidents; it does not
     * write their reports */
    if (rc == 0 && !(precheck & CHANGE_REVIEW) && !incident_is_staff(who) &&
        strcmp(r->agency, who->agency) != 0)
        rc = gisac_err_set(err, GISAC_EFORBIDDEN,
                           "incident %s is %s's: its supervising agency reviews it, the agency "
                           "or the office changes it",
                           r->ref, r->agency);
    if (rc == 0 && (precheck & CHANGE_PRECHECK))
        rc = check_one(svc, r, now, NULL, err);
    if (rc < 0)
        incident_tx_rollback(svc);
    return rc;
}

static int begin_change(incident_svc *svc, const auth_principal *who, const char *id, int64_t now,
                        store_incident *r, gisac_err *err)
{
    return begin_change_opt(svc, who, id, now, CHANGE_PRECHECK, r, err);
}

/* Write r, commit (or roll back on rc < 0) and fill out. */
static int end_change(incident_svc *svc, store_incident *r, int rc, int64_t now, incident *out,
                      gisac_err *err)
{
    if (rc == 0)
        rc = incident_tx_commit(svc, err);
    else
        incident_tx_rollback(svc);
    if (rc == 0 && out)
        rc = fill(svc, r, now, out, err);
    return rc;
}

/*
 * The zone of the newest policy (the built-in one's when none is stored),
 * for messages; leaves the service's arena alone (callers may hold rows).
 */
static const gisac_tz *newest_tz(incident_svc *svc)
{
    gisac_arena *ar = gisac_arena_new(8192);
    gisac_err e = GISAC_ERR_INIT;
    store_policy row;
    policy p;
    const gisac_tz *tz = NULL;
    int rc = ar ? store_policy_get(svc->st, 0, &row, ar, &e) : GISAC_ENOMEM;
    if (rc == GISAC_ENOTFOUND) {
        policy_default(&p);
        tz = incident_tz(svc, &p);
    } else if (rc == 0 && policy_parse(row.body, strlen(row.body), "stored policy", &p, &e) == 0) {
        tz = incident_tz(svc, &p);
        policy_free(&p);
    }
    gisac_arena_free(ar);
    return tz;
}

static int check_time(incident_svc *svc, const char *what, int64_t t, int64_t now, gisac_err *err)
{
    if (t <= 0)
        return bad_input(err, what, gisac_err_set(err, GISAC_EINVAL, "%s is missing", what));
    if (t > now) {
        /* local time with its offset, as the caller reads it */
        char ts[GISAC_TIME_LEN];
        gisac_time_format_local(t, newest_tz(svc), ts);
        return bad_input(err, what,
                         gisac_err_set(err, GISAC_EINVAL, "%s %s is in the future", what, ts));
    }
    return 0;
}

static void detail_status(gisac_buf *d, const store_incident *r, const char *from, const char *to,
                          const char *note)
{
    gisac_buf_printf(d, "{\"id\":\"%s\",\"from\":\"%s\",\"to\":\"%s\",\"level\":%d", r->ref, from,
                     to, r->level);
    if (note && *note) {
        gisac_buf_puts(d, ",\"note\":");
        gisac_buf_json_str(d, note);
    }
    gisac_buf_puts(d, "}");
}

/* The legal texts of a report, checked (measures, support detail, notes). */
typedef struct legal_text {
    char measures[INCIDENT_DESCRIPTION_MAX + 1];
    char support[INCIDENT_DESCRIPTION_MAX + 1];
    char notes[INCIDENT_DESCRIPTION_MAX + 1];
} legal_text;

static int legal_texts(const char *measures, const char *support, const char *notes,
                       legal_text *out, gisac_err *err)
{
    int f = TEXT_MULTILINE | TEXT_EMPTY_OK, rc;
    if ((rc = incident_text("measures", measures, INCIDENT_DESCRIPTION_MAX, f, out->measures,
                            sizeof out->measures, err)) < 0 ||
        (rc = incident_text("support-detail", support, INCIDENT_DESCRIPTION_MAX, f, out->support,
                            sizeof out->support, err)) < 0 ||
        (rc = incident_text("notes", notes, INCIDENT_DESCRIPTION_MAX, f, out->notes,
                            sizeof out->notes, err)) < 0)
        return rc;
    return 0;
}

/* The store numbered the new incident: its id INC-YYYY-NNNNNN follows (ctx: INCIDENT_ID_MAX bytes).
 */
static int name_incident(void *ctx, store_incident *r, gisac_err *err)
{
    (void)err;
    snprintf(ctx, INCIDENT_ID_MAX, "INC-%04d-%06lld", r->year, (long long)r->seq);
    r->ref = ctx;
    return 0;
}

int incident_report(incident_svc *svc, const auth_principal *who, const incident_input *in,
                    int64_t now, incident *out, gisac_err *err)
{
    gisac_arena_reset(svc->arena);
    int rc = incident_who_check(who, err);
    if (rc < 0)
        return rc;
    char agency[AUTH_AGENCY_ID_MAX + 1], title[INCIDENT_TITLE_MAX + 1];
    char description[INCIDENT_DESCRIPTION_MAX + 1], origin[INCIDENT_ORIGIN_MAX + 1];
    legal_text lt;
    if ((rc = legal_texts(in->measures, in->support_detail, in->notes, &lt, err)) < 0)
        return rc;
    if ((int)in->support_needed < 0 || in->support_needed > INCIDENT_SUPPORT_YES)
        return gisac_err_at(err, GISAC_EINVAL, "$.support_needed", "support-needed: yes or no");
    const char *channel = in->channel && *in->channel ? in->channel : "portal";
    int other_channel = strcmp(channel, "portal") != 0;
    if ((rc = incident_channel_check(channel, err)) < 0)
        return rc;
    if (other_channel && !incident_is_staff(who))
        return incident_who_check(who, err) < 0
                   ? GISAC_EFORBIDDEN
                   : gisac_err_set(err, GISAC_EFORBIDDEN,
                                   "only office staff record a report received by %s", channel);
    if (other_channel && in->draft)
        return gisac_err_at(err, GISAC_EINVAL, "$.channel",
                            "a report received by %s is a report, not a draft", channel);
    if (!other_channel && in->received_at)
        return gisac_err_at(err, GISAC_EINVAL, "$.received_at",
                            "received-at goes with a channel other than portal");
    if (other_channel && !in->received_at)
        return gisac_err_at(err, GISAC_EINVAL, "$.received_at",
                            "received-at is required: when the report by %s was received", channel);
    if (!in->agency || !*in->agency)
        return gisac_err_at(err, GISAC_EINVAL, "$.agency", "no agency given");
    if ((rc = auth_agency_id_check(in->agency, err)) < 0)
        return bad_input(err, "agency", rc);
    snprintf(agency, sizeof agency, "%s", in->agency);
    if (!incident_is_staff(who) && strcmp(who->agency, agency) != 0)
        return gisac_err_set(err, GISAC_EFORBIDDEN,
                             "an agency account reports for its own agency only");
    if ((rc = incident_text("title", in->title, INCIDENT_TITLE_MAX, 0, title, sizeof title, err)) <
            0 ||
        (rc = incident_text("description", in->description, INCIDENT_DESCRIPTION_MAX,
                            TEXT_MULTILINE | TEXT_EMPTY_OK, description, sizeof description, err)) <
            0 ||
        (rc = incident_text("origin", in->origin, INCIDENT_ORIGIN_MAX, TEXT_EMPTY_OK, origin,
                            sizeof origin, err)) < 0)
        return rc;
    const char *category = in->category ? in->category : "other";
    if ((rc = incident_category_check(category, err)) < 0)
        return rc;
    if ((rc = check_time(svc, "aware-at", in->aware_at, now, err)) < 0)
        return rc;
    if (in->occurred_at) {
        if ((rc = check_time(svc, "occurred-at", in->occurred_at, now, err)) < 0)
            return rc;
        if (in->occurred_at > in->aware_at)
            return gisac_err_at(err, GISAC_EINVAL, "$.occurred_at",
                                "occurred-at is after aware-at");
    }
    if (other_channel) {
        if ((rc = check_time(svc, "received-at", in->received_at, now, err)) < 0)
            return rc;
        if (in->received_at < in->aware_at)
            return gisac_err_at(err, GISAC_EINVAL, "$.received_at",
                                "received-at is before aware-at");
    }
    char alert[INCIDENT_ORIGIN_MAX + 1] = "";
    if (in->alert && (rc = incident_text("alert", in->alert, INCIDENT_ORIGIN_MAX, 0, alert,
                                         sizeof alert, err)) < 0)
        return rc;
    store_incident r;
    memset(&r, 0, sizeof r);
    r.agency = agency;
    r.title = title;
    r.description = description[0] ? description : NULL;
    r.category = category;
    r.asset = in->asset ? in->asset : "";
    r.confidentiality = in->confidentiality ? in->confidentiality : "none";
    r.integrity = in->integrity ? in->integrity : "none";
    r.availability = in->availability ? in->availability : "none";
    r.occurred_at = in->occurred_at;
    r.aware_at = in->aware_at;
    r.report_clock = in->aware_at;
    if (in->draft) {
        r.status = "draft";
        r.report_pending = 1;
    } else {
        /* a report by another channel counts when it was received */
        r.status = "reported";
        r.reported_at = r.last_report_at = r.review_clock = other_channel ? in->received_at : now;
    }
    r.measures = lt.measures[0] ? lt.measures : NULL;
    r.support_needed = in->support_needed;
    r.support_detail = lt.support[0] ? lt.support : NULL;
    r.notes = lt.notes[0] ? lt.notes : NULL;
    r.channel = channel;
    r.received_at = other_channel ? in->received_at : 0;
    r.origin = origin[0] ? origin : NULL;
    r.created_by = store_actor(svc->st);
    r.created = r.modified = now;

    /* check the values before taking the write lock */
    policy_asset a;
    policy_impact ci;
    policy_avail av;
    if ((rc = policy_asset_parse(r.asset, &a, err)) < 0 ||
        (rc = policy_impact_parse("confidentiality", r.confidentiality, &ci, err)) < 0 ||
        (rc = policy_impact_parse("integrity", r.integrity, &ci, err)) < 0 ||
        (rc = policy_avail_parse(r.availability, &av, err)) < 0)
        return rc;

    if ((rc = incident_tx_begin(svc, err)) < 0)
        return rc;
    store_agency ag;
    rc = store_agency_get(svc->st, agency, &ag, svc->arena, err);
    if (rc == GISAC_ENOTFOUND)
        rc = gisac_err_at(err, GISAC_EINVAL, "$.agency", "agency %s does not exist", agency);
    const policy *p = NULL;
    if (rc == 0)
        rc = incident_policy_ensure(svc, now, &r.policy_version, &p, err);
    if (rc == 0)
        rc = grade(p, &r, err);
    char ref[INCIDENT_ID_MAX];
    if (rc == 0) {
        /* the year of the number is the local year in the policy's zone
         * (UTC when the zone cannot be loaded) */
        char date[GISAC_TIME_LEN];
        gisac_tz *tz = NULL;
        gisac_err te = GISAC_ERR_INIT;
        if (gisac_tz_load(p->time_zone, &tz, &te) < 0)
            tz = NULL;
        gisac_date_format_local(now, tz, date);
        gisac_tz_free(tz);
        r.year = atoi(date);
        rc = store_incident_insert(svc->st, &r, name_incident, ref, err);
    }
    gisac_buf dd = GISAC_BUF_INIT;
    if (rc == 0) {
        gisac_buf_printf(&dd,
                         "{\"id\":\"%s\",\"agency\":\"%s\",\"status\":\"%s\",\"level\":%d,"
                         "\"major\":%s,\"asset\":\"%s\",\"confidentiality\":\"%s\","
                         "\"integrity\":\"%s\",\"availability\":\"%s\",\"category\":\"%s\","
                         "\"policy_version\":%d,",
                         r.ref, r.agency, r.status, r.level,
                         r.level && r.level >= p->major_level ? "true" : "false", r.asset,
                         r.confidentiality, r.integrity, r.availability, r.category,
                         r.policy_version);
        incident_json_time(&dd, "aware_at", r.aware_at);
        gisac_buf_puts(&dd, ",");
        incident_json_str(&dd, "title", r.title);
        if (other_channel) {
            gisac_buf_printf(&dd, ",\"channel\":\"%s\",", channel);
            incident_json_time(&dd, "received_at", r.received_at);
        }
        if (alert[0]) {
            gisac_buf_puts(&dd, ",\"alert\":");
            gisac_buf_json_str(&dd, alert);
        }
        gisac_buf_puts(&dd, "}");
        rc = incident_audit(svc, now, in->draft ? "incident.draft" : "incident.report", r.ref, &dd,
                            err);
    }
    if (rc == 0) {
        gisac_buf what = GISAC_BUF_INIT;
        gisac_buf_printf(&what, "%s: %s", in->draft ? "new draft incident" : "new incident",
                         r.title);
        rc = what.data ? emit(svc, &r, now, "incident.new", NULL, &dd, what.data, NULL, err)
                       : gisac_err_set(err, GISAC_ENOMEM, "out of memory");
        gisac_buf_free(&what);
    }
    gisac_buf_free(&dd);
    if (rc == 0) /* revision 1: the report as first filed */
        rc = incident_revision_add(svc, &r, "[]", NULL, now, err);
    if (rc == 0 && alert[0]) {
        int added = 0;
        rc = store_incident_link_add(svc->st, r.id, "alert", alert, now, &added, err);
    }
    if (rc == 0) /* a report filed after its deadline is a breach at once */
        rc = check_one(svc, &r, now, NULL, err);
    return end_change(svc, &r, rc, now, out, err);
}

int incident_report_again(incident_svc *svc, const auth_principal *who, const char *id,
                          const char *note, int64_t now, incident *out, gisac_err *err)
{
    store_incident r;
    int rc = begin_change(svc, who, id, now, &r, err);
    if (rc < 0)
        return rc;
    incident_status st = row_status(&r);
    char n[INCIDENT_REASON_MAX + 1];
    rc = incident_text("note", note, INCIDENT_REASON_MAX, TEXT_EMPTY_OK, n, sizeof n, err);
    if (rc == 0 && (st == INCIDENT_CLOSED || !r.report_pending))
        rc = gisac_err_set(err, GISAC_ECONFLICT, "incident %s: no report is pending (it is %s)",
                           r.ref, r.status);
    const char *from = r.status;
    if (rc == 0) {
        if (st == INCIDENT_DRAFT) {
            r.status = "reported";
            r.reported_at = now;
        }
        if (st == INCIDENT_DRAFT || st == INCIDENT_REPORTED)
            r.review_clock = now; /* the review counts from the report of the current level */
        r.last_report_at = now;
        r.report_pending = 0;
        r.modified = now;
        rc = store_incident_update(svc->st, &r, err);
    }
    if (rc == 0) {
        gisac_buf d = GISAC_BUF_INIT;
        detail_status(&d, &r, from, r.status, n);
        rc = incident_audit(svc, now, "incident.report_again", r.ref, &d, err);
        if (rc == 0)
            rc = emit(svc, &r, now, "incident.reported", NULL, &d,
                      st == INCIDENT_DRAFT ? "reported (was a draft)"
                                           : "report of the new level filed",
                      NULL, err);
        gisac_buf_free(&d);
    }
    if (rc == 0)
        rc = check_one(svc, &r, now, NULL, err);
    return end_change(svc, &r, rc, now, out, err);
}

int incident_get(incident_svc *svc, const auth_principal *who, const char *id, int64_t now,
                 incident *out, gisac_err *err)
{
    gisac_arena_reset(svc->arena);
    store_incident r;
    int rc = incident_load(svc, who, id, &r, err);
    if (rc < 0)
        return rc;
    return fill(svc, &r, now, out, err);
}

typedef struct list_ctx {
    incident_svc *svc;
    const auth_principal *who;
    int64_t now;
    incident_cb cb;
    void *ctx;
    incident inc;
    gisac_err *err;
    int rc;
} list_ctx;

static int list_row(void *ctx, const store_incident *r)
{
    list_ctx *l = ctx; /* the store filter keeps to the caller's agencies (filter_for) */
    if ((l->rc = fill(l->svc, r, l->now, &l->inc, l->err)) < 0)
        return 1;
    return l->cb(l->ctx, &l->inc);
}

/* The store filter for who and f: agency accounts see their own agency only. */
static int filter_for(const auth_principal *who, const char *agency, store_incident_filter *sf,
                      gisac_err *err)
{
    int rc = incident_who_check(who, err);
    if (rc < 0)
        return rc;
    memset(sf, 0, sizeof *sf);
    sf->agency = agency && *agency ? agency : NULL;
    if (!incident_is_staff(who))
        sf->under = who->agency; /* its own agency's and those below it (supervisors) */
    return 0;
}

int incident_list(incident_svc *svc, const auth_principal *who, const incident_filter *f,
                  int64_t now, incident_cb cb, void *ctx, gisac_err *err)
{
    gisac_arena_reset(svc->arena);
    store_incident_filter sf;
    int rc = filter_for(who, f ? f->agency : NULL, &sf, err);
    if (rc < 0)
        return rc;
    if (f && f->status)
        sf.status = incident_status_name(f->status);
    sf.open_only = f ? f->open_only : 0;
    if (f) {
        sf.aware_from = f->aware_from;
        sf.aware_to = f->aware_to;
        sf.brief = f->brief;
    }
    if (f && f->after) { /* "INC-YYYY-N...": digits only, the sequence at most 9 of them */
        const char *p = f->after;
        int64_t y = 0, q = 0;
        size_t nd = 0, i;
        int ok = strncmp(p, "INC-", 4) == 0;
        for (i = 4; ok && i < 8; i++)
            ok = p[i] >= '0' && p[i] <= '9' && ((y = y * 10 + (p[i] - '0')), 1);
        ok = ok && p[8] == '-';
        for (i = 9; ok && p[i]; i++, nd++)
            ok = nd < 9 && p[i] >= '0' && p[i] <= '9' && ((q = q * 10 + (p[i] - '0')), 1);
        if (!ok || nd == 0)
            return gisac_err_at(err, GISAC_EINVAL, "$.cursor",
                                "incident id '%s': expected INC-YYYY-NNNNNN", f->after);
        sf.after_year = y;
        sf.after_seq = q;
    }
    list_ctx *l = calloc(1, sizeof *l);
    if (!l)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    l->svc = svc;
    l->who = who;
    l->now = now;
    l->cb = cb;
    l->ctx = ctx;
    l->err = err;
    rc = store_incident_iter(svc->st, &sf, list_row, l, err);
    if (rc == 0)
        rc = l->rc;
    free(l);
    return rc;
}

typedef struct due_ctx {
    int64_t until;
    incident *v;
    size_t n, cap;
    int oom;
} due_ctx;

static int due_row(void *ctx, const incident *inc)
{
    due_ctx *d = ctx;
    if (inc->next < 0 || (d->until && inc->next_due > d->until))
        return 0;
    return gisac_push_or_stop(&d->v, &d->n, &d->cap, sizeof *d->v, 16, inc, &d->oom);
}

static int by_due(const void *a, const void *b)
{
    const incident *x = a, *y = b;
    if (x->next_due != y->next_due)
        return x->next_due < y->next_due ? -1 : 1;
    return strcmp(x->id, y->id);
}

int incident_due(incident_svc *svc, const auth_principal *who, const char *agency, int64_t now,
                 int64_t until, incident_cb cb, void *ctx, gisac_err *err)
{
    due_ctx d = {until, NULL, 0, 0, 0};
    incident_filter f = {.agency = agency, .open_only = 1};
    int rc = incident_list(svc, who, &f, now, due_row, &d, err);
    if (rc == 0 && d.oom)
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    if (rc < 0) {
        free(d.v);
        return rc;
    }
    if (d.n)
        qsort(d.v, d.n, sizeof *d.v, by_due);
    for (size_t i = 0; i < d.n; i++)
        if (cb(ctx, &d.v[i]) != 0)
            break;
    free(d.v);
    return 0;
}

static int update_with(incident_svc *svc, const auth_principal *who, const char *id,
                       const incident_change *ch, const legal_text *lt, int64_t now, incident *out,
                       gisac_err *err);

/*
 * An incident reported before revisions were kept has none: its content
 * before its first change becomes revision 1, as of its last change, by
 * "unknown (before revisions were kept)".
 */
static int revision_base(incident_svc *svc, const store_incident *r, gisac_err *err)
{
    int n = 0;
    int rc = store_incident_revision_iter(svc->st, r->id, count_revision, &n, err);
    if (rc == 0 && n == 0)
        rc = incident_revision_add(svc, r, "[]", "unknown (before revisions were kept)",
                                   r->modified, err);
    return rc;
}

int incident_update(incident_svc *svc, const auth_principal *who, const char *id,
                    const incident_change *ch, int64_t now, incident *out, gisac_err *err)
{
    if (ch->level >= 0 && !incident_is_staff(who))
        return incident_who_check(who, err) < 0
                   ? GISAC_EFORBIDDEN
                   : gisac_err_set(err, GISAC_EFORBIDDEN, "only office staff may set the level");
    if (ch->level > POLICY_LEVEL_MAX)
        return gisac_err_at(err, GISAC_EINVAL, "$.level", "level %d: use 1 to 4", ch->level);
    if (!ch->title && !ch->description && !ch->category && !ch->asset && !ch->confidentiality &&
        !ch->integrity && !ch->availability && !ch->occurred_at && ch->level < 0 && !ch->measures &&
        !ch->support_detail && !ch->notes && !ch->support_needed)
        return gisac_err_at(err, GISAC_EINVAL, "$", "nothing to change");
    if ((int)ch->support_needed < 0 || ch->support_needed > INCIDENT_SUPPORT_YES)
        return gisac_err_at(err, GISAC_EINVAL, "$.support_needed", "support-needed: yes or no");
    legal_text *lt = malloc(sizeof *lt);
    if (!lt)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    int lrc = legal_texts(ch->measures, ch->support_detail, ch->notes, lt, err);
    if (lrc < 0) {
        free(lt);
        return lrc;
    }
    int urc = update_with(svc, who, id, ch, lt, now, out, err);
    free(lt);
    return urc;
}

static int update_with(incident_svc *svc, const auth_principal *who, const char *id,
                       const incident_change *ch, const legal_text *lt, int64_t now, incident *out,
                       gisac_err *err)
{
    char title[INCIDENT_TITLE_MAX + 1], description[INCIDENT_DESCRIPTION_MAX + 1];
    char reason[INCIDENT_REASON_MAX + 1];
    int rc = 0;
    if (ch->title)
        rc = incident_text("title", ch->title, INCIDENT_TITLE_MAX, 0, title, sizeof title, err);
    if (rc == 0 && ch->description)
        rc = incident_text("description", ch->description, INCIDENT_DESCRIPTION_MAX,
                           TEXT_MULTILINE | TEXT_EMPTY_OK, description, sizeof description, err);
    if (rc == 0 && ch->category)
        rc = incident_category_check(ch->category, err);
    if (rc == 0 && ch->level >= 0) {
        rc = incident_text("reason", ch->reason, INCIDENT_REASON_MAX, TEXT_EMPTY_OK, reason,
                           sizeof reason, err);
        if (rc == 0 && !reason[0])
            rc = gisac_err_at(err, GISAC_EINVAL, "$.reason", "a level override needs a reason");
    }
    if (rc < 0)
        return rc;

    store_incident r;
    if ((rc = begin_change(svc, who, id, now, &r, err)) < 0)
        return rc;
    if (row_status(&r) == INCIDENT_CLOSED)
        rc = gisac_err_set(err, GISAC_ECONFLICT, "incident %s is closed", r.ref);
    int old_level = r.level;
    int old_version = r.policy_version;
    gisac_buf d = GISAC_BUF_INIT;
    gisac_buf_printf(&d, "{\"id\":\"%s\",\"changed\":[", r.ref);
    int nch = 0;
    gisac_buf chg = GISAC_BUF_INIT; /* the members changed, for the revision */
    gisac_buf_puts(&chg, "[");
    if (rc == 0)
        rc = revision_base(svc, &r, err);
#define NOTE(name)                                                                                 \
    (gisac_buf_printf(&chg, "%s\"%s\"", nch ? "," : "", name),                                     \
     gisac_buf_printf(&d, "%s\"%s\"", nch++ ? "," : "", name))
    if (rc == 0 && ch->title) {
        r.title = title;
        NOTE("title");
    }
    if (rc == 0 && ch->description) {
        r.description = description[0] ? description : NULL;
        NOTE("description");
    }
    if (rc == 0 && ch->category) {
        r.category = ch->category;
        NOTE("category");
    }
    if (rc == 0 && ch->measures) {
        r.measures = lt->measures[0] ? lt->measures : NULL;
        NOTE("measures");
    }
    if (rc == 0 && (ch->support_needed || ch->support_detail)) {
        if (ch->support_needed)
            r.support_needed = ch->support_needed;
        if (ch->support_detail)
            r.support_detail = lt->support[0] ? lt->support : NULL;
        NOTE("support_needed");
    }
    if (rc == 0 && ch->notes) {
        r.notes = lt->notes[0] ? lt->notes : NULL;
        NOTE("notes");
    }
    if (rc == 0 && ch->occurred_at) {
        rc = check_time(svc, "occurred-at", ch->occurred_at, now, err);
        if (rc == 0 && ch->occurred_at > r.aware_at)
            rc = gisac_err_at(err, GISAC_EINVAL, "$.occurred_at", "occurred-at is after aware-at");
        r.occurred_at = ch->occurred_at;
        NOTE("occurred_at");
    }
    int regrade =
        ch->asset || ch->confidentiality || ch->integrity || ch->availability || ch->level >= 0;
    if (rc == 0 && regrade) {
        if (ch->asset) {
            r.asset = ch->asset;
            NOTE("asset");
        }
        if (ch->confidentiality) {
            r.confidentiality = ch->confidentiality;
            NOTE("confidentiality");
        }
        if (ch->integrity) {
            r.integrity = ch->integrity;
            NOTE("integrity");
        }
        if (ch->availability) {
            r.availability = ch->availability;
            NOTE("availability");
        }
        if (ch->level >= 0) {
            r.level_override = ch->level;
            r.override_reason = ch->level ? reason : NULL;
            NOTE("level");
        }
        /* graded again by the active policy, whose version the incident now records */
        const policy *p;
        rc = incident_policy_ensure(svc, now, &r.policy_version, &p, err);
        if (rc == 0)
            rc = grade(p, &r, err);
    }
#undef NOTE
    gisac_buf_puts(&d, "]");
    if (rc == 0 && regrade) {
        gisac_buf_printf(&d, ",\"level\":%d,\"level_before\":%d,\"level_computed\":%d", r.level,
                         old_level, r.level_computed);
        if (ch->level >= 0) {
            gisac_buf_puts(&d, ",\"reason\":");
            gisac_buf_json_str(&d, reason);
        }
        if (r.policy_version != old_version)
            gisac_buf_printf(&d, ",\"policy_version\":%d", r.policy_version);
    }
    gisac_buf_puts(&d, "}");
    int level_changed = rc == 0 && r.level != old_level;
    if (level_changed && r.reported_at) {
        /* "report ... again within 1 h when the level changes" (docs/incident.md) */
        r.report_clock = now;
        r.report_restarted = 1;
        r.report_pending = 1;
    }
    if (rc == 0) {
        r.modified = now;
        rc = store_incident_update(svc->st, &r, err);
    }
    if (rc == 0)
        rc = incident_audit(svc, now, "incident.update", r.ref, &d, err);
    if (rc == 0) { /* the revision: the content after this change, and which members changed */
        if (gisac_buf_puts(&chg, "]") < 0)
            rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
        else
            rc = incident_revision_add(svc, &r, chg.data, NULL, now, err);
    }
    gisac_buf_free(&chg);
    if (rc == 0 && level_changed) {
        char what[96];
        if (old_level)
            snprintf(what, sizeof what, "level changed from %d to %d", old_level, r.level);
        else
            snprintf(what, sizeof what, "level set to %d", r.level);
        if (!r.level)
            snprintf(what, sizeof what, "level no longer determined (was %d)", old_level);
        rc = emit(svc, &r, now, "incident.level", NULL, &d, what, NULL, err);
    }
    gisac_buf_free(&d);
    return end_change(svc, &r, rc, now, out, err);
}

/* What may follow status st, for messages. */
static const char *next_step(incident_status st)
{
    switch (st) {
    case INCIDENT_DRAFT:
        return "next: file its report, or dismiss it";
    case INCIDENT_REPORTED:
        return "next: reviewed or recovered";
    case INCIDENT_REVIEWED:
        return "next: recovered";
    case INCIDENT_RECOVERED:
        return "next: investigated";
    case INCIDENT_INVESTIGATED:
        return "next: close it";
    default:
        return "it is closed";
    }
}

static int advance(incident_svc *svc, const auth_principal *who, const char *id, incident_status to,
                   const char *note, const char *report_file, int64_t at, int64_t now,
                   incident *out, gisac_err *err);

int incident_advance(incident_svc *svc, const auth_principal *who, const char *id,
                     incident_status to, const char *note, const char *report_file, int64_t now,
                     incident *out, gisac_err *err)
{
    return advance(svc, who, id, to, note, report_file, 0, now, out, err);
}

int incident_recover(incident_svc *svc, const auth_principal *who, const char *id, int64_t at,
                     const char *note, int64_t now, incident *out, gisac_err *err)
{
    return advance(svc, who, id, INCIDENT_RECOVERED, note, NULL, at, now, out, err);
}

static int advance(incident_svc *svc, const auth_principal *who, const char *id, incident_status to,
                   const char *note, const char *report_file, int64_t at, int64_t now,
                   incident *out, gisac_err *err)
{
    char n[INCIDENT_REASON_MAX + 1];
    int rc = incident_text("note", note, INCIDENT_REASON_MAX, TEXT_EMPTY_OK, n, sizeof n, err);
    if (rc < 0)
        return rc;
    if (to != INCIDENT_REVIEWED && to != INCIDENT_RECOVERED && to != INCIDENT_INVESTIGATED)
        return gisac_err_at(err, GISAC_EINVAL, "$.status",
                            "status '%s': an update moves to reviewed, recovered or "
                            "investigated (close with incident close)",
                            incident_status_name(to));
    if (at && (rc = check_time(svc, "at", at, now, err)) < 0)
        return rc;
    if (to == INCIDENT_INVESTIGATED && (!report_file || !*report_file))
        return gisac_err_at(err, GISAC_EINVAL, "$.report",
                            "investigated needs the investigation and improvement report (a file)");
    /* the report file goes into the evidence store before the transaction */
    char hex[65] = "", name[INCIDENT_FILE_NAME_MAX + 1] = "";
    int64_t size = 0;
    if (to == INCIDENT_INVESTIGATED) {
        /* refuse callers that may not see the incident before touching any file */
        gisac_arena_reset(svc->arena);
        store_incident probe;
        if ((rc = incident_load(svc, who, id, &probe, err)) < 0)
            return rc;
        if ((rc = incident_blob_put(svc, report_file, hex, &size, name, err)) < 0)
            return rc;
    }
    store_incident r;
    int how = (to != INCIDENT_RECOVERED ? CHANGE_PRECHECK : 0) |
              (to == INCIDENT_REVIEWED ? CHANGE_REVIEW : 0);
    if ((rc = begin_change_opt(svc, who, id, now, how, &r, err)) < 0)
        return rc;
    incident_status st = row_status(&r);
    int may = 1;
    if (to == INCIDENT_REVIEWED &&
        (rc = incident_may_review_agency(svc, who, r.agency, &may, err)) == 0 && !may)
        rc = gisac_err_set(err, GISAC_EFORBIDDEN,
                           "the review of %s is its supervising agency's or the office's, not "
                           "the reporting agency's",
                           r.ref);
    /* the review and the recovery do not wait for each other */
    int ok = to == INCIDENT_REVIEWED
                 ? !r.reviewed_at && (st == INCIDENT_REPORTED || st == INCIDENT_RECOVERED ||
                                      st == INCIDENT_INVESTIGATED)
             : to == INCIDENT_RECOVERED ? st == INCIDENT_REPORTED || st == INCIDENT_REVIEWED
                                        : st == INCIDENT_RECOVERED;
    if (rc == 0 && !ok && to == INCIDENT_REVIEWED && r.reviewed_at && st != INCIDENT_CLOSED)
        rc = gisac_err_set(err, GISAC_ECONFLICT, "incident %s is reviewed already", r.ref);
    else if (rc == 0 && !ok)
        rc = gisac_err_set(err, GISAC_ECONFLICT, "incident %s is %s: it cannot become %s (%s)",
                           r.ref, r.status, incident_status_name(to), next_step(st));
    if (rc == 0 && to == INCIDENT_RECOVERED && at && at < r.aware_at)
        rc = gisac_err_at(err, GISAC_EINVAL, "$.at", "at is before aware-at");
    if (rc == 0 && to == INCIDENT_REVIEWED && r.level == 0)
        rc = gisac_err_set(err, GISAC_ECONFLICT,
                           "incident %s has no level yet: give its impacts or set the level first",
                           r.ref);
    if (rc == 0 && to == INCIDENT_REVIEWED && r.report_pending)
        rc = gisac_err_set(err, GISAC_ECONFLICT,
                           "incident %s: the report of its new level is pending; review after it",
                           r.ref);
    const char *from = r.status;
    if (rc == 0) {
        /* a late review leaves the status where the agency brought it */
        if (to != INCIDENT_REVIEWED || st == INCIDENT_REPORTED)
            r.status = incident_status_name(to);
        if (to == INCIDENT_REVIEWED)
            r.reviewed_at = now;
        else if (to == INCIDENT_RECOVERED)
            r.recovered_at = at ? at : now;
        else
            r.investigated_at = now;
        r.modified = now;
        rc = store_incident_update(svc->st, &r, err);
    }
    if (rc == 0 && to == INCIDENT_INVESTIGATED) {
        store_evidence ev;
        rc =
            incident_evidence_row(svc, &r, "report", hex, size, name[0] ? name : NULL,
                                  "investigation and improvement report", NULL, now, now, &ev, err);
    }
    if (rc == 0) {
        gisac_buf d = GISAC_BUF_INIT;
        detail_status(&d, &r, from, r.status, n);
        if (to == INCIDENT_RECOVERED && d.len) { /* when it happened */
            d.len--;
            gisac_buf_puts(&d, ",");
            incident_json_time(&d, "at", r.recovered_at);
            gisac_buf_puts(&d, "}");
        }
        char action[40];
        snprintf(action, sizeof action, "incident.%s",
                 to == INCIDENT_REVIEWED    ? "review"
                 : to == INCIDENT_RECOVERED ? "recover"
                                            : "investigate");
        rc = incident_audit(svc, now, action, r.ref, &d, err);
        if (rc == 0)
            rc = emit(svc, &r, now, "incident.status", NULL, &d, r.status, NULL, err);
        gisac_buf_free(&d);
    }
    if (rc == 0) /* a transition after its deadline is a breach */
        rc = check_one(svc, &r, now, NULL, err);
    return end_change(svc, &r, rc, now, out, err);
}

int incident_close(incident_svc *svc, const auth_principal *who, const char *id, const char *reason,
                   int64_t now, incident *out, gisac_err *err)
{
    if (!incident_is_staff(who))
        return incident_who_check(who, err) < 0
                   ? GISAC_EFORBIDDEN
                   : gisac_err_set(err, GISAC_EFORBIDDEN,
                                   "only office staff may close an incident");
    char why[INCIDENT_REASON_MAX + 1];
    int rc =
        incident_text("reason", reason, INCIDENT_REASON_MAX, TEXT_EMPTY_OK, why, sizeof why, err);
    if (rc < 0)
        return rc;
    store_incident r;
    if ((rc = begin_change(svc, who, id, now, &r, err)) < 0)
        return rc;
    incident_status st = row_status(&r);
    if (st != INCIDENT_INVESTIGATED && st != INCIDENT_DRAFT)
        rc = gisac_err_set(err, GISAC_ECONFLICT,
                           "incident %s is %s: only an investigated incident can be closed%s",
                           r.ref, r.status, st == INCIDENT_CLOSED ? "" : " (or a draft dismissed)");
    if (rc == 0 && st == INCIDENT_INVESTIGATED && !r.reviewed_at)
        rc = gisac_err_set(err, GISAC_ECONFLICT,
                           "incident %s is not reviewed yet: it is closed after its review", r.ref);
    if (rc == 0 && st == INCIDENT_DRAFT && !why[0])
        rc = gisac_err_at(err, GISAC_EINVAL, "$.reason", "dismissing a draft needs a reason");
    const char *from = r.status;
    if (rc == 0) {
        r.status = "closed";
        r.closed_at = now;
        r.close_reason = why[0] ? why : NULL;
        r.modified = now;
        rc = store_incident_update(svc->st, &r, err);
    }
    if (rc == 0) {
        gisac_buf d = GISAC_BUF_INIT;
        detail_status(&d, &r, from, "closed", why);
        rc = incident_audit(svc, now, st == INCIDENT_DRAFT ? "incident.dismiss" : "incident.close",
                            r.ref, &d, err);
        if (rc == 0)
            rc = emit(svc, &r, now, "incident.status", NULL, &d,
                      st == INCIDENT_DRAFT ? "draft dismissed" : "closed", NULL, err);
        gisac_buf_free(&d);
    }
    return end_change(svc, &r, rc, now, out, err);
}

/* ---- breaches ------------------------------------------------------------ */

typedef struct ref_list {
    char (*v)[INCIDENT_ID_MAX];
    size_t n, cap;
    int oom;
} ref_list;

static int collect_ref(void *ctx, const store_incident *r)
{
    ref_list *l = ctx;
    char ref[INCIDENT_ID_MAX];
    snprintf(ref, sizeof ref, "%s", r->ref);
    return gisac_push_or_stop(&l->v, &l->n, &l->cap, sizeof ref, 64, ref, &l->oom);
}

int incident_check_breaches(incident_svc *svc, int64_t now, int *recorded, gisac_err *err)
{
    gisac_arena_reset(svc->arena);
    if (recorded)
        *recorded = 0;
    int rc = store_begin(svc->st, err);
    if (rc < 0)
        return rc;
    ref_list l = {NULL, 0, 0, 0};
    store_incident_filter f = {.open_only = 1};
    rc = store_incident_iter(svc->st, &f, collect_ref, &l, err);
    if (rc == 0 && l.oom)
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    for (size_t i = 0; rc == 0 && i < l.n; i++) {
        gisac_arena_reset(svc->arena);
        store_incident r;
        rc = store_incident_get(svc->st, l.v[i], &r, svc->arena, err);
        if (rc == 0)
            rc = check_one(svc, &r, now, recorded, err);
    }
    free(l.v);
    return incident_tx_end(svc, 1, rc, err);
}

typedef struct breach_ctx {
    const incident_scope *sc;
    incident_breach_cb cb;
    void *ctx;
} breach_ctx;

static int breach_row(void *ctx, const store_breach *b)
{
    breach_ctx *c = ctx;
    if (!incident_scope_has(c->sc, b->agency))
        return 0;
    incident_breach out = {b->ref, b->agency, POLICY_DL_REPORT, b->due, b->recorded};
    for (int k = 0; k < POLICY_DL_COUNT; k++)
        if (strcmp(b->kind, policy_deadline_name((policy_deadline)k)) == 0)
            out.kind = (policy_deadline)k;
    return c->cb(c->ctx, &out);
}

int incident_breaches(incident_svc *svc, const auth_principal *who, const char *id,
                      incident_breach_cb cb, void *ctx, gisac_err *err)
{
    gisac_arena_reset(svc->arena);
    int rc = incident_who_check(who, err);
    if (rc < 0)
        return rc;
    int64_t iid = 0;
    if (id) {
        store_incident r;
        if ((rc = incident_load(svc, who, id, &r, err)) < 0)
            return rc;
        iid = r.id;
    }
    incident_scope sc;
    if ((rc = incident_scope_load(svc, who, &sc, err)) < 0)
        return rc;
    breach_ctx c = {&sc, cb, ctx};
    rc = store_breach_iter(svc->st, iid, NULL, breach_row, &c, err);
    incident_scope_free(&sc);
    return rc;
}

/* ---- events and links ---------------------------------------------------- */

typedef struct event_ctx {
    const incident_scope *sc;
    incident_event_cb cb;
    void *ctx;
} event_ctx;

static int event_row(void *ctx, const store_incident_event *e)
{
    event_ctx *c = ctx;
    if (!incident_scope_has(c->sc, e->agency))
        return 0;
    incident_event ev = {e->n, e->ts, e->ref, e->agency, e->kind, e->detail, NULL, NULL};
    return c->cb(c->ctx, &ev);
}

int incident_events(incident_svc *svc, const auth_principal *who, const char *id, int64_t after,
                    incident_event_cb cb, void *ctx, gisac_err *err)
{
    int rc = incident_who_check(who, err);
    if (rc < 0)
        return rc;
    int64_t row_id = 0;
    if (id) {
        store_incident row;
        if ((rc = incident_load(svc, who, id, &row, err)) < 0)
            return rc;
        row_id = row.id;
    }
    incident_scope sc;
    if ((rc = incident_scope_load(svc, who, &sc, err)) < 0)
        return rc;
    event_ctx c = {&sc, cb, ctx};
    rc = store_incident_event_iter(svc->st, after, row_id, event_row, &c, err);
    incident_scope_free(&sc);
    return rc;
}

typedef struct find_ctx {
    int found;
    char ref[INCIDENT_ID_MAX];
} find_ctx;

static int find_row(void *ctx, const store_incident *r)
{
    find_ctx *f = ctx;
    f->found = 1; /* rows come oldest first: keep the last */
    snprintf(f->ref, sizeof f->ref, "%s", r->ref);
    return 0;
}

int incident_find_open(incident_svc *svc, const auth_principal *who, const char *agency,
                       const char *origin, int64_t since, int64_t now, incident *out,
                       gisac_err *err)
{
    gisac_arena_reset(svc->arena);
    store_incident_filter sf;
    int rc = filter_for(who, agency, &sf, err);
    if (rc < 0)
        return rc;
    if (!origin || !*origin)
        return gisac_err_at(err, GISAC_EINVAL, "$.origin", "no origin given");
    sf.open_only = 1;
    sf.origin = origin;
    sf.since = since;
    find_ctx f = {0, ""};
    if ((rc = store_incident_iter(svc->st, &sf, find_row, &f, err)) < 0)
        return rc;
    if (!f.found)
        return gisac_err_set(err, GISAC_ENOTFOUND, "no open incident of %s from %s",
                             agency ? agency : "any agency", origin);
    return incident_get(svc, who, f.ref, now, out, err);
}

int incident_link(incident_svc *svc, const auth_principal *who, const char *id, const char *kind,
                  const char *target, int64_t now, gisac_err *err)
{
    char k[33], t[INCIDENT_ORIGIN_MAX + 1];
    int rc = incident_text("link kind", kind, 32, 0, k, sizeof k, err);
    if (rc == 0)
        rc = incident_text("link target", target, INCIDENT_ORIGIN_MAX, 0, t, sizeof t, err);
    if (rc < 0)
        return rc;
    store_incident r;
    if ((rc = begin_change(svc, who, id, now, &r, err)) < 0)
        return rc;
    int added = 0;
    rc = store_incident_link_add(svc->st, r.id, k, t, now, &added, err);
    if (rc == 0 && added) {
        gisac_buf d = GISAC_BUF_INIT;
        gisac_buf_printf(&d, "{\"id\":\"%s\",\"kind\":", r.ref);
        gisac_buf_json_str(&d, k);
        gisac_buf_puts(&d, ",\"target\":");
        gisac_buf_json_str(&d, t);
        gisac_buf_puts(&d, "}");
        rc = incident_audit(svc, now, "incident.link", r.ref, &d, err);
        gisac_buf_free(&d);
    }
    return end_change(svc, &r, rc, now, NULL, err);
}

static int link_row(void *ctx, const store_incident_link *l)
{
    const gisac_relay *c = ctx;
    return ((incident_link_cb)c->fn)(c->ctx, l->kind, l->target, l->added);
}

int incident_links(incident_svc *svc, const auth_principal *who, const char *id,
                   incident_link_cb cb, void *ctx, gisac_err *err)
{
    gisac_arena_reset(svc->arena);
    store_incident r;
    int rc = incident_load(svc, who, id, &r, err);
    if (rc < 0)
        return rc;
    gisac_relay c = GISAC_RELAY(cb, ctx);
    return store_incident_link_iter(svc->st, r.id, link_row, &c, err);
}
