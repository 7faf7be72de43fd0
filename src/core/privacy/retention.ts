import { DateTime } from 'luxon';

/**
 * How long Refleks keeps what people wrote, per school owner. The defaults are the reference's
 * (reference/privacy-and-calendar.md); an owner may change them in the organisation file, within
 * bounds that keep the product working (a team needs this year's answers; the audit log must cover
 * at least half a year to be worth anything).
 */
export interface RetentionPolicy {
  /** Answers and team threads: kept until the end of their school year, plus this many years. */
  responsesYearsAfterSchoolYear: number;
  /** Commitments, shared updates and support requests: this many years after they were made. */
  commitmentsYears: number;
  /** Raw 1–5 ratings: folded into per-round counts after this many days. */
  ratingsRawDays: number;
  /** The PII-event log and the audit log. */
  logsMonths: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = {
  responsesYearsAfterSchoolYear: 1,
  commitmentsYears: 3,
  ratingsRawDays: 90,
  logsMonths: 12,
};

export const RETENTION_BOUNDS: Record<keyof RetentionPolicy, { min: number; max: number }> = {
  responsesYearsAfterSchoolYear: { min: 0, max: 10 },
  commitmentsYears: { min: 1, max: 10 },
  ratingsRawDays: { min: 30, max: 3650 },
  logsMonths: { min: 6, max: 60 },
};

export function retentionPolicy(overrides: Partial<RetentionPolicy> | null | undefined): RetentionPolicy {
  return { ...DEFAULT_RETENTION, ...(overrides ?? {}) };
}

/** What is older than these instants is due. */
export interface RetentionCutoffs {
  /** Answers of rounds that opened before this (the start of a school year) are anonymised. */
  responsesBefore: Date;
  commitmentsBefore: Date;
  ratingsBefore: Date;
  logsBefore: Date;
  /** Copies of delivered messages: what was posted in the team's space, so kept like its threads. */
  deliveryRecordsBefore: Date;
  /** Ids of platform deliveries already seen (no content): only needed to drop retries. */
  seenDeliveriesBefore: Date;
}

/** A Norwegian school year runs from 1 August to 31 July. */
export function schoolYearStart(at: Date, zone: string): DateTime {
  const local = DateTime.fromJSDate(at, { zone });
  const year = local.month >= 8 ? local.year : local.year - 1;
  return DateTime.fromObject({ year, month: 8, day: 1 }, { zone });
}

export const SEEN_DELIVERY_DAYS = 90;

export function retentionCutoffs(policy: RetentionPolicy, now: Date, zone: string): RetentionCutoffs {
  const local = DateTime.fromJSDate(now, { zone });
  // A round from 2025–26 (ended 31 July 2026) is kept one more year: it goes on 1 August 2027.
  const responsesBefore = schoolYearStart(now, zone)
    .minus({ years: policy.responsesYearsAfterSchoolYear })
    .toJSDate();
  return {
    responsesBefore,
    commitmentsBefore: local.minus({ years: policy.commitmentsYears }).toJSDate(),
    ratingsBefore: local.minus({ days: policy.ratingsRawDays }).toJSDate(),
    logsBefore: local.minus({ months: policy.logsMonths }).toJSDate(),
    deliveryRecordsBefore: responsesBefore,
    seenDeliveriesBefore: local.minus({ days: SEEN_DELIVERY_DAYS }).toJSDate(),
  };
}

/** Ratings 1–5 as counts: index 0 holds the number of 1s. Nothing in it points at a person. */
export function foldRatings(
  counts: readonly number[] | null | undefined,
  ratings: readonly number[],
): number[] {
  const folded = [0, 1, 2, 3, 4].map((i) => counts?.[i] ?? 0);
  for (const rating of ratings) {
    if (Number.isInteger(rating) && rating >= 1 && rating <= 5) folded[rating - 1]! += 1;
  }
  return folded;
}

/** The values behind the counts, for the aggregates that read a list of ratings. */
export function unfoldRatings(counts: readonly number[] | null | undefined): number[] {
  return (counts ?? []).flatMap((n, i) => Array.from({ length: n }, () => i + 1));
}

/** The daily run happens once per local date, from 02:00, when nobody is answering. */
export const RETENTION_HOUR = 2;

export function retentionDue(lastRanOn: string | null, now: Date, zone: string): string | null {
  const local = DateTime.fromJSDate(now, { zone });
  const today = local.toISODate() ?? '';
  if (local.hour < RETENTION_HOUR) return null;
  return lastRanOn !== null && lastRanOn >= today ? null : today;
}
