/*
 * gov.c: who may read and record governance data, the obligation rules of
 * each grade, and each agency's schedule of obligations (gov.h).
 */
#include "gov/gov_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int gov_dup(gisac_arena *a, const char **p, ...)
{
    va_list ap;
    va_start(ap, p);
    int rc = 0;
    for (; p; p = va_arg(ap, const char **))
        if (*p && !(*p = gisac_arena_strdup(a, *p)))
            rc = GISAC_ENOMEM;
    va_end(ap);
    return rc;
}

/* ---- access ---- */

static int is_staff(const auth_principal *who)
{
    return who && (who->role == AUTH_ROLE_ADMIN || who->role == AUTH_ROLE_ANALYST);
}

static int is_officer(const auth_principal *who)
{
    return who && who->role == AUTH_ROLE_AGENCY && who->agency && who->agency[0];
}

int gov_read_scope(const auth_principal *who, const char **under, gisac_err *err)
{
    *under = NULL;
    if (is_staff(who))
        return 0;
    if (is_officer(who)) {
        *under = who->agency;
        return 0;
    }
    return gisac_err_set(err, GISAC_EFORBIDDEN,
                         "governance data is for the office's staff and agency officers");
}

typedef struct one_agency {
    store_gov_agency *out;
    gisac_arena *arena;
    int found;
} one_agency;

static int one_agency_row(void *ctx, const store_gov_agency *a)
{
    one_agency *o = ctx;
    o->found = 1;
    if (o->out) {
        *o->out = *a;
        if (o->arena && gov_dup(o->arena, &o->out->id, &o->out->name, &o->out->sector,
                                &o->out->grade, &o->out->parent, NULL) < 0)
            return -1;
    }
    return 1;
}

int gov_agency_access(store *s, const auth_principal *who, const char *agency, int write,
                      store_gov_agency *out, gisac_arena *arena, gisac_err *err)
{
    const char *under;
    int rc = gov_read_scope(who, &under, err);
    if (rc < 0)
        return rc;
    if (!agency || !agency[0])
        return gisac_err_at(err, GISAC_EINVAL, "$.agency", "an agency is required");
    store_gov_agency tmp;
    one_agency o = {out ? out : &tmp, out ? arena : NULL, 0};
    rc = store_gov_agencies(s, agency, under, one_agency_row, &o, err);
    if (rc < 0)
        return rc == GISAC_ENOMEM ? gisac_err_set(err, rc, "out of memory") : rc;
    if (!o.found)
        return gisac_err_set(err, GISAC_ENOTFOUND, "agency %s not found", agency);
    if (write && !is_staff(who) && strcmp(who->agency, agency) != 0)
        return gisac_err_set(err, GISAC_EFORBIDDEN,
                             "an officer of %s records its own agency's only, not %s's",
                             who->agency, agency);
    return 0;
}

/* ---- dates ---- */

typedef struct ymd {
    int y, m, d;
} ymd;

