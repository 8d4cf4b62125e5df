/*
 * policy: the incident rules as data. Pure: no store, no clock, no I/O
 * (it depends on base and jansson only).
 *
 *   - the level matrix: asset class x impact -> level 1..4 (docs/incident.md,
 *     "Levels"); an incident's level is the highest of its
 *     confidentiality, integrity and availability impacts;
 *   - the deadlines: report within 1 h of awareness and again within 1 h of
 *     a level change; supervisor review within 8 h (levels 1-2) or 2 h
 *     (3-4) of receiving the report; damage control or recovery within
 *     72 h (1-2) or 36 h (3-4) of awareness; investigation and improvement
 *     report within 1 month of completing recovery (docs/incident.md);
 *   - when a deadline counts as "at risk" (warnings for the notifier; not
 *     the programme's, gisac's own defaults);
 *   - reserved sections for other services ("alert_light", "auto_report",
 *     "obligations"),
 *     kept verbatim.
 *
 * The built-in defaults are policy_default(). A policy file (docs/policy.md)
 * is a JSON object that overrides any part of them; policy_parse validates
 * it and names the JSON path of every error ("$.levels.core.minor: ...").
 * The stored form of a policy is policy_to_json: canonical, complete, in a
 * fixed key order, so that its SHA-256 identifies it.
 *
 * Ownership: a policy holds four heap strings (description, alert_light,
 * auto_report, obligations); policy_free frees them, policy_copy duplicates them.
 * policy_default sets them to NULL.
 */
#ifndef GISAC_POLICY_H
#define GISAC_POLICY_H

#include "base/base.h"

#include <stdint.h>

/* ---- the scales -------------------------------------------------------- */

/* Rows of the level matrix (docs/incident.md). 0 is "not given / invalid". */
typedef enum policy_asset {
    POLICY_ASSET_NONE = 0,
    POLICY_ASSET_NON_CORE,        /* "non-core": non-core business */
    POLICY_ASSET_CORE,            /* "core": core business, no critical infrastructure */
    POLICY_ASSET_CORE_CI,         /* "core-ci": core business of critical infrastructure,
                                   * general official secrets, sensitive information */
    POLICY_ASSET_NATIONAL_SECRET, /* "national-secret" */
} policy_asset;
#define POLICY_ASSET_COUNT 5

/* Confidentiality (leak) and integrity (tampering) impact. */
typedef enum policy_impact {
    POLICY_IMPACT_NONE = 0,
    POLICY_IMPACT_MINOR,   /* "minor" */
    POLICY_IMPACT_SERIOUS, /* "serious" */
} policy_impact;

/* Availability impact, against the maximum tolerable downtime (MTD). */
typedef enum policy_avail {
    POLICY_AVAIL_NONE = 0,
    POLICY_AVAIL_WITHIN_MTD, /* "within-mtd": down, back within the MTD */
    POLICY_AVAIL_BEYOND_MTD, /* "beyond-mtd": down, not back in time */
} policy_avail;

/* Columns of the level matrix (docs/incident.md, left to right). */
enum {
    POLICY_COL_MINOR = 0,  /* "minor": minor leak or tampering */
    POLICY_COL_SERIOUS,    /* "serious": serious leak or tampering */
    POLICY_COL_WITHIN_MTD, /* "within-mtd" */
    POLICY_COL_BEYOND_MTD, /* "beyond-mtd" */
    POLICY_COL_COUNT
};

#define POLICY_LEVEL_MAX 4

/* Names as used on the command line and in JSON; "" for out-of-range values. */
const char *policy_asset_name(policy_asset a);
const char *policy_impact_name(policy_impact i); /* "none", "minor", "serious" */
const char *policy_avail_name(policy_avail a);   /* "none", "within-mtd", "beyond-mtd" */
const char *policy_col_name(int col);
/* 0 and *out on success; GISAC_EINVAL with a message listing the choices. */
int policy_asset_parse(const char *s, policy_asset *out, gisac_err *err);
int policy_impact_parse(const char *what, const char *s, policy_impact *out, gisac_err *err);
int policy_avail_parse(const char *s, policy_avail *out, gisac_err *err);

