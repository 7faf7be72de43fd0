import { isDeepStrictEqual } from 'node:util';
import { eq } from 'drizzle-orm';
import type { SchoolCalendar } from '../../core/schedule/index.ts';
import type { Db } from '../../db/client.ts';
import { calendars } from '../../db/schema/index.ts';
import type { Tally } from './apply-writes.ts';

/**
 * The calendar files the organisation file lists, stored by key. A calendar no file lists any more is
 * kept: a school may still point at it, and its past skipped weeks name it.
 */
export async function applyCalendars(tx: Db, loaded: SchoolCalendar[], now: Date, tally: Tally) {
  for (const calendar of loaded) {
    const [current] = await tx.select().from(calendars).where(eq(calendars.key, calendar.key));
    if (!current) {
      await tx
        .insert(calendars)
        .values({ key: calendar.key, schoolYear: calendar.schoolYear, definition: calendar, updatedAt: now });
      tally('created');
    } else if (!isDeepStrictEqual(current.definition, calendar)) {
      await tx
        .update(calendars)
        .set({ schoolYear: calendar.schoolYear, definition: calendar, updatedAt: now })
        .where(eq(calendars.key, calendar.key));
      tally('updated');
    } else {
      tally('unchanged');
    }
  }
}
