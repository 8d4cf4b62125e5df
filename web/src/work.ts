// The daily work of the officer's pages, as pure functions the pages call
// and Vitest checks: the supervisor's review queue, what each revision of
// an incident changed, a selection for bulk actions and the outcome of a
// bulk answer. The rules themselves are the server's.
import type { BulkResult, Incident, Revision } from './api';

/** The reasons the API takes to dismiss an alert (docs/alert.md). */
export const DISMISS_REASONS = ['false_positive', 'already_handled', 'not_ours'] as const;

/** Alert statuses the list filters on; '' is every one. */
export const ALERT_STATUSES = ['open', 'confirmed', 'dismissed'] as const;

/**
 * The review queue of a supervising agency: the reported incidents of the
 * agencies below it (own: not its to review) whose review deadline runs,
 * the one due first at the top. Staff (own null) review every agency's.
 */
export function reviewQueue(list: Incident[], own: string | null): Incident[] {
  return list
    .filter((i) => i.status === 'reported' && i.agency !== own && i.deadline_states?.review === 'pending')
    .sort((a, b) => Date.parse(a.deadlines.review ?? '') - Date.parse(b.deadlines.review ?? '') || a.id.localeCompare(b.id));
}

export interface Change {
  field: string;
  before: unknown;
  after: unknown;
}

/** What revision r changed against the one before it (the first one: every field it filed). */
export function revisionChanges(revs: Revision[], r: Revision): Change[] {
  const prev = revs.find((x) => x.n === r.n - 1);
  return r.changed.map((field) => ({
    field,
    before: prev ? (prev.content[field] ?? null) : null,
    after: r.content[field] ?? null,
  }));
}

/** A value of a revision as text: null as '', objects as JSON. */
export function valueText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** The selection with id toggled (a new Set). */
export function toggle(sel: ReadonlySet<string>, id: string): Set<string> {
  const s = new Set(sel);
  if (s.has(id)) s.delete(id);
  else s.add(id);
  return s;
}

/** All of ids selected, or none when they all were. */
export function toggleAll(sel: ReadonlySet<string>, ids: string[]): Set<string> {
  return ids.length > 0 && ids.every((i) => sel.has(i)) ? new Set() : new Set(ids);
}

export interface BulkOutcome {
  ok: string[];
  incidents: string[];
  failed: { id: string; code: string; message: string }[];
}

/** The answer of POST /alerts/confirm|dismiss split into what worked and what did not. */
export function bulkOutcome(results: BulkResult[]): BulkOutcome {
  const out: BulkOutcome = { ok: [], incidents: [], failed: [] };
  for (const r of results) {
    if (r.ok) {
      out.ok.push(r.id);
      if (r.incident) out.incidents.push(r.incident);
    } else {
      out.failed.push({ id: r.id, code: r.error?.code ?? 'error', message: r.error?.message ?? '' });
    }
  }
  return out;
}

/** The statuses of an incident, in their order. */
export const STATUSES = ['draft', 'reported', 'reviewed', 'recovered', 'investigated', 'closed'] as const;

export interface QueueFilter {
  agency: string;
  /** 'open', a status, or '' for every one */
  status: string;
  /** '1'..'4' or '' */
  level: string;
  /** a date (YYYY-MM-DD, the installation's day) or '' */
  since: string;
}

/** The query of GET /incidents for a filter, a page size and a cursor. */
export function queueQuery(f: QueueFilter, limit: number, cursor: string | null): Record<string, string> {
  const q: Record<string, string> = { limit: String(limit) };
  if (f.agency) q.agency = f.agency;
  if (f.status === 'open') q.open = 'true';
  else if (f.status) q.status = f.status;
  if (f.level) q.level = f.level;
  if (f.since) q.since = `${f.since}T00:00:00`;
  if (cursor) q.cursor = cursor;
  return q;
}

/**
 * The values pasted into the search box: one per line, or separated by
 * blanks or commas; duplicates dropped, order kept, at most max. The
 * server reads defanged forms (hxxp, [.]) itself.
 */
export function pastedValues(text: string, max = 100): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const v of text.split(/[\s,;]+/)) {
    if (!v || seen.has(v)) continue;
    seen.add(v);
    out.push(v);
    if (out.length === max) break;
  }
  return out;
}

/** Bar widths in percent of the largest of values (0 when all are 0). */
export function barWidths(values: number[]): number[] {
  const max = Math.max(0, ...values);
  return values.map((v) => (max > 0 ? Math.round((v / max) * 1000) / 10 : 0));
}

/** The pages in the main navigation of a role, in order (the server decides what each may do). */
export function navFor(role: string): NavPage[] {
  if (role === 'agency') return ['home', 'report', 'alerts', 'reviews', 'sensors', 'advisories', 'sightings', 'obligations'];
  const staff: NavPage[] = ['home', 'dashboard', 'queue', 'reviews', 'alerts', 'search', 'advisories', 'report', 'sightings', 'policy', 'obligations', ...STAFF_INTEL];
  if (role === 'admin') return [...staff, 'users', 'agencies', 'audit'];
  if (role === 'analyst') return staff;
  if (role === 'consumer') return ['partner'];
  return ['home'];
}
export type NavPage = 'home' | 'report' | 'alerts' | 'reviews' | 'sensors' | 'queue' | 'search' | 'advisories' | 'dashboard' | 'users' | 'agencies' | 'sightings' | 'policy' | 'audit' | 'partner' | 'obligations' | StaffIntelPage;
/** web1: the office's intelligence pages (feed sources, feed upload, alert release), after the others. */
export const STAFF_INTEL = ['release', 'sources', 'upload'] as const;
export type StaffIntelPage = (typeof STAFF_INTEL)[number];
