// Times as people read them: in the installation's time zone (from the
// session answer), with the offset; in zh-TW with the 民國 (Republic of
// China) year. The API speaks RFC 3339; a time typed without an offset is
// read by the server in the installation's zone.
import type { Lang } from './i18n';

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** minutes east of UTC */
  offset: number;
}

/** The wall-clock parts of instant ms in zone. */
export function localParts(ms: number, zone: string): LocalParts {
  const f = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(ms))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  const offset = Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60000);
  return {
    year: p.year,
    month: p.month,
    day: p.day,
    hour: p.hour,
    minute: p.minute,
    second: p.second,
    offset,
  };
}

const two = (n: number) => String(n).padStart(2, '0');

/** "+08:00" */
export function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const a = Math.abs(minutes);
  return `${sign}${two(Math.floor(a / 60))}:${two(a % 60)}`;
}

/** The 民國 year of a Gregorian year (1912 is 民國1年). */
export function rocYear(year: number): number {
  return year - 1911;
}

/** 民國115年12月7日 */
export function rocDate(p: Pick<LocalParts, 'year' | 'month' | 'day'>): string {
  const y = rocYear(p.year);
  return y >= 1 ? `民國${y}年${p.month}月${p.day}日` : `${p.year}年${p.month}月${p.day}日`;
}

/**
 * An RFC 3339 time for people: zh-TW "民國115年12月7日 18:30（2026-12-07 +08:00）",
 * en "2026-12-07 18:30 +08:00". null or unparsable: "".
 */
export function formatTime(iso: string | null | undefined, zone: string, l: Lang): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const p = localParts(ms, zone);
  const date = `${p.year}-${two(p.month)}-${two(p.day)}`;
  const clock = `${two(p.hour)}:${two(p.minute)}`;
  if (l === 'zh-TW') return `${rocDate(p)} ${clock}（${date} ${offsetText(p.offset)}）`;
  return `${date} ${clock} ${offsetText(p.offset)}`;
}

/** "2026-12-07T18:30" in zone: the value of an <input type="datetime-local">. */
export function toLocalInput(ms: number, zone: string): string {
  const p = localParts(ms, zone);
  return `${p.year}-${two(p.month)}-${two(p.day)}T${two(p.hour)}:${two(p.minute)}`;
}

/**
 * The instant of a datetime-local value read in zone, or NaN. Tries the
 * offsets in force around it (enough for every real zone's changes).
 */
export function fromLocalInput(value: string, zone: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!m) return NaN;
  const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], m[6] ? +m[6] : 0);
  let guess = wall;
  for (let i = 0; i < 3; i++) {
    const off = localParts(guess, zone).offset;
    guess = wall - off * 60000;
  }
  return guess;
}

/** A datetime-local value as the API takes it: local wall time, seconds added. */
export function localInputToApi(value: string): string {
  return /T\d{2}:\d{2}$/.test(value) ? `${value}:00` : value;
}
