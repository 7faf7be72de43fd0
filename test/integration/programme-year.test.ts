import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { and, asc, eq, inArray, like } from 'drizzle-orm';
import type { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { calendarFileSchema, toSchoolCalendar } from '../../src/app/calendars/schema.ts';
import { applyOrg, parseOrgText, parseYamlText } from '../../src/app/org/index.ts';
import { type TeamStatus, teamStatuses } from '../../src/app/status.ts';
import { builtinProgrammes, type Programme } from '../../src/core/programmes/index.ts';
import { noSchoolReason, type SchoolCalendar } from '../../src/core/schedule/index.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { cycles, outbox, programmeRuns, teams } from '../../src/db/schema/index.ts';
import { createLoopHarness, type LoopHarness } from '../support/loop-harness.ts';
import { addDays, dateInWeek, inOslo, osloTime, weekOf } from '../support/oslo-dates.ts';

/**
 * A school year on a moving clock: every built-in programme run by one team, Thursdays at 14:00 with
 * the Oslo 2026/27 calendar, from the first school day until well after its last step; then, in May
 * 2027, two Monday teams around 17 May (a public holiday), one that moves its prompt and one that skips.
 * The real tick (close → open → nudges) runs against PGlite at every step, and everything it writes is
 * delivered at once by the local adapter, as a worker would.
 */

const _ZONE = 'Europe/Oslo';
const CALENDAR_FILE = fileURLToPath(new URL('../../calendars/oslo-2026-27.yaml', import.meta.url));
const calendar: SchoolCalendar = toSchoolCalendar(
  parseYamlText(readFileSync(CALENDAR_FILE, 'utf8'), CALENDAR_FILE, calendarFileSchema),
);

/** Wall-clock moments of each day the clock stops at: the nights, the edges of working hours, 14:00. */
const MOMENTS = [
  '00:00',
  '03:00',
  '06:00',
  '07:00',
  '07:29',
  '07:30',
  '08:00',
  '09:00',
  '10:00',
  '11:00',
  '12:00',
  '13:00',
  '13:59',
  '14:00',
  '15:00',
  '16:00',
  '16:29',
  '16:30',
  '18:00',
  '21:00',
];

/**
 * Why `date` has no school: the product's answer, and failing that the calendar file read directly,
 * so that a calendar the scheduler stopped consulting cannot also blind this test.
 */
const noSchool = (date: string): string | null =>
  noSchoolReason(date, calendar) ??
  (date < calendar.firstDay || date > calendar.lastDay
    ? 'outside_school_year'
    : (calendar.holidays.find((h) => h.from <= date && date <= h.to)?.name ??
      calendar.daysOff.find((d) => d.date === date)?.name ??
      null));

const teamKey = (programme: Programme) => `aar-${programme.key}`;
const PROGRAMMES = [...builtinProgrammes.values()];

const calendarEntry = { key: calendar.key, file: 'calendars/oslo-2026-27.yaml' };

/** One Thursday team per built-in programme; half of them are reminded by DM, half in the thread. */
const yearOrg = {
  owner: { key: 'oslo', name: 'Oslo kommune' },
  calendars: [calendarEntry],
  schools: [{ key: 'aarskolen', name: 'Årskolen', calendar: calendar.key }],
  teams: PROGRAMMES.map((programme, i) => ({
    key: teamKey(programme),
    school: 'aarskolen',
    name: `Team ${programme.key}`,
    programme: programme.key,
    schedule: { weekday: 'thursday', time: '14:00', cadence: 'weekly' },
    reminders: { via: i % 2 ? 'thread' : 'dm', after_hours: [20, 48] },
  })),
  people: ['anne', 'bo'].map((name) => ({
    email: `${name}@aarskolen.example`,
    name: name === 'anne' ? 'Anne Aas' : 'Bo Berg',
    roles: PROGRAMMES.map((p) => ({ role: 'member', team: teamKey(p) })),
  })),
};

/** Two Monday teams for May 2027: 17 May (Monday of week 20) is a public holiday. */
const mayOrg = {
  owner: { key: 'oslo', name: 'Oslo kommune' },
  calendars: [calendarEntry],
  schools: [{ key: 'maiskolen', name: 'Maiskolen', calendar: calendar.key }],
  teams: (['move', 'skip'] as const).map((onDayOff) => ({
    key: `mai-${onDayOff}`,
    school: 'maiskolen',
    name: `Mandag (${onDayOff})`,
    programme: 'elevene-vare',
    schedule: { weekday: 'monday', time: '14:00', cadence: 'weekly' },
    reminders: { via: 'dm', after_hours: [24] },
    close_after_hours: 48,
    on_day_off: onDayOff,
  })),
  people: [
    {
      email: 'cato@maiskolen.example',
      name: 'Cato Dahl',
      roles: [
        { role: 'member', team: 'mai-move' },
        { role: 'member', team: 'mai-skip' },
      ],
    },
  ],
};

describe('a school year of every built-in programme (PGlite, Oslo 2026/27, moving clock)', () => {
  let database: Database;
  let h: LoopHarness;
  /** The moment (on the test's clock) at which each outbox row was first handed to the queue. */
  const writtenAt = new Map<string, Date>();
  let handedSeen = 0;
  let statuses: Map<string, TeamStatus>;

  const apply = (org: object) =>
    applyOrg(
      database.db,
      { ...parseOrgText(stringify(org), 'org.yaml'), loadedCalendars: [calendar] },
      { now: h.clock.now(), actor: 'system' },
    );

  /** One minute's work at `at`: the real tick, then everything it wrote is delivered. */
  const tickAt = async (at: DateTime) => {
    h.clock.set(at.toJSDate());
    await h.tick();
    for (const id of h.queue.handed.slice(handedSeen))
      if (!writtenAt.has(id)) writtenAt.set(id, h.clock.now());
    handedSeen = h.queue.handed.length;
    await h.drain();
  };

  /** Steps through every moment of every day from `from` to `to` (inclusive). */
  const runDays = async (from: string, to: string, afterDay?: (date: string) => Promise<boolean>) => {
    for (let date = from; date <= to; date = addDays(date, 1)) {
      for (const time of MOMENTS) {
        const at = osloTime(date, time);
        if (at.toMillis() > h.clock.now().getTime()) await tickAt(at);
      }
      if (afterDay && (await afterDay(date))) return date;
    }
    return null;
  };

  const cyclesOf = async (key: string) =>
    database.db
      .select()
      .from(cycles)
      .where(eq(cycles.teamId, await h.teamId(key)))
      .orderBy(asc(cycles.weekKey));

  beforeAll(async () => {
    database = await openDatabase({ memory: true });
    // Monday 17 August 2026, 06:00 in Oslo: the first school day, before anyone is at work.
    h = await createLoopHarness(database, osloTime('2026-08-17', '06:00').toISO()!);
    // The harness's demo school has no calendar: it takes no part in this year.
    await database.db.update(teams).set({ active: false }).where(like(teams.key, 'demo-%'));
    await apply(yearOrg);

    const ids = (
      await database.db
        .select({ id: teams.id })
        .from(teams)
        .where(inArray(teams.key, PROGRAMMES.map(teamKey)))
    ).map((t) => t.id);
    expect(ids).toHaveLength(PROGRAMMES.length);
    let finishedOn: string | null = null;
    // Until every programme's last step has been held and closed, then two more school weeks.
    const stoppedOn = await runDays('2026-08-17', '2026-12-31', async (date) => {
      if (finishedOn) return date >= addDays(finishedOn, 14);
      const active = await database.db
        .select({ id: programmeRuns.id })
        .from(programmeRuns)
        .where(and(inArray(programmeRuns.teamId, ids), eq(programmeRuns.status, 'active')));
      const open = await database.db
        .select({ id: cycles.id })
        .from(cycles)
        .where(and(inArray(cycles.teamId, ids), eq(cycles.status, 'open')));
      if (active.length === 0 && open.length === 0) finishedOn = date;
      return false;
    });
    expect(finishedOn, 'every programme finished before Christmas').not.toBeNull();

    // Winter and spring in big steps: every finished team has nothing due, so noon each day is enough.
    for (let date = addDays(stoppedOn!, 1); date < '2027-05-03'; date = addDays(date, 1)) {
      await tickAt(osloTime(date, '12:00'));
    }

    // Monday 3 May 2027, 06:00: the two Monday teams start, and run to the end of week 21.
    await tickAt(osloTime('2027-05-03', '06:00'));
    await apply(mayOrg);
    await runDays('2027-05-03', '2027-05-28');

    statuses = new Map((await teamStatuses(database.db)).map((s) => [s.team, s]));
  }, 300_000);
  afterAll(() => database?.close());

  describe.each(PROGRAMMES.map((p) => [p.key, p] as const))('programme %s', (_key, programme) => {
    const key = teamKey(programme);
    const n = programme.steps.length;

    /**
     * The weeks the calendar gives a Thursday team from week 34: a week whose Thursday has no school is
     * skipped with the calendar's reason; every other week holds the next step, until none is left.
     */
    const expected = () => {
      const held: string[] = [];
      const skipped: { week: string; reason: string }[] = [];
      for (let week = '2026-W34'; held.length < n; week = weekOf(addDays(dateInWeek(week, 1), 7))) {
        const reason = noSchoolReason(dateInWeek(week, 4), calendar);
        if (reason) skipped.push({ week, reason });
        else held.push(week);
      }
      return { held, skipped };
    };

    it('holds each step exactly once, in order, one school week after the other', async () => {
      const rows = await cyclesOf(key);
      const held = rows.filter((c) => c.status !== 'skipped');
      expect(held.map((c) => c.stepIndex)).toEqual(programme.steps.map((_, i) => i));
      expect(held.map((c) => c.stepKey)).toEqual(programme.steps.map((s) => s.key));
      expect(held.every((c) => c.status === 'closed')).toBe(true);
      expect(held.map((c) => c.weekKey)).toEqual(expected().held);
      // Each on the team's own moment: Thursday of its week at 14:00 in Oslo.
      expect(held.map((c) => inOslo(c.opensAt).toFormat("kkkk-'W'WW EEE HH:mm"))).toEqual(
        expected().held.map((w) => `${w} Thu 14:00`),
      );
      // Read off the calendar by hand, not from the code under test: weeks 34–39, autumn break, 41–42.
      const schoolWeeks = ['W34', 'W35', 'W36', 'W37', 'W38', 'W39', 'W41', 'W42'].map((w) => `2026-${w}`);
      expect(held.map((c) => c.weekKey).slice(0, schoolWeeks.length)).toEqual(schoolWeeks.slice(0, n));
    });

    it('skips exactly the weeks the calendar has no school on Thursday, with the reason', async () => {
      const skipped = (await cyclesOf(key)).filter((c) => c.status === 'skipped');
      expect(skipped.map((c) => ({ week: c.weekKey, reason: c.skipReason }))).toEqual(expected().skipped);
      expect(skipped.every((c) => c.stepIndex === null)).toBe(true);
      // By hand again: only a programme longer than the six school weeks before the autumn break meets it.
      if (n > 6)
        expect(skipped[0]).toMatchObject({ weekKey: '2026-W40', skipReason: 'school_holiday:Høstferie' });
      else expect(skipped).toEqual([]);
    });

    it('posts one prompt per step in the team’s channel, and nothing after the last one', async () => {
      const prompts = await database.db
        .select()
        .from(outbox)
        .where(and(eq(outbox.teamId, await h.teamId(key)), eq(outbox.kind, 'prompt')));
      expect(prompts).toHaveLength(n);
      expect(prompts.every((p) => p.status === 'sent')).toBe(true);
      const channel = await h.conversation(key);
      expect(channel).toHaveLength(n);
      const { held } = expected();
      channel.forEach((message, i) => {
        expect(message.text).toContain(`uke ${Number(held[i]!.slice(-2))}`);
        expect(message.text).toContain(`steg ${i + 1} av ${n}`);
        expect(message.text).toContain(programme.steps[i]!.question.nb);
        expect(message.text).toContain('Runden er avsluttet.');
      });
    });

    it('is finished: no next prompt, no active run, and status lists the skipped weeks', () => {
      const status = statuses.get(key)!;
      expect(status).toMatchObject({
        programme: null,
        step: null,
        nextPromptAt: null,
        nextPromptWeek: null,
        openCycle: null,
      });
      expect(status.skippedWeeks).toEqual([...expected().skipped].reverse());
    });
  });

  /** Every outbox row of the teams in this year, with where (in Oslo) the tick wrote it. */
  const writtenRows = async () => {
    const rows = await database.db
      .select({
        id: outbox.id,
        key: outbox.key,
        kind: outbox.kind,
        status: outbox.status,
        sentAt: outbox.sentAt,
      })
      .from(outbox)
      .innerJoin(teams, eq(teams.id, outbox.teamId))
      .where(eq(teams.active, true));
    return rows.map((row) => {
      const at = writtenAt.get(row.id);
      const local = at ? inOslo(at) : null;
      return {
        ...row,
        at,
        local,
        label: `${row.kind} ${row.key} at ${local?.toFormat('yyyy-MM-dd EEE HH:mm')}`,
      };
    });
  };
  const withinHours = (local: DateTime) => {
    const minutes = local.hour * 60 + local.minute;
    return local.weekday <= 5 && minutes >= 7 * 60 + 30 && minutes < 16 * 60 + 30;
  };

  it('writes prompts and reminders only on school days, within working hours (Mon–Fri 07:30–16:30 Oslo)', async () => {
    const rows = (await writtenRows()).filter((r) => r.kind === 'prompt' || r.kind === 'nudge');
    // One prompt per step of every programme, four for the Monday team that moves and three for the
    // one that skips; and both kinds of reminder: by DM to a person, and one in the thread.
    const steps = PROGRAMMES.reduce((sum, p) => sum + p.steps.length, 0);
    expect(rows.filter((r) => r.kind === 'prompt')).toHaveLength(steps + 4 + 3);
    expect(rows.filter((r) => r.kind === 'nudge' && r.key.includes(':team:')).length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.kind === 'nudge' && !r.key.includes(':team:')).length).toBeGreaterThan(0);
    const wrong = rows.flatMap((r) => {
      if (!r.local) return [`${r.key}: not written by a tick`];
      const reason = noSchool(r.local.toISODate()!);
      if (reason) return [`${r.label}: ${reason}`];
      return withinHours(r.local) ? [] : [`${r.label}: outside working hours`];
    });
    expect(wrong).toEqual([]);
  });

  it('sends summaries only on school days within working hours, even when a cycle closes in a holiday', async () => {
    // A cycle may close at any moment (the closed prompt is an edit that notifies no one); its summary
    // is a message and waits. The W39 cycles of the longer programmes close in the autumn break.
    const rows = (await writtenRows()).filter((r) => r.kind !== 'prompt' && r.kind !== 'nudge');
    expect(new Set(rows.map((r) => r.kind))).toEqual(new Set(['summary', 'refresh']));
    const wrong = rows
      .filter((r) => r.kind === 'summary')
      .flatMap((r) => {
        if (!r.local) return [`${r.key}: not written by a tick`];
        const reason = noSchool(r.local.toISODate()!);
        if (reason) return [`${r.label}: ${reason}`];
        return withinHours(r.local) ? [] : [`${r.label}: outside working hours`];
      });
    expect(wrong).toEqual([]);
  });

  it('delivered each message in the step that wrote it', async () => {
    const rows = await writtenRows();
    expect(rows.filter((r) => r.status !== 'sent')).toEqual([]);
    expect(rows.filter((r) => r.sentAt?.getTime() !== r.at?.getTime())).toEqual([]);
  });

  it('moves a Monday team’s week-20 prompt to Tuesday 18 May 2027, holding week 20 there', async () => {
    const rows = await cyclesOf('mai-move');
    expect(rows.map((c) => [c.weekKey, c.status, c.stepIndex])).toEqual([
      ['2027-W18', 'closed', 0],
      ['2027-W19', 'closed', 1],
      ['2027-W20', 'closed', 2],
      ['2027-W21', 'closed', 3],
    ]);
    expect(rows.map((c) => inOslo(c.opensAt).toFormat('yyyy-MM-dd EEE HH:mm'))).toEqual([
      '2027-05-03 Mon 14:00',
      '2027-05-10 Mon 14:00',
      '2027-05-18 Tue 14:00',
      '2027-05-24 Mon 14:00',
    ]);
    expect(rows.some((c) => c.status === 'skipped' || c.skipReason !== null)).toBe(false);
    const channel = await h.conversation('mai-move');
    expect(channel).toHaveLength(4);
    expect(channel[2]!.text).toContain('uke 20');
    expect(channel[2]!.text).toContain('steg 3 av 6');
    const prompt = await database.db
      .select()
      .from(outbox)
      .where(eq(outbox.key, `prompt:${rows[2]!.id}`));
    expect(inOslo(writtenAt.get(prompt[0]!.id)!).toFormat('yyyy-MM-dd HH:mm')).toBe('2027-05-18 14:00');
    expect(statuses.get('mai-move')!.skippedWeeks).toEqual([]);
  });

  it('skips week 20 for the Monday team that does not move, and says why', async () => {
    const rows = await cyclesOf('mai-skip');
    expect(rows.map((c) => [c.weekKey, c.status, c.stepIndex, c.skipReason])).toEqual([
      ['2027-W18', 'closed', 0, null],
      ['2027-W19', 'closed', 1, null],
      ['2027-W20', 'skipped', null, 'public_holiday:constitution-day'],
      ['2027-W21', 'closed', 2, null],
    ]);
    expect(await h.conversation('mai-skip')).toHaveLength(3);
    expect(statuses.get('mai-skip')!.skippedWeeks).toEqual([
      { week: '2027-W20', reason: 'public_holiday:constitution-day' },
    ]);
    expect(statuses.get('mai-skip')).toMatchObject({ programme: 'elevene-vare', step: 4 });
  });
});
