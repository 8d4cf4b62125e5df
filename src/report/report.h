/*
 * report: situational awareness. The alert light (資安警示燈號) of the
 * whole and of each sector, and the key-indicator (KPI) report of a year
 * or a month with the programme's own targets (docs/status.md,
 * docs/report.md). Both are computed from the store on every call, so
 * they are reproducible for a given clock (GISAC_NOW). Nothing here
 * prints; the front ends (gisac status, gisac report kpi,
 * /api/v1/status) render what these functions return.
 *
 * The alert light is gisac's own scheme, not an official one. Levels
 * green < blue < yellow < orange < red; the light is the highest level
 * whose rule fires (the defaults, "first match wins" from red down):
 *
 *   red     an open incident of level >= red.open_level (4), or an open
 *           incident of level >= red.recover_breach_level (3) whose
 *           recovery deadline is breached
 *   orange  an open incident of level >= orange.open_level (3), or an open
 *           incident with any breached deadline (orange.breach)
 *   yellow  at least yellow.open_incidents (3) open incidents of level 1 to
 *           yellow.max_level (2), or sightings in the last 24 h above
 *           yellow.spike_factor (3) times the daily average of the
 *           yellow.baseline_days (7) days before, and at least
 *           yellow.min_sightings (1)
 *   blue    any open incident (blue.open), or any sighting in the last
 *           24 h (blue.sightings)
 *   green   otherwise
 *
 * Definitions:
 *   - open: not closed. Drafts count (an automatic report's draft is a
 *     real incident until dismissed); an incident whose level is not yet
 *     determined counts as open but has no level (only blue.open);
 *   - a breached deadline of an open incident: a breach recorded by the
 *     incident service (incident_breaches), or a deadline that is overdue
 *     or was met late at now (so the light does not wait for the
 *     scheduler's check);
 *   - sightings are read from hourly buckets (UTC; a batch of sightings
 *     is counted in the hour of its last_seen): "the last 24 h" is the
 *     bucket of the hour that holds now and the 23 before it; "the days
 *     before" are the baseline_days * 24 buckets before those. The spike
 *     rule is last24 * baseline_days > spike_factor * baseline (exact
 *     integers: no rounding);
 *   - a sector is the agency's sector (src/auth). The light of a sector
 *     counts the incidents and sightings of its agencies; incidents of
 *     agencies without a sector and sightings without a known agency
 *     count for the whole only.
 *
 * The rules come from the active policy's "alert_light" object
 * (report_light_rules_parse); a member left out keeps its default, 0 (or
 * false) turns a rule off.
 *
 * Who: admin and analyst see everything; an agency officer sees the
 * whole light and its own sector's, with the incident ids of its own
 * agency only (others are counted, not named); sensors and consumers
 * get GISAC_EFORBIDDEN. The KPI report is for office staff (admin, analyst).
 *
 * Errors: 0 or a negative GISAC_E*; GISAC_EINVAL (a bad rule, period or
 * option), GISAC_ENOTFOUND (no such sector), GISAC_EFORBIDDEN, GISAC_ESTORE.
 * Output is appended to a caller's gisac_buf (the caller frees it).
 */
#ifndef GISAC_REPORT_H
#define GISAC_REPORT_H

#include "base/base.h"
#include "incident/incident.h"
#include "policy/policy.h"

/* ---- the alert light ------------------------------------------------------- */

typedef enum report_light {
    REPORT_GREEN = 0,
    REPORT_BLUE,
    REPORT_YELLOW,
    REPORT_ORANGE,
    REPORT_RED,
} report_light;
#define REPORT_LIGHT_COUNT 5

/* "green", "blue", "yellow", "orange", "red"; "" out of range */
const char *report_light_name(report_light l);
/* 綠燈 藍燈 黃燈 橙燈 紅燈 */
const char *report_light_label(report_light l);

typedef struct report_light_rules {
    int red_open_level;           /* 0..4, 0: off (default 4) */
    int red_recover_breach_level; /* 0..4, 0: off (default 3) */
    int orange_open_level;        /* 0..4, 0: off (default 3) */
    int orange_breach;            /* bool (default 1) */
    int yellow_open_incidents;    /* 0..1000000, 0: off (default 3) */
    int yellow_max_level;         /* 1..4 (default 2) */
    int yellow_spike_factor;      /* 0..1000, 0: off (default 3) */
    int yellow_baseline_days;     /* 1..90 (default 7) */
    int64_t yellow_min_sightings; /* 1..1000000000 (default 1) */
    int blue_open;                /* bool (default 1) */
    int blue_sightings;           /* bool (default 1) */
} report_light_rules;

