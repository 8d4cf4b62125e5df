/*
 * policy.c: the level matrix and deadlines of the programme (docs/incident.md)
 * as versionable data: defaults, the policy file parser (jansson), the
 * canonical form, the level and the deadlines of an incident.
 */
#include "policy/policy.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* ---- names --------------------------------------------------------------- */

static const char *const asset_names[POLICY_ASSET_COUNT] = {"", "non-core", "core", "core-ci",
                                                            "national-secret"};
static const char *const impact_names[] = {"none", "minor", "serious"};
static const char *const avail_names[] = {"none", "within-mtd", "beyond-mtd"};
static const char *const col_names[POLICY_COL_COUNT] = {"minor", "serious", "within-mtd",
                                                        "beyond-mtd"};
static const char *const deadline_names[POLICY_DL_COUNT] = {"report", "review", "recover",
                                                            "investigation_report"};

const char *policy_asset_name(policy_asset a)
{
    return (int)a > 0 && (int)a < POLICY_ASSET_COUNT ? asset_names[a] : "";
}

const char *policy_impact_name(policy_impact i)
{
    return (int)i >= 0 && (int)i <= POLICY_IMPACT_SERIOUS ? impact_names[i] : "";
}

const char *policy_avail_name(policy_avail a)
{
    return (int)a >= 0 && (int)a <= POLICY_AVAIL_BEYOND_MTD ? avail_names[a] : "";
}

const char *policy_col_name(int col)
{
    return col >= 0 && col < POLICY_COL_COUNT ? col_names[col] : "";
}

const char *policy_deadline_name(policy_deadline k)
{
    return (int)k >= 0 && (int)k < POLICY_DL_COUNT ? deadline_names[k] : "";
}

int policy_asset_parse(const char *s, policy_asset *out, gisac_err *err)
{
    for (int a = 1; a < POLICY_ASSET_COUNT; a++)
        if (s && strcmp(s, asset_names[a]) == 0) {
            *out = (policy_asset)a;
            return 0;
        }
    return gisac_err_at(err, GISAC_EINVAL, "$.asset",
                        "asset '%s': use non-core, core, core-ci or national-secret", s ? s : "");
}

int policy_impact_parse(const char *what, const char *s, policy_impact *out, gisac_err *err)
{
    for (int i = 0; i <= POLICY_IMPACT_SERIOUS; i++)
        if (s && strcmp(s, impact_names[i]) == 0) {
            *out = (policy_impact)i;
            return 0;
        }
    gisac_err_set(err, GISAC_EINVAL, "%s '%s': use none, minor or serious", what, s ? s : "");
    if (err && what && *what)
        snprintf(err->field, sizeof err->field, "$.%s", what);
    return GISAC_EINVAL;
}

int policy_avail_parse(const char *s, policy_avail *out, gisac_err *err)
{
    for (int i = 0; i <= POLICY_AVAIL_BEYOND_MTD; i++)
        if (s && strcmp(s, avail_names[i]) == 0) {
            *out = (policy_avail)i;
            return 0;
        }
    return gisac_err_at(err, GISAC_EINVAL, "$.availability",
                        "availability '%s': use none, within-mtd or beyond-mtd", s ? s : "");
}

/* ---- calendar ------------------------------------------------------------ */

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

