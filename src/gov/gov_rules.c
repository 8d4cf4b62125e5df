/*
 * gov_rules.c: the obligation rules of each grade (gov.h): the built-in
 * defaults (docs/obligation.md cites the rule each comes from) and the
 * policy's "obligations" section that replaces them, with the reminders'
 * lead times and the alert light's thresholds of overdue occurrences.
 */
#include "gov/gov.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LAW "資通安全責任等級分級辦法, 附表"
static const gov_rule rules[] = {
    {"bcp-drill", 'A', GOV_PER_YEAR, 1, 0,
     "drill record of the core systems' business continuity plan", LAW "一 (A: every year)"},
    {"bcp-drill", 'B', GOV_EVERY_YEARS, 2, 0,
     "drill record of the core systems' business continuity plan", LAW "三 (B: every 2 years)"},
    {"certification", 'A', GOV_WITHIN_YEARS, 3, 0, "third-party ISMS certificate",
     LAW "一 (A: within 3 years of the grade)"},
    {"certification", 'B', GOV_WITHIN_YEARS, 3, 0, "third-party ISMS certificate",
     LAW "三 (B: within 3 years of the grade)"},
    {"crypto-inventory", 'A', GOV_PER_YEAR, 2, 0, "inventory of the cryptographic equipment",
     "action plan 2.3.4 (twice a year)"},
    {"crypto-inventory", 'B', GOV_PER_YEAR, 2, 0, "inventory of the cryptographic equipment",
     "action plan 2.3.4 (twice a year)"},
    {"edr", 'A', GOV_WITHIN_YEARS, 1, 0, "EDR deployment report", LAW "一 (A: within 1 year)"},
    {"edr", 'B', GOV_WITHIN_YEARS, 1, 0, "EDR deployment report", LAW "三 (B: within 1 year)"},
    {"gcb", 'A', GOV_WITHIN_YEARS, 1, 0, "GCB deployment report (SCAP results)",
     LAW "一 (A: within 1 year)"},
    {"gcb", 'B', GOV_WITHIN_YEARS, 1, 0, "GCB deployment report (SCAP results)",
     LAW "三 (B: within 1 year)"},
    {"governance-assessment", 'A', GOV_EVERY_YEARS, 2, 0, "governance maturity assessment",
     "action plan 2.1.1 (every 2 years)"},
    {"governance-assessment", 'B', GOV_EVERY_YEARS, 2, 0, "governance maturity assessment",
     "action plan 2.1.1 (every 2 years)"},
    {"governance-assessment", 'C', GOV_EVERY_YEARS, 2, 0, "governance maturity assessment",
     "action plan 2.1.1 (every 2 years; gisac's reading for C)"},
    {"health-check", 'A', GOV_PER_YEAR, 1, 0, "health check (資安健診) report",
     LAW "一 (A: every year)"},
    {"health-check", 'B', GOV_EVERY_YEARS, 2, 0, "health check (資安健診) report",
     LAW "三 (B: every 2 years)"},
    {"health-check", 'C', GOV_EVERY_YEARS, 2, 0, "health check (資安健診) report",
     LAW "五 (C: every 2 years)"},
    {"internal-audit", 'A', GOV_PER_YEAR, 2, 0, "internal audit report",
     LAW "一 (A: twice a year)"},
    {"internal-audit", 'B', GOV_PER_YEAR, 1, 0, "internal audit report", LAW "三 (B: every year)"},
    {"internal-audit", 'C', GOV_EVERY_YEARS, 2, 0, "internal audit report",
     LAW "五 (C: every 2 years)"},
    {"isms", 'A', GOV_WITHIN_YEARS, 2, 0, "ISMS scope and statement of applicability",
     LAW "一 (A: within 2 years)"},
    {"isms", 'B', GOV_WITHIN_YEARS, 2, 0, "ISMS scope and statement of applicability",
     LAW "三 (B: within 2 years)"},
    {"isms", 'C', GOV_WITHIN_YEARS, 2, 0, "ISMS scope and statement of applicability",
     LAW "五 (C: within 2 years)"},
    {"penetration-test", 'A', GOV_PER_YEAR, 1, 0, "penetration test report of the core systems",
     LAW "一 (A: every year)"},
    {"penetration-test", 'B', GOV_EVERY_YEARS, 2, 0, "penetration test report of the core systems",
     LAW "三 (B: every 2 years)"},
    {"penetration-test", 'C', GOV_EVERY_YEARS, 2, 0, "penetration test report of the core systems",
     "gisac's reading (C: every 2 years)"},
    {"soc-monitoring", 'A', GOV_WITHIN_YEARS, 1, 0, "SOC monitoring contract or report",
     LAW "一 (A: within 1 year)"},
    {"soc-monitoring", 'B', GOV_WITHIN_YEARS, 1, 0, "SOC monitoring contract or report",
     LAW "三 (B: within 1 year)"},
    {"social-engineering-drill", 'A', GOV_PER_YEAR, 1, 0, "social engineering drill report",
     LAW "一 (every year)"},
    {"social-engineering-drill", 'B', GOV_PER_YEAR, 1, 0, "social engineering drill report",
     LAW "三 (every year)"},
    {"social-engineering-drill", 'C', GOV_PER_YEAR, 1, 0, "social engineering drill report",
     LAW "五 (every year)"},
    {"staff", 'A', GOV_WITHIN_YEARS, 1, 4, "list of the dedicated security staff (4)",
     LAW "一 (A: 4 dedicated staff within 1 year)"},
    {"staff", 'B', GOV_WITHIN_YEARS, 1, 2, "list of the dedicated security staff (2)",
     LAW "三 (B: 2 dedicated staff within 1 year)"},
    {"staff", 'C', GOV_WITHIN_YEARS, 1, 1, "list of the dedicated security staff (1)",
     LAW "五 (C: 1 dedicated staff within 1 year)"},
    {"staff-certificates", 'A', GOV_PER_YEAR, 1, 4, "valid professional certificates of the staff",
     "action plan 4.4.4 (every year)"},
    {"staff-certificates", 'B', GOV_PER_YEAR, 1, 2, "valid professional certificates of the staff",
     "action plan 4.4.4 (every year)"},
    {"training", 'A', GOV_PER_YEAR, 1, 0, "training hours record", LAW "一 (every year)"},
    {"training", 'B', GOV_PER_YEAR, 1, 0, "training hours record", LAW "三 (every year)"},
    {"training", 'C', GOV_PER_YEAR, 1, 0, "training hours record", LAW "五 (every year)"},
    {"training", 'D', GOV_PER_YEAR, 1, 0, "training hours record", LAW "七 (every year)"},
    {"training", 'E', GOV_PER_YEAR, 1, 0, "training hours record", LAW "八 (every year)"},
    {"vulnerability-scan", 'A', GOV_PER_YEAR, 2, 0, "web vulnerability scan report",
     LAW "一 (A: twice a year)"},
    {"vulnerability-scan", 'B', GOV_PER_YEAR, 1, 0, "web vulnerability scan report",
     LAW "三 (B: every year)"},
    {"vulnerability-scan", 'C', GOV_EVERY_YEARS, 2, 0, "web vulnerability scan report",
     LAW "五 (C: every 2 years)"},
};
#define NRULES (sizeof rules / sizeof rules[0])

