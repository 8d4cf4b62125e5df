// The logic of the sightings, policy, audit and partner pages as pure
// functions the pages call and Vitest checks: the query of a list and
// its next page (a server cursor when the answer has one, else a larger
// page), the policy flattened to paths, what changed between two
// versions, an edit set at a path, the JSON path an error names, and
// the partner's URLs. The rules themselves are the server's.

/** The filter of the sightings page: '' is "any". */
export interface SightingFilter {
  agency: string;
  indicator: string;
  /** datetime-local values (the installation's time), or '' */
  since: string;
  until: string;
  sensor: string;
}

/**
 * The next page of a list answer: the server's cursor ("next") when the
 * answer carries the member, else (a server that pages by limit only)
 * "limit:N", the larger page to ask for, while the page was full; null
 * on the last page.
 */
export function nextOf(answer: Record<string, unknown>, shown: number, limit: number): string | null {
  if ('next' in answer) return typeof answer.next === 'string' && answer.next ? answer.next : null;
  return shown > 0 && shown % limit === 0 ? `limit:${shown + limit}` : null;
}

/**
 * The query of GET /sightings for a filter, the page size and the page
 * (nextOf's value, or null for the first): the server's cursor as
 * "cursor", a "limit:N" page as limit N.
 */
export function sightingsQuery(f: SightingFilter, limit: number, page: string | null): Record<string, string> {
  const q: Record<string, string> = { limit: String(limit) };
  if (f.agency.trim()) q.agency = f.agency.trim();
  if (f.indicator.trim()) q.indicator = f.indicator.trim();
  if (f.since) q.since = withSeconds(f.since);
  if (f.until) q.until = withSeconds(f.until);
  if (f.sensor.trim()) q.sensor = f.sensor.trim();
  if (page?.startsWith('limit:')) q.limit = page.slice(6);
  else if (page) q.cursor = page;
  return q;
}

/**
 * The rows of a page to add to the list shown: all of a cursor page, the
 * ones past those shown of a "limit:N" page (which starts again from the
 * first).
 */
export function pageRows<T>(rows: T[], page: string | null, shown: number): T[] {
  return page?.startsWith('limit:') ? rows.slice(shown) : rows;
}

function withSeconds(v: string): string {
  return /T\d{2}:\d{2}$/.test(v) ? `${v}:00` : v;
}

/** The filter of the audit page: '' is "any". */
export interface AuditFilter {
  actor: string;
  action: string;
  object: string;
  since: string;
  until: string;
}

/** The query of GET /audit for a filter, page size and cursor. */
export function auditQuery(f: AuditFilter, limit: number, cursor: string | null): Record<string, string> {
  const q: Record<string, string> = { limit: String(limit) };
  for (const k of ['actor', 'action', 'object'] as const) if (f[k].trim()) q[k] = f[k].trim();
  if (f.since) q.since = withSeconds(f.since);
  if (f.until) q.until = withSeconds(f.until);
  if (cursor) q.cursor = cursor;
  return q;
}

/** Every leaf of a JSON value by its path ("deadlines.review.3"); arrays are leaves. */
export function flatten(v: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      for (const [p, y] of flatten(x, prefix ? `${prefix}.${k}` : k)) out.set(p, y);
    }
  } else if (prefix) {
    out.set(prefix, v);
  }
  return out;
}

export interface PolicyChange {
  path: string;
  before: unknown;
  after: unknown;
}

/** What differs between two versions of the policy, by path (the member "version" left out), in path order. */
export function policyDiff(older: unknown, newer: unknown): PolicyChange[] {
  const a = flatten(older);
  const b = flatten(newer);
  const paths = [...new Set([...a.keys(), ...b.keys()])].filter((p) => p !== 'version').sort();
  const out: PolicyChange[] = [];
  for (const p of paths) {
    const x = a.has(p) ? a.get(p) : undefined;
    const y = b.has(p) ? b.get(p) : undefined;
    if (JSON.stringify(x) !== JSON.stringify(y)) out.push({ path: p, before: x ?? null, after: y ?? null });
  }
  return out;
}