/* Days from 1970-01-01 to y-m-d, proleptic Gregorian (H. Hinnant's algorithm). */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
    y -= m <= 2;
    int64_t era = floor_div(y, 400);
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int64_t *m, int64_t *d)
{
    z += 719468;
    int64_t era = floor_div(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

static int64_t month_days(int64_t y, int64_t m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dm[m - 1];
}

static int64_t add_months(int64_t t, int64_t months)
{
    if (months == 0)
        return t;
    int64_t days = floor_div(t, 86400), tod = t - days * 86400;
    int64_t y, m, d;
    civil_from_days(days, &y, &m, &d);
    int64_t idx = y * 12 + (m - 1) + months;
    y = floor_div(idx, 12);
    m = idx - y * 12 + 1;
    int64_t last = month_days(y, m);
    if (d > last)
        d = last;
    return days_from_civil(y, m, d) * 86400 + tod;
}

int64_t policy_time_add(int64_t t, policy_duration d)
{
    return add_months(t, d.months) + d.seconds;
}

int64_t policy_time_add_in(int64_t t, policy_duration d, const gisac_tz *tz)
{
    if (!tz || !d.months)
        return policy_time_add(t, d);
    gisac_tm tm;
    gisac_tz_split(tz, t, &tm);
    int64_t m = (int64_t)tm.year * 12 + (tm.month - 1) + d.months;
    int y = (int)(m >= 0 ? m / 12 : -((-m + 11) / 12));
    int mo = (int)(m - (int64_t)y * 12) + 1;
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    int day = tm.day, dim = mdays[mo - 1] + (mo == 2 && leap);
    if (day > dim)
        day = dim;
    int64_t out;
    if (gisac_tz_local_to_utc(tz, y, mo, day, tm.hour, tm.min, tm.sec, &out) < 0)
        return policy_time_add(t, d);
    return out + d.seconds;
}

int64_t policy_time_sub(int64_t t, policy_duration d)
{
    return add_months(t - d.seconds, -(int64_t)d.months);
}

/* ---- durations ----------------------------------------------------------- */

#define MAX_MONTHS  1200
#define MAX_SECONDS (100LL * 365 * 86400)

int policy_duration_parse(const char *s, policy_duration *out, gisac_err *err)
{
    policy_duration d = {0, 0};
    const char *p = s ? s : "";
    if (!*p)
        return gisac_err_set(err, GISAC_EINVAL, "duration is empty: use e.g. 1h, 72h, 1mo");
    while (*p) {
        if (*p < '0' || *p > '9')
            return gisac_err_set(err, GISAC_EINVAL,
                                 "duration '%s': expected NUMBER UNIT groups, units mo, w, d, h, "
                                 "m, s (e.g. 1h30m)",
                                 s);
        int64_t n = 0;
        while (*p >= '0' && *p <= '9') {
            n = n * 10 + (*p - '0');
            if (n > MAX_SECONDS)
                return gisac_err_set(err, GISAC_EINVAL, "duration '%s' is too long", s);
            p++;
        }
        int64_t unit;
        if (p[0] == 'm' && p[1] == 'o') {
            if (d.months + n > MAX_MONTHS)
                return gisac_err_set(err, GISAC_EINVAL, "duration '%s' is too long", s);
            d.months += (int32_t)n;
            p += 2;
            continue;
        }
        switch (*p) {
        case 'w':
            unit = 7 * 86400;
            break;
        case 'd':
            unit = 86400;
            break;
        case 'h':
            unit = 3600;
            break;
        case 'm':
            unit = 60;
            break;
        case 's':
            unit = 1;
            break;
        default:
            return gisac_err_set(err, GISAC_EINVAL,
                                 "duration '%s': unknown or missing unit (use mo, w, d, h, m, s)",
                                 s);
        }
        p++;
        if (n > MAX_SECONDS / unit || d.seconds + n * unit > MAX_SECONDS)
            return gisac_err_set(err, GISAC_EINVAL, "duration '%s' is too long", s);
        d.seconds += n * unit;
    }
    *out = d;
    return 0;
}

int policy_duration_is_zero(policy_duration d)
{
    return d.months == 0 && d.seconds == 0;
}

void policy_duration_format(policy_duration d, char out[POLICY_DURATION_LEN])
{
    size_t o = 0;
    out[0] = '\0';
    if (d.months)
        o += (size_t)snprintf(out + o, POLICY_DURATION_LEN - o, "%dmo", (int)d.months);
    int64_t s = d.seconds;
    if (s == 0) {
        if (!d.months)
            snprintf(out, POLICY_DURATION_LEN, "0m");
        return;
    }
    if (s >= 4 * 86400 && s % 86400 == 0) {
        snprintf(out + o, POLICY_DURATION_LEN - o, "%lldd", (long long)(s / 86400));
        return;
    }
    long long h = s / 3600, m = s % 3600 / 60, sec = s % 60;
    if (h)
        o += (size_t)snprintf(out + o, POLICY_DURATION_LEN - o, "%lldh", h);
    if (m)
        o += (size_t)snprintf(out + o, POLICY_DURATION_LEN - o, "%lldm", m);
    if (sec)
        snprintf(out + o, POLICY_DURATION_LEN - o, "%llds", sec);
}

void policy_left_format(int64_t seconds, char out[POLICY_DURATION_LEN])
{
    /* whole minutes, rounded down: 59 s left is "0m", 1 s overdue "-1m" */
    int64_t min = floor_div(seconds, 60);
    const char *sign = min < 0 ? "-" : "";
    unsigned long long m = min < 0 ? (unsigned long long)(-(min + 1)) + 1 : (unsigned long long)min;
    if (m >= 2 * 1440)
        snprintf(out, POLICY_DURATION_LEN, "%s%llud%02lluh", sign, m / 1440, m % 1440 / 60);
    else if (m >= 60)
        snprintf(out, POLICY_DURATION_LEN, "%s%lluh%02llum", sign, m / 60, m % 60);
    else
        snprintf(out, POLICY_DURATION_LEN, "%s%llum", sign, m);
}

/* ---- defaults ------------------------------------------------------------ */

void policy_default(policy *p)
{
    memset(p, 0, sizeof *p);
    /* docs/incident.md, "Levels": minor, serious, within MTD, beyond MTD */
    static const int matrix[POLICY_ASSET_COUNT][POLICY_COL_COUNT] = {
        {0, 0, 0, 0}, /* unused */
        {1, 2, 1, 2}, /* non-core business */
        {2, 3, 2, 3}, /* core business, no critical infrastructure */
        {3, 4, 3, 4}, /* core business of CI; official secrets; sensitive data */
        {4, 4, 0, 0}, /* national secrets: availability does not apply ("-") */
    };
    memcpy(p->level, matrix, sizeof matrix);
    p->major_level = 3;                     /* "Levels 3-4 are major incidents and escalate" */
    p->report = (policy_duration){0, 3600}; /* 1 h of awareness */
    p->report_level_change = (policy_duration){0, 3600}; /* again within 1 h */
    for (int lv = 1; lv <= POLICY_LEVEL_MAX; lv++) {
        int major = lv >= 3;
        p->review[lv] = (policy_duration){0, (major ? 2 : 8) * 3600};    /* 8 h / 2 h */
        p->recover[lv] = (policy_duration){0, (major ? 36 : 72) * 3600}; /* 72 h / 36 h */
        p->investigation[lv] = (policy_duration){1, 0};                  /* 1 month */
    }
    /* gisac's own warning windows (not the programme's) */
    p->at_risk[POLICY_DL_REPORT] = (policy_duration){0, 15 * 60};
    p->at_risk[POLICY_DL_REVIEW] = (policy_duration){0, 30 * 60};
    p->at_risk[POLICY_DL_RECOVER] = (policy_duration){0, 6 * 3600};
    p->at_risk[POLICY_DL_INVESTIGATION] = (policy_duration){0, 7 * 86400};
    memcpy(p->time_zone, POLICY_TIME_ZONE_DEFAULT, sizeof POLICY_TIME_ZONE_DEFAULT);
    p->misp_deleted_days = POLICY_MISP_DELETED_DAYS;
}

void policy_free(policy *p)
{
    if (!p)
        return;
    free(p->description);
    free(p->alert_light);
    free(p->auto_report);
    free(p->apps);
    free(p->obligations);
    p->description = p->alert_light = p->auto_report = p->apps = p->obligations = NULL;
}

static int dup_str(char **dst, const char *src)
{
    *dst = NULL;
    if (!src)
        return 0;
    *dst = strdup(src);
    return *dst ? 0 : -1;
}

int policy_copy(policy *dst, const policy *src, gisac_err *err)
{
    *dst = *src;
    dst->description = dst->alert_light = dst->auto_report = dst->apps = dst->obligations = NULL;
    if (dup_str(&dst->description, src->description) < 0 ||
        dup_str(&dst->alert_light, src->alert_light) < 0 ||
        dup_str(&dst->auto_report, src->auto_report) < 0 || dup_str(&dst->apps, src->apps) < 0 ||
        dup_str(&dst->obligations, src->obligations) < 0) {
        policy_free(dst);
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    }
    return 0;
}

/* ---- parsing ------------------------------------------------------------- */

typedef struct jpath {
    char s[256];
    size_t n;
} jpath;

typedef struct pctx {
    jpath path;
    const char *name;
    gisac_err *err;
} pctx;

/* Append ".key" (or ["key"] for keys that are not plain) and return the old length. */
static size_t path_push(jpath *p, const char *key)
{
    size_t old = p->n;
    int plain = *key != '\0';
    for (const char *c = key; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
              *c == '_' || *c == '-'))
            plain = 0;
    size_t room = sizeof p->s - p->n;
    int w;
    if (plain) {
        w = snprintf(p->s + p->n, room, ".%s", key);
    } else {
        gisac_buf b = GISAC_BUF_INIT;
        if (gisac_buf_json_str(&b, key) < 0)
            w = snprintf(p->s + p->n, room, "[?]");
        else
            w = snprintf(p->s + p->n, room, "[%s]", b.data);
        gisac_buf_free(&b);
    }
    if (w < 0 || (size_t)w >= room) {
        /* a very long key: cut it, visibly */
        snprintf(p->s + sizeof p->s - 4, 4, "...");
        p->n = sizeof p->s - 1;
    } else {
        p->n += (size_t)w;
    }
    return old;
}

static void path_pop(jpath *p, size_t old)
{
    p->n = old;
    p->s[old] = '\0';
}

static int perr(pctx *c, const char *fmt, const char *arg)
{
    char msg[256];
    snprintf(msg, sizeof msg, fmt, arg ? arg : "");
    if (c->name)
        return gisac_err_set(c->err, GISAC_EINVAL, "%s: %s: %s", c->name, c->path.s, msg);
    return gisac_err_set(c->err, GISAC_EINVAL, "%s: %s", c->path.s, msg);
}

static int expect_object(pctx *c, json_t *v)
{
    return json_is_object(v) ? 0 : perr(c, "expected an object", NULL);
}

static int unknown_member(pctx *c, const char *choices)
{
    return perr(c, "unknown member (expected one of: %s)", choices);
}

/* A level cell: an integer 1..4, or null (does not apply). */
static int parse_cell(pctx *c, json_t *v, int *out)
{
    if (json_is_null(v)) {
        *out = 0;
        return 0;
    }
    if (json_is_integer(v)) {
        json_int_t n = json_integer_value(v);
        if (n >= 1 && n <= POLICY_LEVEL_MAX) {
            *out = (int)n;
            return 0;
        }
    }
    return perr(c, "expected a level, an integer 1 to 4, or null (does not apply)", NULL);
}

/*
 * Each member of the object v, read by fn with its key pushed on the path
 * (an error leaves the path at the member, for the message).
 */
typedef int (*member_fn)(pctx *c, const char *key, json_t *v, void *arg);

static int each_member(pctx *c, json_t *v, member_fn fn, void *arg)
{
    if (expect_object(c, v) < 0)
        return GISAC_EINVAL;
    const char *key;
    json_t *m;
    json_object_foreach(v, key, m)
    {
        size_t mark = path_push(&c->path, key);
        int rc = fn(c, key, m, arg);
        if (rc < 0)
            return rc;
        path_pop(&c->path, mark);
    }
    return 0;
}

/* The index of key in names[0..n), or -1. */
static int name_index(const char *const *names, int n, const char *key)
{
    for (int k = 0; k < n; k++)
        if (strcmp(key, names[k]) == 0)
            return k;
    return -1;
}

static int level_cell(pctx *c, const char *key, json_t *cell, void *row)
{
    int col = name_index(col_names, POLICY_COL_COUNT, key);
    if (col < 0)
        return unknown_member(c, "minor, serious, within-mtd, beyond-mtd");
    return parse_cell(c, cell, &((int *)row)[col]) < 0 ? GISAC_EINVAL : 0;
}

static int level_row(pctx *c, const char *key, json_t *row, void *arg)
{
    policy *p = arg;
    policy_asset a;
    if (policy_asset_parse(key, &a, NULL) < 0)
        return unknown_member(c, "non-core, core, core-ci, national-secret");
    return each_member(c, row, level_cell, p->level[a]);
}

static int parse_duration(pctx *c, json_t *v, int positive, policy_duration *out)
{
    if (!json_is_string(v))
        return perr(c, "expected a duration text such as \"1h\", \"72h\" or \"1mo\"", NULL);
    gisac_err e;
    if (policy_duration_parse(json_string_value(v), out, &e) < 0)
        return perr(c, "%s", e.msg);
    if (positive && policy_duration_is_zero(*out))
        return perr(c, "a deadline cannot be zero", NULL);
    return 0;
}

static int level_duration(pctx *c, const char *key, json_t *d, void *out)
{
    if (!(key[0] >= '1' && key[0] <= '4' && key[1] == '\0'))
        return unknown_member(c, "\"1\", \"2\", \"3\", \"4\"");
    return parse_duration(c, d, 1, &((policy_duration *)out)[key[0] - '0']) < 0 ? GISAC_EINVAL : 0;
}

/* A per-level duration: one text for every level, or {"1": ..., "4": ...}. */
static int parse_per_level(pctx *c, json_t *v, policy_duration *out)
{
    if (json_is_string(v)) {
        policy_duration d;
        if (parse_duration(c, v, 1, &d) < 0)
            return GISAC_EINVAL;
        for (int lv = 1; lv <= POLICY_LEVEL_MAX; lv++)
            out[lv] = d;
        return 0;
    }
    if (!json_is_object(v))
        return perr(c, "expected a duration, or an object of durations by level \"1\" to \"4\"",
                    NULL);
    return each_member(c, v, level_duration, out);
}

static int deadline(pctx *c, const char *key, json_t *d, void *arg)
{
    policy *p = arg;
    if (strcmp(key, "report") == 0)
        return parse_duration(c, d, 1, &p->report);
    if (strcmp(key, "report_level_change") == 0)
        return parse_duration(c, d, 1, &p->report_level_change);
    if (strcmp(key, "review") == 0)
        return parse_per_level(c, d, p->review);
    if (strcmp(key, "recover") == 0)
        return parse_per_level(c, d, p->recover);
    if (strcmp(key, "investigation_report") == 0)
        return parse_per_level(c, d, p->investigation);
    return unknown_member(c, "report, report_level_change, review, recover, "
                             "investigation_report");
}

static int at_risk(pctx *c, const char *key, json_t *d, void *arg)
{
    policy *p = arg;
    int k = name_index(deadline_names, POLICY_DL_COUNT, key);
    if (k < 0)
        return unknown_member(c, "report, review, recover, investigation_report");
    return parse_duration(c, d, 0, &p->at_risk[k]) < 0 ? GISAC_EINVAL : 0;
}

static int parse_reserved(pctx *c, json_t *v, char **out)
{
    if (expect_object(c, v) < 0)
        return GISAC_EINVAL;
    char *s = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII);
    if (!s)
        return gisac_err_set(c->err, GISAC_ENOMEM, "out of memory");
    free(*out);
    *out = s;
    return 0;
}

