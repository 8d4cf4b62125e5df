/*
 * light.c: the alert light (資安警示燈號) of the whole and of each sector
 * (report.h, docs/status.md): its rules from the policy's "alert_light"
 * object, the figures behind it, the reasons, JSON and text.
 */
#include "report/report_internal.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static const char *const light_names[REPORT_LIGHT_COUNT] = {"green", "blue", "yellow", "orange",
                                                            "red"};
static const char *const light_labels[REPORT_LIGHT_COUNT] = {"綠燈", "藍燈", "黃燈", "橙燈",
                                                             "紅燈"};

const char *report_light_name(report_light l)
{
    return (int)l >= 0 && l < REPORT_LIGHT_COUNT ? light_names[l] : "";
}

const char *report_light_label(report_light l)
{
    return (int)l >= 0 && l < REPORT_LIGHT_COUNT ? light_labels[l] : "";
}

/* ---- the rules -------------------------------------------------------------- */

void report_light_rules_default(report_light_rules *out)
{
    *out = (report_light_rules){
        .red_open_level = 4,
        .red_recover_breach_level = 3,
        .orange_open_level = 3,
        .orange_breach = 1,
        .yellow_open_incidents = 3,
        .yellow_max_level = 2,
        .yellow_spike_factor = 3,
        .yellow_baseline_days = 7,
        .yellow_min_sightings = 1,
        .blue_open = 1,
        .blue_sightings = 1,
    };
}

typedef struct rule_member {
    const char *name;
    int is_bool;
    long long min, max;
    size_t off; /* of an int, or of the int64_t when wide */
    int wide;
} rule_member;

#define RM_INT(n, f, lo, hi)                                                                       \
    {                                                                                              \
        n, 0, lo, hi, offsetof(report_light_rules, f), 0                                           \
    }
#define RM_BOOL(n, f)                                                                              \
    {                                                                                              \
        n, 1, 0, 1, offsetof(report_light_rules, f), 0                                             \
    }
#define RM_WIDE(n, f, lo, hi)                                                                      \
    {                                                                                              \
        n, 0, lo, hi, offsetof(report_light_rules, f), 1                                           \
    }

static const rule_member red_members[] = {
    RM_INT("open_level", red_open_level, 0, 4),
    RM_INT("recover_breach_level", red_recover_breach_level, 0, 4),
};
static const rule_member orange_members[] = {
    RM_INT("open_level", orange_open_level, 0, 4),
    RM_BOOL("breach", orange_breach),
};
static const rule_member yellow_members[] = {
    RM_INT("open_incidents", yellow_open_incidents, 0, 1000000),
    RM_INT("max_level", yellow_max_level, 1, 4),
    RM_INT("spike_factor", yellow_spike_factor, 0, 1000),
    RM_INT("baseline_days", yellow_baseline_days, 1, 90),
    RM_WIDE("min_sightings", yellow_min_sightings, 1, 1000000000),
};
static const rule_member blue_members[] = {
    RM_BOOL("open", blue_open),
    RM_BOOL("sightings", blue_sightings),
};

static const struct {
    const char *name;
    const rule_member *m;
    size_t n;
} rule_groups[] = {
    {"red", red_members, sizeof red_members / sizeof red_members[0]},
    {"orange", orange_members, sizeof orange_members / sizeof orange_members[0]},
    {"yellow", yellow_members, sizeof yellow_members / sizeof yellow_members[0]},
    {"blue", blue_members, sizeof blue_members / sizeof blue_members[0]},
};
#define NGROUPS (sizeof rule_groups / sizeof rule_groups[0])

int report_light_rules_to_json(const report_light_rules *r, gisac_buf *out)
{
    int bad = gisac_buf_putc(out, '{');
    for (size_t g = 0; g < NGROUPS; g++) {
        bad |= gisac_buf_printf(out, "%s\"%s\":{", g ? "," : "", rule_groups[g].name);
        for (size_t i = 0; i < rule_groups[g].n; i++) {
            const rule_member *m = &rule_groups[g].m[i];
            const char *p = (const char *)r + m->off;
            bad |= gisac_buf_printf(out, "%s\"%s\":", i ? "," : "", m->name);
            if (m->is_bool)
                bad |= gisac_buf_puts(out, *(const int *)p ? "true" : "false");
            else if (m->wide)
                bad |= gisac_buf_printf(out, "%lld", (long long)*(const int64_t *)p);
            else
                bad |= gisac_buf_printf(out, "%d", *(const int *)p);
        }
        bad |= gisac_buf_putc(out, '}');
    }
    bad |= gisac_buf_putc(out, '}');
    return bad ? GISAC_ENOMEM : 0;
}

