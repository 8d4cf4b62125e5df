import { describe, expect, it } from 'vitest';
import { durationText, leftText, secondsLeft, urgency } from './countdown';

const now = Date.parse('2026-12-07T10:00:00Z');

describe('countdown', () => {
  it('counts whole seconds to a deadline', () => {
    expect(secondsLeft('2026-12-07T11:00:00Z', now)).toBe(3600);
    expect(secondsLeft('2026-12-07T09:59:30Z', now)).toBe(-30);
    expect(secondsLeft('2026-12-07T10:00:00.900Z', now)).toBe(0);
    expect(secondsLeft(null, now)).toBeNull();
    expect(secondsLeft('soon', now)).toBeNull();
  });
  it('writes the largest two units', () => {
    expect(durationText(45 * 60 + 10, 'zh-TW')).toBe('45 分 10 秒');
    expect(durationText(2 * 3600 + 5 * 60 + 59, 'zh-TW')).toBe('2 小時 5 分');
    expect(durationText(3 * 86400 + 4 * 3600, 'en')).toBe('3 d 4 h');
    expect(durationText(0, 'en')).toBe('0 min 0 s');
  });
  it('says left or overdue', () => {
    expect(leftText(3599, 'zh-TW')).toBe('剩 59 分 59 秒');
    expect(leftText(-3900, 'zh-TW')).toBe('已逾期 1 小時 5 分');
    expect(leftText(7140, 'en')).toBe('1 h 59 min left');
    expect(leftText(-59, 'en')).toBe('0 min 59 s overdue');
  });
  it('grades urgency', () => {
    expect(urgency(-1)).toBe('overdue');
    expect(urgency(0)).toBe('soon');
    expect(urgency(899)).toBe('soon');
    expect(urgency(900)).toBe('ok');
  });
});
