/**
 * Ratings (1–5) are anonymous: a team sees only their average, and only once enough people have
 * rated that no one's rating can be worked out. The owner sets how many (default 5, never below 3).
 */
export const RATING_VALUES = [1, 2, 3, 4, 5] as const;
export const DEFAULT_MIN_GROUP_SIZE = 5;
export const MIN_GROUP_FLOOR = 3;

export type RatingAggregate =
  | { shown: true; average: number; count: number }
  | { shown: false; count: number; needed: number };

/** `minGroupSize` below the floor is raised to it: a misconfiguration must not expose anyone. */
export function aggregateRatings(ratings: readonly number[], minGroupSize: number): RatingAggregate {
  const needed = Math.max(MIN_GROUP_FLOOR, Math.trunc(minGroupSize) || DEFAULT_MIN_GROUP_SIZE);
  const count = ratings.length;
  if (count < needed) return { shown: false, count, needed };
  const average = Math.round((ratings.reduce((sum, r) => sum + r, 0) / count) * 10) / 10;
  return { shown: true, average, count };
}

/** '3' → 3; anything but a whole 1–5 → null. */
export function parseRating(raw: unknown): number | null {
  const value = Array.isArray(raw) ? raw[0] : raw;
  const n = typeof value === 'string' && /^[1-5]$/.test(value.trim()) ? Number(value.trim()) : null;
  return n;
}

/**
 * A team-level share for leaders: answered / members as a whole percent — or null for a team so small
 * (under the floor of 3) that the share would tell a leader whether a given person answered.
 */
export function teamShare(answered: number, members: number): number | null {
  if (members < MIN_GROUP_FLOOR) return null;
  return Math.min(100, Math.round((answered / members) * 100));
}