/* ---- durations ----------------------------------------------------------- */

/*
 * A duration: calendar months plus seconds ("1 month after recovery" is a
 * calendar month: 31 January + 1 month = 28 or 29 February, 23:59 kept).
 *
 * Text: one or more NUMBER UNIT groups, units mo (months), w, d, h, m
 * (minutes), s: "1h", "72h", "1h30m", "1mo", "7d". Numbers are decimal
 * digits; the total is at most 1200 months and 100 years of seconds.
 */
typedef struct policy_duration {
    int32_t months;
    int64_t seconds;
} policy_duration;

#define POLICY_DURATION_LEN 48
int policy_duration_parse(const char *s, policy_duration *out, gisac_err *err);
/*
 * Canonical text: months as "Nmo", then whole days as "Nd" when the
 * seconds are at least 4 days and a whole number of days, else hours,
 * minutes and seconds ("72h", "36h", "1h30m", "15m", "0m" for nothing).
 */
void policy_duration_format(policy_duration d, char out[POLICY_DURATION_LEN]);
int policy_duration_is_zero(policy_duration d);
/* t + d in UTC (months first, day clamped to the month's end, then seconds). */
int64_t policy_time_add(int64_t t, policy_duration d);
/*
 * t + d with the months counted in the local calendar of tz (NULL: UTC):
 * "1 month after recovery" at 2026-01-31T20:00+08:00 is 2026-02-28T20:00+08:00
 * local, whatever the UTC date; a local time that does not exist or
 * occurs twice is read as gisac_tz_local_to_utc does.
 */
int64_t policy_time_add_in(int64_t t, policy_duration d, const gisac_tz *tz);
/* t - d: the inverse walk, for "at risk" windows. */
int64_t policy_time_sub(int64_t t, policy_duration d);
/*
 * Time left (seconds, negative when overdue) as "45m", "7h59m", "2d04h";
 * overdue with a leading '-': "-1h05m". In whole minutes rounded down,
 * so 59 s left is "0m" and 1 s overdue "-1m".
 */
void policy_left_format(int64_t seconds, char out[POLICY_DURATION_LEN]);

/* ---- deadlines ----------------------------------------------------------- */

typedef enum policy_deadline {
    POLICY_DL_REPORT = 0,    /* "report" */
    POLICY_DL_REVIEW,        /* "review" */
    POLICY_DL_RECOVER,       /* "recover" */
    POLICY_DL_INVESTIGATION, /* "investigation_report" */
    POLICY_DL_COUNT
} policy_deadline;

const char *policy_deadline_name(policy_deadline k);

/* ---- the policy ---------------------------------------------------------- */

#define POLICY_DESCRIPTION_MAX 500
#define POLICY_URL_MAX         512