static const char *const kinds[] = {
    "internal-audit",
    "health-check",
    "penetration-test",
    "vulnerability-scan",
    "bcp-drill",
    "social-engineering-drill",
    "crypto-inventory",
    "governance-assessment",
    "isms",
    "certification",
    "soc-monitoring",
    "gcb",
    "edr",
    "staff",
    "staff-certificates",
    "training",
};

static const gov_ruleset defaults = {
    rules, NRULES, {30, 7}, 2, GOV_LIGHT_YELLOW_DEFAULT, GOV_LIGHT_ORANGE_DEFAULT, NULL};

const gov_ruleset *gov_ruleset_defaults(void)
{
    return &defaults;
}

const gov_rule *gov_rules(size_t *n)
{
    *n = NRULES;
    return rules;
}

void gov_ruleset_default(gov_ruleset *out)
{
    *out = defaults;
}

void gov_ruleset_free(gov_ruleset *r)
{
    if (!r)
        return;
    free(r->mem_);
    gov_ruleset_default(r);
}

const gov_rule *gov_ruleset_rule(const gov_ruleset *r, const char *kind, char grade)
{
    if (!r)
        r = &defaults;
    size_t n = r->n;
    const gov_rule *v = r->v;
    for (size_t i = 0; i < n; i++)
        if (v[i].grade == grade && strcmp(v[i].kind, kind) == 0)
            return &v[i];
    return NULL;
}

const gov_rule *gov_rule_of(const char *kind, char grade)
{
    return gov_ruleset_rule(NULL, kind, grade);
}

/* ---- the policy's "obligations" section ---- */

#define RULES_MAX 400
#define TEXT_MAX  500

