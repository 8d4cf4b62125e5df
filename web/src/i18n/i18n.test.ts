import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from './en';
import { catalogues, htmlLang, translate } from './index';
import { zhTW } from './zh-TW';
import { ASSETS, AVAILABILITY, CATEGORIES, IMPACTS } from '../report';

const srcDir = join(__dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.tsx?$/.test(f) && !/\.test\.ts$/.test(f) ? [p] : [];
  });
}

describe('message catalogues', () => {
  it('have the same keys in zh-TW and en', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhTW).sort());
  });
  it('have no empty message', () => {
    for (const [l, m] of Object.entries(catalogues))
      for (const [k, v] of Object.entries(m)) expect(v.trim(), `${l} ${k}`).not.toBe('');
  });
  it('use the same {params} in both languages', () => {
    const params = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const k of Object.keys(zhTW) as (keyof typeof zhTW)[]) expect(params(en[k]), k).toEqual(params(zhTW[k]));
  });
  it('name every vocabulary code of the API', () => {
    const needed = [
      ...ASSETS.map((c) => `asset.${c}`),
      ...IMPACTS.map((c) => `impact.${c}`),
      ...AVAILABILITY.map((c) => `avail.${c}`),
      ...CATEGORIES.map((c) => `category.${c}`),
      ...['draft', 'reported', 'reviewed', 'recovered', 'investigated', 'closed'].map((c) => `status.${c}`),
      ...['report', 'review', 'recover', 'investigation_report'].map((c) => `deadline.${c}`),
      ...['none', 'pending', 'overdue', 'met', 'late', 'moot'].map((c) => `dlstate.${c}`),
      ...['admin', 'analyst', 'agency', 'sensor', 'consumer'].map((c) => `role.${c}`),
      ...['new', 'draft', 'report', 'reported', 'report_again', 'update', 'level', 'status', 'close', 'dismiss', 'link', 'auto_report', 'at_risk', 'deadline_at_risk', 'breach'].map((c) => `event.incident.${c}`),
      ...['add', 'transfer', 'verify'].map((c) => `event.evidence.${c}`),
      ...['open', 'confirmed', 'dismissed'].map((c) => `alertstatus.${c}`),
      ...['false_positive', 'already_handled', 'not_ours'].map((c) => `reason.${c}`),
      ...['unknown', 'outbound', 'inbound'].map((c) => `direction.${c}`),
      ...['ipv4', 'ipv6', 'cidr', 'domain', 'url', 'md5', 'sha1', 'sha256', 'email'].map((c) => `ioctype.${c}`),
      ...['exact', 'covering-cidr', 'parent-domain', 'url-host', 'email-domain'].map((c) => `relation.${c}`),
      ...['active', 'revoked', 'allowlisted', 'expired', 'context'].map((c) => `iocstatus.${c}`),
      ...['low', 'medium', 'high', 'critical'].map((c) => `severity.${c}`),
      ...['green', 'blue', 'yellow', 'orange', 'red'].map((c) => `light.${c}`),
      ...['open_level', 'recover_breach', 'breach', 'open_count', 'sightings_spike', 'open', 'sightings'].map((c) => `rule.${c}`),
      ...['intel_releases', 'advisories', 'c2_daily', 'monthly_report'].map((c) => `target.${c}`),
      ...['active', 'disabled', 'locked'].map((c) => `userstatus.${c}`),
      ...['active', 'revoked', 'expired'].map((c) => `tokenstatus.${c}`),
      ...['home', 'report', 'alerts', 'reviews', 'sensors', 'queue', 'search', 'advisories', 'dashboard', 'users', 'agencies'].map((c) => `nav.${c}`),
      ...['sightings', 'policy', 'audit', 'partner', 'obligations'].map((c) => `nav.${c}`),
      ...['due', 'overdue', 'done'].map((c) => `ob.status.${c}`),
      ...['bcp-drill', 'certification', 'crypto-inventory', 'edr', 'gcb', 'governance-assessment', 'health-check', 'internal-audit', 'isms', 'penetration-test',
        'soc-monitoring', 'social-engineering-drill', 'staff', 'staff-certificates', 'training', 'vulnerability-scan'].map((c) => `ob.kind.${c}`),
      ...['plain', 'csv', 'stix', 'rpz', 'nft', 'zeek'].map((c) => `partner.feed.${c}`),
    ];
    for (const k of needed) expect(Object.keys(zhTW), k).toContain(k);
  });
  it('hold every key the sources use', () => {
    const used = new Set<string>();
    for (const f of sources(srcDir)) {
      for (const m of readFileSync(f, 'utf8').matchAll(/\bt\('([a-z_.-]+)'/g)) used.add(m[1]);
      for (const m of readFileSync(f, 'utf8').matchAll(/label="([a-z_.-]+\.[a-z_.-]+)"/g)) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(50);
    for (const k of used) expect(Object.keys(zhTW), k).toContain(k);
  });
  it('fill in parameters', () => {
    expect(translate('zh-TW', 'level.n', { n: 3 })).toBe('3 級');
    expect(translate('en', 'incident.title', { id: 'INC-2026-000001', title: 'x' })).toBe('Incident INC-2026-000001: x');
  });
  it('give <html lang>', () => {
    expect(htmlLang('zh-TW')).toBe('zh-Hant-TW');
    expect(htmlLang('en')).toBe('en');
  });
});