static int parse_description(pctx *c, json_t *v, policy *p)
{
    if (!json_is_string(v))
        return perr(c, "expected a text", NULL);
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    if (n > POLICY_DESCRIPTION_MAX)
        return perr(c, "longer than 500 bytes", NULL);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            return perr(c, "holds a control character", NULL);
    free(p->description);
    p->description = NULL;
    if (n && !(p->description = strdup(s)))
        return gisac_err_set(c->err, GISAC_ENOMEM, "out of memory");
    return 0;
}

static int parse_time_zone(pctx *c, json_t *v, policy *p)
{
    if (!json_is_string(v) || !gisac_tz_name_ok(json_string_value(v)) ||
        json_string_length(v) != strlen(json_string_value(v)))
        return perr(c, "expected a time zone name such as \"Asia/Taipei\" or \"UTC\"", NULL);
    memcpy(p->time_zone, json_string_value(v), json_string_length(v) + 1);
    return 0;
}

static int parse_portal_url(pctx *c, json_t *v, policy *p)
{
    const char *u = json_is_string(v) ? json_string_value(v) : NULL;
    size_t n = u ? strlen(u) : 0;
    int ok =
        u && n == json_string_length(v) && n <= POLICY_URL_MAX &&
        ((strncmp(u, "https://", 8) == 0 && n > 8) || (strncmp(u, "http://", 7) == 0 && n > 7));
    for (size_t i = 0; ok && i < n; i++)
        ok = (unsigned char)u[i] > 0x20 && (unsigned char)u[i] < 0x7f && u[i] != '?' && u[i] != '#';
    if (!ok)
        return perr(c,
                    "expected the portal's base URL, http:// or https:// (at most 512 bytes, no "
                    "spaces, query or fragment), such as \"https://portal.example.org\"",
                    NULL);
    memcpy(p->portal_url, u, n + 1);
    return 0;
}