static int parse_group(size_t g, json_t *o, report_light_rules *r, gisac_err *err)
{
    const char *gname = rule_groups[g].name;
    if (!json_is_object(o))
        return gisac_err_set(err, GISAC_EINVAL, "$.alert_light.%s: expected an object", gname);
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v)
    {
        const rule_member *m = NULL;
        for (size_t i = 0; i < rule_groups[g].n && !m; i++)
            if (strcmp(rule_groups[g].m[i].name, key) == 0)
                m = &rule_groups[g].m[i];
        if (!m) {
            char list[256] = "";
            for (size_t i = 0; i < rule_groups[g].n; i++)
                snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "",
                         rule_groups[g].m[i].name);
            return gisac_err_set(err, GISAC_EINVAL,
                                 "$.alert_light.%s.%s: unknown member (expected one of: %s)", gname,
                                 key, list);
        }
        char *p = (char *)r + m->off;
        if (m->is_bool) {
            if (!json_is_boolean(v))
                return gisac_err_set(err, GISAC_EINVAL,
                                     "$.alert_light.%s.%s: expected true or false", gname, key);
            *(int *)p = json_is_true(v);
            continue;
        }
        if (!json_is_integer(v) || json_integer_value(v) < m->min || json_integer_value(v) > m->max)
            return gisac_err_set(err, GISAC_EINVAL,
                                 "$.alert_light.%s.%s: expected an integer %lld to %lld%s", gname,
                                 key, m->min, m->max, m->min == 0 ? " (0: off)" : "");
        if (m->wide)
            *(int64_t *)p = json_integer_value(v);
        else
            *(int *)p = (int)json_integer_value(v);
    }
    return 0;
}

int report_light_rules_parse(const char *text, report_light_rules *out, gisac_err *err)
{
    report_light_rules_default(out);
    if (!text)
        return 0;
    json_error_t je;
    json_t *root = json_loads(text, JSON_REJECT_DUPLICATES, &je);
    if (!root)
        return gisac_err_set(err, GISAC_EINVAL, "$.alert_light: %s", je.text);
    int rc = 0;
    if (!json_is_object(root)) {
        rc = gisac_err_set(err, GISAC_EINVAL, "$.alert_light: expected an object");
    } else {
        const char *key;
        json_t *v;
        json_object_foreach(root, key, v)
        {
            size_t g = 0;
            while (g < NGROUPS && strcmp(rule_groups[g].name, key) != 0)
                g++;
            if (g == NGROUPS) {
                rc = gisac_err_set(err, GISAC_EINVAL,
                                   "$.alert_light.%s: unknown member (expected one of: red, "
                                   "orange, yellow, blue)",
                                   key);
                break;
            }
            if ((rc = parse_group(g, v, out, err)) < 0)
                break;
        }
    }
    json_decref(root);
    if (rc < 0)
        report_light_rules_default(out);
    return rc;
}

/* ---- the state -------------------------------------------------------------- */

typedef struct sight_row {
    int64_t hour, count;
    const char *sector; /* into the agencies */
} sight_row;

typedef struct light_ctx {
    const auth_principal *who;
    int staff;
    int64_t now;
    int policy_version;
    policy_duration alert_answer; /* the answer deadline of alerts (auto_report.answer_within) */
    report_light_rules rules;
    rp_incidents inc; /* open ones */
    rp_agencies ag;
    sight_row *sg;
    size_t nsg, capsg;
    int64_t h24_from;             /* first bucket of the last 24 h */
    const report_obligations *ob; /* overdue obligations, NULL: none given */
    int oom;
} light_ctx;

