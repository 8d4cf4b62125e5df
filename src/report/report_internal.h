/*
 * report_internal.h: private to src/report. What the alert light and the
 * KPI report both read: incidents with their breached deadlines, the
 * agencies' sectors, calendar arithmetic.
 */
#ifndef GISAC_REPORT_INTERNAL_H
#define GISAC_REPORT_INTERNAL_H

#include "incident/alert.h"
#include "report/report.h"

#include <jansson.h>

/* What the reports need of one incident. */
typedef struct rp_incident {
    char id[INCIDENT_ID_MAX];
    char agency[AUTH_AGENCY_ID_MAX + 1];
    char category[32];
    int level; /* 0: not determined */
    incident_status status;
    int open;      /* not closed */
    int dismissed; /* a draft closed without ever being reported */
    int64_t aware_at, reported_at, review_clock, last_report_at, reviewed_at, recovered_at;
    unsigned breached; /* bit (1u << policy_deadline) per breached deadline */
    incident_dl_state dl[POLICY_DL_COUNT];
    int visible; /* the caller may see its id (the alert light: set by light_load) */
    int sector;  /* its agency's in the agencies' sectors; -1: none (set by light_load) */
} rp_incident;

/* What the reports need of inc (sector 0, visible 0; breached from its deadlines' states). */
void rp_incident_of(const incident *inc, rp_incident *r);

typedef struct rp_incidents {
    rp_incident *v;
    size_t n, cap;
} rp_incidents;

/*
 * Every incident (open_only: not closed; aware_to > 0: aware_at in
 * [aware_from, aware_to)), by id, with breaches; free with
 * rp_incidents_free. One scan of brief rows (incident_filter.brief) and
 * one of the breaches: nothing is asked per incident.
 */
int rp_incidents_load(incident_svc *svc, int64_t now, int open_only, int64_t aware_from,
                      int64_t aware_to, rp_incidents *out, gisac_err *err);
void rp_incidents_free(rp_incidents *d);

typedef struct rp_agency {
    char *id, *sector; /* sector "" when none */
} rp_agency;
typedef struct rp_agencies {
    rp_agency *v; /* by id */
    size_t n, cap;
    char **sectors; /* distinct non-empty sectors, sorted */
    size_t nsectors;
} rp_agencies;
int rp_agencies_load(store *s, rp_agencies *out, gisac_err *err);
void rp_agencies_free(rp_agencies *a);
/* The sector of agency id: "" for none or an unknown agency. */
const char *rp_sector_of(const rp_agencies *a, const char *id);

/* office staff: admin, analyst */
int rp_is_staff(const auth_principal *who);
/* The principal the reports read the incident service as. */
auth_principal rp_system(void);

/* Calendar (proleptic Gregorian, UTC). */
int64_t rp_days_from_civil(int y, int m, int d);
void rp_civil_from_days(int64_t z, int *y, int *m, int *d);
int rp_days_in_month(int y, int m);
int64_t rp_floor_div(int64_t a, int64_t b);

/* Dump o (not consumed) into out: compact, or indented by 2; keys in insertion order. */
int rp_json_dump(const json_t *o, int pretty, gisac_buf *out, gisac_err *err);
/* rp_json_dump and a line end; o is consumed. */
int rp_json_line(json_t *o, int pretty, gisac_buf *out, gisac_err *err);

/* The KPI report object (kpi.c) as one self-contained HTML page (kpi_html.c). */
int rp_kpi_html_render(const json_t *o, gisac_buf *out, gisac_err *err);
/* render(o, out, err); o is consumed. */
int rp_render(json_t *o, int (*render)(const json_t *, gisac_buf *, gisac_err *), gisac_buf *out,
              gisac_err *err);

#endif
