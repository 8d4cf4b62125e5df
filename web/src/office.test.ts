import { describe, expect, it } from 'vitest';
import {
  auditQuery, editableFields, errorField, fieldValue, flatten, nextOf, pageRows, partnerUrls, policyBody, policyDiff, setPath, sightingsQuery, tlpReach,
} from './office';

const none = { agency: '', indicator: '', since: '', until: '', sensor: '' };

describe('list pages', () => {
  it('take the server\'s cursor when the answer has one', () => {
    expect(nextOf({ sightings: [], next: 'abc' }, 50, 50)).toBe('abc');
    expect(nextOf({ sightings: [], next: null }, 50, 50)).toBeNull();
  });
  it('else ask for a larger page while the page was full', () => {
    expect(nextOf({ sightings: [] }, 50, 50)).toBe('limit:100');
    expect(nextOf({ sightings: [] }, 100, 50)).toBe('limit:150');
    expect(nextOf({ sightings: [] }, 49, 50)).toBeNull();
    expect(nextOf({ sightings: [] }, 0, 50)).toBeNull();
  });
  it('build the sightings query', () => {
    expect(sightingsQuery(none, 50, null)).toEqual({ limit: '50' });
    expect(sightingsQuery({ agency: ' moda ', indicator: 'bad.example', since: '2026-12-01T08:00', until: '2026-12-02T08:00', sensor: 'ids-1' }, 50, 'c1')).toEqual({
      limit: '50', agency: 'moda', indicator: 'bad.example', since: '2026-12-01T08:00:00', until: '2026-12-02T08:00:00', sensor: 'ids-1', cursor: 'c1',
    });
    expect(sightingsQuery(none, 50, 'limit:100')).toEqual({ limit: '100' });
  });
  it('add only the rows past those shown of a larger page', () => {
    expect(pageRows([1, 2, 3, 4], 'limit:4', 2)).toEqual([3, 4]);
    expect(pageRows([3, 4], 'cur', 2)).toEqual([3, 4]);
    expect(pageRows([1, 2], null, 0)).toEqual([1, 2]);
  });
  it('build the audit query', () => {
    expect(auditQuery({ actor: 'user:boss', action: 'policy.', object: '', since: '2026-12-01T00:00', until: '' }, 100, '42')).toEqual({
      limit: '100', actor: 'user:boss', action: 'policy.', since: '2026-12-01T00:00:00', cursor: '42',
    });
  });
});

describe('the policy', () => {
  const v1 = { version: 1, major_level: 3, levels: { core: { minor: 2, 'within-mtd': null } }, deadlines: { report: '1h', review: { '3': '2h' } }, alert_light: { red: { open_level: 4 } }, time_zone: 'Asia/Taipei' };
  it('flattens to paths', () => {
    expect([...flatten(v1).entries()]).toEqual([
      ['version', 1], ['major_level', 3], ['levels.core.minor', 2], ['levels.core.within-mtd', null], ['deadlines.report', '1h'], ['deadlines.review.3', '2h'], ['alert_light.red.open_level', 4], ['time_zone', 'Asia/Taipei'],
    ]);
    expect([...flatten({ a: [1, 2] }).entries()]).toEqual([['a', [1, 2]]]);
  });
  it('tells what changed between versions', () => {
    const v2 = { ...setPath(setPath(v1, 'deadlines.review.3', '3h'), 'portal_url', 'https://x'), version: 2 };
    expect(policyDiff(v1, v2)).toEqual([
      { path: 'deadlines.review.3', before: '2h', after: '3h' },
      { path: 'portal_url', before: null, after: 'https://x' },
    ]);
    expect(policyDiff(v1, v1)).toEqual([]);
  });
  it('sets a path without changing the original', () => {
    const x = setPath(v1, 'deadlines.review.4', '1h');
    expect((x.deadlines as any).review).toEqual({ '3': '2h', '4': '1h' });
    expect((v1.deadlines as any).review).toEqual({ '3': '2h' });
  });
  it('finds the field an error names', () => {
    expect(errorField("policy: $.deadlines.review.3: duration 'soon': expected NUMBER UNIT groups")).toBe('deadlines.review.3');
    expect(errorField('policy: $.levels.core.within-mtd: expected a level')).toBe('levels.core.within-mtd');
    expect(errorField('policy: $.auto_report.tlp[2]: unknown TLP')).toBe('auto_report.tlp.2');
    expect(errorField('policy:1:2: syntax error')).toBe('');
    expect(errorField('only an admin may install a policy')).toBe('');
  });
  it('lists the editable fields and reads their values', () => {
    expect(editableFields(v1).map(([p]) => p)).toEqual(['description', 'levels.core.minor', 'levels.core.within-mtd', 'major_level', 'deadlines.report', 'deadlines.review.3', 'time_zone', 'portal_url']);
    expect(fieldValue('levels.core.minor', '3')).toBe(3);
    expect(fieldValue('levels.core.within-mtd', '')).toBeNull();
    expect(fieldValue('major_level', '4')).toBe(4);
    expect(fieldValue('deadlines.report', ' 2h ')).toBe('2h');
    expect(fieldValue('portal_url', '')).toBeUndefined();
  });
  it('builds the body to install', () => {
    const b = policyBody({ ...v1, portal_url: 'https://old' }, [['deadlines.report', '2h'], ['portal_url', undefined], ['levels.core.minor', 3]]);
    expect(b.version).toBeUndefined();
    expect(b.portal_url).toBeUndefined();
    expect((b.deadlines as any).report).toBe('2h');
    expect((b.levels as any).core.minor).toBe(3);
    expect(b.alert_light).toEqual(v1.alert_light);
  });
});

