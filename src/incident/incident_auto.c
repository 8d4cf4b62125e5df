/*
 * incident_auto.c: automatic monitoring notices: sightings of an agency's
 * sensors open or update one alert (alert.h) per agency and indicator
 * within a window, under the rules of the policy's "auto_report" object
 * (incident.h, docs/alert.md). No incident and no legal deadline exist
 * until an alert is confirmed.
 */
#include "incident/alert_internal.h"
#include "incident/incident_internal.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- the rules ------------------------------------------------------------- */

void incident_auto_rules_default(incident_auto_rules *out)
{
    memset(out, 0, sizeof *out);
    out->enabled = 1;
    out->directions = 1u << INCIDENT_DIR_OUTBOUND;
    out->answer.seconds = 24 * 3600;
    out->min_confidence = 50;
    out->tlps = (1u << (TLP_RED + 1)) - 1;
    /* the network and file types; the mobile ones (x509-sha256,
     * android-package) are matched when an app version is submitted
     * (docs/app.md) and reported automatically only when the policy says */
    out->types = (1u << (IOC_EMAIL + 1)) - 1;
    out->window.seconds = 24 * 3600;
    snprintf(out->category, sizeof out->category, "malware");
    out->asset = POLICY_ASSET_NON_CORE;
}

#define PATH "$.auto_report"

int incident_auto_rules_to_json(const incident_auto_rules *r, gisac_buf *out)
{
    char w[POLICY_DURATION_LEN];
    policy_duration_format(r->window, w);
    int bad = gisac_buf_printf(out, "{\"enabled\":%s,\"min_confidence\":%d,\"tlp\":[",
                               r->enabled ? "true" : "false", r->min_confidence);
    int first = 1;
    for (int t = 0; t <= TLP_RED; t++)
        if (r->tlps & (1u << t)) {
            bad |= gisac_buf_printf(out, "%s\"%s\"", first ? "" : ",", tlp_name((gisac_tlp)t));
            first = 0;
        }
    bad |= gisac_buf_puts(out, "],\"indicator_types\":[");
    first = 1;
    for (int t = 0; t < IOC_TYPE_COUNT; t++)
        if (r->types & (1u << t)) {
            bad |= gisac_buf_printf(out, "%s\"%s\"", first ? "" : ",", ioc_type_name((ioc_type)t));
            first = 0;
        }
    bad |= gisac_buf_puts(out, "],\"threat_types\":[");
    for (int i = 0; i < r->nthreat_types; i++) {
        bad |= i ? gisac_buf_putc(out, ',') : 0;
        bad |= gisac_buf_json_str(out, r->threat_types[i]);
    }
    bad |= gisac_buf_printf(out, "],\"window\":\"%s\",\"directions\":[", w);
    first = 1;
    for (int d = INCIDENT_DIR_UNKNOWN; d <= INCIDENT_DIR_INBOUND; d++)
        if (r->directions & (1u << d)) {
            bad |= gisac_buf_printf(out, "%s\"%s\"", first ? "" : ",", incident_dir_name(d));
            first = 0;
        }
    char ans[POLICY_DURATION_LEN];
    policy_duration_format(r->answer, ans);
    bad |= gisac_buf_printf(out, "],\"answer_within\":\"%s\",\"draft\":{\"category\":", ans);
    bad |= gisac_buf_json_str(out, r->category);
    bad |= gisac_buf_printf(out,
                            ",\"asset\":\"%s\",\"confidentiality\":\"%s\",\"integrity\":\"%s\","
                            "\"availability\":\"%s\"}}",
                            policy_asset_name(r->asset), policy_impact_name(r->confidentiality),
                            policy_impact_name(r->integrity), policy_avail_name(r->availability));
    return bad ? GISAC_ENOMEM : 0;
}

static int rerr(gisac_err *err, const char *path, const char *msg)
{
    return gisac_err_set(err, GISAC_EINVAL, "%s: %s", path, msg);
}

/* A duration text at path, not zero (zero_msg when it is), into *out. */
static int duration_member(json_t *v, const char *path, policy_duration *out, const char *zero_msg,
                           gisac_err *err)
{
    gisac_err e;
    if (!json_is_string(v))
        return rerr(err, path, "expected a duration text (e.g. 24h)");
    if (policy_duration_parse(json_string_value(v), out, &e) < 0)
        return rerr(err, path, e.msg);
    return policy_duration_is_zero(*out) ? rerr(err, path, zero_msg) : 0;
}

