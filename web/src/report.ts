// The report form's data: its draft (kept in localStorage as the officer
// types) and the body it sends to POST /api/v1/incidents. The vocabulary
// codes are the API's; their names come from the message catalogues.
export const CATEGORIES = [
  'malicious-content',
  'malware',
  'information-gathering',
  'intrusion-attempt',
  'intrusion',
  'denial-of-service',
  'information-content-security',
  'fraud',
  'vulnerability',
  'other',
] as const;
export const ASSETS = ['non-core', 'core', 'core-ci', 'national-secret'] as const;
export const IMPACTS = ['none', 'minor', 'serious'] as const;
export const AVAILABILITY = ['none', 'within-mtd', 'beyond-mtd'] as const;

export const DRAFT_KEY = 'gisac.draft.report';

export interface Draft {
  title: string;
  agency: string;
  aware_at: string;
  occurred_at: string;
  category: string;
  asset: string;
  confidentiality: string;
  integrity: string;
  availability: string;
  description: string;
}

const FIELDS: (keyof Draft)[] = [
  'title',
  'agency',
  'aware_at',
  'occurred_at',
  'category',
  'asset',
  'confidentiality',
  'integrity',
  'availability',
  'description',
];

export function emptyDraft(agency: string, awareAt: string): Draft {
  return {
    title: '',
    agency,
    aware_at: awareAt,
    occurred_at: '',
    category: '',
    asset: '',
    confidentiality: '',
    integrity: '',
    availability: '',
    description: '',
  };
}

/** A stored draft, or null when there is none or it is not one. */
export function loadDraft(text: string | null): Draft | null {
  if (!text) return null;
  try {
    const o = JSON.parse(text);
    if (!o || typeof o !== 'object') return null;
    const d = emptyDraft('', '');
    for (const k of FIELDS) {
      if (typeof o[k] === 'string') d[k] = o[k];
    }
    return d;
  } catch {
    return null;
  }
}

/** The JSON body of the report: empty optional members left out; times through time(). */
export function reportBody(d: Draft, time: (v: string) => string): Record<string, string> {
  const b: Record<string, string> = {};
  for (const k of FIELDS) {
    const v = d[k].trim();
    if (!v) continue;
    b[k] = k === 'aware_at' || k === 'occurred_at' ? time(v) : k === 'description' ? d[k] : v;
  }
  return b;
}