static int parse_misp_deleted_days(pctx *c, json_t *v, policy *p)
{
    if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 3650)
        return perr(c, "expected a number of days, an integer 0 to 3650", NULL);
    p->misp_deleted_days = (int)json_integer_value(v);
    return 0;
}

static int parse_major_level(pctx *c, json_t *v, policy *p)
{
    int lv = 0;
    int rc = json_is_integer(v) ? parse_cell(c, v, &lv)
                                : perr(c, "expected a level, an integer 1 to 4", NULL);
    p->major_level = lv;
    return rc;
}

static int parse_version(pctx *c, json_t *v, policy *p)
{
    (void)p;
    return json_is_integer(v) && json_integer_value(v) >= 1
               ? 0
               : perr(c, "expected a version number, an integer >= 1", NULL);
}

static int parse_levels(pctx *c, json_t *v, policy *p)
{
    return each_member(c, v, level_row, p);
}

static int parse_deadlines(pctx *c, json_t *v, policy *p)
{
    return each_member(c, v, deadline, p);
}

static int parse_at_risk(pctx *c, json_t *v, policy *p)
{
    return each_member(c, v, at_risk, p);
}

static int parse_alert_light(pctx *c, json_t *v, policy *p)
{
    return parse_reserved(c, v, &p->alert_light);
}

