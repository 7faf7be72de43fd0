import { teamCalendar } from '../../app/calendars/team-calendar.ts';
import type { Config } from '../../config.ts';
import { withDatabase } from '../with-database.ts';

const out = (line: string) => process.stdout.write(`${line}\n`);

/** `refleks calendar --team KEY --year 2026-27 [--json]`: every week of the school year, planned. */
export async function calendarCommand(config: Config, opts: { team: string; year: string; json?: boolean }) {
  const plan = await withDatabase(config, (db) => teamCalendar(db, opts.team, opts.year));
  if (opts.json) {
    out(JSON.stringify(plan, null, 2));
    return;
  }
  out(
    `${plan.team}, school year ${plan.schoolYear}: ${plan.calendar ? `calendar ${plan.calendar}` : 'no calendar for this year (public holidays only)'}; a weekday without school ${plan.onDayOff === 'move' ? 'moves the prompt' : 'skips the week'}`,
  );
  for (const week of plan.weeks) {
    if (week.skipped) out(`${week.week}  no prompt: ${week.skipped}`);
    else out(`${week.week}  ${week.date} ${week.time}${week.moved ? '  (moved)' : ''}`);
  }
  const held = plan.weeks.filter((w) => !w.skipped).length;
  out(`${held} of ${plan.weeks.length} weeks have a prompt.`);
}