typedef struct rparse {
    gisac_err *err;
    char path[96];
} rparse;

static int rerr(rparse *c, const char *what)
{
    return gisac_err_at(c->err, GISAC_EINVAL, c->path, "%s: %s", c->path, what);
}

/* An integer member lo..hi into *out: 0, 1 when absent, or GISAC_EINVAL. */
static int int_member(rparse *c, json_t *o, const char *key, int lo, int hi, int *out)
{
    json_t *v = json_object_get(o, key);
    if (!v)
        return 1;
    size_t n = strlen(c->path);
    snprintf(c->path + n, sizeof c->path - n, ".%s", key);
    if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi) {
        char m[64];
        snprintf(m, sizeof m, "expected an integer %d to %d", lo, hi);
        return rerr(c, m);
    }
    c->path[n] = '\0';
    *out = (int)json_integer_value(v);
    return 0;
}

/* A text member (1..TEXT_MAX bytes, no control characters): 0, 1 when absent, or GISAC_EINVAL. */
static int text_member(rparse *c, json_t *o, const char *key, const char **out)
{
    json_t *v = json_object_get(o, key);
    if (!v)
        return 1;
    size_t n = strlen(c->path);
    snprintf(c->path + n, sizeof c->path - n, ".%s", key);
    const char *s = json_string_value(v);
    if (!s || !s[0] || strlen(s) > TEXT_MAX)
        return rerr(c, "expected a text of 1 to 500 bytes");
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p < 0x20)
            return rerr(c, "holds a control character");
    c->path[n] = '\0';
    *out = s;
    return 0;
}

static int only_members(rparse *c, json_t *o, const char *const *names, size_t nn, const char *list)
{
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v)
    {
        if (gov_name_index(key, names, nn) < 0) {
            size_t n = strlen(c->path);
            snprintf(c->path + n, sizeof c->path - n, ".%s", key);
            char m[200];
            snprintf(m, sizeof m, "unknown member (expected one of: %s)", list);
            return rerr(c, m);
        }
    }
    return 0;
}

static const char *const freq_keys[] = {"times_a_year", "every_years", "within_years"};

static int parse_rule(rparse *c, json_t *o, gov_rule *r)
{
    static const char *const names[] = {"kind",         "grade", "times_a_year", "every_years",
                                        "within_years", "count", "evidence",     "source"};
    if (!json_is_object(o))
        return rerr(c, "expected an object");
    int rc = only_members(c, o, names, sizeof names / sizeof names[0],
                          "kind, grade, times_a_year, every_years, within_years, count, evidence, "
                          "source");
    if (rc < 0)
        return rc;
    memset(r, 0, sizeof *r);
    size_t n = strlen(c->path);
    if ((rc = text_member(c, o, "kind", &r->kind)) != 0)
        return rc < 0 ? rc : rerr(c, "kind is required");
    snprintf(c->path + n, sizeof c->path - n, ".kind");
    if (gov_kind_check(r->kind, c->path, c->err) < 0)
        return GISAC_EINVAL;
    c->path[n] = '\0';
    const char *g = NULL;
    if ((rc = text_member(c, o, "grade", &g)) != 0)
        return rc < 0 ? rc : rerr(c, "grade is required");
    if (strlen(g) != 1 || g[0] < 'A' || g[0] > 'E') {
        snprintf(c->path + n, sizeof c->path - n, ".grade");
        return rerr(c, "expected a grade, A to E");
    }
    r->grade = g[0];
    static const int hi[] = {12, 10, 10};
    for (int k = 0; k < 3; k++) {
        int v = 0;
        if ((rc = int_member(c, o, freq_keys[k], 1, hi[k], &v)) < 0)
            return rc;
        if (rc == 1)
            continue;
        if (r->freq)
            return rerr(c, "give one of times_a_year, every_years and within_years");
        if (k == 0 && 12 % v != 0) {
            snprintf(c->path + n, sizeof c->path - n, ".times_a_year");
            return rerr(c, "expected 1, 2, 3, 4, 6 or 12 (periods of whole months)");
        }
        r->freq = (gov_freq)(GOV_PER_YEAR + k);
        r->n = v;
    }
    if (!r->freq)
        return rerr(c, "give one of times_a_year, every_years and within_years");
    if ((rc = int_member(c, o, "count", 0, 1000, &r->count)) < 0)
        return rc;
    if ((rc = text_member(c, o, "evidence", &r->evidence)) != 0)
        return rc < 0 ? rc : rerr(c, "evidence is required");
    r->source = "policy";
    if ((rc = text_member(c, o, "source", &r->source)) < 0)
        return rc;
    return 0;
}

