import { describe, expect, it } from 'vitest';
import type { FeedSource, Indicator, Me } from './api';
import { indicatorPath } from './api';
import { parseRoute } from './router';
import { navFor, STAFF_INTEL } from './work';
import { zhTW } from './i18n/zh-TW';
import { allows, FEED_FORMATS, FEED_STATES, IMPORT_COUNTS, IMPORT_KINDS, everyParts, feedQuery, feedState, importPlace, prettyJson, sightingsTotal, stixFileName } from './intel';

const me = (access: string[]): Me => ({ name: 'ann', role: 'analyst', agency: null, max_tlp: null, recipient: null, access });

const feed = (enabled: boolean, last_try: string | null, failures: number): FeedSource => ({
  name: 'f', url: 'https://x.example/f.txt', format: 'auto', every: 3600, tlp: null, confidence: null, labels: [], enabled, created: '2026-12-08T00:00:00Z',
  status: { next_try: null, last_try, last_success: null, http_status: null, added: null, updated: null, dropped: null, failures, last_error: null },
});

describe('what the caller may do', () => {
  it('follows the access classes of /me', () => {
    expect(allows(me(['any', 'read-intel', 'write-intel', 'staff']), 'write-intel')).toBe(true);
    expect(allows(me(['any', 'read-intel']), 'write-intel')).toBe(false);
    expect(allows(me(['any', 'read-intel']), 'staff')).toBe(false);
    expect(allows(null, 'any')).toBe(false);
  });
});

describe('an indicator', () => {
  it('has a path with its value encoded', () => {
    expect(indicatorPath('url', 'http://evil.example/a?b#c')).toBe('/indicators/url/http%3A%2F%2Fevil.example%2Fa%3Fb%23c');
    expect(indicatorPath('domain', 'evil.example')).toBe('/indicators/domain/evil.example');
  });
  it('counts its sightings over the agencies', () => {
    const base = { sources: [] } as unknown as Indicator;
    expect(sightingsTotal({ ...base, sightings: [{ agency: 'a', count: 3, first_seen: '', last_seen: '' }, { agency: 'b', count: 4, first_seen: '', last_seen: '' }] })).toBe(7);
    expect(sightingsTotal({ ...base, sightings: [] })).toBe(0);
    expect(sightingsTotal(base)).toBe(null);
  });
});

describe('feed upload', () => {
  it('asks only what was chosen', () => {
    expect(feedQuery({ source: ' liaison ', format: 'auto', tlp: '', confidence: '', strict: false })).toBe('source=liaison');
    expect(feedQuery({ source: '聯絡窗口', format: 'csv', tlp: 'amber+strict', confidence: '80', strict: true })).toBe(
      'source=%E8%81%AF%E7%B5%A1%E7%AA%97%E5%8F%A3&format=csv&tlp=amber%2Bstrict&confidence=80&strict=true',
    );
  });
  it('places each message', () => {
    expect(importPlace('upload:4')).toEqual({ line: 4 });
    expect(importPlace('upload: $.objects[2]')).toEqual({ path: '$.objects[2]' });
    expect(importPlace('upload')).toEqual({ file: true });
  });
});

describe('feed sources', () => {
  it('have a state', () => {
    expect(feedState(feed(false, '2026-12-08T00:00:00Z', 2))).toBe('disabled');
    expect(feedState(feed(true, null, 0))).toBe('never');
    expect(feedState(feed(true, '2026-12-08T00:00:00Z', 1))).toBe('failing');
    expect(feedState(feed(true, '2026-12-08T00:00:00Z', 0))).toBe('ok');
  });
  it('show their schedule in the largest unit', () => {
    expect(everyParts(3600)).toEqual([1, 'h']);
    expect(everyParts(86400 * 2)).toEqual([2, 'd']);
    expect(everyParts(90)).toEqual([90, 's']);
    expect(everyParts(300)).toEqual([5, 'm']);
  });
});

describe('STIX preview', () => {
  it('indents the bundle and keeps what is not JSON', () => {
    expect(prettyJson('{"type":"bundle","objects":[]}')).toBe('{\n  "type": "bundle",\n  "objects": []\n}');
    expect(prettyJson('not json')).toBe('not json');
  });
  it('names the download', () => {
    expect(stixFileName('GISAC-ADV-2026-0001', 2)).toBe('GISAC-ADV-2026-0001-r2.stix.json');
  });
});

describe('the routes of the intelligence pages', () => {
  it('read the indicator, the advisory and the lists', () => {
    expect(parseRoute('/indicators/url/http%3A%2F%2Fevil.example%2Fa')).toEqual({ page: 'indicator', type: 'url', value: 'http://evil.example/a' });
    expect(parseRoute('/advisories/GISAC-ADV-2026-0001/stix')).toEqual({ page: 'stix', id: 'GISAC-ADV-2026-0001' });
    expect(parseRoute('/sources')).toEqual({ page: 'sources' });
    expect(parseRoute('/upload')).toEqual({ page: 'upload' });
    expect(parseRoute('/release')).toEqual({ page: 'release' });
    expect(parseRoute('/indicators/domain')).toEqual({ page: 'missing' });
  });
  it('are in the staff navigation only', () => {
    for (const p of STAFF_INTEL) {
      expect(navFor('analyst')).toContain(p);
      expect(navFor('admin')).toContain(p);
      expect(navFor('agency')).not.toContain(p);
    }
  });
});

describe('the words of the intelligence pages', () => {
  it('name every code the API gives them, never the code itself', () => {
    const needed = [
      ...FEED_FORMATS.map((c) => `format.${c}`),
      ...IMPORT_KINDS.map((c) => `upload.kind.${c}`),
      ...IMPORT_COUNTS.map((c) => `upload.n.${c}`),
      ...FEED_STATES.map((c) => `feeds.state.${c}`),
      ...['d', 'h', 'm', 's'].map((c) => `feeds.every.${c}`),
      ...STAFF_INTEL.map((c) => `nav.${c}`),
    ];
    for (const k of needed) expect(Object.keys(zhTW), k).toContain(k);
  });
});
