import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPromptView } from '../../src/app/delivery/prompt-view.ts';
import { applyOrg, parseOrgText, parseYamlText } from '../../src/app/org/index.ts';
import { programmeFileSchema, toProgramme } from '../../src/app/programmes/schema.ts';
import { teamStatuses } from '../../src/app/status.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { cycles, programmeRuns, programmeVersions, schools, teams } from '../../src/db/schema/index.ts';
import { createLoopHarness, type LoopHarness } from '../support/loop-harness.ts';

const FILE = 'programmes/example-lesing.yaml';
const text = readFileSync(FILE, 'utf8');
const programme = (source: string) => toProgramme(parseYamlText(source, FILE, programmeFileSchema));

const org = (teamsYaml: string) =>
  parseOrgText(
    `
owner: { key: refleksvik, name: Refleksvik kommune }
programmes: [ { key: lesing-mellomtrinn, file: ${FILE} } ]
schools: [ { key: demo-skole, name: Refleksvik skole } ]
teams:
${teamsYaml}
`,
    'org.yaml',
  );
const team = (key: string) =>
  `  - { key: ${key}, school: demo-skole, name: ${key}, programme: lesing-mellomtrinn, schedule: { weekday: thursday, time: "14:00" } }`;

/** A custom programme from YAML runs like a built-in one, and a changed file never rewrites a run. */
describe('custom programmes, versioned', () => {
  let database: Database;
  let h: LoopHarness;

  beforeAll(async () => {
    database = await openDatabase({ memory: true });
    h = await createLoopHarness(database, '2026-11-23T08:00:00Z');
    await applyOrg(
      h.db,
      { ...org(team('lesing-a')), loadedProgrammes: [programme(text)] },
      { now: h.clock.now() },
    );
  });
  afterAll(() => database.close());

  /** The question of the team's cycle as its prompt shows it. */
  const heldQuestion = async (key: string) => {
    const [cycle] = await h.db
      .select()
      .from(cycles)
      .where(eq(cycles.teamId, await h.teamId(key)));
    const [row] = await h.db
      .select({ team: teams, school: schools })
      .from(teams)
      .innerJoin(schools, eq(schools.id, teams.schoolId))
      .where(eq(teams.key, key));
    return (await loadPromptView(h.db, { cycle: cycle!, ...row! })).question;
  };

  it('stores version 1 and asks its first question in the team’s prompt', async () => {
    const stored = await h.db.select().from(programmeVersions);
    expect(stored.map((r) => [r.key, r.version])).toEqual([['lesing-mellomtrinn', 1]]);
    h.clock.set('2026-11-26T13:00:00Z');
    await h.tick();
    const [cycle] = await h.db
      .select()
      .from(cycles)
      .where(eq(cycles.teamId, await h.teamId('lesing-a')));
    const [row] = await h.db
      .select({ team: teams, school: schools })
      .from(teams)
      .innerJoin(schools, eq(schools.id, teams.schoolId))
      .where(eq(teams.key, 'lesing-a'));
    const view = await loadPromptView(h.db, { cycle: cycle!, ...row! });
    expect(view.question).toBe('Hva vet vi om hvordan elevgruppen leser nå? (Ingen navn.)');
  });

  it('adds version 2 when the file changes; the running team keeps version 1, a new team gets version 2', async () => {
    const changed = text.replace(
      'Hva vet vi om hvordan elevgruppen leser nå?',
      'Hva viser leseprøvene for gruppen?',
    );
    const report = await applyOrg(
      h.db,
      { ...org(`${team('lesing-a')}\n${team('lesing-b')}`), loadedProgrammes: [programme(changed)] },
      { now: h.clock.now() },
    );
    expect(report.created).toBeGreaterThan(0);
    const versions = await h.db.select().from(programmeVersions);
    expect(versions.map((r) => r.version).sort()).toEqual([1, 2]);
    const versionOf = async (key: string) => {
      const [run] = await h.db
        .select()
        .from(programmeRuns)
        .where(eq(programmeRuns.teamId, await h.teamId(key)));
      return run!.programmeVersion;
    };
    expect(await versionOf('lesing-a')).toBe(1);
    expect(await versionOf('lesing-b')).toBe(2);
    // The cycle already held still reads as it was asked.
    expect(await heldQuestion('lesing-a')).toBe('Hva vet vi om hvordan elevgruppen leser nå? (Ingen navn.)');
    const statuses = await teamStatuses(h.db);
    expect(statuses.find((s) => s.team === 'lesing-b')!.nextQuestion).toBe(
      'Hva viser leseprøvene for gruppen? (Ingen navn.)',
    );
    expect(statuses.find((s) => s.team === 'lesing-a')!.nextQuestion).toBe(
      'Hvilket lesegrep prøver vi ut de neste to ukene? Formuler én «hvis–så»-plan.',
    );
  });

  it('changes nothing when the same file is applied again', async () => {
    const changed = text.replace(
      'Hva vet vi om hvordan elevgruppen leser nå?',
      'Hva viser leseprøvene for gruppen?',
    );
    const report = await applyOrg(
      h.db,
      { ...org(`${team('lesing-a')}\n${team('lesing-b')}`), loadedProgrammes: [programme(changed)] },
      { now: h.clock.now() },
    );
    expect(report).toMatchObject({ created: 0, updated: 0 });
    expect(await h.db.select().from(programmeVersions)).toHaveLength(2);
  });
});