void report_light_rules_default(report_light_rules *out);
/*
 * Parse the "alert_light" object text of a policy (NULL: the defaults):
 * {"red": {"open_level", "recover_breach_level"}, "orange": {"open_level",
 * "breach"}, "yellow": {"open_incidents", "max_level", "spike_factor",
 * "baseline_days", "min_sightings"}, "blue": {"open", "sightings"}}.
 * Errors name the JSON path ("$.alert_light.yellow.spike_factor: ...").
 */
int report_light_rules_parse(const char *json, report_light_rules *out, gisac_err *err);
/* The rules as the complete "alert_light" object (every member, defaults included). */
int report_light_rules_to_json(const report_light_rules *r, gisac_buf *out);

/*
 * The light at now as JSON (docs/status.md), appended to out: the whole,
 * with every sector the caller may see under "sectors"; or, with sector
 * given (not NULL), that sector only. pretty: indented. Rules from the
 * active policy.
 */
int report_status_json(incident_svc *svc, const auth_principal *who, const char *sector,
                       int64_t now, int pretty, gisac_buf *out, gisac_err *err);
/* The same as text (what `gisac status` prints). */
int report_status_text(incident_svc *svc, const auth_principal *who, const char *sector,
                       int64_t now, gisac_buf *out, gisac_err *err);

/*
 * Overdue obligations (src/gov), counted by the caller: of the whole and
 * of each sector; the light turns orange when a scope has at least
 * orange (0: off), else yellow at least yellow (0: off) (the policy's
 * "obligations"."light", docs/obligation.md). Its scope's figures get
 * "overdue_obligations".
 */
typedef struct report_obligations {
    int64_t total;
    const char *const *sector; /* "": agencies without a sector */
    const int64_t *count;
    size_t n;
    int yellow, orange;
} report_obligations;
/* report_status_json and report_status_text with the overdue obligations (ob NULL: none). */
int report_status_json_ob(incident_svc *svc, const auth_principal *who, const char *sector,
                          int64_t now, const report_obligations *ob, int pretty, gisac_buf *out,
                          gisac_err *err);
int report_status_text_ob(incident_svc *svc, const auth_principal *who, const char *sector,
                          int64_t now, const report_obligations *ob, gisac_buf *out,
                          gisac_err *err);

/* ---- key indicators -------------------------------------------------------- */

/*
 * The programme's targets (constants, docs/report.md): intel releases (an
 * indicator added to the shared store: created in the period, matchable
 * and not allowlisted) and advisories (first published in the period) a
 * year, pro-rated by days for a month (rounded up); C2 intelligence every
 * day; a monthly intelligence report every month.
 */
#define REPORT_TARGET_RELEASES   500
#define REPORT_TARGET_ADVISORIES 200

/*
 * The period: year (1970..9999; 0: the year of now), month 1..12 or 0 for
 * the whole year, in the local days, months and years of the zone tz (the
 * installation's, NULL: UTC): a December in Asia/Taipei runs from
 * 2026-11-30T16:00:00Z to 2026-12-31T16:00:00Z.
 */
typedef struct report_period {
    int year;
    int month;
    const gisac_tz *tz;
    /* the governance figures of the period (src/gov, gov_kpi_json), a JSON
     * object the caller computed, added as "governance"; NULL: none */
    const char *governance;
} report_period;

/*
 * The KPI report of the period at now, as JSON (docs/report.md) or as one
 * self-contained HTML page (inline CSS and SVG charts, no external
 * resource). GISAC_EINVAL for a period out of range or not yet begun.
 */
int report_kpi_json(incident_svc *svc, const auth_principal *who, const report_period *p,
                    int64_t now, int pretty, gisac_buf *out, gisac_err *err);
int report_kpi_html(incident_svc *svc, const auth_principal *who, const report_period *p,
                    int64_t now, gisac_buf *out, gisac_err *err);

/*
 * Nearest-rank percentile q (1..100) of v[0..n) (sorted in place): the
 * value at rank ceil(q * n / 100), 1-based. n must be at least 1.
 */
int64_t report_percentile(int64_t *v, size_t n, int q);

#endif
