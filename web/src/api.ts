// The REST API (/api/v1, docs/api.md) from the browser: the session
// cookie goes with every call, unsafe ones carry the CSRF token. All rules
// are the server's; this only carries requests and answers.
import type { Lang } from './i18n';

export interface Session {
  user: string;
  role: string;
  agency: string | null;
  language: Lang;
  time_zone: string;
  csrf_token: string;
  expires_at: string;
  idle_expires_at: string;
}

export interface Incident {
  id: string;
  agency: string;
  title: string;
  description: string | null;
  category: string | null;
  asset: string;
  confidentiality: string;
  integrity: string;
  availability: string;
  level: number;
  major: boolean;
  status: string;
  report_pending: boolean;
  occurred_at: string | null;
  aware_at: string;
  reported_at: string | null;
  measures: string | null;
  support_needed: { needed: boolean; detail: string | null } | null;
  notes: string | null;
  deadlines: Record<string, string | null>;
  deadline_states: Record<string, string>;
  next_deadline: { kind: string; due: string; seconds_left: number } | null;
}

export interface IncidentEvent {
  seq: number;
  time: string;
  kind: string;
  detail: Record<string, unknown>;
}

export interface Evidence {
  n: number;
  name: string;
  size: number;
  sha256: string;
  custodian: string;
  acquired_at: string;
}

export interface Revision {
  n: number;
  at: string;
  by: string;
  changed: string[];
  content: Record<string, unknown>;
}

export interface Custody {
  at: string;
  from: string | null;
  to: string;
  reason: string | null;
  recorded_by: string;
}

export interface EvidenceFull extends Evidence {
  incident: string;
  kind: string;
  note: string | null;
  acquired_by: string;
  created: string;
  custody: Custody[];
}

export interface Alert {
  id: string;
  agency: string;
  status: string;
  queue: string;
  direction: string;
  indicator: { type: string; value: string; tlp: string; confidence: number | null; labels: string[] | null };
  sensor: string | null;
  sightings: number;
  first_seen: string;
  last_seen: string;
  hosts: string[];
  opened: string;
  due: string | null;
  overdue: boolean;
  incident: string | null;
  reason: string | null;
  note: string | null;
}

export interface BulkResult {
  id: string;
  ok: boolean;
  incident?: string;
  error?: { code: string; message: string };
}

export interface User {
  id: number;
  name: string;
  role: string;
  agency: string | null;
  status: string;
  language: string | null;
  created: string;
}

export interface Token {
  id: string;
  user: string;
  name: string | null;
  status: string;
  created: string;
  expires: string | null;
  last_used: string | null;
  token?: string;
}

export interface IndicatorHit {
  relation: string;
  indicator: {
    id: string;
    type: string;
    value: string;
    status: string;
    tlp: string;
    confidence: number | null;
    labels: string[] | null;
    first_seen: string | null;
    last_seen: string | null;
    sources: { name: string }[];
    /** staff only */
    sightings?: { agency: string; count: number; last_seen: string }[];
  };
}

export interface Advisory {
  id: string;
  revision: number;
  title: string;
  severity: string;
  tlp: string;
  recipients: string[];
  lang: string;
  published: string;
  modified: string;
  author: string;
  indicators: { type: string; value: string }[];
  cves: string[];
  body?: string;
}

export interface Reason {
  light: string;
  rule: string;
  text: string;
  count?: number;
  incidents?: string[];
  other_agencies?: number;
  sightings_24h?: number;
}

export interface LightStatus {
  light: string;
  generated: string;
  reasons: Reason[];
  figures: Record<string, unknown>;
  sectors?: { sector: string; light: string; reasons: Reason[]; figures: Record<string, unknown> }[];
}

export interface Kpi {
  period: { name: string; complete: boolean };
  incidents: { total: number; by_level: Record<string, number> };
  deadlines: Record<string, { met: number; breached: number; open: number; met_share: number | null }>;
  targets: { id: string; target: number; value: number; met: boolean }[];
}

export interface Agency {
  id: string;
  name: string;
  sector: string | null;
  grade: string;
  parent: string | null;
  networks: string[];
}

export class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
    message: string,
  ) {
    super(message);
  }
}

let csrf = '';
let onUnauthorized: () => void = () => {};

export function setCsrf(token: string): void {
  csrf = token;
}

