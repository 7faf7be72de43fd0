/**
 * The platforms' published rate limits, as the fakes enforce them: "at most `points` requests in any
 * `windowMs`", checked over a sliding window (a log of admitted requests per key). That is the
 * strictest reading of "N per minute" — a sender that fits it fits a fixed-window or token-bucket
 * platform too. A refused request is not counted, as the platforms do not count it.
 */
export interface WindowLimit {
  points: number;
  windowMs: number;
}

export interface LimitCheck {
  /** What is counted, e.g. `workspace:T123` or `conversation:19:abc`. */
  key: string;
  limits: readonly WindowLimit[];
}

export class SlidingWindowLimits {
  private readonly logs = new Map<string, number[]>();
  admitted = 0;
  refused = 0;
  /** Refusals by what refused them (the key up to its first ':'), to tell which limit was met. */
  readonly refusedBy = new Map<string, number>();

  /**
   * Admits one request under every check (and logs it under each key), or none: then returns the
   * milliseconds until the first refusing window has room again, for a `Retry-After`.
   */
  admit(checks: readonly LimitCheck[], now = Date.now()): number | null {
    let wait = 0;
    for (const { key, limits } of checks) {
      const log = this.prune(key, limits, now);
      for (const { points, windowMs } of limits) {
        const inWindow = log.length - firstAfter(log, now - windowMs);
        if (inWindow >= points) {
          // The oldest request that must leave the window before one more fits.
          const oldest = log[log.length - points] as number;
          wait = Math.max(wait, oldest + windowMs - now);
          const kind = `${key.split(':')[0]} ${points}/${windowMs}ms`;
          this.refusedBy.set(kind, (this.refusedBy.get(kind) ?? 0) + 1);
        }
      }
    }
    if (wait > 0) {
      this.refused++;
      return wait;
    }
    for (const { key } of checks) this.logs.get(key)?.push(now);
    this.admitted++;
    return null;
  }

  private prune(key: string, limits: readonly WindowLimit[], now: number): number[] {
    let log = this.logs.get(key);
    if (!log) {
      log = [];
      this.logs.set(key, log);
    }
    const longest = Math.max(...limits.map((l) => l.windowMs));
    const keep = firstAfter(log, now - longest);
    if (keep > 1024) log.splice(0, keep);
    return log;
  }
}

/** Index of the first entry greater than `t` in an ascending array. */
function firstAfter(sorted: number[], t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) > t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** `Retry-After` is whole seconds: round up, so a sender that obeys it is never early. */
export const retryAfterSeconds = (ms: number) => String(Math.max(1, Math.ceil(ms / 1000)));