static int leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int mdays(int y, int m)
{
    static const int n[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : n[m - 1];
}

static void ymd_text(ymd v, char out[GOV_DATE_LEN])
{
    snprintf(out, GOV_DATE_LEN, "%04u-%02u-%02u", (unsigned)v.y % 10000u, (unsigned)v.m % 100u,
             (unsigned)v.d % 100u);
}

static ymd ymd_of(const gisac_tz *tz, int64_t t)
{
    gisac_tm tm;
    gisac_tz_split(tz, t, &tm);
    return (ymd){tm.year, tm.month, tm.day};
}

static int ymd_cmp(ymd a, ymd b)
{
    return a.y != b.y   ? (a.y < b.y ? -1 : 1)
           : a.m != b.m ? (a.m < b.m ? -1 : 1)
           : a.d != b.d ? (a.d < b.d ? -1 : 1)
                        : 0;
}

/* "YYYY-MM-DD", a real date: 0 or GISAC_EINVAL naming field. */
static int ymd_parse(const char *s, const char *field, ymd *out, gisac_err *err)
{
    int y, m, d;
    char tail;
    if (!s || strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
        s[4] != '-' || s[7] != '-' || y < 1970 || m < 1 || m > 12 || d < 1 || d > mdays(y, m))
        return gisac_err_at(err, GISAC_EINVAL, field, "'%s' is not a date (YYYY-MM-DD)",
                            s ? s : "");
    *out = (ymd){y, m, d};
    return 0;
}

/* ---- schedules ---- */

/* One agency's occurrences due up to limit, in order of kind then due: cb(rule, due). */
typedef int (*occ_fn)(void *ctx, const gov_rule *r, ymd due);

static int schedule(const gov_ruleset *rules, char grade, ymd since, ymd limit, const char *kind,
                    occ_fn fn, void *ctx)
{
    int rc = 0;
    for (size_t i = 0; i < rules->n && rc == 0; i++) {
        const gov_rule *r = &rules->v[i];
        if (r->grade != grade || (kind && strcmp(kind, r->kind) != 0))
            continue;
        if (r->freq == GOV_WITHIN_YEARS) {
            ymd due = {since.y + r->n, since.m, since.d};
            if (due.d > mdays(due.y, due.m))
                due.d = mdays(due.y, due.m);
            if (ymd_cmp(due, limit) <= 0)
                rc = fn(ctx, r, due);
            continue;
        }
        /* periods start at the first period boundary on or after the assignment */
        if (r->freq == GOV_PER_YEAR) {
            int p = 12 / r->n;
            for (int y = since.y; y <= limit.y && rc == 0; y++)
                for (int k = 0; k < r->n && rc == 0; k++) {
                    ymd start = {y, 1 + k * p, 1};
                    ymd due = {y, (k + 1) * p, mdays(y, (k + 1) * p)};
                    if (ymd_cmp(start, since) >= 0 && ymd_cmp(due, limit) <= 0)
                        rc = fn(ctx, r, due);
                }
        } else {
            int y0 = since.m == 1 && since.d == 1 ? since.y : since.y + 1;
            for (int y = y0; y + r->n - 1 <= limit.y && rc == 0; y += r->n) {
                ymd due = {y + r->n - 1, 12, 31};
                if (ymd_cmp(due, limit) <= 0)
                    rc = fn(ctx, r, due);
            }
        }
    }
    return rc;
}

/* ---- listing ---- */

typedef struct done_set {
    store_obligation_done *v;
    unsigned char *used;
    size_t n, cap;
    gisac_arena *arena;
} done_set;

static int done_row(void *ctx, const store_obligation_done *r)
{
    done_set *d = ctx;
    store_obligation_done c = *r;
    if (gov_dup(d->arena, &c.agency, &c.kind, &c.due, &c.done_by, &c.note, &c.evidence, NULL) < 0)
        return -1;
    return gisac_push(&d->v, &d->n, &d->cap, sizeof c, 16, &c) < 0 ? -1 : 0;
}

typedef struct lister {
    store *s;
    const gov_obligation_filter *f;
    gov_obligation_cb cb;
    void *ctx;
    const gisac_tz *tz;
    const gov_ruleset *rules;
    ymd today, limit, horizon;
    const store_gov_agency *ag;
    done_set done;
    int stopped;
    gisac_err *err;
} lister;

static int emit(lister *l, const gov_rule *r, const char *kind, const char *due,
                const store_obligation_done *d)
{
    gov_obligation o;
    memset(&o, 0, sizeof o);
    snprintf(o.id, sizeof o.id, "%s/%s/%s", l->ag->id, kind, due);
    o.agency = l->ag->id;
    o.sector = l->ag->sector;
    o.grade = l->ag->grade && l->ag->grade[0] ? l->ag->grade[0] : '?';
    o.kind = kind;
    snprintf(o.due, sizeof o.due, "%s", due);
    o.rule = r;
    if (d) {
        o.status = "done";
        o.done_at = d->done_at;
        o.done_by = d->done_by;
        o.note = d->note;
        o.evidence = d->evidence;
    } else {
        char today[GOV_DATE_LEN];
        ymd_text(l->today, today);
        o.status = strcmp(due, today) < 0 ? "overdue" : "due";
    }
    const gov_obligation_filter *f = l->f;
    if (f->status && strcmp(f->status, o.status) != 0)
        return 0;
    if (f->year > 0 && atoi(due) != f->year)
        return 0;
    if (f->within > 0) {
        char lim[GOV_DATE_LEN];
        ymd_text(l->limit, lim);
        if (strcmp(due, lim) > 0)
            return 0;
    }
    if (l->cb(l->ctx, &o) != 0) {
        l->stopped = 1;
        return 1;
    }
    return 0;
}

static const store_obligation_done *done_find(done_set *d, const char *kind, const char *due)
{
    for (size_t i = 0; i < d->n; i++)
        if (strcmp(d->v[i].kind, kind) == 0 && strcmp(d->v[i].due, due) == 0) {
            d->used[i] = 1;
            return &d->v[i];
        }
    return NULL;
}

/* Done rows no current occurrence has, of kind (NULL: any) due before upto (the occurrence's own
 * done row is its, not an orphan). */
static int emit_orphans(lister *l, const char *kind, const char *upto)
{
    for (size_t i = 0; i < l->done.n; i++) {
        const store_obligation_done *d = &l->done.v[i];
        if (l->done.used[i] || (kind && strcmp(d->kind, kind) != 0) ||
            (upto && strcmp(d->due, upto) >= 0))
            continue;
        l->done.used[i] = 1;
        if (emit(l, gov_ruleset_rule(l->rules, d->kind, l->ag->grade ? l->ag->grade[0] : '?'),
                 d->kind, d->due, d) != 0)
            return 1;
    }
    return 0;
}

static int occ_one(void *ctx, const gov_rule *r, ymd due)
{
    lister *l = ctx;
    char d[GOV_DATE_LEN];
    ymd_text(due, d);
    /* this occurrence's done row first, so that it is not taken for an orphan */
    const store_obligation_done *done = done_find(&l->done, r->kind, d);
    if (emit_orphans(l, r->kind, d) != 0)
        return 1;
    return emit(l, r, r->kind, d, done);
}

static int list_agency(void *ctx, const store_gov_agency *a)
{
    lister *l = ctx;
    l->ag = a;
    l->done.n = 0;
    gisac_arena_reset(l->done.arena);
    int rc = store_obligation_done_of(l->s, a->id, l->f->kind, done_row, &l->done, l->err);
    if (rc < 0)
        return -1;
    free(l->done.used);
    l->done.used = calloc(l->done.n + 1, 1);
    if (!l->done.used)
        return -1;
    char grade = a->grade && a->grade[0] ? a->grade[0] : '?';
    if (schedule(l->rules, grade, ymd_of(l->tz, a->since), l->horizon, l->f->kind, occ_one, l) != 0)
        return 1;
    return emit_orphans(l, NULL, NULL);
}

static void lister_free(lister *l)
{
    free(l->done.v);
    free(l->done.used);
    gisac_arena_free(l->done.arena);
}

static int lister_init(lister *l, store *s, const gov_env *env, const gov_obligation_filter *f,
                       int64_t now, gov_obligation_cb cb, void *ctx, gisac_err *err)
{
    memset(l, 0, sizeof *l);
    l->s = s;
    const gisac_tz *tz = env ? env->tz : NULL;
    l->tz = tz;
    l->rules = env && env->rules ? env->rules : gov_ruleset_defaults();
    l->f = f;
    l->cb = cb;
    l->ctx = ctx;
    l->err = err;
    l->today = ymd_of(tz, now);
    l->limit = ymd_of(tz, now + (f->within > 0 ? f->within : 0));
    /* the horizon: the end of the year asked for, else of this year or of now + within */
    l->horizon = (ymd){f->year > 0 ? f->year : l->limit.y, 12, 31};
    l->done.arena = gisac_arena_new(0);
    if (!l->done.arena)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    return 0;
}

static int list_end(lister *l, int rc, gisac_err *err)
{
    lister_free(l);
    if (rc == GISAC_ENOMEM || (rc < 0 && err && !err->code))
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    return rc < 0 ? rc : 0;
}

static int filter_check(const gov_obligation_filter *f, gisac_err *err)
{
    if (f->status && strcmp(f->status, "due") != 0 && strcmp(f->status, "overdue") != 0 &&
        strcmp(f->status, "done") != 0)
        return gisac_err_at(err, GISAC_EINVAL, "$.status", "status '%s': use due, overdue or done",
                            f->status);
    if (f->kind)
        return gov_kind_check(f->kind, "$.kind", err);
    if (f->year && (f->year < 1970 || f->year > 9999))
        return gisac_err_at(err, GISAC_EINVAL, "$.year", "year %d is out of range", f->year);
    return 0;
}

int gov_obligation_list(store *s, const gov_env *env, const auth_principal *who,
                        const gov_obligation_filter *f, int64_t now, gov_obligation_cb cb,
                        void *ctx, gisac_err *err)
{
    const char *under;
    int rc = gov_read_scope(who, &under, err);
    if (rc == 0)
        rc = filter_check(f, err);
    if (rc == 0 && f->agency)
        rc = gov_agency_access(s, who, f->agency, 0, NULL, NULL, err);
    return rc < 0 ? rc : gov_occurrences(s, env, f, under, now, cb, ctx, err);
}

int gov_occurrences(store *s, const gov_env *env, const gov_obligation_filter *f, const char *under,
                    int64_t now, gov_obligation_cb cb, void *ctx, gisac_err *err)
{
    int rc;
    lister l;
    if ((rc = lister_init(&l, s, env, f, now, cb, ctx, err)) < 0)
        return rc;
    rc = store_gov_agencies(s, f->agency, under, list_agency, &l, err);
    return list_end(&l, rc, err);
}

/* ---- one occurrence ---- */

typedef struct finder {
    const char *kind, *due;
    gov_obligation *out;
    gisac_arena *arena;
    int found;
} finder;

static int find_one(void *ctx, const gov_obligation *o)
{
    finder *fd = ctx;
    if (strcmp(o->kind, fd->kind) != 0 || strcmp(o->due, fd->due) != 0)
        return 0;
    *fd->out = *o;
    fd->found = 1;
    if (gov_dup(fd->arena, &fd->out->agency, &fd->out->kind, &fd->out->done_by, &fd->out->note,
                &fd->out->evidence, NULL) < 0)
        return -1;
    return 1;
}

/* Occurrence (agency, kind, due) into out: 0 or GISAC_ENOTFOUND (no message). */
static int occurrence(store *s, const gov_env *env, const char *agency, const char *kind,
                      const char *due, int64_t now, gov_obligation *out, gisac_arena *arena,
                      gisac_err *err)
{
    gov_obligation_filter f = {.agency = agency, .kind = kind, .year = atoi(due)};
    finder fd = {kind, due, out, arena, 0};
    lister l;
    int rc = lister_init(&l, s, env, &f, now, find_one, &fd, err);
    if (rc < 0)
        return rc;
    rc = store_gov_agencies(s, agency, NULL, list_agency, &l, err);
    rc = list_end(&l, rc, err);
    if (rc == 0 && !fd.found)
        return GISAC_ENOTFOUND;
    return rc;
}

int gov_obligation_get(store *s, const gov_env *env, const auth_principal *who, const char *id,
                       int64_t now, gov_obligation *out, gisac_arena *arena, gisac_err *err)
{
    char buf[GOV_OBLIGATION_ID_MAX];
    if (!id || strlen(id) >= sizeof buf)
        return gisac_err_set(err, GISAC_ENOTFOUND, "obligation %s not found", id ? id : "");
    snprintf(buf, sizeof buf, "%s", id);
    char *k = strchr(buf, '/');
    char *d = k ? strchr(k + 1, '/') : NULL;
    if (!k || !d)
        return gisac_err_set(err, GISAC_ENOTFOUND, "obligation %s not found (AGENCY/KIND/DUE)", id);
    *k++ = '\0';
    *d++ = '\0';
    ymd due;
    int rc = gov_kind_check(k, "$.id", err);
    if (rc == 0)
        rc = ymd_parse(d, "$.id", &due, err);
    if (rc < 0)
        return gisac_err_set(err, GISAC_ENOTFOUND, "obligation %s not found", id);
    if ((rc = gov_agency_access(s, who, buf, 0, NULL, NULL, err)) < 0)
        return rc == GISAC_ENOTFOUND ? gisac_err_set(err, rc, "obligation %s not found", id) : rc;
    rc = occurrence(s, env, buf, k, d, now, out, arena, err);
    if (rc == GISAC_ENOTFOUND)
        return gisac_err_set(err, rc, "obligation %s not found", id);
    if (rc == 0 && !(out->agency = gisac_arena_strdup(arena, buf)))
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    if (rc == 0)
        snprintf(out->id, sizeof out->id, "%s", id);
    return rc;
}

/* ---- recording ---- */

typedef struct first_open {
    char due[GOV_DATE_LEN];
} first_open;

static int first_not_done(void *ctx, const gov_obligation *o)
{
    first_open *f = ctx;
    if (strcmp(o->status, "done") == 0 || !o->rule)
        return 0;
    snprintf(f->due, sizeof f->due, "%s", o->due);
    return 1;
}

int gov_obligation_record(store *s, const gov_env *env, const auth_principal *who,
                          const gov_done_input *in, int64_t now, char due_out[GOV_DATE_LEN],
                          gisac_arena *arena, gisac_err *err)
{
    int rc = gov_kind_check(in->kind, "$.kind", err);
    if (rc < 0)
        return rc;
    store_gov_agency ag;
    if ((rc = gov_agency_access(s, who, in->agency, 1, &ag, arena, err)) < 0)
        return rc;
    char grade = ag.grade && ag.grade[0] ? ag.grade[0] : '?';
    if (!gov_ruleset_rule(env ? env->rules : NULL, in->kind, grade))
        return gisac_err_at(err, GISAC_EINVAL, "$.kind", "a grade %c agency has no %s obligation",
                            grade, in->kind);
    if (in->note && strlen(in->note) > 2000)
        return gisac_err_at(err, GISAC_EINVAL, "$.note", "at most 2000 bytes");
    if (in->note && !gisac_utf8_valid(in->note, strlen(in->note), NULL))
        return gisac_err_at(err, GISAC_EINVAL, "$.note", "not valid UTF-8");
    int64_t at = in->at ? in->at : now;
    if (at > now + 300)
        return gisac_err_at(err, GISAC_EINVAL, "$.at", "a completion cannot be in the future");
    char due[GOV_DATE_LEN];
    if (in->due) {
        ymd d;
        if ((rc = ymd_parse(in->due, "$.due", &d, err)) < 0)
            return rc;
        snprintf(due, sizeof due, "%s", in->due);
    } else {
        /* the earliest occurrence not done, looking up to 10 years ahead */
        first_open fo = {""};
        const gisac_tz *tz = env ? env->tz : NULL;
        for (int y = ymd_of(tz, ag.since).y; y <= ymd_of(tz, now).y + 10 && !fo.due[0]; y++) {
            gov_obligation_filter f = {.agency = in->agency, .kind = in->kind, .year = y};
            lister l;
            if ((rc = lister_init(&l, s, env, &f, now, first_not_done, &fo, err)) < 0)
                return rc;
            rc = store_gov_agencies(s, in->agency, NULL, list_agency, &l, err);
            if ((rc = list_end(&l, rc, err)) < 0)
                return rc;
        }
        if (!fo.due[0])
            return gisac_err_at(err, GISAC_ECONFLICT, "$.kind", "no %s of %s is left to do",
                                in->kind, in->agency);
        snprintf(due, sizeof due, "%s", fo.due);
    }
    gov_obligation cur;
    rc = occurrence(s, env, in->agency, in->kind, due, now, &cur, arena, err);
    if (rc == GISAC_ENOTFOUND)
        return gisac_err_at(err, GISAC_EINVAL, "$.due", "%s has no %s due on %s", in->agency,
                            in->kind, due);
    if (rc < 0)
        return rc;
    if (strcmp(cur.status, "done") == 0)
        return gisac_err_at(err, GISAC_ECONFLICT, "$.due", "the %s of %s due %s is done already",
                            in->kind, in->agency, due);
    store_obligation_done r = {0,        in->agency,   in->kind, due, at, store_actor(s),
                               in->note, in->evidence, now};
    rc = store_obligation_done_add(s, &r, NULL, err);
    if (rc == GISAC_EEXIST)
        rc = gisac_err_at(err, GISAC_ECONFLICT, "$.due", "the %s of %s due %s is done already",
                          in->kind, in->agency, due);
    if (rc == 0) {
        gisac_buf j = GISAC_BUF_INIT;
        char ts[GISAC_TIME_LEN];
        gisac_time_format(at, ts);
        gisac_buf_puts(&j, "{\"kind\":");
        gisac_buf_json_str(&j, in->kind);
        gisac_buf_printf(&j, ",\"due\":\"%s\",\"at\":\"%s\",\"evidence\":%s}", due, ts,
                         in->evidence ? in->evidence : "null");
        char obj[GOV_OBLIGATION_ID_MAX];
        snprintf(obj, sizeof obj, "%s/%s/%s", in->agency, in->kind, due);
        rc = gov_audit(s, now, "obligation.done", obj, &j, err);
    }
    if (rc == 0)
        snprintf(due_out, GOV_DATE_LEN, "%s", due);
    return rc;
}

int gov_obligation_done(store *s, const gov_env *env, const auth_principal *who,
                        const gov_done_input *in, int64_t now, gov_obligation *out,
                        gisac_arena *arena, gisac_err *err)
{
    char due[GOV_DATE_LEN];
    int rc = store_begin(s, err);
    if (rc < 0)
        return rc;
    rc = gov_tx_end(s, gov_obligation_record(s, env, who, in, now, due, arena, err), err);
    if (rc == 0)
        rc = occurrence(s, env, in->agency, in->kind, due, now, out, arena, err);
    return rc;
}

int gov_obligation_check(store *s, const gov_env *env, const auth_principal *who,
                         const gov_done_input *in, int64_t now, gisac_arena *arena, gisac_err *err)
{
    char due[GOV_DATE_LEN];
    int rc = store_begin(s, err);
    if (rc < 0)
        return rc;
    rc = gov_obligation_record(s, env, who, in, now, due, arena, err);
    store_rollback(s);
    return rc;
}

int gov_obligation_to_json(const gov_obligation *o, gisac_buf *out)
{
    int rc = gisac_buf_puts(out, "{\"id\":");
    rc |= gisac_buf_json_str(out, o->id);
    rc |= gisac_buf_puts(out, ",\"agency\":");
    rc |= gisac_buf_json_str(out, o->agency);
    rc |= gisac_buf_printf(out, ",\"grade\":\"%c\",\"kind\":", o->grade);
    rc |= gisac_buf_json_str(out, o->kind);
    rc |= gisac_buf_printf(out, ",\"due\":\"%s\",\"status\":\"%s\"", o->due, o->status);
    if (o->rule) {
        char freq[48];
        gov_rule_freq_name(o->rule, freq, sizeof freq);
        rc |= gisac_buf_puts(out, ",\"frequency\":");
        rc |= gisac_buf_json_str(out, freq);
        rc |= gisac_buf_puts(out, ",\"evidence_required\":");
        rc |= gisac_buf_json_str(out, o->rule->evidence);
        if (o->rule->count)
            rc |= gisac_buf_printf(out, ",\"count\":%d", o->rule->count);
    }
    if (o->done_at) {
        char ts[GISAC_TIME_LEN];
        gisac_time_format(o->done_at, ts);
        rc |= gisac_buf_printf(out, ",\"done_at\":\"%s\",\"done_by\":", ts);
        rc |= gisac_buf_json_str(out, o->done_by);
        rc |= gisac_buf_puts(out, ",\"note\":");
        rc |= o->note ? gisac_buf_json_str(out, o->note) : gisac_buf_puts(out, "null");
        rc |= gisac_buf_printf(out, ",\"evidence\":%s", o->evidence ? o->evidence : "[]");
    }
    rc |= gisac_buf_putc(out, '}');
    return rc ? GISAC_ENOMEM : 0;
}
