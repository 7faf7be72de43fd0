import { describe, expect, it } from 'vitest';
import { type PaceStep, paceInMemory } from '../../src/infra/pacing.ts';

const every = (key: string, intervalMs: number, burst = 1): PaceStep => ({
  key,
  intervalMs,
  toleranceMs: (burst - 1) * intervalMs,
});

describe('send pacing (GCRA)', () => {
  it('spaces sends one interval apart, so no window of the budget’s length holds more than it', () => {
    const tats = new Map<string, number>();
    const slots: number[] = [];
    // 10 senders asking at the same moment, 4 a second: each is given its own slot.
    for (let i = 0; i < 10; i++) {
      const { allowed, waitMs } = paceInMemory(tats, [every('tenant', 250)], 1_000, 10_000);
      expect(allowed).toBe(true);
      slots.push(1_000 + waitMs);
    }
    expect(slots).toEqual([1000, 1250, 1500, 1750, 2000, 2250, 2500, 2750, 3000, 3250]);
    const inWindowEndingAt = (end: number) => slots.filter((s) => s > end - 1000 && s <= end).length;
    expect(Math.max(...slots.map(inWindowEndingAt))).toBe(4);
  });

  it('lets a burst through at once, then paces', () => {
    const tats = new Map<string, number>();
    const waits = [0, 1, 2, 3].map(() => paceInMemory(tats, [every('channel', 1_000, 3)], 0, 5_000).waitMs);
    expect(waits).toEqual([0, 0, 0, 1_000]);
  });

  it('refuses past maxWaitMs without reserving, naming the step that decided', () => {
    const tats = new Map<string, number>();
    const steps = [every('channel', 1_000), every('tenant', 100)];
    expect(paceInMemory(tats, steps, 0, 0)).toEqual({ allowed: true, waitMs: 0, decidedBy: -1 });
    expect(paceInMemory(tats, steps, 0, 500)).toEqual({ allowed: false, waitMs: 1_000, decidedBy: 0 });
    expect(paceInMemory(tats, steps, 0, 500)).toEqual({ allowed: false, waitMs: 1_000, decidedBy: 0 });
    // The tenant's next slot is still its own, 100 ms on: the refusals took none.
    expect(paceInMemory(tats, [every('tenant', 100)], 0, 500)).toEqual({
      allowed: true,
      waitMs: 100,
      decidedBy: 0,
    });
  });

  it('forgets nothing that still decides: an idle key starts afresh', () => {
    const tats = new Map<string, number>();
    paceInMemory(tats, [every('tenant', 1_000)], 0, 0);
    expect(paceInMemory(tats, [every('tenant', 1_000)], 5_000, 0).waitMs).toBe(0);
  });
});
