import { DateTime } from 'luxon';
import type { Locale } from './locale.ts';

const INTL_LOCALE: Record<Locale, string> = { nb: 'nb-NO', nn: 'nn-NO', en: 'en-GB' };

/** "torsdag 26. november kl. 14:00" / "Thursday 26 November, 14:00" in the school's time zone. */
export function formatMoment(instant: Date, locale: Locale, zone: string): string {
  return DateTime.fromJSDate(instant, { zone })
    .setLocale(INTL_LOCALE[locale])
    .toLocaleString({ weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' });
}

/** "26. november 2026" / "26 November 2026" for a calendar date (YYYY-MM-DD). */
export function formatDate(isoDate: string, locale: Locale): string {
  return DateTime.fromISO(isoDate)
    .setLocale(INTL_LOCALE[locale])
    .toLocaleString({ day: 'numeric', month: 'long', year: 'numeric' });
}

/** "2026-W48" → "48" */
export function weekNumberOf(weekKey: string): string {
  return String(Number(weekKey.split('-W')[1]));
}

/** "Kari, Ola og Nora" / "Kari, Ola and Nora" */
export function formatList(items: string[], locale: Locale): string {
  return new Intl.ListFormat(INTL_LOCALE[locale], { style: 'long', type: 'conjunction' }).format(items);
}

/** 3.8 as "3,8" in Norwegian and "3.8" in English. */
export function formatDecimal(value: number, locale: Locale): string {
  return new Intl.NumberFormat(INTL_LOCALE[locale], { maximumFractionDigits: 1 }).format(value);
}

/** "2026-10" → "okt." / "Oct": a month label short enough for a chart axis. */
export function formatMonthShort(month: string, locale: Locale): string {
  return DateTime.fromISO(`${month}-01`).setLocale(INTL_LOCALE[locale]).toLocaleString({ month: 'short' });
}

/** "2026-10" → "oktober 2026" / "October 2026". */
export function formatMonthLong(month: string, locale: Locale): string {
  return DateTime.fromISO(`${month}-01`)
    .setLocale(INTL_LOCALE[locale])
    .toLocaleString({ month: 'long', year: 'numeric' });
}
