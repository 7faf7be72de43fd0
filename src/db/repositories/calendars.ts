import type { SchoolCalendar } from '../../core/schedule/index.ts';
import type { Db } from '../client.ts';
import { calendars } from '../schema/index.ts';

/** Every stored calendar by key: a handful of rows per owner, read once per tick. */
export async function loadCalendars(db: Db): Promise<Map<string, SchoolCalendar>> {
  const rows = await db.select().from(calendars);
  return new Map(rows.map((row) => [row.key, row.definition as SchoolCalendar]));
}

/** The team's own calendar (AKS) or its school's; null when neither names one that is stored. */
export function calendarOf(
  all: ReadonlyMap<string, SchoolCalendar>,
  team: { calendarKey: string | null },
  school: { calendarKey: string | null },
): SchoolCalendar | null {
  const key = team.calendarKey ?? school.calendarKey;
  return key ? (all.get(key) ?? null) : null;
}