/** A copy of obj with the value at path ("a.b.c") set, objects made on the way. */
export function setPath(obj: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(obj);
  const keys = path.split('.');
  let o: Record<string, unknown> = copy;
  for (const k of keys.slice(0, -1)) {
    if (o[k] === null || typeof o[k] !== 'object' || Array.isArray(o[k])) o[k] = {};
    o = o[k] as Record<string, unknown>;
  }
  o[keys[keys.length - 1]] = value;
  return copy;
}

/**
 * The JSON path an error message of the API names, as a form field's
 * name ("policy: $.deadlines.review.3: ..." is "deadlines.review.3"), or
 * '' when it names none ("$" alone is the whole body).
 */
export function errorField(message: string): string {
  const m = /(?:^|: )\$((?:\.[^\s.:[\]]+|\[\d+\])+): /.exec(message);
  if (!m) return '';
  return m[1].replace(/\[(\d+)\]/g, '.$1').replace(/^\./, '');
}

/** The policy's members the page edits: the leaves under these (the rest is kept as it is). */
export const POLICY_EDITABLE = ['description', 'levels', 'major_level', 'deadlines', 'at_risk', 'time_zone', 'portal_url', 'misp_deleted_days'] as const;

/** The editable leaves of a policy, by path, in the policy's order; description and portal_url even when absent. */
export function editableFields(policy: Record<string, unknown>): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const k of POLICY_EDITABLE) {
    if (!(k in policy)) {
      if (k === 'description' || k === 'portal_url') out.push([k, null]);
      continue;
    }
    for (const e of flatten(policy[k], k)) out.push(e);
  }
  return out;
}

/** The value of a policy field as typed (text) for the JSON: levels and numbers as numbers, '' as null where null is allowed. */
export function fieldValue(path: string, text: string): unknown {
  const v = text.trim();
  if (path.startsWith('levels.')) return v === '' ? null : Number(v);
  if (path === 'major_level' || path === 'misp_deleted_days') return v === '' ? null : Number(v);
  if ((path === 'description' || path === 'portal_url') && v === '') return undefined;
  return v;
}

/** The policy body to PUT: current with each edited field set (undefined: the member left out), "version" dropped. */
export function policyBody(current: Record<string, unknown>, edits: [string, unknown][]): Record<string, unknown> {
  let body: Record<string, unknown> = structuredClone(current);
  delete body.version;
  for (const [path, value] of edits) {
    if (value === undefined) {
      if (!path.includes('.')) delete body[path];
    } else {
      body = setPath(body, path, value);
    }
  }
  return body;
}

/** The URLs a partner configures, at the portal's origin (docs/taxii.md, docs/feeds.md). */
export function partnerUrls(origin: string) {
  const o = origin.replace(/\/+$/, '');
  return {
    taxii: {
      discovery: `${o}/taxii2/`,
      apiRoot: `${o}/taxii2/api/`,
      indicators: `${o}/taxii2/api/collections/indicators/objects/`,
      advisories: `${o}/taxii2/api/collections/advisories/objects/`,
    },
    misp: `${o}/feeds/misp`,
    feeds: ['plain', 'csv', 'stix', 'rpz', 'nft', 'zeek'].map((f) => ({ format: f, url: `${o}/feeds/${f}` })),
    suricata: `${o}/feeds/suricata/gisac.rules`,
  };
}

/**
 * The TLPs a partner receives (GET /me's view): everything without a
 * limit; else up to max_tlp for everyone ("shared") and the higher ones
 * only when meant for its agency ("addressed", none without one).
 */