/* An array of strings at path; each goes to fn (which returns 0 or a message). */
static int each_string(json_t *v, const char *path, const char *(*fn)(void *, const char *),
                       void *ctx, gisac_err *err)
{
    if (!json_is_array(v))
        return rerr(err, path, "expected an array of texts");
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e)
    {
        char p[96];
        snprintf(p, sizeof p, "%s[%zu]", path, i);
        if (!json_is_string(e))
            return rerr(err, p, "expected a text");
        const char *why = fn(ctx, json_string_value(e));
        if (why)
            return gisac_err_set(err, GISAC_EINVAL, "%s: '%s': %s", p, json_string_value(e), why);
    }
    return 0;
}

static const char *add_tlp(void *ctx, const char *s)
{
    gisac_tlp t;
    if (tlp_from_name(s, strlen(s), &t) < 0 || t == TLP_UNSET)
        return "not a TLP (use clear, green, amber, amber+strict, red)";
    *(unsigned *)ctx |= 1u << t;
    return NULL;
}

static const char *add_type(void *ctx, const char *s)
{
    ioc_type t;
    if (ioc_type_from_name(s, &t) < 0 || (int)t < 0 || t >= IOC_TYPE_COUNT)
        return "not an indicator type (use ipv4, ipv6, cidr, domain, url, md5, sha1, sha256, "
               "email)";
    *(unsigned *)ctx |= 1u << t;
    return NULL;
}

static const char *add_label(void *ctx, const char *s)
{
    incident_auto_rules *r = ctx;
    size_t n = strlen(s);
    if (!n)
        return "empty";
    if (n > INCIDENT_AUTO_LABEL_MAX)
        return "longer than 63 bytes";
    if (r->nthreat_types == INCIDENT_AUTO_LABELS)
        return "more than 32 threat types";
    memcpy(r->threat_types[r->nthreat_types++], s, n + 1);
    return NULL;
}

static const char *add_dir(void *ctx, const char *s)
{
    for (int d = INCIDENT_DIR_UNKNOWN; d <= INCIDENT_DIR_INBOUND; d++)
        if (strcmp(s, incident_dir_name(d)) == 0) {
            *(unsigned *)ctx |= 1u << d;
            return NULL;
        }
    return "not a direction (use outbound, inbound, unknown)";
}

static int parse_draft(json_t *v, incident_auto_rules *r, gisac_err *err)
{
    if (!json_is_object(v))
        return rerr(err, PATH ".draft", "expected an object");
    const char *key;
    json_t *m;
    json_object_foreach(v, key, m)
    {
        char p[96];
        snprintf(p, sizeof p, PATH ".draft.%.40s", key);
        if (!json_is_string(m))
            return rerr(err, p, "expected a text");
        const char *s = json_string_value(m);
        gisac_err e;
        int rc = 0;
        policy_impact imp;
        if (strcmp(key, "category") == 0) {
            if ((rc = incident_category_check(s, &e)) == 0)
                snprintf(r->category, sizeof r->category, "%s", s);
        } else if (strcmp(key, "asset") == 0) {
            rc = policy_asset_parse(s, &r->asset, &e);
        } else if (strcmp(key, "confidentiality") == 0) {
            if ((rc = policy_impact_parse("confidentiality", s, &imp, &e)) == 0)
                r->confidentiality = imp;
        } else if (strcmp(key, "integrity") == 0) {
            if ((rc = policy_impact_parse("integrity", s, &imp, &e)) == 0)
                r->integrity = imp;
        } else if (strcmp(key, "availability") == 0) {
            rc = policy_avail_parse(s, &r->availability, &e);
        } else {
            return rerr(err, p,
                        "unknown member (expected one of: category, asset, confidentiality, "
                        "integrity, availability)");
        }
        if (rc < 0)
            return rerr(err, p, e.msg);
    }
    return 0;
}