static int rule_cmp(const void *a, const void *b)
{
    const gov_rule *x = a, *y = b;
    int c = strcmp(x->kind, y->kind);
    return c ? c : (x->grade > y->grade) - (x->grade < y->grade);
}

static int int_desc(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x < y) - (x > y);
}

/* The rules into out (their texts copied after the array in one block). */
static int parse_rules(rparse *c, json_t *arr, gov_ruleset *out)
{
    if (!json_is_array(arr) || json_array_size(arr) > RULES_MAX)
        return rerr(c, "expected an array of at most 400 rules");
    size_t n = json_array_size(arr), text = 0;
    gov_rule *v = calloc(n + 1, sizeof *v);
    if (!v)
        return gisac_err_set(c->err, GISAC_ENOMEM, "out of memory");
    int rc = 0;
    size_t base = strlen(c->path);
    for (size_t i = 0; i < n && rc == 0; i++) {
        snprintf(c->path + base, sizeof c->path - base, "[%zu]", i);
        rc = parse_rule(c, json_array_get(arr, i), &v[i]);
        text += strlen(v[i].kind ? v[i].kind : "") + strlen(v[i].evidence ? v[i].evidence : "") +
                strlen(v[i].source ? v[i].source : "") + 3;
        for (size_t j = 0; rc == 0 && j < i; j++)
            if (v[j].grade == v[i].grade && strcmp(v[j].kind, v[i].kind) == 0)
                rc = rerr(c, "a second rule for the same kind and grade");
    }
    char *mem = rc == 0 ? malloc(n * sizeof *v + text + 1) : NULL;
    if (rc == 0 && !mem)
        rc = gisac_err_set(c->err, GISAC_ENOMEM, "out of memory");
    if (rc == 0) {
        gov_rule *dst = (gov_rule *)(void *)mem;
        char *p = mem + n * sizeof *v;
        for (size_t i = 0; i < n; i++) {
            dst[i] = v[i];
            const char **s[] = {&dst[i].kind, &dst[i].evidence, &dst[i].source};
            for (int k = 0; k < 3; k++) {
                size_t l = strlen(*s[k]) + 1;
                memcpy(p, *s[k], l);
                *s[k] = p;
                p += l;
            }
        }
        qsort(dst, n, sizeof *dst, rule_cmp);
        out->v = dst;
        out->n = n;
        out->mem_ = mem;
    }
    free(v);
    c->path[base] = '\0';
    return rc;
}

static int parse_remind(rparse *c, json_t *arr, gov_ruleset *out)
{
    if (!json_is_array(arr) || json_array_size(arr) > GOV_REMIND_MAX)
        return rerr(c, "expected an array of at most 8 numbers of days");
    size_t base = strlen(c->path);
    out->nremind = 0;
    for (size_t i = 0; i < json_array_size(arr); i++) {
        json_t *d = json_array_get(arr, i);
        snprintf(c->path + base, sizeof c->path - base, "[%zu]", i);
        if (!json_is_integer(d) || json_integer_value(d) < 1 || json_integer_value(d) > 366)
            return rerr(c, "expected a number of days, 1 to 366");
        int v = (int)json_integer_value(d);
        for (size_t j = 0; j < out->nremind; j++)
            if (out->remind_days[j] == v)
                return rerr(c, "given twice");
        out->remind_days[out->nremind++] = v;
    }
    qsort(out->remind_days, out->nremind, sizeof out->remind_days[0], int_desc);
    c->path[base] = '\0';
    return 0;
}

int gov_ruleset_parse(const char *text, gov_ruleset *out, gisac_err *err)
{
    gov_ruleset_default(out);
    if (!text)
        return 0;
    rparse c = {err, "$.obligations"};
    json_error_t je;
    json_t *o = json_loads(text, 0, &je);
    int rc = 0;
    static const char *const names[] = {"rules", "remind_days", "light"};
    if (!json_is_object(o))
        rc = rerr(&c, "expected an object");
    if (rc == 0)
        rc = only_members(&c, o, names, 3, "rules, remind_days, light");
    json_t *v;
    if (rc == 0 && (v = json_object_get(o, "rules"))) {
        strcat(c.path, ".rules");
        rc = parse_rules(&c, v, out);
        c.path[13] = '\0';
    }
    if (rc == 0 && (v = json_object_get(o, "remind_days"))) {
        strcat(c.path, ".remind_days");
        rc = parse_remind(&c, v, out);
        c.path[13] = '\0';
    }
    if (rc == 0 && (v = json_object_get(o, "light"))) {
        static const char *const ln[] = {"yellow_overdue", "orange_overdue"};
        strcat(c.path, ".light");
        rc = json_is_object(v) ? only_members(&c, v, ln, 2, "yellow_overdue, orange_overdue")
                               : rerr(&c, "expected an object");
        if (rc == 0 &&
            (rc = int_member(&c, v, "yellow_overdue", 0, 1000000, &out->light_yellow)) > 0)
            rc = 0;
        if (rc == 0 &&
            (rc = int_member(&c, v, "orange_overdue", 0, 1000000, &out->light_orange)) > 0)
            rc = 0;
    }
    json_decref(o);
    if (rc < 0)
        gov_ruleset_free(out);
    return rc;
}

