import { describe, expect, it } from 'vitest';
import type { Incident, Revision } from './api';
import { parseRoute } from './router';
import { barWidths, bulkOutcome, navFor, pastedValues, queueQuery, reviewQueue, revisionChanges, toggle, toggleAll, valueText } from './work';

function inc(id: string, agency: string, status: string, review: string | null, state = 'pending'): Incident {
  return {
    id, agency, title: id, description: null, category: null, asset: 'core', confidentiality: 'none', integrity: 'none',
    availability: 'none', level: 1, major: false, status, occurred_at: null, aware_at: '2026-12-07T00:00:00Z',
    reported_at: null, measures: null, support_needed: null, notes: null,
    deadlines: { review }, deadline_states: { review: state }, next_deadline: null,
  };
}

describe('review queue', () => {
  const list = [
    inc('INC-2026-000003', 'school-a', 'reported', '2026-12-07T08:00:00Z'),
    inc('INC-2026-000001', 'moe', 'reported', '2026-12-07T01:00:00Z'),
    inc('INC-2026-000002', 'school-b', 'reported', '2026-12-07T02:00:00Z'),
    inc('INC-2026-000004', 'school-b', 'reviewed', '2026-12-07T02:00:00Z', 'met'),
    inc('INC-2026-000005', 'school-a', 'reported', '2026-12-07T01:30:00Z', 'overdue'),
  ];
  it('holds the sub-agencies’ reported incidents under review, due first', () => {
    expect(reviewQueue(list, 'moe').map((i) => i.id)).toEqual(['INC-2026-000002', 'INC-2026-000003']);
  });
  it('holds every agency’s for staff', () => {
    expect(reviewQueue(list, null).map((i) => i.id)).toEqual(['INC-2026-000001', 'INC-2026-000002', 'INC-2026-000003']);
  });
});

describe('revisions', () => {
  const revs: Revision[] = [
    { n: 1, at: '2026-12-07T00:00:00Z', by: 'user:o', changed: ['title', 'asset'], content: { title: 'a', asset: 'core', level: 2 } },
    { n: 2, at: '2026-12-07T01:00:00Z', by: 'user:o', changed: ['asset', 'level'], content: { title: 'a', asset: 'core-ci', level: 3 } },
  ];
  it('say what each changed against the one before', () => {
    expect(revisionChanges(revs, revs[1])).toEqual([
      { field: 'asset', before: 'core', after: 'core-ci' },
      { field: 'level', before: 2, after: 3 },
    ]);
    expect(revisionChanges(revs, revs[0])).toEqual([
      { field: 'title', before: null, after: 'a' },
      { field: 'asset', before: null, after: 'core' },
    ]);
  });
  it('write values', () => {
    expect(valueText(null)).toBe('');
    expect(valueText(3)).toBe('3');
    expect(valueText({ needed: true, detail: 'x' })).toBe('{"needed":true,"detail":"x"}');
  });
});

describe('selection and bulk answers', () => {
  it('toggle one and all', () => {
    const a = toggle(new Set(), 'ALR-1');
    expect([...a]).toEqual(['ALR-1']);
    expect([...toggle(a, 'ALR-1')]).toEqual([]);
    expect([...toggleAll(a, ['ALR-1', 'ALR-2'])]).toEqual(['ALR-1', 'ALR-2']);
    expect([...toggleAll(new Set(['ALR-1', 'ALR-2']), ['ALR-1', 'ALR-2'])]).toEqual([]);
    expect([...toggleAll(new Set(), [])]).toEqual([]);
  });
  it('split the results', () => {
    expect(
      bulkOutcome([
        { id: 'ALR-2026-000003', ok: true, incident: 'INC-2026-000002' },
        { id: 'ALR-2026-000004', ok: true },
        { id: 'ALR-2026-000001', ok: false, error: { code: 'conflict', message: 'alert ALR-2026-000001 is confirmed already' } },
      ]),
    ).toEqual({
      ok: ['ALR-2026-000003', 'ALR-2026-000004'],
      incidents: ['INC-2026-000002'],
      failed: [{ id: 'ALR-2026-000001', code: 'conflict', message: 'alert ALR-2026-000001 is confirmed already' }],
    });
  });
});

describe('routes', () => {
  it('name the officer’s pages', () => {
    expect(parseRoute('/alerts')).toEqual({ page: 'alerts' });
    expect(parseRoute('/reviews')).toEqual({ page: 'reviews' });
    expect(parseRoute('/sensors')).toEqual({ page: 'sensors' });
    expect(parseRoute('/incidents/INC-2026-000001/print')).toEqual({ page: 'print', id: 'INC-2026-000001' });
    expect(parseRoute('/incidents/INC-2026-000001')).toEqual({ page: 'incident', id: 'INC-2026-000001' });
    expect(parseRoute('/incidents/a/b/print')).toEqual({ page: 'missing' });
  });
});

describe('the office queue', () => {
  it('asks the server for the filter, a page at a time', () => {
    expect(queueQuery({ agency: '', status: 'open', level: '', since: '' }, 50, null)).toEqual({ limit: '50', open: 'true' });
    expect(queueQuery({ agency: 'moe', status: 'reported', level: '3', since: '2026-12-01' }, 50, 'INC-2026-000050')).toEqual({
      limit: '50', agency: 'moe', status: 'reported', level: '3', since: '2026-12-01T00:00:00', cursor: 'INC-2026-000050',
    });
    expect(queueQuery({ agency: '', status: '', level: '', since: '' }, 10, null)).toEqual({ limit: '10' });
  });
});

describe('pasted values', () => {
  it('split on lines, blanks and commas, once each, in order', () => {
    expect(pastedValues('hxxp://evil[.]example/a\n198.51.100.7, 198.51.100.7\n\n  evil[.]example;x')).toEqual([
      'hxxp://evil[.]example/a', '198.51.100.7', 'evil[.]example', 'x',
    ]);
    expect(pastedValues('a b c d', 2)).toEqual(['a', 'b']);
    expect(pastedValues('   ')).toEqual([]);
  });
});

describe('charts and navigation', () => {
  it('draw bars against the largest', () => {
    expect(barWidths([0, 2, 4, 1])).toEqual([0, 50, 100, 25]);
    expect(barWidths([0, 0])).toEqual([0, 0]);
    expect(barWidths([1, 3])).toEqual([33.3, 100]);
  });
  it('offer each role its pages', () => {
    expect(navFor('agency')).toEqual(['home', 'report', 'alerts', 'reviews', 'sensors', 'advisories', 'sightings', 'obligations']);
    expect(navFor('analyst')).not.toContain('users');
    expect(navFor('admin').slice(-3)).toEqual(['users', 'agencies', 'audit']);
    expect(navFor('analyst')).not.toContain('audit');
    expect(navFor('consumer')).toEqual(['partner']);
    for (const p of ['sightings', 'policy', 'audit', 'partner', 'obligations']) expect(parseRoute(`/${p}`).page).toBe(p);
    for (const p of navFor('admin')) expect(parseRoute(p === 'home' ? '/' : `/${p}`).page).toBe(p);
  });
});