int incident_auto_rules_parse(const char *json, incident_auto_rules *out, gisac_err *err)
{
    incident_auto_rules r;
    incident_auto_rules_default(&r);
    if (!json) {
        *out = r;
        return 0;
    }
    json_error_t je;
    json_t *o = json_loads(json, JSON_REJECT_DUPLICATES, &je);
    if (!o)
        return gisac_err_set(err, GISAC_EINVAL, PATH ": %s", je.text);
    int rc = 0;
    if (!json_is_object(o))
        rc = rerr(err, PATH, "expected an object");
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v)
    {
        if (rc < 0)
            break;
        char p[96];
        snprintf(p, sizeof p, PATH ".%.40s", key);
        if (strcmp(key, "enabled") == 0) {
            if (!json_is_boolean(v))
                rc = rerr(err, p, "expected true or false");
            else
                r.enabled = json_is_true(v);
        } else if (strcmp(key, "min_confidence") == 0) {
            if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 100)
                rc = rerr(err, p, "expected an integer from 0 to 100");
            else
                r.min_confidence = (int)json_integer_value(v);
        } else if (strcmp(key, "tlp") == 0) {
            r.tlps = 0;
            rc = each_string(v, p, add_tlp, &r.tlps, err);
        } else if (strcmp(key, "indicator_types") == 0) {
            r.types = 0;
            rc = each_string(v, p, add_type, &r.types, err);
        } else if (strcmp(key, "threat_types") == 0) {
            rc = each_string(v, p, add_label, &r, err);
        } else if (strcmp(key, "window") == 0) {
            rc = duration_member(v, p, &r.window, "the window cannot be zero", err);
        } else if (strcmp(key, "draft") == 0) {
            rc = parse_draft(v, &r, err);
        } else if (strcmp(key, "directions") == 0) {
            r.directions = 0;
            rc = each_string(v, p, add_dir, &r.directions, err);
        } else if (strcmp(key, "answer_within") == 0) {
            rc = duration_member(v, p, &r.answer, "the answer deadline cannot be zero", err);
        } else {
            rc = rerr(err, p,
                      "unknown member (expected one of: enabled, min_confidence, tlp, "
                      "indicator_types, threat_types, window, draft, directions, "
                      "answer_within)");
        }
    }
    json_decref(o);
    if (rc == 0 && !r.tlps)
        rc = rerr(err, PATH ".tlp", "no TLP qualifies: list at least one");
    if (rc == 0 && !r.types)
        rc = rerr(err, PATH ".indicator_types", "no type qualifies: list at least one");
    if (rc == 0)
        *out = r;
    return rc;
}

/* ... and the draft's impacts must fit its asset under p (e.g. no availability
 * impact on national secrets by default). */
int incident_auto_rules_of(const policy *p, incident_auto_rules *out, gisac_err *err)
{
    int rc = incident_auto_rules_parse(p->auto_report, out, err);
    if (rc < 0)
        return rc;
    int level;
    gisac_err e;
    if (policy_level(p, out->asset, out->confidentiality, out->integrity, out->availability, &level,
                     &e) < 0)
        return rerr(err, PATH ".draft", e.msg);
    return 0;
}

/* ---- reporting -------------------------------------------------------------- */

/* 1 when the indicator's labels (a JSON array) hold one of the rules' threat types. */
static int has_threat_type(const incident_auto_rules *r, const char *labels_json)
{
    if (!r->nthreat_types)
        return 1;
    if (!labels_json)
        return 0;
    json_t *a = json_loads(labels_json, 0, NULL);
    int yes = 0;
    size_t i;
    json_t *e;
    if (json_is_array(a))
        json_array_foreach(a, i, e)
        {
            for (int k = 0; json_is_string(e) && k < r->nthreat_types && !yes; k++)
                yes = strcasecmp(json_string_value(e), r->threat_types[k]) == 0;
        }
    json_decref(a);
    return yes;
}

static int qualifies(const incident_auto_rules *r, const store_auto_indicator *ind)
{
    if (ind->tlp < TLP_CLEAR || ind->tlp > TLP_RED || !(r->tlps & (1u << ind->tlp)))
        return 0;
    if ((int)ind->type < 0 || ind->type >= IOC_TYPE_COUNT || !(r->types & (1u << ind->type)))
        return 0;
    if (ind->confidence < 0 ? r->min_confidence > 0 : ind->confidence < r->min_confidence)
        return 0;
    return has_threat_type(r, ind->labels_json);
}

/* 1 when rc says a row is missing: counted in *skipped, and rc made 0. */
static int missing(int *rc, size_t *skipped)
{
    if (*rc != GISAC_ENOTFOUND)
        return 0;
    *rc = 0;
    (*skipped)++;
    return 1;
}

