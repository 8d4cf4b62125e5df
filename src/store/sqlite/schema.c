/*
 * sqlite/schema.c: the SQLite backend's schema (its migrations, in
 * SQLite's SQL) and the settings of a new connection (the driver's setup,
 * see driver.c for the rest of the driver).
 *
 * One file in WAL mode with synchronous=FULL, so that a committed import
 * survives a power cut. Statements are kept in the handle (store_stmt) or
 * prepared per call; values are always bound, never pasted into SQL.
 */
#include "store/store.h"
#include "store/store_internal.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* ---- migrations -------------------------------------------------------- */

/*
 * Each entry moves the schema from version i to i+1. Never edit a released
 * entry; append a new one.
 */
static const char *const migrations[] = {
    /* 1: the intelligence store */
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE source ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  created INTEGER NOT NULL);"
    "CREATE TABLE indicator ("
    "  id INTEGER PRIMARY KEY,"
    "  type TEXT NOT NULL,"
    "  value TEXT NOT NULL,"
    "  stix_id TEXT,"
    "  name TEXT,"
    "  description TEXT,"
    "  labels TEXT,"
    "  created_by TEXT,"
    "  confidence INTEGER,"
    "  tlp INTEGER NOT NULL,"
    "  matchable INTEGER NOT NULL DEFAULT 1,"
    "  revoked INTEGER NOT NULL DEFAULT 0,"
    "  allowlisted INTEGER NOT NULL DEFAULT 0,"
    "  first_seen INTEGER,"
    "  last_seen INTEGER,"
    "  valid_from INTEGER,"
    "  valid_until INTEGER,"
    "  range_lo TEXT,"
    "  range_hi TEXT,"
    "  created INTEGER NOT NULL,"
    "  modified INTEGER NOT NULL,"
    "  UNIQUE (type, value));"
    "CREATE INDEX indicator_range ON indicator (range_lo) WHERE range_lo IS NOT NULL;"
    "CREATE INDEX indicator_stix_id ON indicator (stix_id) WHERE stix_id IS NOT NULL;"
    "CREATE TABLE indicator_source ("
    "  indicator_id INTEGER NOT NULL REFERENCES indicator (id),"
    "  source_id INTEGER NOT NULL REFERENCES source (id),"
    "  first_seen INTEGER,"
    "  last_seen INTEGER,"
    "  PRIMARY KEY (indicator_id, source_id)) WITHOUT ROWID;"
    "CREATE INDEX indicator_source_by_source ON indicator_source (source_id);"
    "CREATE TABLE allowlist ("
    "  id INTEGER PRIMARY KEY,"
    "  type TEXT NOT NULL,"
    "  value TEXT NOT NULL,"
    "  range_lo TEXT,"
    "  range_hi TEXT,"
    "  comment TEXT,"
    "  builtin INTEGER NOT NULL DEFAULT 0,"
    "  created INTEGER NOT NULL,"
    "  UNIQUE (type, value));",
    /* 2: sightings from the matching engine */
    "CREATE TABLE sighting ("
    "  indicator_id INTEGER NOT NULL REFERENCES indicator (id),"
    "  agency TEXT NOT NULL,"
    "  first_seen INTEGER NOT NULL,"
    "  last_seen INTEGER NOT NULL,"
    "  count INTEGER NOT NULL,"
    "  PRIMARY KEY (indicator_id, agency));",
    /* 3: agencies, accounts and API tokens */
    "CREATE TABLE agency ("
    "  id TEXT PRIMARY KEY,"
    "  name TEXT NOT NULL,"
    "  sector TEXT,"
    "  grade TEXT NOT NULL,"
    "  parent TEXT REFERENCES agency (id),"
    "  created INTEGER NOT NULL,"
    "  modified INTEGER NOT NULL);"
    "CREATE TABLE account ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  role TEXT NOT NULL,"
    "  agency TEXT REFERENCES agency (id),"
    "  password_hash TEXT,"
    "  failed_logins INTEGER NOT NULL DEFAULT 0,"
    "  locked_until INTEGER,"
    "  disabled INTEGER NOT NULL DEFAULT 0,"
    "  created INTEGER NOT NULL,"
    "  modified INTEGER NOT NULL);"
    "CREATE TABLE token ("
    "  id TEXT PRIMARY KEY,"
    "  account_id INTEGER NOT NULL REFERENCES account (id),"
    "  name TEXT,"
    "  hash TEXT NOT NULL,"
    "  created INTEGER NOT NULL,"
    "  expires INTEGER,"
    "  last_used INTEGER,"
    "  revoked INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX token_by_account ON token (account_id);",
    /* 4: TAXII pages walk indicators by (date added, id) */
    "CREATE INDEX indicator_by_created ON indicator (created, id);",
    /* 5: the audit chain, TAXII add-object status, TLP recipients */
    "CREATE TABLE audit_log ("
    "  seq INTEGER PRIMARY KEY,"
    "  ts INTEGER NOT NULL,"
    "  actor TEXT NOT NULL,"
    "  action TEXT NOT NULL,"
    "  object TEXT,"
    "  detail TEXT,"
    "  prev_hash TEXT NOT NULL,"
    "  hash TEXT NOT NULL);"
    "CREATE TABLE taxii_status ("
    "  id TEXT PRIMARY KEY,"
    "  account_id INTEGER NOT NULL REFERENCES account (id),"
    "  agency TEXT,"
    "  collection TEXT NOT NULL,"
    "  status TEXT NOT NULL,"
    "  request_timestamp INTEGER NOT NULL,"
    "  total_count INTEGER NOT NULL,"
    "  success_count INTEGER NOT NULL,"
    "  failure_count INTEGER NOT NULL,"
    "  pending_count INTEGER NOT NULL,"
    "  details TEXT NOT NULL);"
    "CREATE TABLE indicator_recipient ("
    "  indicator_id INTEGER NOT NULL REFERENCES indicator (id),"
    "  agency TEXT NOT NULL,"
    "  PRIMARY KEY (indicator_id, agency)) WITHOUT ROWID;"
    "CREATE INDEX indicator_recipient_by_agency ON indicator_recipient (agency);",
    /* 6: notifications: subscriptions, the outbox, the delivery log */
    "CREATE TABLE notify_sub ("
    "  id INTEGER PRIMARY KEY,"
    "  kind TEXT NOT NULL,"
    "  target TEXT NOT NULL,"
    "  secret TEXT,"
    "  agency TEXT REFERENCES agency (id),"
    "  created INTEGER NOT NULL,"
    "  removed INTEGER);"
    "CREATE TABLE notify_sub_event ("
    "  sub_id INTEGER NOT NULL REFERENCES notify_sub (id),"
    "  event TEXT NOT NULL,"
    "  PRIMARY KEY (sub_id, event)) WITHOUT ROWID;"
    "CREATE TABLE notify_outbox ("
    "  id INTEGER PRIMARY KEY,"
    "  sub_id INTEGER NOT NULL REFERENCES notify_sub (id),"
    "  event TEXT NOT NULL,"
    "  agency TEXT,"
    "  subject TEXT NOT NULL,"
    "  payload TEXT NOT NULL,"
    "  created INTEGER NOT NULL,"
    "  status TEXT NOT NULL,"
    "  attempts INTEGER NOT NULL DEFAULT 0,"
    "  next_at INTEGER NOT NULL,"
    "  done_at INTEGER);"
    "CREATE INDEX notify_outbox_due ON notify_outbox (status, next_at);"
    "CREATE INDEX notify_outbox_by_sub ON notify_outbox (sub_id);"
    "CREATE TABLE notify_attempt ("
    "  id INTEGER PRIMARY KEY,"
    "  delivery_id INTEGER NOT NULL REFERENCES notify_outbox (id),"
    "  attempt INTEGER NOT NULL,"
    "  at INTEGER NOT NULL,"
    "  ok INTEGER NOT NULL,"
    "  code INTEGER,"
    "  error TEXT);"
    "CREATE INDEX notify_attempt_by_delivery ON notify_attempt (delivery_id);",
    /* 7: incidents (levels, deadlines, breaches, events for the notifier,
     * links for automatic reports), versioned policies, evidence with its
     * chain of custody (src/store/store_incident.c, store_evidence.c) */
    "CREATE TABLE policy ("
    "  version INTEGER PRIMARY KEY,"
    "  body TEXT NOT NULL,"
    "  sha256 TEXT NOT NULL,"
    "  source TEXT,"
    "  actor TEXT NOT NULL,"
    "  created INTEGER NOT NULL);"
    "CREATE TABLE incident ("
    "  id INTEGER PRIMARY KEY,"
    "  ref TEXT NOT NULL UNIQUE,"
    "  year INTEGER NOT NULL,"
    "  seq INTEGER NOT NULL,"
    "  agency TEXT NOT NULL REFERENCES agency (id),"
    "  title TEXT NOT NULL,"
    "  description TEXT,"
    "  category TEXT NOT NULL,"
    "  asset TEXT NOT NULL,"
    "  confidentiality TEXT NOT NULL,"
    "  integrity TEXT NOT NULL,"
    "  availability TEXT NOT NULL,"
    "  level INTEGER NOT NULL,"
    "  level_computed INTEGER NOT NULL,"
    "  level_override INTEGER,"
    "  override_reason TEXT,"
    "  policy_version INTEGER NOT NULL REFERENCES policy (version),"
    "  status TEXT NOT NULL,"
    "  occurred_at INTEGER,"
    "  aware_at INTEGER NOT NULL,"
    "  reported_at INTEGER,"
    "  last_report_at INTEGER,"
    "  report_clock INTEGER NOT NULL,"
    "  report_restarted INTEGER NOT NULL DEFAULT 0,"
    "  report_pending INTEGER NOT NULL DEFAULT 0,"
    "  review_clock INTEGER,"
    "  reviewed_at INTEGER,"
    "  recovered_at INTEGER,"
    "  investigated_at INTEGER,"
    "  closed_at INTEGER,"
    "  close_reason TEXT,"
    "  origin TEXT,"
    "  created_by TEXT NOT NULL,"
    "  created INTEGER NOT NULL,"
    "  modified INTEGER NOT NULL,"
    "  UNIQUE (year, seq));"
    "CREATE INDEX incident_by_agency ON incident (agency, status);"
    "CREATE INDEX incident_by_status ON incident (status);"
    "CREATE INDEX incident_by_origin ON incident (origin) WHERE origin IS NOT NULL;"
    "CREATE TABLE incident_breach ("
    "  incident_id INTEGER NOT NULL REFERENCES incident (id),"
    "  kind TEXT NOT NULL,"
    "  due INTEGER NOT NULL,"
    "  recorded INTEGER NOT NULL,"
    "  PRIMARY KEY (incident_id, kind, due));"
    "CREATE TABLE incident_event ("
    "  seq INTEGER PRIMARY KEY,"
    "  ts INTEGER NOT NULL,"
    "  incident_id INTEGER NOT NULL REFERENCES incident (id),"
    "  agency TEXT NOT NULL,"
    "  kind TEXT NOT NULL,"
    "  detail TEXT,"
    "  dedup TEXT UNIQUE);"
    "CREATE TABLE incident_link ("
    "  incident_id INTEGER NOT NULL REFERENCES incident (id),"
    "  kind TEXT NOT NULL,"
    "  target TEXT NOT NULL,"
    "  added INTEGER NOT NULL,"
    "  PRIMARY KEY (incident_id, kind, target));"
    "CREATE INDEX incident_link_by_target ON incident_link (kind, target);"
    "CREATE TABLE evidence ("
    "  id INTEGER PRIMARY KEY,"
    "  incident_id INTEGER NOT NULL REFERENCES incident (id),"
    "  n INTEGER NOT NULL,"
    "  kind TEXT NOT NULL,"
    "  sha256 TEXT NOT NULL,"
    "  size INTEGER NOT NULL,"
    "  name TEXT,"
    "  note TEXT,"
    "  acquired_by TEXT NOT NULL,"
    "  acquired_at INTEGER NOT NULL,"
    "  custodian TEXT NOT NULL,"
    "  created INTEGER NOT NULL,"
    "  UNIQUE (incident_id, n));"
    "CREATE TABLE evidence_custody ("
    "  seq INTEGER PRIMARY KEY,"
    "  evidence_id INTEGER NOT NULL REFERENCES evidence (id),"
    "  ts INTEGER NOT NULL,"
    "  from_party TEXT,"
    "  to_party TEXT NOT NULL,"
    "  reason TEXT NOT NULL,"
    "  actor TEXT NOT NULL);"
    "CREATE INDEX evidence_custody_by_evidence ON evidence_custody (evidence_id, seq);",
    /* 8: advisories with their revisions, cited indicators, CVEs and TLP
     * recipients; the STIX vulnerability object of every CVE cited
     * (src/store/store_advisory.c) */
    "CREATE TABLE advisory ("
    "  id INTEGER PRIMARY KEY,"
    "  ref TEXT NOT NULL UNIQUE,"
    "  stix_id TEXT NOT NULL UNIQUE,"
    "  year INTEGER NOT NULL,"
    "  seq INTEGER NOT NULL,"
    "  revision INTEGER NOT NULL,"
    "  published INTEGER NOT NULL,"
    "  UNIQUE (year, seq));"
    "CREATE INDEX advisory_by_published ON advisory (published);"
    "CREATE TABLE advisory_revision ("
    "  id INTEGER PRIMARY KEY,"
    "  advisory_id INTEGER NOT NULL REFERENCES advisory (id),"
    "  revision INTEGER NOT NULL,"
    "  title TEXT NOT NULL,"
    "  severity TEXT NOT NULL,"
    "  tlp INTEGER NOT NULL,"
    "  body TEXT NOT NULL,"
    "  lang TEXT NOT NULL,"
    "  author TEXT NOT NULL,"
    "  published INTEGER NOT NULL,"
    "  UNIQUE (advisory_id, revision));"
    "CREATE INDEX advisory_revision_by_published ON advisory_revision (published, id);"
    "CREATE TABLE advisory_indicator ("
    "  revision_id INTEGER NOT NULL REFERENCES advisory_revision (id),"
    "  pos INTEGER NOT NULL,"
    "  indicator_id INTEGER NOT NULL REFERENCES indicator (id),"
    "  PRIMARY KEY (revision_id, pos)) WITHOUT ROWID;"
    "CREATE INDEX advisory_indicator_by_indicator ON advisory_indicator (indicator_id);"
    "CREATE TABLE advisory_vuln ("
    "  cve TEXT PRIMARY KEY,"
    "  stix_id TEXT NOT NULL UNIQUE,"
    "  created INTEGER NOT NULL);"
    "CREATE TABLE advisory_cve ("
    "  revision_id INTEGER NOT NULL REFERENCES advisory_revision (id),"
    "  pos INTEGER NOT NULL,"
    "  cve TEXT NOT NULL REFERENCES advisory_vuln (cve),"
    "  PRIMARY KEY (revision_id, pos)) WITHOUT ROWID;"
    "CREATE INDEX advisory_cve_by_cve ON advisory_cve (cve);"
    "CREATE TABLE advisory_recipient ("
    "  revision_id INTEGER NOT NULL REFERENCES advisory_revision (id),"
    "  agency TEXT NOT NULL REFERENCES agency (id),"
    "  PRIMARY KEY (revision_id, agency)) WITHOUT ROWID;"
    "CREATE INDEX advisory_recipient_by_agency ON advisory_recipient (agency);",
    /* 9: automatic reports: the sightings each incident was opened or
     * updated from, summed per (indicator, agency)
     * (src/store/store_autoreport.c) */
    "CREATE TABLE incident_sighting ("
    "  incident_id INTEGER NOT NULL REFERENCES incident (id),"
    "  indicator_id INTEGER NOT NULL REFERENCES indicator (id),"
    "  agency TEXT NOT NULL,"
    "  first_seen INTEGER NOT NULL,"
    "  last_seen INTEGER NOT NULL,"
    "  count INTEGER NOT NULL,"
    "  batches INTEGER NOT NULL,"
    "  PRIMARY KEY (incident_id, indicator_id, agency)) WITHOUT ROWID;",
    /* 10: sightings per hour (UTC, by the hour of each batch's last_seen),
     * for the alert light's 24-hour window and the KPI's daily counts
     * (src/store/store_report.c) */
    "CREATE TABLE sighting_hour ("
    "  hour INTEGER NOT NULL,"
    "  agency TEXT NOT NULL,"
    "  indicator_id INTEGER NOT NULL REFERENCES indicator (id),"
    "  count INTEGER NOT NULL,"
    "  PRIMARY KEY (hour, agency, indicator_id)) WITHOUT ROWID;"
    /* sightings recorded before: each in the hour of its last_seen */
    "INSERT INTO sighting_hour (hour, agency, indicator_id, count)"
    "  SELECT last_seen - last_seen % 3600, agency, indicator_id, count FROM sighting"
    "  WHERE last_seen >= 0;",
    /* 11: one incident's events without reading everyone's */
    "CREATE INDEX incident_event_by_incident ON incident_event (incident_id, seq);",
    /* 12: the numbers the store gives out (store_number_next), each counter
     * started from the highest number in use (a rerun keeps what is there) */
    "CREATE TABLE IF NOT EXISTS counter ("
    "  name TEXT NOT NULL,"
    "  scope INTEGER NOT NULL,"
    "  last INTEGER NOT NULL,"
    "  PRIMARY KEY (name, scope));"
    "INSERT INTO counter (name, scope, last)"
    "  SELECT 'incident', year, MAX(seq) FROM incident GROUP BY year"
    "  ON CONFLICT (name, scope) DO NOTHING;"
    "INSERT INTO counter (name, scope, last)"
    "  SELECT 'advisory', year, MAX(seq) FROM advisory GROUP BY year"
    "  ON CONFLICT (name, scope) DO NOTHING;"
    "INSERT INTO counter (name, scope, last)"
    "  SELECT 'evidence', incident_id, MAX(n) FROM evidence GROUP BY incident_id"
    "  ON CONFLICT (name, scope) DO NOTHING;"
    "INSERT INTO counter (name, scope, last)"
    "  SELECT 'policy', 0, version FROM policy WHERE version = (SELECT MAX(version) FROM policy)"
    "  ON CONFLICT (name, scope) DO NOTHING;"
    "INSERT INTO counter (name, scope, last)"
    "  SELECT 'audit', 0, seq FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)"
    "  ON CONFLICT (name, scope) DO NOTHING;",
    /* the legal fields of an incident report: response measures, external
     * support needed (0 not stated, 1 no, 2 yes, and its text), other notes
     * (src/store/store_incident.c) */
    "ALTER TABLE incident ADD COLUMN measures TEXT;"
    "ALTER TABLE incident ADD COLUMN support_needed INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE incident ADD COLUMN support_detail TEXT;"
    "ALTER TABLE incident ADD COLUMN notes TEXT;",
    /* a report received by another channel (phone, mail, fax, other) and
     * when it was received (src/store/store_incident.c) */
    "ALTER TABLE incident ADD COLUMN channel TEXT NOT NULL DEFAULT 'portal';"
    "ALTER TABLE incident ADD COLUMN received_at INTEGER;",
    /* every revision of an incident report's content, numbered per incident
     * (src/store/store_incident.c) */
    "CREATE TABLE incident_revision ("
    "  incident_id INTEGER NOT NULL REFERENCES incident (id),"
    "  n INTEGER NOT NULL,"
    "  ts INTEGER NOT NULL,"
    "  actor TEXT NOT NULL,"
    "  changed TEXT NOT NULL,"
    "  content TEXT NOT NULL,"
    "  PRIMARY KEY (incident_id, n)) WITHOUT ROWID;",
    /* alerts 1: an agency's own address ranges (comma-separated normal
     * CIDRs), by which a sighting is outbound or inbound */
    "CREATE TABLE IF NOT EXISTS agency_networks ("
    "  agency TEXT PRIMARY KEY REFERENCES agency (id),"
    "  networks TEXT NOT NULL) WITHOUT ROWID;",
    /* alerts 2: sightings by direction with their internal hosts and last
     * event; monitoring notices (alerts) with their first and last events
     * (src/store/store_alert.c) */
    "CREATE TABLE IF NOT EXISTS sighting_detail ("
    "  indicator_id INTEGER NOT NULL REFERENCES indicator (id),"
    "  agency TEXT NOT NULL,"
    "  direction TEXT NOT NULL,"
    "  first_seen INTEGER NOT NULL,"
    "  last_seen INTEGER NOT NULL,"
    "  count INTEGER NOT NULL,"
    "  hosts TEXT NOT NULL,"
    "  sensor TEXT,"
    "  last_event TEXT,"
    "  PRIMARY KEY (indicator_id, agency, direction)) WITHOUT ROWID;"
    "CREATE INDEX IF NOT EXISTS sighting_detail_by_agency ON sighting_detail (agency, last_seen);"
    /* sightings recorded before: their direction unknown (once: a rerun
     * adds nothing) */
    "INSERT OR IGNORE INTO sighting_detail (indicator_id, agency, direction, first_seen,"
    "  last_seen, count, hosts) SELECT indicator_id, agency, 'unknown', first_seen, last_seen,"
    "  count, '[]' FROM sighting"
    "  WHERE agency <> '' AND NOT EXISTS (SELECT 1 FROM sighting_detail);"
    "CREATE TABLE IF NOT EXISTS alert ("
    "  id INTEGER PRIMARY KEY,"
    "  ref TEXT NOT NULL UNIQUE,"
    "  agency TEXT NOT NULL REFERENCES agency (id),"
    "  indicator_id INTEGER NOT NULL REFERENCES indicator (id),"
    "  direction TEXT NOT NULL,"
    "  queue TEXT NOT NULL,"
    "  status TEXT NOT NULL,"
    "  sensor TEXT,"
    "  count INTEGER NOT NULL,"
    "  batches INTEGER NOT NULL,"
    "  first_seen INTEGER NOT NULL,"
    "  last_seen INTEGER NOT NULL,"
    "  hosts TEXT NOT NULL,"
    "  opened INTEGER NOT NULL,"
    "  due INTEGER NOT NULL,"
    "  released_at INTEGER,"
    "  released_by TEXT,"
    "  answered_at INTEGER,"
    "  answered_by TEXT,"
    "  incident_ref TEXT,"
    "  reason TEXT,"
    "  note TEXT,"
    "  allowlist_request INTEGER NOT NULL DEFAULT 0,"
    "  modified INTEGER NOT NULL);"
    "CREATE INDEX IF NOT EXISTS alert_by_agency ON alert (agency, status);"
    "CREATE INDEX IF NOT EXISTS alert_by_key ON alert (agency, indicator_id, status, opened);"
    "CREATE TABLE IF NOT EXISTS alert_event ("
    "  alert_id INTEGER NOT NULL REFERENCES alert (id),"
    "  seq INTEGER NOT NULL,"
    "  ts INTEGER NOT NULL,"
    "  line TEXT NOT NULL,"
    "  PRIMARY KEY (alert_id, seq)) WITHOUT ROWID;",
    /* an account's language (zh-TW, en; NULL: the default) */
    "ALTER TABLE account ADD COLUMN language TEXT;",
    /* notifications in the recipient's language: a subscription's language
     * and account, the facts a message is rendered from */
    "ALTER TABLE notify_sub ADD COLUMN lang TEXT;"
    "ALTER TABLE notify_sub ADD COLUMN account TEXT;"
    "ALTER TABLE notify_outbox ADD COLUMN about TEXT;",
    /* the web portal's sessions of people (the SHA-256 of each secret,
     * never the secret) (store_session.c) */
    "CREATE TABLE IF NOT EXISTS web_session ("
    "  id INTEGER PRIMARY KEY,"
    "  hash TEXT NOT NULL UNIQUE,"
    "  account_id INTEGER NOT NULL REFERENCES account (id),"
    "  created INTEGER NOT NULL,"
    "  last_seen INTEGER NOT NULL,"
    "  idle INTEGER NOT NULL,"
    "  expires INTEGER NOT NULL);"
    "CREATE INDEX IF NOT EXISTS web_session_by_account ON web_session (account_id);",
    /* signed checkpoints of the audit chain's head (src/store/store_audit.c,
     * src/audit/audit_checkpoint.c): seq is the entry "audit.checkpoint"
     * each one covers, key and signature hex (Ed25519) */
    "CREATE TABLE IF NOT EXISTS audit_checkpoint ("
    "  seq INTEGER PRIMARY KEY,"
    "  hash TEXT NOT NULL,"
    "  ts INTEGER NOT NULL,"
    "  key TEXT NOT NULL,"
    "  signature TEXT NOT NULL);",
    /* visibility per source: each (indicator, source) row
     * keeps that source's own attributes and recipients; what was merged
     * into the indicator becomes the attributes of each of its source
     * rows, its recipients those of each, its STIX id that of its first
     * source (the first indicator holding an id keeps it); STIX ids belong
     * to one indicator each (indicator_stix) */
    "ALTER TABLE indicator_source ADD COLUMN tlp INTEGER;"
    "ALTER TABLE indicator_source ADD COLUMN confidence INTEGER;"
    "ALTER TABLE indicator_source ADD COLUMN matchable INTEGER;"
    "ALTER TABLE indicator_source ADD COLUMN stix_id TEXT;"
    "ALTER TABLE indicator_source ADD COLUMN name TEXT;"
    "ALTER TABLE indicator_source ADD COLUMN description TEXT;"
    "ALTER TABLE indicator_source ADD COLUMN labels TEXT;"
    "ALTER TABLE indicator_source ADD COLUMN created_by TEXT;"
    "ALTER TABLE indicator_source ADD COLUMN valid_from INTEGER;"
    "ALTER TABLE indicator_source ADD COLUMN valid_until INTEGER;"
    "ALTER TABLE indicator_source ADD COLUMN created INTEGER;"
    "ALTER TABLE indicator_source ADD COLUMN modified INTEGER;"
    "UPDATE indicator_source AS x SET (tlp, confidence, matchable, name, description, labels,"
    "  created_by, valid_from, valid_until, created, modified) = (SELECT i.tlp, i.confidence,"
    "  i.matchable, i.name, i.description, i.labels, i.created_by, i.valid_from, i.valid_until,"
    "  i.created, i.modified FROM indicator i WHERE i.id = x.indicator_id);"
    "UPDATE indicator_source AS x SET stix_id = (SELECT i.stix_id FROM indicator i"
    "  WHERE i.id = x.indicator_id AND NOT EXISTS (SELECT 1 FROM indicator j"
    "  WHERE j.stix_id = i.stix_id AND j.id < i.id))"
    "  WHERE x.source_id = (SELECT MIN(y.source_id) FROM indicator_source y"
    "  WHERE y.indicator_id = x.indicator_id);"
    "CREATE TABLE indicator_source_recipient ("
    "  indicator_id INTEGER NOT NULL REFERENCES indicator (id),"
    "  source_id INTEGER NOT NULL REFERENCES source (id),"
    "  agency TEXT NOT NULL,"
    "  PRIMARY KEY (indicator_id, source_id, agency)) WITHOUT ROWID;"
    "CREATE INDEX indicator_source_recipient_by_agency ON indicator_source_recipient (agency);"
    "INSERT INTO indicator_source_recipient (indicator_id, source_id, agency)"
    "  SELECT r.indicator_id, x.source_id, r.agency FROM indicator_recipient r"
    "  JOIN indicator_source x ON x.indicator_id = r.indicator_id;"
    "CREATE TABLE indicator_stix ("
    "  stix_id TEXT PRIMARY KEY,"
    "  indicator_id INTEGER NOT NULL REFERENCES indicator (id)) WITHOUT ROWID;"
    "INSERT INTO indicator_stix (stix_id, indicator_id)"
    "  SELECT stix_id, indicator_id FROM indicator_source WHERE stix_id IS NOT NULL;"
    "CREATE INDEX indicator_source_stix ON indicator_source (stix_id) WHERE stix_id IS NOT NULL;"
    "CREATE INDEX indicator_source_by_created ON indicator_source (created, indicator_id);",
    /* incident events numbered within their incident (1, 2, ...: what an
     * answer shows instead of the row id, which counts every agency's);
     * those recorded before in the order they were recorded */
    "ALTER TABLE incident_event ADD COLUMN n INTEGER NOT NULL DEFAULT 0;"
    "UPDATE incident_event AS x SET n = (SELECT COUNT(*) FROM incident_event e"
    "  WHERE e.incident_id = x.incident_id AND e.seq <= x.seq);"
    "CREATE UNIQUE INDEX incident_event_number ON incident_event (incident_id, n);",
    /* validity running out is a change of the exported data
     * (store_intel_generation looks for the latest since the last change) */
    "CREATE INDEX indicator_by_valid_until ON indicator (valid_until)"
    "  WHERE valid_until IS NOT NULL;"
    "CREATE INDEX indicator_source_by_valid_until ON indicator_source (valid_until)"
    "  WHERE valid_until IS NOT NULL;",
    /* the TLP levels an indicator left and when (a MISP feed marks it
     * deleted in the event of the old level for a while): written by a
     * trigger on every change of indicator.tlp, whichever path changed it;
     * a level it comes back to is no longer a past one */
    "CREATE TABLE indicator_tlp_past ("
    "  indicator_id INTEGER NOT NULL REFERENCES indicator (id),"
    "  tlp INTEGER NOT NULL,"
    "  until INTEGER NOT NULL,"
    "  PRIMARY KEY (indicator_id, tlp)) WITHOUT ROWID;"
    "CREATE INDEX indicator_tlp_past_by_until ON indicator_tlp_past (until);"
    "CREATE TRIGGER indicator_tlp_moved AFTER UPDATE OF tlp ON indicator"
    "  WHEN old.tlp <> new.tlp BEGIN"
    "  INSERT INTO indicator_tlp_past (indicator_id, tlp, until)"
    "   VALUES (old.id, old.tlp, MAX(new.modified, old.modified + 1))"
    "   ON CONFLICT (indicator_id, tlp) DO UPDATE SET until = excluded.until;"
    "  DELETE FROM indicator_tlp_past WHERE indicator_id = new.id AND tlp = new.tlp;"
    "  END;",
    /* feed sources fetched on schedule (docs/feed-sources.md): what to
     * fetch and how, and the status of the last fetch; per source row the
     * last time a complete source listed it; why an indicator no source
     * lists any more became inactive */
    "CREATE TABLE feed_source ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  url TEXT NOT NULL,"
    "  format TEXT NOT NULL,"
    "  every INTEGER NOT NULL,"
    "  tlp INTEGER,"
    "  confidence INTEGER,"
    "  labels TEXT,"
    "  headers TEXT,"
    "  complete INTEGER NOT NULL DEFAULT 0,"
    "  grace INTEGER NOT NULL,"
    "  max_bytes INTEGER NOT NULL,"
    "  enabled INTEGER NOT NULL DEFAULT 1,"
    "  created INTEGER NOT NULL,"
    "  next_try INTEGER,"
    "  failures INTEGER NOT NULL DEFAULT 0,"
    "  last_try INTEGER,"
    "  last_success INTEGER,"
    "  http_status INTEGER,"
    "  added INTEGER,"
    "  updated INTEGER,"
    "  dropped INTEGER,"
    "  last_error TEXT,"
    "  etag TEXT,"
    "  last_modified TEXT);"
    "ALTER TABLE indicator_source ADD COLUMN listed INTEGER;"
    "CREATE TABLE indicator_delisted ("
    "  indicator_id INTEGER PRIMARY KEY REFERENCES indicator (id),"
    "  source TEXT NOT NULL,"
    "  at INTEGER NOT NULL,"
    "  reason TEXT NOT NULL);",
    /* governance: each agency's grades with the time each was assigned
     * (kept by triggers on agency, the existing ones from their creation),
     * the obligations done, information systems, assessments and their
     * findings (src/gov) */
    "CREATE TABLE agency_grade ("
    "  id INTEGER PRIMARY KEY,"
    "  agency TEXT NOT NULL REFERENCES agency (id),"
    "  grade TEXT NOT NULL,"
    "  since INTEGER NOT NULL);"
    "CREATE INDEX agency_grade_of ON agency_grade (agency, since);"
    "INSERT INTO agency_grade (agency, grade, since) SELECT id, grade, created FROM agency;"
    "CREATE TRIGGER agency_grade_add AFTER INSERT ON agency BEGIN"
    "  INSERT INTO agency_grade (agency, grade, since) VALUES (new.id, new.grade, new.created);"
    "  END;"
    "CREATE TRIGGER agency_grade_change AFTER UPDATE OF grade ON agency"
    "  WHEN old.grade IS NOT new.grade BEGIN"
    "  INSERT INTO agency_grade (agency, grade, since) VALUES (new.id, new.grade, new.modified);"
    "  END;"
    "CREATE TABLE obligation_done ("
    "  id INTEGER PRIMARY KEY,"
    "  agency TEXT NOT NULL REFERENCES agency (id),"
    "  kind TEXT NOT NULL,"
    "  due TEXT NOT NULL,"
    "  done_at INTEGER NOT NULL,"
    "  done_by TEXT NOT NULL,"
    "  note TEXT,"
    "  evidence TEXT,"
    "  created INTEGER NOT NULL,"
    "  UNIQUE (agency, kind, due));"
    "CREATE TABLE info_system ("
    "  id INTEGER PRIMARY KEY,"
    "  agency TEXT NOT NULL REFERENCES agency (id),"
    "  name TEXT NOT NULL,"
    "  owner TEXT,"
    "  confidentiality INTEGER NOT NULL,"
    "  integrity INTEGER NOT NULL,"
    "  availability INTEGER NOT NULL,"
    "  legal INTEGER NOT NULL,"
    "  created INTEGER NOT NULL,"
    "  modified INTEGER NOT NULL,"
    "  UNIQUE (agency, name));"
    "CREATE TABLE assessment ("
    "  id INTEGER PRIMARY KEY,"
    "  agency TEXT NOT NULL REFERENCES agency (id),"
    "  kind TEXT NOT NULL,"
    "  performed_by TEXT NOT NULL,"
    "  performed_at INTEGER NOT NULL,"
    "  scope TEXT,"
    "  report_sha256 TEXT,"
    "  obligation_due TEXT,"
    "  created INTEGER NOT NULL,"
    "  created_by TEXT NOT NULL);"
    "CREATE INDEX assessment_of ON assessment (agency, performed_at);"
    "CREATE TABLE finding ("
    "  id INTEGER PRIMARY KEY,"
    "  assessment_id INTEGER NOT NULL REFERENCES assessment (id),"
    "  agency TEXT NOT NULL REFERENCES agency (id),"
    "  severity TEXT NOT NULL,"
    "  control TEXT,"
    "  description TEXT NOT NULL,"
    "  plan TEXT,"
    "  due INTEGER,"
    "  status TEXT NOT NULL,"
    "  reason TEXT,"
    "  accepted_until INTEGER,"
    "  evidence TEXT,"
    "  opened INTEGER NOT NULL,"
    "  closed INTEGER,"
    "  modified INTEGER NOT NULL);"
    "CREATE INDEX finding_of ON finding (agency, status);"
    "CREATE INDEX finding_by_assessment ON finding (assessment_id);",
    /* SCAP results: one row per imported scan (XCCDF TestResult), marked
     * when it is the latest of its host, benchmark and profile, with its
     * counts; one row per rule result, the result as its code (src/scap:
     * 0 pass, 1 fail, 2 error, 3 unknown, 4 notapplicable, 5 notchecked,
     * 6 notselected, 7 informational, 8 fixed) */
    "CREATE TABLE scap_scan ("
    "  id INTEGER PRIMARY KEY,"
    "  agency TEXT NOT NULL REFERENCES agency (id),"
    "  host TEXT NOT NULL,"
    "  benchmark TEXT NOT NULL,"
    "  profile TEXT,"
    "  test_result TEXT,"
    "  started INTEGER,"
    "  finished INTEGER,"
    "  score_milli INTEGER,"
    "  sha256 TEXT NOT NULL,"
    "  imported INTEGER NOT NULL,"
    "  imported_by TEXT NOT NULL,"
    "  latest INTEGER NOT NULL DEFAULT 0,"
    "  n_pass INTEGER NOT NULL DEFAULT 0,"
    "  n_fail INTEGER NOT NULL DEFAULT 0,"
    "  n_other INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX scap_scan_host ON scap_scan (agency, host, benchmark, profile, finished);"
    "CREATE INDEX scap_scan_latest ON scap_scan (latest, agency);"
    "CREATE TABLE scap_result ("
    "  scan_id INTEGER NOT NULL REFERENCES scap_scan (id),"
    "  rule TEXT NOT NULL,"
    "  code INTEGER NOT NULL,"
    "  severity TEXT);"
    "CREATE INDEX scap_result_of ON scap_result (scan_id, code);"
    "CREATE INDEX scap_result_rule ON scap_result (rule, scan_id, code);",
    /* the software-asset register (issue 15): hosts of an agency, their
     * components (pkey: the purl's package key, ckey: a CPE's
     * "vendor:product"), and what appeared and went at each import */
    "CREATE TABLE asset_host ("
    "  id INTEGER PRIMARY KEY,"
    "  agency TEXT NOT NULL REFERENCES agency (id),"
    "  name TEXT NOT NULL,"
    "  system TEXT,"
    "  format TEXT,"
    "  imported INTEGER NOT NULL,"
    "  UNIQUE (agency, name));"
    "CREATE TABLE asset_component ("
    "  id INTEGER PRIMARY KEY,"
    "  host_id INTEGER NOT NULL REFERENCES asset_host (id) ON DELETE CASCADE,"
    "  name TEXT NOT NULL,"
    "  version TEXT,"
    "  purl TEXT,"
    "  cpe TEXT,"
    "  ecosystem TEXT NOT NULL,"
    "  pkey TEXT,"
    "  ckey TEXT);"
    "CREATE UNIQUE INDEX asset_component_one ON asset_component"
    "  (host_id, name, COALESCE(version, ''), COALESCE(purl, ''), COALESCE(cpe, ''));"
    "CREATE INDEX asset_component_by_pkey ON asset_component (pkey) WHERE pkey IS NOT NULL;"
    "CREATE INDEX asset_component_by_ckey ON asset_component (ckey) WHERE ckey IS NOT NULL;"
    "CREATE TABLE asset_change ("
    "  id INTEGER PRIMARY KEY,"
    "  host_id INTEGER NOT NULL REFERENCES asset_host (id) ON DELETE CASCADE,"
    "  at INTEGER NOT NULL,"
    "  change TEXT NOT NULL,"
    "  name TEXT NOT NULL,"
    "  version TEXT,"
    "  purl TEXT,"
    "  cpe TEXT);"
    "CREATE INDEX asset_change_by_host ON asset_change (host_id, at);",
    /* vulnerability data (issue 15): records as imported (CVE 5, OSV) with
     * the vulnerability they belong to (a CVE id when any alias is one),
     * their aliases, the package keys they name (kind 'p' purl key, 'c'
     * "vendor:product"), the known exploited CVEs, and VEX statements */
    "CREATE TABLE vuln_record ("
    "  id TEXT PRIMARY KEY,"
    "  vuln TEXT NOT NULL,"
    "  source TEXT NOT NULL,"
    "  published INTEGER,"
    "  modified INTEGER,"
    "  summary TEXT,"
    "  severity TEXT,"
    "  withdrawn INTEGER NOT NULL DEFAULT 0,"
    "  data TEXT NOT NULL,"
    "  imported INTEGER NOT NULL);"
    "CREATE INDEX vuln_record_vuln ON vuln_record (vuln);"
    "CREATE TABLE vuln_alias ("
    "  record TEXT NOT NULL REFERENCES vuln_record (id) ON DELETE CASCADE,"
    "  alias TEXT NOT NULL,"
    "  PRIMARY KEY (record, alias)) WITHOUT ROWID;"
    "CREATE INDEX vuln_alias_alias ON vuln_alias (alias);"
    "CREATE TABLE vuln_key ("
    "  record TEXT NOT NULL REFERENCES vuln_record (id) ON DELETE CASCADE,"
    "  kind TEXT NOT NULL,"
    "  key TEXT NOT NULL,"
    "  PRIMARY KEY (record, kind, key)) WITHOUT ROWID;"
    "CREATE INDEX vuln_key_key ON vuln_key (kind, key);"
    "CREATE TABLE vuln_kev ("
    "  cve TEXT PRIMARY KEY,"
    "  added TEXT,"
    "  name TEXT) WITHOUT ROWID;"
    "CREATE TABLE vuln_vex ("
    "  id INTEGER PRIMARY KEY,"
    "  agency TEXT REFERENCES agency (id),"
    "  vuln TEXT NOT NULL,"
    "  component TEXT NOT NULL,"
    "  version TEXT,"
    "  range_from TEXT,"
    "  range_to TEXT,"
    "  justification TEXT NOT NULL,"
    "  statement TEXT,"
    "  created INTEGER NOT NULL,"
    "  created_by TEXT);"
    "CREATE INDEX vuln_vex_by_vuln ON vuln_vex (vuln);"
    "CREATE TABLE vuln_notice ("
    "  agency TEXT NOT NULL,"
    "  vuln TEXT NOT NULL,"
    "  host TEXT NOT NULL,"
    "  component TEXT NOT NULL,"
    "  at INTEGER NOT NULL,"
    "  PRIMARY KEY (agency, vuln, host, component)) WITHOUT ROWID;",
    /* the installation's identity (issue 12; store_identity_get): a database
     * that already holds something it may have published or been set up
     * with keeps the identity every installation had until now, so that
     * the ids it published stay the same; a new one gets its own at its
     * first open (src/app/app_identity.c) */
    "INSERT INTO meta (key, value) SELECT 'identity_uuid', '881c1891-6d33-5202-a7b6-7beed82cb4a8'"
    " WHERE NOT EXISTS (SELECT 1 FROM meta WHERE key = 'identity_uuid')"
    " AND (EXISTS (SELECT 1 FROM indicator) OR EXISTS (SELECT 1 FROM advisory)"
    " OR EXISTS (SELECT 1 FROM account) OR EXISTS (SELECT 1 FROM audit_log));"
    "INSERT INTO meta (key, value) SELECT 'identity_name', 'gisac'"
    " WHERE EXISTS (SELECT 1 FROM meta WHERE key = 'identity_uuid')"
    " AND NOT EXISTS (SELECT 1 FROM meta WHERE key = 'identity_name');"
    "INSERT INTO meta (key, value) SELECT 'identity_created', '1704067200'"
    " WHERE EXISTS (SELECT 1 FROM meta WHERE key = 'identity_uuid')"
    " AND NOT EXISTS (SELECT 1 FROM meta WHERE key = 'identity_created');"
    "INSERT INTO meta (key, value) SELECT 'identity_modified', '1704067200'"
    " WHERE EXISTS (SELECT 1 FROM meta WHERE key = 'identity_uuid')"
    " AND NOT EXISTS (SELECT 1 FROM meta WHERE key = 'identity_modified');",
    /* the portal's lists by keyset (issue 13): sightings newest first
     * (store_sighting_detail_iter), incidents of one status by number (the
     * review queue; store_incident_iter) */
    "CREATE INDEX IF NOT EXISTS sighting_detail_recent"
    "  ON sighting_detail (last_seen, agency, indicator_id, direction);"
    "CREATE INDEX IF NOT EXISTS incident_by_status_number ON incident (status, year, seq);",
    /* the key indicators' reads of the indicators (store_report.c) from
     * their indexes alone: those released in a period, and the labelled */
    "CREATE INDEX IF NOT EXISTS indicator_released ON indicator (created, matchable, allowlisted)"
    "  WHERE matchable = 1 AND allowlisted = 0;"
    "CREATE INDEX IF NOT EXISTS indicator_labelled ON indicator (id, created, modified)"
    "  WHERE labels IS NOT NULL AND allowlisted = 0;",
    /* NATS ingest (issue 17; src/store/store_ingest.c, docs/worker.md): each
     * chunk a worker recorded, once (its id is the message id: a chunk
     * delivered again inserts nothing and records no sightings), the
     * chunks set aside with their lines, and the workers' heartbeats */
    "CREATE TABLE ingest_chunk ("
    "  id TEXT PRIMARY KEY,"
    "  agency TEXT NOT NULL,"
    "  source TEXT NOT NULL,"
    "  byte_offset INTEGER NOT NULL,"
    "  seq INTEGER NOT NULL,"
    "  state TEXT NOT NULL,"
    "  lines INTEGER NOT NULL,"
    "  sightings INTEGER NOT NULL,"
    "  deliveries INTEGER NOT NULL,"
    "  reason TEXT,"
    "  data TEXT,"
    "  at INTEGER NOT NULL) WITHOUT ROWID;"
    "CREATE INDEX ingest_chunk_by_agency ON ingest_chunk (agency, seq);"
    "CREATE TABLE ingest_worker ("
    "  name TEXT PRIMARY KEY,"
    "  threads INTEGER NOT NULL,"
    "  started INTEGER NOT NULL,"
    "  seen INTEGER NOT NULL) WITHOUT ROWID;",
    /* retro-hunt (issue 17; docs/hunt.md): the indicators each chunk's
     * sightings were recorded for, by the worker or by gisac hunt, so that
     * neither records a chunk's sightings of an indicator twice */
    "CREATE TABLE ingest_seen ("
    "  chunk_id TEXT NOT NULL,"
    "  indicator_id INTEGER NOT NULL,"
    "  PRIMARY KEY (chunk_id, indicator_id)) WITHOUT ROWID;",
    /* the register of government mobile apps (issue 16, docs/app.md): an
     * app of an agency (a package id once per platform; store links and
     * contacts one a line) and its versions, numbered per app, each with
     * the APK's SHA-256 (the file kept in the evidence directory), its
     * check report and what changed since the version before (JSON) */
    "CREATE TABLE mobile_app ("
    "  id INTEGER PRIMARY KEY,"
    "  agency TEXT NOT NULL REFERENCES agency (id),"
    "  name TEXT NOT NULL,"
    "  package TEXT NOT NULL,"
    "  platform TEXT NOT NULL,"
    "  store_links TEXT,"
    "  contacts TEXT,"
    "  created INTEGER NOT NULL,"
    "  modified INTEGER NOT NULL,"
    "  UNIQUE (platform, package));"
    "CREATE INDEX mobile_app_by_agency ON mobile_app (agency, name);"
    "CREATE TABLE mobile_app_version ("
    "  id INTEGER PRIMARY KEY,"
    "  app_id INTEGER NOT NULL REFERENCES mobile_app (id) ON DELETE CASCADE,"
    "  n INTEGER NOT NULL,"
    "  version_code INTEGER NOT NULL,"
    "  version_name TEXT,"
    "  sha256 TEXT NOT NULL,"
    "  size INTEGER NOT NULL,"
    "  file_name TEXT,"
    "  signer TEXT,"
    "  verified INTEGER NOT NULL,"
    "  worst TEXT,"
    "  report TEXT NOT NULL,"
    "  changes TEXT NOT NULL,"
    "  intel TEXT NOT NULL,"
    "  submitted INTEGER NOT NULL,"
    "  submitted_by TEXT,"
    "  UNIQUE (app_id, n));"
    "CREATE INDEX mobile_app_version_by_sha256 ON mobile_app_version (sha256);",
    /* reminders of obligations sent (issue 14; gov_remind): one per
     * occurrence (agency, kind, due) and lead time in days */
    "CREATE TABLE obligation_reminder ("
    "  agency TEXT NOT NULL REFERENCES agency (id),"
    "  kind TEXT NOT NULL,"
    "  due TEXT NOT NULL,"
    "  days INTEGER NOT NULL,"
    "  sent INTEGER NOT NULL,"
    "  PRIMARY KEY (agency, kind, due, days)) WITHOUT ROWID;",
};

