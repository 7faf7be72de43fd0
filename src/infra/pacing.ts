/**
 * Send pacing by GCRA (the generic cell rate algorithm, a leaky bucket kept as one timestamp per
 * key: the theoretical arrival time of the next send). A rule of `points` per `duration` lets sends
 * through one `interval` (= duration / points) apart, after an optional burst. Unlike a fixed
 * window, which lets a whole window's budget out at its start, the spaced sends keep every sliding
 * window — however the platform counts — within the budget.
 *
 * A take reserves its slot: if the earliest time every rule allows is within `maxWaitMs`, each
 * rule's timestamp moves past that slot at once and the caller sleeps until it; if it is later,
 * nothing is reserved and the caller is told how long to wait. Waiting senders thus queue in the
 * order they asked instead of polling, and each is told its own slot.
 */

export interface PaceStep {
  key: string;
  intervalMs: number;
  /** How far ahead of its timestamp a send may go: (burst - 1) × interval. */
  toleranceMs: number;
}

export interface PaceResult {
  allowed: boolean;
  /** Until the slot: how long to sleep when allowed, or to wait before asking again when not. */
  waitMs: number;
  /** The step that decided the slot (the latest one), to name it in a refusal. */
  decidedBy: number;
}

/** The same decision as PACE_SCRIPT, on timestamps in this process: the fallback without Redis. */
export function paceInMemory(
  tats: Map<string, number>,
  steps: PaceStep[],
  now: number,
  maxWaitMs: number,
): PaceResult {
  let slot = now;
  let decidedBy = -1;
  steps.forEach((step, i) => {
    const at = Math.max(tats.get(step.key) ?? now, now) - step.toleranceMs;
    if (at > slot) {
      slot = at;
      decidedBy = i;
    }
  });
  const waitMs = Math.ceil(slot - now);
  if (waitMs > maxWaitMs) return { allowed: false, waitMs, decidedBy };
  for (const step of steps) {
    tats.set(step.key, Math.max(tats.get(step.key) ?? now, now, slot) + step.intervalMs);
  }
  // Timestamps in the past decide nothing: drop them so the map does not grow without end.
  if (tats.size > 10_000) for (const [key, tat] of tats) if (tat < now) tats.delete(key);
  return { allowed: true, waitMs, decidedBy };
}

/**
 * PACE_SCRIPT on Redis: KEYS = one per step; ARGV = maxWaitMs, then intervalMs and toleranceMs per
 * step. The time is Redis's own (TIME), so processes on machines whose clocks differ share one
 * clock. Returns { allowed (0/1), waitMs, decidedBy (1-based, 0 for none) }. Timestamps are stored
 * with three decimals (Lua's default number format would turn milliseconds into 1.7e+12).
 */
export const PACE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local maxWait = tonumber(ARGV[1])
local slot = now
local decidedBy = 0
local tats = {}
for i = 1, #KEYS do
  local tat = tonumber(redis.call('GET', KEYS[i]) or '0')
  if tat < now then tat = now end
  tats[i] = tat
  local at = tat - tonumber(ARGV[2 * i + 1])
  if at > slot then
    slot = at
    decidedBy = i
  end
end
local wait = math.ceil(slot - now)
if wait > maxWait then return { 0, wait, decidedBy } end
for i = 1, #KEYS do
  local tat = tats[i]
  if slot > tat then tat = slot end
  local nextAt = tat + tonumber(ARGV[2 * i])
  redis.call('SET', KEYS[i], string.format('%.3f', nextAt), 'PX', math.ceil(nextAt - now) + 1000)
end
return { 1, wait, decidedBy }
`;
