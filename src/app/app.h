/*
 * app: the application layer, the one core under every front end.
 *
 * A front end (src/cli, src/http, the portal's API) parses its input,
 * calls ONE app function and renders the result. Everything else lives
 * here or below: which store to open and where its side files are, the
 * service handles, who may do what (role, agency, TLP), the flows that
 * cross services (recording sightings with their audit entries and
 * automatic reports; adding STIX objects over TAXII), the live match
 * snapshot and the scheduler.
 *
 * The caller: every use case takes the caller as an auth_principal (the
 * authenticated account of a request, or app_operator() for the local
 * operator of the CLI, who holds the database file and so holds
 * everything: role admin) and enforces role, agency and TLP itself. A
 * front end never filters, hides or checks a domain rule on its own.
 *
 * Front ends include app/ headers (and base/, ioc/) only, and call only
 * app_* functions and the pure helpers of the domain vocabulary (names of
 * enums, *_to_json renderings that take no store); tests/cli/
 * test_layers.sh checks both with nm. The service headers are included
 * below for their types (the domain's vocabulary), not for their calls.
 *
 * Area headers (one per group of use cases) are included at the end.
 *
 * Threads: an app handle is used by one thread at a time. app_clone gives
 * another thread its own handle (its own store connection and service
 * handles) sharing the installation (locations, the live match snapshot);
 * the shared parts are thread-safe and reference-counted, and live until
 * the last handle closes.
 *
 * Ownership: app_open / app_clone allocate; app_close frees (the clone
 * and the original may close in any order). Results handed out by app_*
 * functions say who frees them.
 */
#ifndef GISAC_APP_H
#define GISAC_APP_H

#include "base/base.h"
#include "ioc/ioc.h"

/* the domain's vocabulary (types) */
#include "advisory/advisory.h"
#include "audit/audit.h"
#include "auth/auth.h"
#include "incident/incident.h"
#include "intel/intel.h"
#include "match/match.h"
#include "notify/notify.h"
#include "policy/policy.h"
#include "report/report.h"

#include <stdint.h>

typedef struct app app;

/* How to open the installation. */
typedef struct app_config {
    /*
     * Where the data is: a store URI, "sqlite:PATH" or a plain PATH (an
     * SQLite file). The side files are resolved from it once: for an
     * SQLite file PATH, the key file "PATH.key", the audit checkpoints'
     * signing key "PATH.audit-key" and the evidence directory
     * "PATH.evidence/" (docs/architecture.md, "Where things are"). For a
     * server (postgresql://...), which has no file, they are "gisac.key",
     * "gisac.audit-key" and "gisac.evidence/" in the directory the
     * environment variable GISAC_STATE_DIR names (default: the current
     * directory), the same on every machine of an installation
     * (docs/postgresql.md).
     */
    const char *store_uri;
    /* APP_OPEN_* flags */
    unsigned flags;
    /* who writes: the audit actor of every write made through this handle
     * and its clones ("cli:alice", "server:scheduler"); NULL: "system" */
    const char *actor;
} app_config;

enum {
    /* create the database when it does not exist (commands that import or
     * set up); without it a missing database is GISAC_ENOTFOUND with a
     * message naming it, so that a mistyped --db never answers "nothing
     * found" */
    APP_OPEN_CREATE = 1u << 0,
};

int app_open(const app_config *cfg, app **out, gisac_err *err);
/* Another handle on the same installation, for another thread. */
int app_clone(app *a, app **out, gisac_err *err);
void app_close(app *a); /* NULL: nothing */

/* Where things are, resolved once (valid while a is open). */
const char *app_store_uri(const app *a);
/* The SQLite file, or NULL when the store is not a file. */
const char *app_db_path(const app *a);
const char *app_key_path(const app *a);
/* The signing key of the audit checkpoints, "PATH.audit-key" (NULL: no file store). */
const char *app_audit_key_path(const app *a);
const char *app_evidence_dir(const app *a);

/* The actor of this handle's writes; set_actor changes it (per request). */
void app_set_actor(app *a, const char *actor);
const char *app_actor(const app *a);

/*
 * The local operator of the CLI: role admin, named after the actor
 * ("cli:alice"). Valid while a is open and its actor unchanged.
 */
auth_principal app_operator(const app *a);

/*
 * The first run: when the installation has no account at all, create the
 * administrator "admin" with password (NULL: a generated one, copied to
 * pw_out to be shown once). *created = 0 and nothing is written when any
 * account exists.
 */
int app_bootstrap_admin(app *a, const char *password, char pw_out[AUTH_PASSWORD_MAX + 1],
                        int *created, gisac_err *err);

/*
 * Make every service handle of a now (they are otherwise made on first
 * use): a server does this at start, so that no request pays for it and
 * the built-in allowlist is seeded before the first one.
 */
int app_prepare(app *a, gisac_err *err);

/*
 * One line on how imported files are parsed (docs/sandbox.md): "imported
 * files are parsed in a sandbox (seccomp, Landlock ABI 7)", "... (seccomp;
 * no Landlock (not in this kernel))", or "... without a sandbox
 * (GISAC_SANDBOX=off)"; with ", but its parse helper gisac-parse is
 * missing: imports fail (docs/sandbox.md)" after the first two when
 * sandbox_helper_path finds none. The server logs it at start.
 */
void app_sandbox_describe(char *out, size_t cap);
/* The same as numbers (GET /metrics): on 0 when GISAC_SANDBOX=off. */
typedef struct app_sandbox_state {
    int on;
    int seccomp;      /* 1: seccomp filters can be loaded */
    int landlock_abi; /* 0: no Landlock */
} app_sandbox_state;
void app_sandbox_state_get(app_sandbox_state *out);

/*
 * 1 when who may do act (on target_agency's data, or NULL) by role and
 * agency (auth_can): the coarse gate a front end may check first, e.g.
 * the HTTP route table; every app function checks again.
 */
int app_may(const auth_principal *who, auth_action act, const char *target_agency);

/* ---- the use cases, by area ------------------------------------------- */
#include "app/app_auth.h" /* sign-in, agencies, accounts, tokens, audit, notifications, scheduler */
#include "app/app_intel.h"    /* indicators, allowlist, feeds, exports, TAXII, advisories */
#include "app/app_incident.h" /* incidents, evidence, policy, alert light, KPI report */
#include "app/app_match.h"    /* matching sensor logs, recording sightings */
#include "app/app_alert.h"    /* monitoring notices (alerts), sightings with their context */
#include "app/app_feed.h"     /* feed sources fetched on schedule */
#include "app/app_app.h"      /* government mobile apps: the APK check */
#include "app/app_gov.h"      /* obligations, information systems, assessments, SCAP results */
#include "app/app_asset.h"    /* the software-asset register, vulnerability data, VEX */
#include "app/app_identity.h" /* the installation's identity in what it shares */
#include "app/app_ingest.h"   /* NATS JetStream: publish, workers */

#endif
