import { describe, expect, it } from 'vitest';
import { SlidingWindowLimits } from '../support/fake-limits.ts';

const perMinute = (points: number) => [{ key: 'workspace', limits: [{ points, windowMs: 60_000 }] }];

describe('the fakes’ sliding-window limits', () => {
  it('admits up to the limit in any window, and says when the next one fits', () => {
    const limits = new SlidingWindowLimits();
    expect(limits.admit(perMinute(3), 0)).toBeNull();
    expect(limits.admit(perMinute(3), 10_000)).toBeNull();
    expect(limits.admit(perMinute(3), 20_000)).toBeNull();
    // The window is sliding: at 59 s all three are still in it, and the first leaves at 60 s.
    expect(limits.admit(perMinute(3), 59_000)).toBe(1_000);
    expect(limits.admit(perMinute(3), 60_001)).toBeNull();
    expect(limits.admit(perMinute(3), 60_002)).toBe(9_998);
    expect([limits.admitted, limits.refused]).toEqual([4, 2]);
  });

  it('admits a request under every check or under none', () => {
    const limits = new SlidingWindowLimits();
    const both = [
      { key: 'channel:C1', limits: [{ points: 1, windowMs: 1_000 }] },
      { key: 'workspace', limits: [{ points: 2, windowMs: 60_000 }] },
    ];
    expect(limits.admit(both, 0)).toBeNull();
    expect(limits.admit(both, 500)).toBe(500);
    // The refusal by the channel took nothing from the workspace: one more still fits there.
    expect(limits.admit([both[1]!], 600)).toBeNull();
    expect(limits.admit([both[1]!], 700)).toBe(59_300);
  });
});
