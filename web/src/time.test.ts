import { describe, expect, it } from 'vitest';
import { formatTime, fromLocalInput, localInputToApi, localParts, offsetText, rocDate, rocYear, toLocalInput } from './time';

describe('民國 year', () => {
  it('is the Gregorian year less 1911', () => {
    expect(rocYear(2026)).toBe(115);
    expect(rocYear(1912)).toBe(1);
  });
  it('writes a date in zh-TW', () => {
    expect(rocDate({ year: 2026, month: 12, day: 7 })).toBe('民國115年12月7日');
    expect(rocDate({ year: 1911, month: 10, day: 10 })).toBe('1911年10月10日');
  });
});

describe('formatTime', () => {
  it('shows zh-TW with the 民國 year, the ISO date and the offset', () => {
    expect(formatTime('2026-12-07T10:30:00Z', 'Asia/Taipei', 'zh-TW')).toBe('民國115年12月7日 18:30（2026-12-07 +08:00）');
  });
  it('crosses the date line of the zone', () => {
    expect(formatTime('2026-12-07T19:05:00Z', 'Asia/Taipei', 'zh-TW')).toBe('民國115年12月8日 03:05（2026-12-08 +08:00）');
  });
  it('shows English with the offset', () => {
    expect(formatTime('2026-12-07T10:30:00Z', 'Asia/Taipei', 'en')).toBe('2026-12-07 18:30 +08:00');
    expect(formatTime('2026-07-01T12:00:00Z', 'Europe/Berlin', 'en')).toBe('2026-07-01 14:00 +02:00');
    expect(formatTime('2026-01-01T12:00:00Z', 'America/New_York', 'en')).toBe('2026-01-01 07:00 -05:00');
  });
  it('is empty for nothing', () => {
    expect(formatTime(null, 'Asia/Taipei', 'en')).toBe('');
    expect(formatTime('not a time', 'Asia/Taipei', 'en')).toBe('');
  });
});

describe('local input', () => {
  it('reads the offset of a zone', () => {
    expect(localParts(Date.parse('2026-12-07T10:30:00Z'), 'Asia/Taipei').offset).toBe(480);
    expect(offsetText(480)).toBe('+08:00');
    expect(offsetText(-330)).toBe('-05:30');
  });
  it('goes to and from a datetime-local value in the zone', () => {
    const ms = Date.parse('2026-12-07T10:30:00Z');
    expect(toLocalInput(ms, 'Asia/Taipei')).toBe('2026-12-07T18:30');
    expect(fromLocalInput('2026-12-07T18:30', 'Asia/Taipei')).toBe(ms);
    expect(fromLocalInput('2026-07-01T14:00', 'Europe/Berlin')).toBe(Date.parse('2026-07-01T12:00:00Z'));
    expect(Number.isNaN(fromLocalInput('yesterday', 'Asia/Taipei'))).toBe(true);
  });
  it('sends local wall time to the API with seconds', () => {
    expect(localInputToApi('2026-12-07T18:30')).toBe('2026-12-07T18:30:00');
    expect(localInputToApi('2026-12-07T18:30:15')).toBe('2026-12-07T18:30:15');
  });
});