static int parse_auto_report(pctx *c, json_t *v, policy *p)
{
    return parse_reserved(c, v, &p->auto_report);
}

static int parse_apps(pctx *c, json_t *v, policy *p)
{
    return parse_reserved(c, v, &p->apps);
}

static int parse_obligations(pctx *c, json_t *v, policy *p)
{
    return parse_reserved(c, v, &p->obligations);
}

/* The members of a policy file. */
static const struct {
    const char *name;
    int (*parse)(pctx *c, json_t *v, policy *p);
} root_members[] = {
    {"levels", parse_levels},
    {"deadlines", parse_deadlines},
    {"at_risk", parse_at_risk},
    {"major_level", parse_major_level},
    {"description", parse_description},
    {"version", parse_version},
    {"alert_light", parse_alert_light},
    {"auto_report", parse_auto_report},
    {"time_zone", parse_time_zone},
    {"portal_url", parse_portal_url},
    {"misp_deleted_days", parse_misp_deleted_days},
    {"apps", parse_apps},
    {"obligations", parse_obligations},
};

static int root_member(pctx *c, const char *key, json_t *v, void *p)
{
    for (size_t i = 0; i < sizeof root_members / sizeof root_members[0]; i++)
        if (strcmp(key, root_members[i].name) == 0)
            return root_members[i].parse(c, v, p);
    return unknown_member(c, "description, levels, major_level, deadlines, at_risk, "
                             "time_zone, portal_url, misp_deleted_days, alert_light, auto_report, "
                             "apps, obligations, version");
}