describe('the partner page', () => {
  it('names the URLs at the origin', () => {
    const u = partnerUrls('https://isac.example/');
    expect(u.taxii.discovery).toBe('https://isac.example/taxii2/');
    expect(u.taxii.indicators).toBe('https://isac.example/taxii2/api/collections/indicators/objects/');
    expect(u.misp).toBe('https://isac.example/feeds/misp');
    expect(u.feeds.map((f) => f.url)[0]).toBe('https://isac.example/feeds/plain');
  });
  it('tells the TLPs it receives', () => {
    expect(tlpReach('green', 'moda')).toEqual({ shared: ['clear', 'green'], addressed: ['amber', 'amber+strict', 'red'] });
    expect(tlpReach('green', null)).toEqual({ shared: ['clear', 'green'], addressed: [] });
    expect(tlpReach(null, null)).toEqual({ shared: ['clear', 'green', 'amber', 'amber+strict', 'red'], addressed: [] });
  });
});

describe('obligations', () => {
  it('show due dates with the 民國 year in zh-TW', async () => {
    const { dateText } = await import('./office');
    expect(dateText('2025-12-31', 'zh-TW')).toBe('民國114年12月31日');
    expect(dateText('2025-12-31', 'en')).toBe('2025-12-31');
    expect(dateText('soon', 'zh-TW')).toBe('soon');
  });
  it('build the list query', async () => {
    const { obligationsQuery } = await import('./office');
    expect(obligationsQuery('', '')).toBe('');
    expect(obligationsQuery(' moda ', 'overdue')).toBe('?agency=moda&status=overdue');
    expect(obligationsQuery('', 'due')).toBe('?status=due');
  });
});

describe('the partner\'s configuration', () => {
  it('gives each tool its lines with the URLs of the installation', async () => {
    const { partnerSnippets, partnerUrls } = await import('./office');
    const s = partnerSnippets(partnerUrls('https://isac.example'));
    expect(s.map((x) => x.tool)).toEqual(['BIND', 'Unbound', 'nftables', 'Suricata', 'Zeek', 'MISP', 'OpenCTI']);
    expect(s[0].text).toContain('-o /etc/bind/gisac.rpz https://isac.example/feeds/rpz && rndc reload rpz.gisac.example');
    expect(s[3].text).toContain('-o /var/lib/suricata/rules/$f https://isac.example/feeds/suricata/$f');
    expect(s[5].text).toContain('URL: https://isac.example/feeds/misp');
    expect(s[6].text).toContain('TAXII2_DISCOVERY_URL=https://isac.example/taxii2/');
  });
});
