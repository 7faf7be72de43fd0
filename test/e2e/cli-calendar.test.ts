import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, killAllCli, ROOT, runCli, tempDir } from '../support/cli-process.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

const ORG = `
owner: { key: oslo, name: Oslo kommune }
calendars:
  - { key: oslo-2026-27, file: calendars/oslo-2026-27.yaml }
schools:
  - { key: sinsen, name: Sinsen skole, calendar: oslo-2026-27 }
teams:
  - { key: sinsen-5trinn, school: sinsen, name: 5. trinn, programme: elevene-vare, schedule: { weekday: thursday, time: "14:00" } }
  - { key: sinsen-mandag, school: sinsen, name: Mandagsteamet, programme: elevene-vare, schedule: { weekday: monday, time: "08:30" }, on_day_off: move }
`;

/** What a school admin checks before the year starts, from the outside: the CLI as a child process. */
describe('refleks calendar', { timeout: 90_000 }, () => {
  const run = tempDir('refleks-e2e-calendar-');
  let database: TestDatabase;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    database = await createTestDatabase();
    env = cliEnv({ DATABASE_URL: database.url, REFLEKS_DATA_DIR: join(run.path, 'data') });
    mkdirSync(join(run.path, 'calendars'));
    copyFileSync(
      join(ROOT, 'calendars', 'oslo-2026-27.yaml'),
      join(run.path, 'calendars', 'oslo-2026-27.yaml'),
    );
    writeFileSync(join(run.path, 'org.yaml'), ORG);
    const applied = await runCli(['apply', '-f', join(run.path, 'org.yaml')], env);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
  });
  afterEach(() => killAllCli());
  afterAll(async () => {
    await database?.drop();
    run.remove();
  });

  it('lists every week of 2026/27 with the prompt’s local date and time, or why there is none', async () => {
    const result = await runCli(['calendar', '--team', 'sinsen-5trinn', '--year', '2026-27', '--json'], env);
    expect(result.code).toBe(0);
    const plan = JSON.parse(result.stdout);
    expect(plan).toMatchObject({ team: 'sinsen-5trinn', calendar: 'oslo-2026-27', onDayOff: 'skip' });
    const byWeek = Object.fromEntries(plan.weeks.map((w: { week: string }) => [w.week, w]));
    expect(byWeek['2026-W34']).toEqual({ week: '2026-W34', date: '2026-08-20', time: '14:00' });
    expect(byWeek['2026-W40']).toEqual({ week: '2026-W40', skipped: 'school_holiday:Høstferie' });
    expect(byWeek['2026-W44']).toEqual({ week: '2026-W44', date: '2026-10-29', time: '14:00' });
    expect(byWeek['2026-W53']).toEqual({ week: '2026-W53', skipped: 'public_holiday:new-years-eve' });
    expect(plan.weeks.filter((w: { skipped?: string }) => !w.skipped)).toHaveLength(38);
  });

  it('shows a moved prompt in the plain listing, and says how many weeks have one', async () => {
    const result = await runCli(['calendar', '--team', 'sinsen-mandag', '--year', '2026-27'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('a weekday without school moves the prompt');
    expect(result.stdout).toMatch(/^2027-W20 {2}2027-05-18 08:30 {2}\(moved\)$/m);
    expect(result.stdout).toMatch(/^2026-W40 {2}no prompt: school_holiday:Høstferie$/m);
    expect(result.stdout).toMatch(/^\d+ of 44 weeks have a prompt\.$/m);
  });

  it('says plainly when a team is unknown or the year is malformed', async () => {
    const unknown = await runCli(['calendar', '--team', 'nope', '--year', '2026-27'], env);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('no team with key "nope"');
    const year = await runCli(['calendar', '--team', 'sinsen-5trinn', '--year', '2026'], env);
    expect(year.stderr).toContain('not a school year');
  });

  it('refuses an organisation file whose calendar file has a typo, naming the calendar file and line', async () => {
    writeFileSync(
      join(run.path, 'calendars', 'bad.yaml'),
      'key: bad\nname: Bad\nschool_year: 2026-27\nfirst_day: 2026-08-17\nlast_day: 2027-06-18\nholidayz: []\n',
    );
    writeFileSync(
      join(run.path, 'bad-org.yaml'),
      ORG.replace('calendars/oslo-2026-27.yaml', 'calendars/bad.yaml'),
    );
    const result = await runCli(['apply', '-f', join(run.path, 'bad-org.yaml')], env);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/calendars\/bad\.yaml:6:1: unknown key "holidayz"/);
  });
});