/** Called when an authenticated call answers 401 (the session ended). */
export function setOnUnauthorized(fn: () => void): void {
  onUnauthorized = fn;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function headersFor(method: string, json: boolean): Record<string, string> {
  const h: Record<string, string> = { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest' };
  if (json) h['Content-Type'] = 'application/json';
  if (UNSAFE.has(method) && csrf) h['X-CSRF-Token'] = csrf;
  return h;
}

async function errorOf(res: Response): Promise<ApiError> {
  try {
    const j = await res.json();
    return new ApiError(res.status, j?.error?.code ?? 'error', j?.error?.message ?? res.statusText);
  } catch {
    return new ApiError(res.status, 'error', res.statusText);
  }
}

export async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`/api/v1${path}`, {
    method,
    credentials: 'same-origin',
    headers: headersFor(method, body !== undefined),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) {
    const e = await errorOf(res);
    if (res.status === 401 && path !== '/session') onUnauthorized();
    throw e;
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export const api = {
  login: (username: string, password: string) =>
    call<Session>('POST', '/session', { username, password }),
  session: () => call<Session>('GET', '/session'),
  logout: () => call<void>('DELETE', '/session'),
  setLanguage: (language: Lang) => call<Session>('PATCH', '/session', { language }),
  openIncidents: (agency: string | null) =>
    call<{ incidents: Incident[] }>(
      'GET',
      `/incidents?open=true${agency ? `&agency=${encodeURIComponent(agency)}` : ''}`,
    ),
  incident: (id: string) => call<Incident>('GET', `/incidents/${encodeURIComponent(id)}`),
  events: (id: string) =>
    call<{ events: IncidentEvent[] }>('GET', `/incidents/${encodeURIComponent(id)}/events`),
  evidence: (id: string) =>
    call<{ evidence: Evidence[] }>('GET', `/incidents/${encodeURIComponent(id)}/evidence`),
  incidents: (q: Record<string, string>) =>
    call<{ incidents: Incident[]; next: string | null }>('GET', `/incidents?${new URLSearchParams(q).toString()}`),
  revisions: (id: string) =>
    call<{ revisions: Revision[] }>('GET', `/incidents/${encodeURIComponent(id)}/revisions`),
  evidenceOne: (id: string, n: number) =>
    call<EvidenceFull>('GET', `/incidents/${encodeURIComponent(id)}/evidence/${n}`),
  transfer: (id: string, n: number, body: { to: string; reason: string }) =>
    call<EvidenceFull>('POST', `/incidents/${encodeURIComponent(id)}/evidence/${n}/transfer`, body),
  fileReport: (id: string, body: { note?: string }) =>
    call<Incident>('POST', `/incidents/${encodeURIComponent(id)}/report`, body),
  advance: (id: string, body: { status: string; note?: string }) =>
    call<Incident>('POST', `/incidents/${encodeURIComponent(id)}/advance`, body),
  alerts: (q: Record<string, string>) =>
    call<{ alerts: Alert[]; next?: string | null }>('GET', `/alerts?${new URLSearchParams(q).toString()}`),
  alertsBulk: (step: 'confirm' | 'dismiss', body: { ids: string[]; reason?: string; note?: string }) =>
    call<{ results: BulkResult[]; failed: number }>('POST', `/alerts/${step}`, body),
  users: () => call<{ users: User[] }>('GET', '/users'),
  tokens: (user?: string) =>
    call<{ tokens: Token[] }>('GET', `/tokens${user ? `?user=${encodeURIComponent(user)}` : ''}`),
  createToken: (body: { user?: string; name?: string; days?: number }) => call<Token>('POST', '/tokens', body),
  revokeToken: (id: string) => call<Token>('DELETE', `/tokens/${encodeURIComponent(id)}`),
  close: (id: string, reason: string) =>
    call<Incident>('POST', `/incidents/${encodeURIComponent(id)}/close`, { reason }),
  search: (value: string) =>
    call<{ query: string; hits: IndicatorHit[] }>('GET', `/indicators/search?value=${encodeURIComponent(value)}`),
  advisories: (cursor?: string | null) =>
    call<{ advisories: Advisory[]; next: string | null }>('GET', `/advisories?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
  publishAdvisory: (body: Record<string, unknown>) => call<Advisory>('POST', '/advisories', body),
  status: () => call<LightStatus>('GET', '/status'),
  kpi: () => call<Kpi>('GET', '/report/kpi'),
  agencies: () => call<{ agencies: Agency[] }>('GET', '/agencies'),
  createAgency: (body: Record<string, unknown>) => call<Agency>('POST', '/agencies', body),
  updateAgency: (id: string, body: Record<string, unknown>) =>
    call<Agency>('PATCH', `/agencies/${encodeURIComponent(id)}`, body),
  createUser: (body: Record<string, unknown>) => call<User & { password?: string }>('POST', '/users', body),
  setUserEnabled: (name: string, on: boolean) =>
    call<User>('POST', `/users/${encodeURIComponent(name)}/${on ? 'enable' : 'disable'}`),
  report: (fields: Record<string, string>) => call<Incident>('POST', '/incidents', fields),
  level: (q: Record<string, string>) =>
    call<{ level: number; major: boolean }>(
      'GET',
      `/policy/level?${new URLSearchParams(q).toString()}`,
    ),
};

/**
 * POST file as the raw body to url (under the site), reporting progress
 * 0..1; resolves to the JSON answer when accepted(status, answer) says
 * so, else rejects with the server's error.
 */
function xhrUpload<T>(url: string, file: File, progress: (fraction: number) => void, accepted: (status: number, j: any) => boolean): Promise<T> {
  return new Promise((resolve, reject) => {
    const x = new XMLHttpRequest();
    x.open('POST', url);
    x.setRequestHeader('Content-Type', 'application/octet-stream');
    x.setRequestHeader('Accept', 'application/json');
    x.setRequestHeader('X-Requested-With', 'XMLHttpRequest');
    x.setRequestHeader('X-CSRF-Token', csrf);
    x.upload.onprogress = (e) => {
      if (e.lengthComputable) progress(e.loaded / e.total);
    };
    x.onload = () => {
      let j: any = null;
      try {
        j = JSON.parse(x.responseText);
      } catch {
        /* not JSON */
      }
      if (j && accepted(x.status, j)) {
        progress(1);
        resolve(j as T);
      } else {
        if (x.status === 401) onUnauthorized();
        reject(new ApiError(x.status, j?.error?.code ?? 'error', j?.error?.message ?? x.statusText));
      }
    };
    x.onerror = () => reject(new ApiError(0, 'network', 'network error'));
    x.send(file);
  });
}

// ---- the sightings, policy, audit and partner pages (web2) ---------------

export interface Sighting {
  indicator: { type: string; value: string; tlp: string };
  agency: string;
  direction: string;
  first_seen: string;
  last_seen: string;
  count: number;
  hosts: string[];
  sensor: string | null;
  last_event: string | null;
}

export interface AuditEntry {
  seq: number;
  ts: string;
  actor: string;
  action: string;
  object: string | null;
  detail: unknown;
  hash: string;
}

export interface AuditVerification {
  intact: boolean;
  entries: number;
  head: { seq: number; hash: string };
  problem: { seq: number | null; message: string } | null;
  checkpoints: number;
  latest_checkpoint: { seq: number; hash: string; time: string } | null;
  after_checkpoint: number;
}

/**
 * Upload a file as evidence of incident id (the raw body, as the API
 * takes it), reporting progress 0..1; resolves to the stored piece.
 */
export function uploadEvidence(
  id: string,
  file: File,
  progress: (fraction: number) => void,
): Promise<Evidence> {
  return xhrUpload<Evidence>(
    `/api/v1/incidents/${encodeURIComponent(id)}/evidence?name=${encodeURIComponent(file.name)}`,
    file,
    progress,
    (status) => status >= 200 && status < 300,
  );
}

// ---- web1: the indicator page, advisory STIX, feed sources and upload, the office's alert release ----

/** GET /me: the caller, with the access classes of the routes it may call (x-gisac-access). */
export interface Me {
  name: string;
  role: string;
  agency: string | null;
  max_tlp: string | null;
  recipient: string | null;
  access: string[];
}

export const officeApi = {
  sightings: (q: Record<string, string>) =>
    call<{ sightings: Sighting[]; next?: string | null }>('GET', `/sightings?${new URLSearchParams(q).toString()}`),
  policy: (version?: number) =>
    call<Record<string, unknown> & { version: number }>('GET', `/policy${version ? `?version=${version}` : ''}`),
  setPolicy: (body: Record<string, unknown>) => call<{ version: number; changed: boolean }>('PUT', '/policy', body),
  audit: (q: Record<string, string>) =>
    call<{ entries: AuditEntry[]; next: string | null; verification?: AuditVerification }>('GET', `/audit?${new URLSearchParams(q).toString()}`),
  me: () => call<Me>('GET', '/me'),
};

export interface Obligation {
  id: string;
  agency: string;
  grade: string;
  kind: string;
  due: string;
  status: string;
  frequency: string;
  evidence_required: string;
  count?: number;
  done_at?: string;
  done_by?: string;
  note?: string | null;
  evidence?: { name: string; sha256: string; size: number }[];
}

export const govApi = {
  obligations: (query: string) => call<{ obligations: Obligation[] }>('GET', `/obligations${query}`),
  obligationDone: (body: { agency: string; kind: string; due: string; note?: string; at?: string }) =>
    call<Obligation>('POST', '/obligations/done', body),
};

/** One indicator (GET /indicators/{type}/{value}): a search hit's, with its sources' times; recipients and sightings for staff only. */
export type Indicator = Omit<IndicatorHit['indicator'], 'sources' | 'sightings'> & {
  valid_from: string | null;
  valid_until: string | null;
  name: string | null;
  description: string | null;
  sources: { name: string; first_seen: string | null; last_seen: string | null }[];
  recipients?: string[];
  sightings?: { agency: string; count: number; first_seen: string; last_seen: string }[];
};

/** A feed source fetched on schedule (GET /feeds, docs/feed-sources.md). */
export interface FeedSource {
  name: string;
  url: string;
  format: string;
  every: number;
  tlp: string | null;
  confidence: number | null;
  labels: string[];
  enabled: boolean;
  created: string;
  status: {
    next_try: string | null;
    last_try: string | null;
    last_success: string | null;
    http_status: number | null;
    added: number | null;
    updated: number | null;
    dropped: number | null;
    failures: number;
    last_error: string | null;
  };
}

/** The answer of POST /feeds/{name}/fetch. */
export interface FetchResult {
  name: string;
  ok: boolean;
  not_modified: boolean;
  http_status: number | null;
  bytes: number;
  error: string | null;
  next_try: string | null;
}

/** The summary of a feed import (gisac feed import --json) and its messages with their place. */
export interface ImportAnswer {
  summary: Record<string, number>;
  /** a strict import that rejected a record: nothing was written */
  error?: { code: string; message: string };
  messages: { kind: string; where: string; message: string }[];
}

/** GET with the answer as text (a STIX bundle shown as it came). */
async function callText(path: string): Promise<string> {
  const res = await fetch(`/api/v1${path}`, { credentials: 'same-origin', headers: headersFor('GET', false) });
  if (!res.ok) {
    const e = await errorOf(res);
    if (res.status === 401) onUnauthorized();
    throw e;
  }
  return res.text();
}

/** The path of one indicator under /indicators (the value percent-encoded: it may hold / ? # %). */
export function indicatorPath(type: string, value: string): string {
  return `/indicators/${encodeURIComponent(type)}/${encodeURIComponent(value)}`;
}

export const intelApi = {
  me: () => call<Me>('GET', '/me'),
  indicator: (type: string, value: string) => call<Indicator>('GET', indicatorPath(type, value)),
  revoke: (type: string, value: string, reason: string) =>
    call<Indicator>('DELETE', `${indicatorPath(type, value)}?reason=${encodeURIComponent(reason)}`),
  restore: (type: string, value: string, reason: string) =>
    call<Indicator>('POST', '/indicators/restore', { type, value, reason }),
  advisory: (id: string) => call<Advisory>('GET', `/advisories/${encodeURIComponent(id)}`),
  advisoryStix: (id: string) => callText(`/advisories/${encodeURIComponent(id)}/stix`),
  feeds: () => call<{ feeds: FeedSource[] }>('GET', '/feeds'),
  feedStep: (name: string, step: 'enable' | 'disable') =>
    call<FeedSource>('POST', `/feeds/${encodeURIComponent(name)}/${step}`),
  sources: () => call<{ sources: { name: string; active: number; total: number }[] }>('GET', '/sources'),
  releaseOne: (id: string) => call<Alert>('POST', `/alerts/${encodeURIComponent(id)}/release`, {}),
  release: (ids: string[]) => call<{ results: BulkResult[]; failed: number }>('POST', '/alerts/release', { ids }),
};

/**
 * POST /feeds/{name}/fetch: the fetch's result, also when it failed
 * (502 answers the result too); other errors throw.
 */
export async function fetchFeedNow(name: string): Promise<FetchResult> {
  const res = await fetch(`/api/v1/feeds/${encodeURIComponent(name)}/fetch`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: headersFor('POST', false),
  });
  if (res.ok || res.status === 502) return (await res.json()) as FetchResult;
  const e = await errorOf(res);
  if (res.status === 401) onUnauthorized();
  throw e;
}

/**
 * Upload a feed file (POST /feeds/import?query, the file as the body),
 * reporting progress 0..1. Resolves to the import's answer, also for a
 * 422 that carries one (a strict import rejected); other errors reject.
 */
export function uploadFeed(query: string, file: File, progress: (fraction: number) => void): Promise<ImportAnswer> {
  return xhrUpload<ImportAnswer>(`/api/v1/feeds/import?${query}`, file, progress, (status, j) => !!j.summary && (status === 200 || status === 422));
}