int incident_auto_report(incident_svc *svc, const incident_sighting *sg, size_t n, int64_t now,
                         incident_auto_cb cb, void *ctx, incident_auto_stats *st, gisac_err *err)
{
    incident_auto_stats local;
    if (!st)
        st = &local;
    memset(st, 0, sizeof *st);
    st->sightings = n;
    gisac_arena_reset(svc->arena);

    /* the rules of the active policy; none stored: the defaults (off) */
    incident_auto_rules r;
    store_policy row;
    int rc = store_policy_get(svc->st, 0, &row, svc->arena, err);
    if (rc == GISAC_ENOTFOUND) {
        incident_auto_rules_default(&r);
        rc = 0;
    } else if (rc == 0) {
        const policy *p;
        rc = incident_policy_for(svc, row.version, &p, err);
        gisac_err e;
        if (rc == 0 && incident_auto_rules_of(p, &r, &e) < 0)
            rc = gisac_err_set(err, GISAC_ESTORE, "policy version %d: %s", row.version, e.msg);
    }
    if (rc < 0)
        return rc;
    st->enabled = r.enabled;
    if (!r.enabled) {
        for (size_t i = 0; i < n; i++)
            if (!sg[i].agency || !*sg[i].agency)
                st->unattributed++;
        return 0;
    }

    int own = !store_tx_open(svc->st);
    if (own && (rc = store_begin(svc->st, err)) < 0)
        return rc;
    gisac_arena *a = gisac_arena_new(4096);
    if (!a)
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const incident_sighting *s = &sg[i];
        if (!s->agency || !*s->agency) {
            st->unattributed++;
            continue;
        }
        gisac_arena_reset(a);
        store_auto_indicator ind;
        rc = store_indicator_get_id(svc->st, s->indicator, &ind, a, err);
        if (missing(&rc, &st->not_qualified) || rc < 0)
            continue; /* a failure ends the loop */
        if (!qualifies(&r, &ind)) {
            st->not_qualified++;
            continue;
        }
        store_agency ag;
        rc = store_agency_get(svc->st, s->agency, &ag, a, err);
        if (missing(&rc, &st->unknown_agency) || rc < 0)
            continue;
        if (!(r.directions & (1u << s->direction))) {
            st->not_alerted++; /* counted, not alerted */
            continue;
        }
        char id[ALERT_ID_MAX];
        int opened = 0, restricted = 0;
        rc = alert_from_sighting(svc, &r, &ind, s, now, id, &opened, &restricted, err);
        if (rc == 0) {
            if (opened)
                st->opened++;
            else
                st->updated++;
            if (cb && cb(ctx, id, opened, restricted) != 0)
                break;
        }
    }
    gisac_arena_free(a);
    return incident_tx_end(svc, own, rc, err);
}

int incident_record_sightings(incident_svc *svc, const incident_sighting *sg, size_t n,
                              const char *via, int64_t now, int auto_report, incident_auto_cb cb,
                              void *ctx, incident_auto_stats *st, gisac_err *err)
{
    if (st)
        memset(st, 0, sizeof *st);
    int own = !store_tx_open(svc->st);
    int rc = own ? store_begin(svc->st, err) : 0;
    int64_t total = 0;
    size_t nind = 0;
    const char *agency = NULL;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        rc = store_sighting_add(svc->st, sg[i].indicator, sg[i].agency, sg[i].first, sg[i].last,
                                sg[i].count, err);
        if (rc == 0)
            rc = alert_sighting_record(svc, &sg[i], err);
        total += sg[i].count;
        /* rows are by indicator and direction: count each indicator once */
        if (!i || sg[i - 1].indicator != sg[i].indicator)
            nind++;
        if (sg[i].agency && *sg[i].agency)
            agency = sg[i].agency;
    }
    if (rc == 0 && n) {
        gisac_buf d = GISAC_BUF_INIT;
        gisac_buf_puts(&d, "{\"agency\":");
        if (agency)
            gisac_buf_json_str(&d, agency);
        else
            gisac_buf_puts(&d, "null");
        gisac_buf_printf(&d, ",\"indicators\":%zu,\"sightings\":%lld,\"via\":", nind,
                         (long long)total);
        gisac_buf_json_str(&d, via ? via : "");
        gisac_buf_puts(&d, "}");
        rc = incident_audit(svc, now, "sighting.record", agency, &d, err);
        gisac_buf_free(&d);
    }
    if (rc == 0 && auto_report)
        rc = incident_auto_report(svc, sg, n, now, cb, ctx, st, err);
    if (rc < 0 && st)
        memset(st, 0, sizeof *st);
    return incident_tx_end(svc, own, rc, err);
}

/* ---- reading ---------------------------------------------------------------- */

static void sight_from(incident_auto_sighting *o, const store_incident_sighting *s)
{
    *o = (incident_auto_sighting){s->type,      s->value, s->agency, s->first_seen,
                                  s->last_seen, s->count, s->batches};
}

GISAC_RELAY_MAP(sight_row, store_incident_sighting, incident_auto_sighting, sight_from,
                incident_auto_sighting_cb)

int incident_auto_sightings(incident_svc *svc, const auth_principal *who, const char *id,
                            incident_auto_sighting_cb cb, void *ctx, gisac_err *err)
{
    gisac_arena_reset(svc->arena);
    store_incident row;
    int rc = incident_load(svc, who, id, &row, err);
    if (rc < 0)
        return rc;
    gisac_relay c = GISAC_RELAY(cb, ctx);
    return store_incident_sighting_iter(svc->st, row.id, sight_row, &c, err);
}
