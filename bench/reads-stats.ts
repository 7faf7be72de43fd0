import { performance } from 'node:perf_hooks';

/** Milliseconds a call took, with what it returned. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

/** Nearest-rank percentile (p in 0–100) of a sample; NaN for an empty one. */
export function percentile(samples: number[], p: number): number {
  if (!samples.length) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export interface Spread {
  n: number;
  p50: number;
  p95: number;
  max: number;
  total: number;
}

export function spread(samples: number[]): Spread {
  return {
    n: samples.length,
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    max: Math.max(...samples),
    total: samples.reduce((a, b) => a + b, 0),
  };
}

export const ms = (value: number) => `${value < 10 ? value.toFixed(1) : value.toFixed(0)} ms`;
export const seconds = (valueMs: number) => `${(valueMs / 1000).toFixed(1)} s`;

/** `count` indices spread evenly over `0 … length-1`, and the ones left over (for warm-ups). */
export function spreadIndices(length: number, count: number): { picked: number[]; rest: number[] } {
  const picked = new Set<number>();
  const n = Math.min(length, count);
  for (let i = 0; i < n; i++) picked.add(Math.floor((i * length) / n));
  const rest: number[] = [];
  for (let i = 0; i < length; i++) if (!picked.has(i)) rest.push(i);
  return { picked: [...picked], rest };
}