typedef struct policy {
    /*
     * level[asset][col]: 1..4, or 0 when the cell does not apply (national
     * secrets have no availability impact in the programme's rules). Row 0 unused.
     */
    int level[POLICY_ASSET_COUNT][POLICY_COL_COUNT];
    int major_level;                     /* levels >= this are major incidents and escalate */
    policy_duration report;              /* after awareness */
    policy_duration report_level_change; /* after a level change */
    /* index 1..4 by level; 0 unused */
    policy_duration review[POLICY_LEVEL_MAX + 1];        /* after the report is received */
    policy_duration recover[POLICY_LEVEL_MAX + 1];       /* after awareness */
    policy_duration investigation[POLICY_LEVEL_MAX + 1]; /* after recovery is completed */
    /* warn this long before each deadline; 0: never */
    policy_duration at_risk[POLICY_DL_COUNT];
    char *description; /* NULL: none */
    char *alert_light; /* the "alert_light" object as compact JSON text, NULL: absent */
    char *auto_report; /* the "auto_report" object as compact JSON text, NULL: absent */
    char *apps; /* the "apps" object (src/mobile, docs/app.md) as compact JSON, NULL: absent */
    char *obligations; /* the "obligations" object (src/gov) as compact JSON text, NULL: absent */
    /* the installation's time zone (a tz database name, default
     * "Asia/Taipei"): times given without an offset are read in it, and
     * days, months and years are its local ones. policy_parse checks its
     * shape only (policy does no I/O); the application loads it */
    char time_zone[GISAC_TZ_NAME_MAX];
    /* the web portal's base URL ("https://portal.example.org"): messages
     * link to "<portal_url>/incidents/ID"; "" (the default): no links.
     * An http:// or https:// URL without spaces, query or fragment */
    char portal_url[POLICY_URL_MAX + 1];
    /* how long (days, 0 .. 3650) an indicator that left the data (revoked,
     * allowlisted, expired, moved to another TLP) stays in the MISP feed as
     * a deleted attribute, counted back from the data's last change;
     * default POLICY_MISP_DELETED_DAYS; 0: never (MISP keeps what it has) */
    int misp_deleted_days;
} policy;
#define POLICY_MISP_DELETED_DAYS 30
#define POLICY_TIME_ZONE_DEFAULT "Asia/Taipei"

/* The built-in defaults (docs/incident.md). No heap strings. */
void policy_default(policy *p);
void policy_free(policy *p);
int policy_copy(policy *dst, const policy *src, gisac_err *err);

/*
 * Parse and validate a policy file held in text[0..len). Every member is
 * optional; a missing one keeps the built-in default. name labels JSON
 * syntax errors ("NAME:LINE:COLUMN: reason"); other errors name the JSON
 * path ("$.deadlines.review.3: ..."). On error *out is left empty
 * (policy_free-able, no strings).
 *
 * Top-level members: "description", "levels", "major_level", "deadlines",
 * "at_risk", the reserved "alert_light", "auto_report" and "obligations" (objects, kept
 * verbatim for the services that own them) and "version" (an integer,
 * informational: versions are given when a policy is installed). Any other
 * member is an error.
 */
int policy_parse(const char *text, size_t len, const char *name, policy *out, gisac_err *err);

/*
 * The canonical JSON text of p, appended to out, newline-terminated.
 * version > 0 adds "version": N as the first member (what `policy show
 * --json` prints; policy_parse accepts and ignores it).
 */
int policy_to_json(const policy *p, int version, gisac_buf *out);

/*
 * The level of an incident: the highest cell among the given impacts
 * (NONE impacts count for nothing). *level = 0 when every impact is NONE
 * (level not yet determined). GISAC_EINVAL when an impact is given whose
 * cell does not apply to the asset (e.g. availability of national
 * secrets, by default), or for values out of range.
 */
int policy_level(const policy *p, policy_asset asset, policy_impact confidentiality,
                 policy_impact integrity, policy_avail availability, int *level, gisac_err *err);

/* The clock of one incident, as far as the deadlines need it. Times 0 = not yet. */
typedef struct policy_clock {
    int level;            /* effective level, 0: not determined */
    int64_t aware_at;     /* awareness */
    int64_t report_clock; /* start of the current report clock (aware_at, or a level change) */
    int restarted;        /* 1: report_clock is a level change (report_level_change applies) */
    int64_t reported_at;  /* the report the review counts from (latest received) */
    int64_t recovered_at; /* recovery completed */
    const gisac_tz *tz;   /* months are counted in its local calendar (NULL: UTC) */
} policy_clock;

/*
 * The due times (0: not yet determined), indexed by policy_deadline:
 *   report        report_clock + report (or report_level_change)
 *   review        reported_at + review[level]       (needs both)
 *   recover       aware_at + recover[level]         (needs a level)
 *   investigation recovered_at + investigation[level] (needs both)
 */
void policy_deadlines(const policy *p, const policy_clock *c, int64_t due[POLICY_DL_COUNT]);

#endif