static int parse_root(pctx *c, json_t *root, policy *p)
{
    return each_member(c, root, root_member, p);
}

int policy_parse(const char *text, size_t len, const char *name, policy *out, gisac_err *err)
{
    policy p;
    policy_default(&p);
    memset(out, 0, sizeof *out);
    json_error_t je;
    json_t *root = json_loadb(text ? text : "", text ? len : 0, JSON_REJECT_DUPLICATES, &je);
    if (!root)
        return gisac_err_set(err, GISAC_EINVAL, "%s:%d:%d: %s", name ? name : "policy", je.line,
                             je.column, je.text);
    pctx c = {{"$", 1}, name, err};
    int rc = parse_root(&c, root, &p);
    json_decref(root);
    if (rc < 0) {
        policy_free(&p);
        return rc;
    }
    *out = p;
    return 0;
}

/* ---- the canonical form -------------------------------------------------- */

static void put_duration(gisac_buf *b, policy_duration d)
{
    char t[POLICY_DURATION_LEN];
    policy_duration_format(d, t);
    gisac_buf_printf(b, "\"%s\"", t);
}

static void put_per_level(gisac_buf *b, const char *key, const policy_duration *d)
{
    gisac_buf_printf(b, "    \"%s\": {", key);
    for (int lv = 1; lv <= POLICY_LEVEL_MAX; lv++) {
        gisac_buf_printf(b, "%s\"%d\": ", lv > 1 ? ", " : "", lv);
        put_duration(b, d[lv]);
    }
    gisac_buf_puts(b, "}");
}