#define NMIGRATIONS (sizeof migrations / sizeof migrations[0])

/* The migrations, for the PostgreSQL backend, which runs them translated (pg/schema.c). */
size_t store_sqlite_migration_count(void)
{
    return NMIGRATIONS;
}

const char *store_sqlite_migration(size_t i)
{
    return i < NMIGRATIONS ? migrations[i] : NULL;
}

static int user_version(store *s, int *v, gisac_err *err)
{
    int64_t n = 0;
    int rc = store_value(s, STC_NONE, "PRAGMA user_version", &n, err, "schema version", NULL);
    *v = (int)n;
    return rc == GISAC_ENOTFOUND ? store_db_err(s, err, "schema version") : rc;
}

/* Migration v and the user_version after it (a store_migrate_fn). */
static int migrate_step(store *s, int v, gisac_err *err)
{
    if (store_exec(s, migrations[v], err) < 0)
        return GISAC_ESTORE;
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v + 1);
    return store_exec(s, sql, err);
}

static int migrate(store *s, gisac_err *err)
{
    int v;
    /* the common case, an up-to-date schema, takes no write lock: readers
     * open while an import runs, and on files they may not write */
    if (user_version(s, &v, err) < 0)
        return GISAC_ESTORE;
    if (v == (int)NMIGRATIONS)
        return 0;
    if (store_exec(s, "BEGIN IMMEDIATE", err) < 0)
        return GISAC_ESTORE;
    int rc = user_version(s, &v, err); /* again, under the lock */
    return store_migrate_steps(s, rc, v, NMIGRATIONS, migrate_step, err);
}