static int sight_cb(void *ctx, int64_t hour, const char *agency, int64_t count)
{
    light_ctx *c = ctx;
    sight_row r = {hour, count, rp_sector_of(&c->ag, agency)};
    return gisac_push_or_stop(&c->sg, &c->nsg, &c->capsg, sizeof *c->sg, 256, &r, &c->oom);
}

static void light_ctx_free(light_ctx *c)
{
    rp_incidents_free(&c->inc);
    rp_agencies_free(&c->ag);
    free(c->sg);
}

static int cmp_sector(const void *key, const void *el)
{
    return strcmp(key, *(char *const *)el);
}

/* The index of sector in the agencies' sorted sectors; -1 for "" or one not there. */
static int sector_index(const rp_agencies *ag, const char *sector)
{
    char *const *p = sector && *sector && ag->nsectors ? bsearch(sector, ag->sectors, ag->nsectors,
                                                                 sizeof *ag->sectors, cmp_sector)
                                                       : NULL;
    return p ? (int)(p - ag->sectors) : -1;
}

static int light_load(incident_svc *svc, const auth_principal *who, int64_t now, light_ctx *c,
                      gisac_err *err)
{
    memset(c, 0, sizeof *c);
    c->who = who;
    c->now = now;
    c->staff = rp_is_staff(who);
    if (!c->staff && !(who && who->role == AUTH_ROLE_AGENCY && who->agency && *who->agency))
        return gisac_err_set(err, GISAC_EFORBIDDEN,
                             "the alert light is for office staff and agency officers");
    policy p;
    incident_policy_info info;
    int rc = incident_policy_get(svc, 0, &p, &info, err);
    if (rc < 0)
        return rc;
    c->policy_version = info.version;
    incident_auto_rules ar;
    gisac_err are = GISAC_ERR_INIT;
    if (incident_auto_rules_of(&p, &ar, &are) < 0)
        incident_auto_rules_default(&ar);
    c->alert_answer = ar.answer;
    rc = report_light_rules_parse(p.alert_light, &c->rules, err);
    policy_free(&p);
    if (rc < 0) {
        char msg[sizeof err->msg];
        snprintf(msg, sizeof msg, "%s", err->msg);
        return gisac_err_set(err, rc, "policy version %d: %s", info.version, msg);
    }
    store *s = incident_svc_store(svc);
    if ((rc = rp_agencies_load(s, &c->ag, err)) < 0)
        return rc;
    if ((rc = rp_incidents_load(svc, now, 1, 0, 0, &c->inc, err)) < 0) {
        light_ctx_free(c);
        return rc;
    }
    /* the ids the caller may see: its own agency's and those below it (supervisors),
     * by the incident service's rule, asked once per agency */
    const char *last = NULL;
    int last_yes = 0;
    for (size_t i = 0; rc == 0 && i < c->inc.n; i++) {
        rp_incident *r = &c->inc.v[i];
        if (c->staff || strcmp(r->agency, who->agency) == 0) {
            r->visible = 1;
            continue;
        }
        if (!last || strcmp(last, r->agency) != 0) {
            for (size_t j = 0; j < i; j++) /* an agency asked before */
                if (strcmp(c->inc.v[j].agency, r->agency) == 0) {
                    last = c->inc.v[j].agency;
                    last_yes = c->inc.v[j].visible;
                    break;
                }
            if (!last || strcmp(last, r->agency) != 0) {
                rc = incident_may_see_agency(svc, who, r->agency, &last_yes, err);
                last = r->agency;
            }
        }
        r->visible = last_yes;
    }
    if (rc < 0) {
        light_ctx_free(c);
        return rc;
    }
    /* each incident's sector once, as its index: the scopes compare numbers */
    for (size_t i = 0; i < c->inc.n; i++)
        c->inc.v[i].sector = sector_index(&c->ag, rp_sector_of(&c->ag, c->inc.v[i].agency));
    int64_t h0 = rp_floor_div(now, 3600) * 3600;
    c->h24_from = h0 - 23 * 3600;
    int64_t from = c->h24_from - (int64_t)c->rules.yellow_baseline_days * 24 * 3600;
    rc = store_sighting_hours(s, from, h0 + 3600, sight_cb, c, err);
    if (rc == 0 && c->oom)
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    if (rc < 0)
        light_ctx_free(c);
    return rc;
}