int policy_to_json(const policy *p, int version, gisac_buf *out)
{
    gisac_buf b = GISAC_BUF_INIT;
    gisac_buf_puts(&b, "{\n");
    if (version > 0)
        gisac_buf_printf(&b, "  \"version\": %d,\n", version);
    if (p->description) {
        gisac_buf_puts(&b, "  \"description\": ");
        gisac_buf_json_str(&b, p->description);
        gisac_buf_puts(&b, ",\n");
    }
    gisac_buf_puts(&b, "  \"levels\": {\n");
    for (int a = 1; a < POLICY_ASSET_COUNT; a++) {
        gisac_buf_printf(&b, "    \"%s\": {", asset_names[a]);
        for (int k = 0; k < POLICY_COL_COUNT; k++) {
            gisac_buf_printf(&b, "%s\"%s\": ", k ? ", " : "", col_names[k]);
            if (p->level[a][k])
                gisac_buf_printf(&b, "%d", p->level[a][k]);
            else
                gisac_buf_puts(&b, "null");
        }
        gisac_buf_puts(&b, a + 1 < POLICY_ASSET_COUNT ? "},\n" : "}\n");
    }
    gisac_buf_printf(&b, "  },\n  \"major_level\": %d,\n", p->major_level);
    gisac_buf_puts(&b, "  \"deadlines\": {\n    \"report\": ");
    put_duration(&b, p->report);
    gisac_buf_puts(&b, ",\n    \"report_level_change\": ");
    put_duration(&b, p->report_level_change);
    gisac_buf_puts(&b, ",\n");
    put_per_level(&b, "review", p->review);
    gisac_buf_puts(&b, ",\n");
    put_per_level(&b, "recover", p->recover);
    gisac_buf_puts(&b, ",\n");
    put_per_level(&b, "investigation_report", p->investigation);
    gisac_buf_puts(&b, "\n  },\n  \"at_risk\": {");
    for (int k = 0; k < POLICY_DL_COUNT; k++) {
        gisac_buf_printf(&b, "%s\"%s\": ", k ? ", " : "", deadline_names[k]);
        put_duration(&b, p->at_risk[k]);
    }
    gisac_buf_puts(&b, "},\n  \"time_zone\": ");
    gisac_buf_json_str(&b, p->time_zone);
    if (p->portal_url[0]) {
        gisac_buf_puts(&b, ",\n  \"portal_url\": ");
        gisac_buf_json_str(&b, p->portal_url);
    }
    if (p->misp_deleted_days != POLICY_MISP_DELETED_DAYS)
        gisac_buf_printf(&b, ",\n  \"misp_deleted_days\": %d", p->misp_deleted_days);
    if (p->alert_light)
        gisac_buf_printf(&b, ",\n  \"alert_light\": %s", p->alert_light);
    if (p->auto_report)
        gisac_buf_printf(&b, ",\n  \"auto_report\": %s", p->auto_report);
    if (p->apps)
        gisac_buf_printf(&b, ",\n  \"apps\": %s", p->apps);
    if (p->obligations)
        gisac_buf_printf(&b, ",\n  \"obligations\": %s", p->obligations);
    int rc = gisac_buf_puts(&b, "\n}\n");
    if (rc == 0)
        rc = gisac_buf_append(out, b.data, b.len);
    gisac_buf_free(&b);
    return rc < 0 ? GISAC_ENOMEM : 0;
}