/* ---- setup ----------------------------------------------------------- */

int store_sqlite_setup(store *s, const char *path, gisac_err *err)
{
    int rc;
    /*
     * Switching a new file to WAL and migrating it may meet another process
     * doing the same; SQLite answers some of those lock conflicts with BUSY
     * at once, without its busy handler. Retry for up to 10 s.
     */
    for (int tries = 0;; tries++) {
        rc = store_exec(s,
                        "PRAGMA journal_mode = WAL;"
                        "PRAGMA synchronous = FULL;"
                        "PRAGMA foreign_keys = ON;"
                        "PRAGMA cache_size = -131072;"
                        "PRAGMA temp_store = MEMORY;",
                        err);
        if (rc == 0)
            rc = migrate(s, err);
        if (rc == 0 || s->drv->errkind(s->conn) != STORE_ERR_BUSY || tries >= 200)
            break;
        struct timespec ts = {0, 50 * 1000000L};
        nanosleep(&ts, NULL);
    }
    if (rc < 0 && err && strstr(err->msg, path) == NULL) {
        char m[GISAC_ERR_MSG];
        snprintf(m, sizeof m, "%s", err->msg);
        gisac_err_set(err, rc, "%s: %s", path, m);
    }
    return rc;
}

int store_sqlite_schema_version(store *s, int *version, gisac_err *err)
{
    return user_version(s, version, err);
}