/* ---- one scope (the whole, or a sector) ------------------------------------- */

typedef struct scope {
    const char *sector; /* NULL: the whole */
    int si;             /* its index (sector_index); -1: the whole */
    int64_t open, by_level[POLICY_LEVEL_MAX + 1], breached, recover_breached;
    int64_t breached_agency, breached_reviewer; /* by who owes the deadline breached */
    int64_t s24, sbase;
} scope;

static int in_scope(const light_ctx *c, const scope *sc, const rp_incident *r)
{
    (void)c;
    return !sc->sector || r->sector == sc->si;
}

typedef int (*inc_pred)(const light_ctx *c, const rp_incident *r);

static int p_red_open(const light_ctx *c, const rp_incident *r)
{
    return c->rules.red_open_level && r->level >= c->rules.red_open_level;
}
static int p_red_recover(const light_ctx *c, const rp_incident *r)
{
    return c->rules.red_recover_breach_level && r->level >= c->rules.red_recover_breach_level &&
           (r->breached & (1u << POLICY_DL_RECOVER));
}
static int p_orange_open(const light_ctx *c, const rp_incident *r)
{
    return c->rules.orange_open_level && r->level >= c->rules.orange_open_level;
}
static int p_orange_breach(const light_ctx *c, const rp_incident *r)
{
    return c->rules.orange_breach && r->breached;
}
static int p_yellow_low(const light_ctx *c, const rp_incident *r)
{
    return r->level >= 1 && r->level <= c->rules.yellow_max_level;
}
static int p_any(const light_ctx *c, const rp_incident *r)
{
    (void)c;
    (void)r;
    return 1;
}

