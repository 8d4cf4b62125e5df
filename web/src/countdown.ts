// Time left to a deadline, as people read it ("剩 45 分 10 秒",
// "2 h 5 min overdue"). Pure: the page ticks and calls these.
import { translate, type Lang } from './i18n';

/** Whole seconds from now (ms) to due (RFC 3339); negative when past. null: no deadline. */
export function secondsLeft(due: string | null | undefined, now: number): number | null {
  if (!due) return null;
  const ms = Date.parse(due);
  if (Number.isNaN(ms)) return null;
  return Math.floor((ms - now) / 1000);
}

/** The largest two units of seconds (days and hours, hours and minutes, ...). */
export function durationText(seconds: number, l: Lang): string {
  const s = Math.abs(seconds);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const parts: string[] = [];
  if (d) parts.push(translate(l, 'left.d', { n: d }), translate(l, 'left.h', { n: h }));
  else if (h) parts.push(translate(l, 'left.h', { n: h }), translate(l, 'left.m', { n: m }));
  else parts.push(translate(l, 'left.m', { n: m }), translate(l, 'left.s', { n: sec }));
  return parts.join(' ');
}

/** "剩 45 分 10 秒" / "已逾期 1 小時 5 分". */
export function leftText(seconds: number, l: Lang): string {
  const tpl = seconds < 0 ? 'left.overdue' : 'left.remaining';
  return translate(l, tpl, { t: durationText(seconds, l) });
}

/** The urgency of a countdown: for its style. */
export function urgency(seconds: number): 'overdue' | 'soon' | 'ok' {
  if (seconds < 0) return 'overdue';
  if (seconds < 15 * 60) return 'soon';
  return 'ok';
}
