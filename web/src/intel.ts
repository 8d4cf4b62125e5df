// The logic of the intelligence pages (indicator, advisory STIX, feed
// sources and upload, the office's alert release) as pure functions the
// pages call and Vitest checks. The rules are the server's: what a caller
// may do comes from GET /me (its access classes), never from its role.
import type { FeedSource, Indicator, Me } from './api';

/** 1 when the caller may call routes of access class cls (x-gisac-access of openapi.json). */
export function allows(me: Me | null, cls: string): boolean {
  return !!me && Array.isArray(me.access) && me.access.includes(cls);
}

/** Every sighting of the indicator, over the agencies (staff see them; others undefined). */
export function sightingsTotal(ind: Indicator): number | null {
  if (!ind.sightings) return null;
  return ind.sightings.reduce((n, s) => n + s.count, 0);
}

/** The formats POST /feeds/import reads (docs/feed-import.md). */
export const FEED_FORMATS = ['auto', 'plain', 'csv', 'ndjson', 'stix', 'misp'] as const;

/** The counts of an import's summary, in the order shown. */
export const IMPORT_COUNTS = ['records', 'imported', 'merged', 'unchanged', 'duplicates', 'rejected', 'unsupported', 'allowlisted', 'warnings'] as const;

/** The kinds of an import's messages. */
export const IMPORT_KINDS = ['rejected', 'unsupported', 'warning'] as const;

/** The states of a feed source (feedState). */
export const FEED_STATES = ['disabled', 'never', 'failing', 'ok'] as const;

export interface FeedUpload {
  source: string;
  format: string;
  tlp: string;
  confidence: string;
  strict: boolean;
}

/** The query of POST /feeds/import for the upload form's choices (empty ones left to the server). */
export function feedQuery(u: FeedUpload): string {
  const q = new URLSearchParams();
  q.set('source', u.source.trim());
  if (u.format && u.format !== 'auto') q.set('format', u.format);
  if (u.tlp) q.set('tlp', u.tlp);
  if (u.confidence.trim()) q.set('confidence', u.confidence.trim());
  if (u.strict) q.set('strict', 'true');
  return q.toString();
}

/** The state of a feed source: switched off, never tried, failing (its last try failed) or working. */
export function feedState(f: FeedSource): (typeof FEED_STATES)[number] {
  if (!f.enabled) return 'disabled';
  if (!f.status.last_try) return 'never';
  return f.status.failures > 0 ? 'failing' : 'ok';
}

/** A schedule in seconds as [count, unit]: the largest of day, hour, minute, second that divides it. */
export function everyParts(seconds: number): [number, 'd' | 'h' | 'm' | 's'] {
  for (const [unit, n] of [['d', 86400], ['h', 3600], ['m', 60]] as const)
    if (seconds > 0 && seconds % n === 0) return [seconds / n, unit];
  return [seconds, 's'];
}

/** Where a message of an import points: a line of the upload, a JSON path in it, or the whole file. */
export function importPlace(where: string): { line: number } | { path: string } | { file: true } {
  const m = /^upload:(\d+)$/.exec(where);
  if (m) return { line: Number(m[1]) };
  const p = /^upload:\s*(\$.*)$/.exec(where);
  if (p) return { path: p[1] };
  return { file: true };
}

/** A JSON text indented by two spaces (as it came when it is not JSON). */
export function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** The file name a downloaded STIX bundle of an advisory gets. */
export function stixFileName(id: string, revision: number): string {
  return `${id.replace(/[^A-Za-z0-9_.-]/g, '_')}-r${revision}.stix.json`;
}