int gov_ruleset_to_json(const gov_ruleset *r, gisac_buf *out)
{
    /* the default rules are listed by `gisac obligation rules`, not here */
    int rc = gisac_buf_puts(out, r->v == rules ? "{" : "{\"rules\":[");
    for (size_t i = 0; r->v != rules && i < r->n; i++) {
        const gov_rule *x = &r->v[i];
        rc |= gisac_buf_puts(out, i ? ",{\"kind\":" : "{\"kind\":");
        rc |= gisac_buf_json_str(out, x->kind);
        rc |= gisac_buf_printf(out, ",\"grade\":\"%c\",\"%s\":%d", x->grade,
                               freq_keys[x->freq - GOV_PER_YEAR], x->n);
        if (x->count)
            rc |= gisac_buf_printf(out, ",\"count\":%d", x->count);
        rc |= gisac_buf_puts(out, ",\"evidence\":");
        rc |= gisac_buf_json_str(out, x->evidence);
        rc |= gisac_buf_puts(out, ",\"source\":");
        rc |= gisac_buf_json_str(out, x->source);
        rc |= gisac_buf_putc(out, '}');
    }
    rc |= gisac_buf_puts(out, r->v == rules ? "\"remind_days\":[" : "],\"remind_days\":[");
    for (size_t i = 0; i < r->nremind; i++)
        rc |= gisac_buf_printf(out, "%s%d", i ? "," : "", r->remind_days[i]);
    rc |= gisac_buf_printf(out, "],\"light\":{\"yellow_overdue\":%d,\"orange_overdue\":%d}}",
                           r->light_yellow, r->light_orange);
    return rc ? GISAC_ENOMEM : 0;
}

int gov_kind_check(const char *kind, const char *field, gisac_err *err)
{
    if (gov_name_index(kind, kinds, sizeof kinds / sizeof kinds[0]) >= 0)
        return 0;
    return gisac_err_at(err, GISAC_EINVAL, field,
                        "kind '%s': use internal-audit, health-check, penetration-test,"
                        " vulnerability-scan, bcp-drill, social-engineering-drill,"
                        " crypto-inventory, governance-assessment, isms, certification,"
                        " soc-monitoring, gcb, edr, staff, staff-certificates or training",
                        kind ? kind : "");
}

void gov_rule_freq_name(const gov_rule *r, char *out, size_t cap)
{
    switch (r->freq) {
    case GOV_PER_YEAR:
        snprintf(out, cap, "%d a year", r->n);
        break;
    case GOV_EVERY_YEARS:
        snprintf(out, cap, "every %d years", r->n);
        break;
    default:
        snprintf(out, cap, "within %d year%s", r->n, r->n == 1 ? "" : "s");
    }
}

int gov_rule_to_json(const gov_rule *r, gisac_buf *out)
{
    char freq[48];
    gov_rule_freq_name(r, freq, sizeof freq);
    int rc = gisac_buf_puts(out, "{\"kind\":");
    rc |= gisac_buf_json_str(out, r->kind);
    rc |= gisac_buf_printf(out, ",\"grade\":\"%c\",\"frequency\":", r->grade);
    rc |= gisac_buf_json_str(out, freq);
    if (r->count)
        rc |= gisac_buf_printf(out, ",\"count\":%d", r->count);
    rc |= gisac_buf_puts(out, ",\"evidence\":");
    rc |= gisac_buf_json_str(out, r->evidence);
    rc |= gisac_buf_puts(out, ",\"source\":");
    rc |= gisac_buf_json_str(out, r->source);
    rc |= gisac_buf_putc(out, '}');
    return rc ? GISAC_ENOMEM : 0;
}