static const char *plural(int64_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

/*
 * A reason about incidents: the ids the caller may see, the others
 * counted. Appends "(INC-1, INC-2 and 1 of other agencies)" to text.
 */
static json_t *incident_reason(light_ctx *c, const scope *sc, report_light l, const char *rule,
                               inc_pred pred, int64_t *count, gisac_buf *text)
{
    json_t *ids = json_array();
    int64_t n = 0, hidden = 0;
    gisac_buf list = GISAC_BUF_INIT;
    for (size_t i = 0; i < c->inc.n; i++) {
        const rp_incident *r = &c->inc.v[i];
        if (!in_scope(c, sc, r) || !pred(c, r))
            continue;
        n++;
        if (r->visible) {
            if (json_array_append_new(ids, json_string(r->id)) != 0)
                c->oom = 1;
            gisac_buf_printf(&list, "%s%s", list.len ? ", " : "", r->id);
        } else {
            hidden++;
        }
    }
    *count = n;
    if (n == 0) {
        json_decref(ids);
        gisac_buf_free(&list);
        return NULL;
    }
    if (hidden)
        gisac_buf_printf(&list, "%s%" PRId64 " of other agencies", list.len ? " and " : "", hidden);
    gisac_buf_printf(text, " (%s)", list.data);
    gisac_buf_free(&list);
    json_t *o = json_object();
    if (!o || json_object_set_new(o, "light", json_string(report_light_name(l))) ||
        json_object_set_new(o, "rule", json_string(rule)) ||
        json_object_set_new(o, "text", json_string(text->data)) ||
        json_object_set_new(o, "count", json_integer(n)) ||
        json_object_set_new(o, "incidents", ids))
        c->oom = 1;
    if (hidden && json_object_set_new(o, "other_agencies", json_integer(hidden)))
        c->oom = 1;
    return o;
}

static void add_reason(light_ctx *c, json_t *reasons, json_t *r, report_light l, report_light *top)
{
    if (!r)
        return;
    if (json_array_append_new(reasons, r) != 0)
        c->oom = 1;
    if (l > *top)
        *top = l;
}

static json_t *figures_json(light_ctx *c, const scope *sc)
{
    json_t *lv = json_object();
    json_object_set_new(lv, "undetermined", json_integer(sc->by_level[0]));
    for (int l = 1; l <= POLICY_LEVEL_MAX; l++) {
        char k[4];
        snprintf(k, sizeof k, "%d", l);
        json_object_set_new(lv, k, json_integer(sc->by_level[l]));
    }
    json_t *f = json_object();
    if (!lv || !f || json_object_set_new(f, "open", json_integer(sc->open)) ||
        json_object_set_new(f, "open_by_level", lv) ||
        json_object_set_new(f, "breached", json_integer(sc->breached)) ||
        json_object_set_new(f, "recover_breached", json_integer(sc->recover_breached)) ||
        json_object_set_new(f, "breached_agency", json_integer(sc->breached_agency)) ||
        json_object_set_new(f, "breached_reviewer", json_integer(sc->breached_reviewer)) ||
        json_object_set_new(f, "sightings_24h", json_integer(sc->s24)) ||
        json_object_set_new(f, "sightings_baseline", json_integer(sc->sbase)) ||
        json_object_set_new(f, "baseline_days", json_integer(c->rules.yellow_baseline_days)))
        c->oom = 1;
    return f;
}

/* The light of one scope: {["sector",] "light", "label", "reasons", "figures"}. */
static json_t *scope_json(light_ctx *c, const char *sector)
{
    scope sc = {.sector = sector, .si = -1};
    if (sector && (sc.si = sector_index(&c->ag, sector)) < 0)
        sc.si = -2; /* no agency is in it: no incident either */
    const report_light_rules *R = &c->rules;
    for (size_t i = 0; i < c->inc.n; i++) {
        const rp_incident *r = &c->inc.v[i];
        if (!in_scope(c, &sc, r))
            continue;
        sc.open++;
        sc.by_level[r->level >= 0 && r->level <= POLICY_LEVEL_MAX ? r->level : 0]++;
        if (r->breached)
            sc.breached++;
        if (r->breached & (1u << POLICY_DL_RECOVER))
            sc.recover_breached++;
        /* the review is the reviewer's (the supervising agency or the office); the rest the
         * agency's (incident_deadline_owner_name) */
        unsigned reviewer = 0, agency = 0;
        for (int k = 0; k < POLICY_DL_COUNT; k++)
            if (r->breached & (1u << k)) {
                if (strcmp(incident_deadline_owner_name((policy_deadline)k), "reviewer") == 0)
                    reviewer = 1;
                else
                    agency = 1;
            }
        sc.breached_agency += agency;
        sc.breached_reviewer += reviewer;
    }
    for (size_t i = 0; i < c->nsg; i++) {
        if (sector && strcmp(c->sg[i].sector, sector) != 0)
            continue;
        if (c->sg[i].hour >= c->h24_from)
            sc.s24 += c->sg[i].count;
        else
            sc.sbase += c->sg[i].count;
    }

    json_t *reasons = json_array();
    report_light top = REPORT_GREEN;
    int64_t n;

#define REASON(L, RULE, PRED, ...)                                                                 \
    do {                                                                                           \
        gisac_buf tt = GISAC_BUF_INIT;                                                             \
        json_t *r = incident_reason(c, &sc, L, RULE, PRED, &n, &tt);                               \
        if (r) {                                                                                   \
            gisac_buf msg = GISAC_BUF_INIT;                                                        \
            gisac_buf_printf(&msg, __VA_ARGS__);                                                   \
            gisac_buf_puts(&msg, tt.data);                                                         \
            json_object_set_new(r, "text", json_string(msg.data));                                 \
            gisac_buf_free(&msg);                                                                  \
        }                                                                                          \
        add_reason(c, reasons, r, L, &top);                                                        \
        gisac_buf_free(&tt);                                                                       \
    } while (0)

    if (R->red_open_level == 4)
        REASON(REPORT_RED, "open_level", p_red_open, "%" PRId64 " open level-4 %s", n,
               plural(n, "incident", "incidents"));
    else
        REASON(REPORT_RED, "open_level", p_red_open, "%" PRId64 " open %s of level %d or above", n,
               plural(n, "incident", "incidents"), R->red_open_level);
    REASON(REPORT_RED, "recover_breach", p_red_recover,
           "%" PRId64 " open %s of level %d or above with a breached recovery deadline", n,
           plural(n, "incident", "incidents"), R->red_recover_breach_level);
    REASON(REPORT_ORANGE, "open_level", p_orange_open, "%" PRId64 " open %s of level %d or above",
           n, plural(n, "incident", "incidents"), R->orange_open_level);
    REASON(REPORT_ORANGE, "breach", p_orange_breach, "%" PRId64 " open %s with a breached deadline",
           n, plural(n, "incident", "incidents"));
    {
        int64_t low = 0;
        for (size_t i = 0; i < c->inc.n; i++)
            if (in_scope(c, &sc, &c->inc.v[i]) && p_yellow_low(c, &c->inc.v[i]))
                low++;
        if (R->yellow_open_incidents && low >= R->yellow_open_incidents)
            REASON(REPORT_YELLOW, "open_count", p_yellow_low,
                   "%" PRId64 " open incidents of level 1-%d, at least %d", n, R->yellow_max_level,
                   R->yellow_open_incidents);
    }
    if (R->yellow_spike_factor && sc.s24 >= R->yellow_min_sightings &&
        sc.s24 * R->yellow_baseline_days > (int64_t)R->yellow_spike_factor * sc.sbase) {
        char avg[32];
        int64_t hund = (sc.sbase * 100 + R->yellow_baseline_days / 2) / R->yellow_baseline_days;
        snprintf(avg, sizeof avg, "%" PRId64 ".%02" PRId64, hund / 100, hund % 100);
        gisac_buf msg = GISAC_BUF_INIT;
        gisac_buf_printf(&msg,
                         "%" PRId64 " %s in the last 24 h, above %dx the daily average of the %d "
                         "%s before (%" PRId64 ", %s a day)",
                         sc.s24, plural(sc.s24, "sighting", "sightings"), R->yellow_spike_factor,
                         R->yellow_baseline_days, plural(R->yellow_baseline_days, "day", "days"),
                         sc.sbase, avg);
        json_t *r = json_pack("{s:s, s:s, s:s, s:I, s:I}", "light", "yellow", "rule",
                              "sightings_spike", "text", msg.data, "sightings_24h",
                              (json_int_t)sc.s24, "sightings_baseline", (json_int_t)sc.sbase);
        gisac_buf_free(&msg);
        if (!r)
            c->oom = 1;
        add_reason(c, reasons, r, REPORT_YELLOW, &top);
    }
    int64_t overdue = -1;
    if (c->ob) {
        overdue = sector ? 0 : c->ob->total;
        for (size_t i = 0; sector && i < c->ob->n; i++)
            if (strcmp(c->ob->sector[i], sector) == 0)
                overdue = c->ob->count[i];
        int orange = c->ob->orange && overdue >= c->ob->orange;
        if (orange || (c->ob->yellow && overdue >= c->ob->yellow)) {
            gisac_buf msg = GISAC_BUF_INIT;
            gisac_buf_printf(&msg, "%" PRId64 " overdue %s, at least %d", overdue,
                             plural(overdue, "obligation", "obligations"),
                             orange ? c->ob->orange : c->ob->yellow);
            json_t *r = json_pack("{s:s, s:s, s:s, s:I}", "light", orange ? "orange" : "yellow",
                                  "rule", "overdue_obligations", "text", msg.data,
                                  "overdue_obligations", (json_int_t)overdue);
            gisac_buf_free(&msg);
            if (!r)
                c->oom = 1;
            add_reason(c, reasons, r, orange ? REPORT_ORANGE : REPORT_YELLOW, &top);
        }
    }
    if (R->blue_open)
        REASON(REPORT_BLUE, "open", p_any, "%" PRId64 " open %s", n,
               plural(n, "incident", "incidents"));
    if (R->blue_sightings && sc.s24 > 0) {
        gisac_buf msg = GISAC_BUF_INIT;
        gisac_buf_printf(&msg, "%" PRId64 " %s in the last 24 h", sc.s24,
                         plural(sc.s24, "sighting", "sightings"));
        json_t *r = json_pack("{s:s, s:s, s:s, s:I}", "light", "blue", "rule", "sightings", "text",
                              msg.data, "sightings_24h", (json_int_t)sc.s24);
        gisac_buf_free(&msg);
        if (!r)
            c->oom = 1;
        add_reason(c, reasons, r, REPORT_BLUE, &top);
    }
#undef REASON

    json_t *o = json_object();
    if (!o || !reasons || (sector && json_object_set_new(o, "sector", json_string(sector))) ||
        json_object_set_new(o, "light", json_string(report_light_name(top))) ||
        json_object_set_new(o, "label", json_string(report_light_label(top))) ||
        json_object_set_new(o, "reasons", reasons) ||
        json_object_set_new(o, "figures", figures_json(c, &sc)))
        c->oom = 1;
    if (overdue >= 0 && json_object_set_new(json_object_get(o, "figures"), "overdue_obligations",
                                            json_integer(overdue)) != 0)
        c->oom = 1;
    return o;
}

/* The caller's own sector ("" for staff, or an agency without one). */
static const char *own_sector(const light_ctx *c)
{
    return c->staff ? "" : rp_sector_of(&c->ag, c->who->agency);
}

static int status_build(incident_svc *svc, const auth_principal *who, const char *sector,
                        int64_t now, const report_obligations *ob, json_t **out, gisac_err *err)
{
    *out = NULL;
    light_ctx c;
    int rc = light_load(svc, who, now, &c, err);
    if (rc < 0)
        return rc;
    c.ob = ob;
    if (sector) {
        size_t i = 0;
        while (i < c.ag.nsectors && strcmp(c.ag.sectors[i], sector) != 0)
            i++;
        /* an agency account learns nothing of other sectors, not even
         * whether one exists: its own, or 403 */
        if (!c.staff && strcmp(own_sector(&c), sector) != 0)
            rc = gisac_err_set(err, GISAC_EFORBIDDEN,
                               "sector '%s': an agency account sees its own only", sector);
        else if (i == c.ag.nsectors)
            rc = gisac_err_set(err, GISAC_ENOTFOUND, "sector '%s': no agency is in it", sector);
        if (rc < 0) {
            light_ctx_free(&c);
            return rc;
        }
    }
    char ts[GISAC_TIME_LEN];
    gisac_time_format(now, ts);
    json_t *head = json_pack("{s:s, s:s, s:i}", "scheme", "gisac", "generated", ts,
                             "policy_version", c.policy_version);
    json_t *body = scope_json(&c, sector);
    if (!head || !body || json_object_update(head, body) != 0)
        c.oom = 1;
    json_decref(body);
    if (!sector && head) {
        /* monitoring notices: their own answer deadline, not a legal one */
        int64_t aopen = 0, aover = 0;
        char within[POLICY_DURATION_LEN];
        policy_duration_format(c.alert_answer, within);
        if ((rc = alert_counts(svc, who, NULL, now, &aopen, &aover, err)) < 0) {
            json_decref(head);
            light_ctx_free(&c);
            return rc;
        }
        if (json_object_set_new(head, "alerts",
                                json_pack("{s:I, s:I, s:s}", "open", (json_int_t)aopen, "overdue",
                                          (json_int_t)aover, "answer_within", within)) != 0)
            c.oom = 1;
        json_t *secs = json_array();
        for (size_t i = 0; i < c.ag.nsectors; i++) {
            if (!c.staff && strcmp(own_sector(&c), c.ag.sectors[i]) != 0)
                continue;
            if (json_array_append_new(secs, scope_json(&c, c.ag.sectors[i])) != 0)
                c.oom = 1;
        }
        if (json_object_set_new(head, "sectors", secs) != 0)
            c.oom = 1;
    }
    int oom = c.oom;
    light_ctx_free(&c);
    if (oom) {
        json_decref(head);
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    }
    *out = head;
    return 0;
}

int report_status_json(incident_svc *svc, const auth_principal *who, const char *sector,
                       int64_t now, int pretty, gisac_buf *out, gisac_err *err)
{
    return report_status_json_ob(svc, who, sector, now, NULL, pretty, out, err);
}

int report_status_json_ob(incident_svc *svc, const auth_principal *who, const char *sector,
                          int64_t now, const report_obligations *ob, int pretty, gisac_buf *out,
                          gisac_err *err)
{
    json_t *o;
    int rc = status_build(svc, who, sector, now, ob, &o, err);
    return rc < 0 ? rc : rp_json_line(o, pretty, out, err);
}

/* ---- text ------------------------------------------------------------------- */

static json_int_t geti(const json_t *o, const char *k)
{
    return json_integer_value(json_object_get(o, k));
}

static const char *gets(const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

static void text_scope(const json_t *sc, gisac_buf *b, const char *indent)
{
    const json_t *reasons = json_object_get(sc, "reasons");
    size_t i;
    const json_t *r;
    const json_t *f = json_object_get(sc, "figures");
    if (json_array_size(reasons) == 0 && (geti(f, "open") || geti(f, "sightings_24h")))
        gisac_buf_printf(b, "%sgreen: no rule fires (the policy turned them off)\n", indent);
    else if (json_array_size(reasons) == 0)
        gisac_buf_printf(b, "%sgreen: no open incident, no sighting in the last 24 h\n", indent);
    json_array_foreach(reasons, i, r)
        gisac_buf_printf(b, "%s%s: %s\n", indent, gets(r, "light"), gets(r, "text"));
}

static void text_figures(const json_t *sc, gisac_buf *b, const char *indent)
{
    const json_t *f = json_object_get(sc, "figures");
    const json_t *lv = json_object_get(f, "open_by_level");
    gisac_buf_printf(b,
                     "%sopen incidents: %lld (level 1: %lld, level 2: %lld, level 3: %lld, "
                     "level 4: %lld, not determined: %lld), %lld with a breached deadline "
                     "(owed by the agency: %lld, by the reviewer: %lld)\n",
                     indent, (long long)geti(f, "open"), (long long)geti(lv, "1"),
                     (long long)geti(lv, "2"), (long long)geti(lv, "3"), (long long)geti(lv, "4"),
                     (long long)geti(lv, "undetermined"), (long long)geti(f, "breached"),
                     (long long)geti(f, "breached_agency"),
                     (long long)geti(f, "breached_reviewer"));
    gisac_buf_printf(b, "%ssightings: %lld in the last 24 h, %lld in the %lld days before\n",
                     indent, (long long)geti(f, "sightings_24h"),
                     (long long)geti(f, "sightings_baseline"), (long long)geti(f, "baseline_days"));
    if (geti(f, "overdue_obligations") > 0)
        gisac_buf_printf(b, "%sobligations: %lld overdue\n", indent,
                         (long long)geti(f, "overdue_obligations"));
}

int report_status_text(incident_svc *svc, const auth_principal *who, const char *sector,
                       int64_t now, gisac_buf *out, gisac_err *err)
{
    return report_status_text_ob(svc, who, sector, now, NULL, out, err);
}

int report_status_text_ob(incident_svc *svc, const auth_principal *who, const char *sector,
                          int64_t now, const report_obligations *ob, gisac_buf *out, gisac_err *err)
{
    json_t *o;
    int rc = status_build(svc, who, sector, now, ob, &o, err);
    if (rc < 0)
        return rc;
    if (sector)
        gisac_buf_printf(out, "sector %s: ", sector);
    gisac_buf_printf(out, "alert light 資安警示燈號: %s %s\n", gets(o, "light"), gets(o, "label"));
    gisac_buf_printf(out, "(gisac's own scheme, policy version %lld, at %s)\n",
                     (long long)geti(o, "policy_version"), gets(o, "generated"));
    text_scope(o, out, "  ");
    text_figures(o, out, "");
    const json_t *al = json_object_get(o, "alerts");
    if (al)
        gisac_buf_printf(out,
                         "alerts (monitoring notices): %lld open, %lld past their answer "
                         "deadline (%s to confirm or dismiss; no legal deadline)\n",
                         (long long)geti(al, "open"), (long long)geti(al, "overdue"),
                         gets(al, "answer_within"));
    const json_t *secs = json_object_get(o, "sectors");
    size_t i;
    const json_t *sc;
    json_array_foreach(secs, i, sc)
    {
        gisac_buf_printf(out, "sector %s: %s %s\n", gets(sc, "sector"), gets(sc, "light"),
                         gets(sc, "label"));
        text_scope(sc, out, "  ");
    }
    json_decref(o);
    if (!out->data)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    return 0;
}