/* ---- level and deadlines ------------------------------------------------- */

static int cell(const policy *p, policy_asset a, int col, const char *what, int *lv, gisac_err *err)
{
    int v = p->level[a][col];
    if (v == 0) {
        gisac_err_set(err, GISAC_EINVAL,
                      "%s impact '%s' does not apply to %s assets under this policy", what,
                      col_names[col], asset_names[a]);
        if (err)
            snprintf(err->field, sizeof err->field, "$.%s", what);
        return GISAC_EINVAL;
    }
    if (v > *lv)
        *lv = v;
    return 0;
}

int policy_level(const policy *p, policy_asset asset, policy_impact confidentiality,
                 policy_impact integrity, policy_avail availability, int *level, gisac_err *err)
{
    if ((int)asset <= 0 || (int)asset >= POLICY_ASSET_COUNT)
        return gisac_err_at(err, GISAC_EINVAL, "$.asset", "no asset class given");
    if ((int)confidentiality < 0 || confidentiality > POLICY_IMPACT_SERIOUS || (int)integrity < 0 ||
        integrity > POLICY_IMPACT_SERIOUS || (int)availability < 0 ||
        availability > POLICY_AVAIL_BEYOND_MTD)
        return gisac_err_set(err, GISAC_EINVAL, "impact out of range");
    int lv = 0;
    if (confidentiality &&
        cell(p, asset,
             confidentiality == POLICY_IMPACT_MINOR ? POLICY_COL_MINOR : POLICY_COL_SERIOUS,
             "confidentiality", &lv, err) < 0)
        return GISAC_EINVAL;
    if (integrity &&
        cell(p, asset, integrity == POLICY_IMPACT_MINOR ? POLICY_COL_MINOR : POLICY_COL_SERIOUS,
             "integrity", &lv, err) < 0)
        return GISAC_EINVAL;
    if (availability && cell(p, asset,
                             availability == POLICY_AVAIL_WITHIN_MTD ? POLICY_COL_WITHIN_MTD
                                                                     : POLICY_COL_BEYOND_MTD,
                             "availability", &lv, err) < 0)
        return GISAC_EINVAL;
    *level = lv;
    return 0;
}

void policy_deadlines(const policy *p, const policy_clock *c, int64_t due[POLICY_DL_COUNT])
{
    int lv = c->level >= 1 && c->level <= POLICY_LEVEL_MAX ? c->level : 0;
    int64_t start = c->report_clock ? c->report_clock : c->aware_at;
    due[POLICY_DL_REPORT] =
        start ? policy_time_add_in(start, c->restarted ? p->report_level_change : p->report, c->tz)
              : 0;
    due[POLICY_DL_REVIEW] =
        lv && c->reported_at ? policy_time_add_in(c->reported_at, p->review[lv], c->tz) : 0;
    due[POLICY_DL_RECOVER] =
        lv && c->aware_at ? policy_time_add_in(c->aware_at, p->recover[lv], c->tz) : 0;
    due[POLICY_DL_INVESTIGATION] =
        lv && c->recovered_at ? policy_time_add_in(c->recovered_at, p->investigation[lv], c->tz)
                              : 0;
}