export function tlpReach(maxTlp: string | null, recipient: string | null): { shared: string[]; addressed: string[] } {
  const order = ['clear', 'green', 'amber', 'amber+strict', 'red'];
  if (!maxTlp) return { shared: order, addressed: [] };
  const i = order.indexOf(maxTlp);
  return { shared: order.slice(0, i + 1), addressed: recipient ? order.slice(i + 1) : [] };
}

/** A calendar date of the API ("2025-12-31") for people: zh-TW 民國114年12月31日, en as it is. */
export function dateText(date: string, l: 'zh-TW' | 'en'): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m || l === 'en') return date;
  const y = Number(m[1]) - 1911;
  return `${y >= 1 ? `民國${y}` : m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

/** The obligations' statuses the list filters on (GET /obligations?status=); '' is every one. */
export const OBLIGATION_STATUSES = ['overdue', 'due', 'done', ''] as const;

/** The query of GET /obligations: the agency ('' every one the caller may read) and the status ('' every one). */
export function obligationsQuery(agency: string, status: string): string {
  const q = new URLSearchParams();
  if (agency.trim()) q.set('agency', agency.trim());
  if (status) q.set('status', status);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/**
 * Ready-made configuration for the partner's systems, pulling the feeds
 * at urls (partnerUrls) with the token in $TOKEN (docs/feeds.md,
 * docs/intel-export.md, docs/taxii.md): tool and its lines.
 */
export function partnerSnippets(u: ReturnType<typeof partnerUrls>): { tool: string; text: string }[] {
  const feed = (f: string) => u.feeds.find((x) => x.format === f)!.url;
  const curl = (url: string, file: string) => `curl -sf -H "Authorization: Bearer $TOKEN" -o ${file} ${url}`;
  const suricataDir = u.suricata.replace(/gisac\.rules$/, '');
  return [
    { tool: 'BIND', text: `# named.conf\noptions { response-policy { zone "rpz.gisac.example"; }; };\nzone "rpz.gisac.example" { type primary; file "/etc/bind/gisac.rpz"; };\n# every 5 minutes (cron)\n${curl(feed('rpz'), '/etc/bind/gisac.rpz')} && rndc reload rpz.gisac.example` },
    { tool: 'Unbound', text: `# unbound.conf\nrpz:\n    name: rpz.gisac.example\n    zonefile: /var/lib/unbound/gisac.rpz\n# every 5 minutes (cron)\n${curl(feed('rpz'), '/var/lib/unbound/gisac.rpz')} && unbound-control auth_zone_reload rpz.gisac.example` },
    { tool: 'nftables', text: `# every 5 minutes (cron): the file replaces the table inet gisac as a whole\n${curl(feed('nft'), '/etc/nftables.d/gisac.nft')} && nft -f /etc/nftables.d/gisac.nft` },
    { tool: 'Suricata', text: `# suricata.yaml: rule-files: [gisac.rules] (Suricata 7.0.3 or later)\nfor f in gisac.rules gisac-domains.lst gisac-ip.lst gisac-md5.lst gisac-sha1.lst gisac-sha256.lst; do\n  ${curl(`${suricataDir}$f`, '/var/lib/suricata/rules/$f')}\ndone && suricatasc -c reload-rules` },
    { tool: 'Zeek', text: `# local.zeek\n@load frameworks/intel/seen\nredef Intel::read_files += { "/opt/zeek/share/intel/gisac.dat" };\n# every hour (cron)\n${curl(feed('zeek'), '/opt/zeek/share/intel/gisac.dat')}` },
    { tool: 'MISP', text: `Sync Actions > Feeds > Add Feed\n  URL: ${u.misp}\n  Source Format: MISP Feed\n  Headers: Authorization: Bearer $TOKEN` },
    { tool: 'OpenCTI', text: `# the TAXII 2 connector (external-import/taxii2)\nTAXII2_DISCOVERY_URL=${u.taxii.discovery}\nTAXII2_V21=true\nTAXII2_COLLECTIONS=*.indicators\nTAXII2_USERNAME=<account>\nTAXII2_PASSWORD=<password>` },
  ];
}
