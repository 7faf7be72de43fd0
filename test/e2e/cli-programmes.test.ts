import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.ts';
import { commitments, followUps, teams } from '../../src/db/schema/index.ts';
import { cliEnv, killAllCli, ROOT, runCli, tempDir } from '../support/cli-process.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

/** `refleks programmes list | show | check`, as a school admin runs them. */
describe('refleks programmes', { timeout: 90_000 }, () => {
  const run = tempDir('refleks-e2e-programmes-');
  let database: TestDatabase;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    database = await createTestDatabase();
    env = cliEnv({ DATABASE_URL: database.url, REFLEKS_DATA_DIR: join(run.path, 'data') });
  });
  afterEach(() => killAllCli());
  afterAll(async () => {
    await database?.drop();
    run.remove();
  });

  it('lists the eight built-in programmes and three micro-routines, and shows every question in nb, nn and en', async () => {
    const list = await runCli(['programmes', 'list', '--json'], env);
    expect(list.code).toBe(0);
    const keys = JSON.parse(list.stdout).map((p: { key: string }) => p.key);
    expect(keys).toEqual([
      'elevene-vare',
      'undersokelsessyklusen',
      'fire-sporsmal',
      'datasamtalen',
      'skolebasert-vurdering',
      'fellesskapssjekken',
      'ledelse-for-laering',
      'den-laerende-skolen',
      'forpliktelse',
      'kollegabesok',
      'feiring',
    ]);
    const show = await runCli(['programmes', 'show', 'fellesskapssjekken', '--json'], env);
    const p6 = JSON.parse(show.stdout);
    expect(p6.steps).toHaveLength(8);
    expect(p6.steps.every((s: { kind: string }) => s.kind === 'rating')).toBe(true);
    for (const locale of ['nb', 'nn', 'en']) expect(p6.steps[0].question[locale]).toBeTruthy();
    const plain = await runCli(['programmes', 'show', 'elevene-vare'], env);
    expect(plain.stdout).toContain('nn: Kva elevgruppe har vi felles ansvar for');
  });

  it('checks a programme file: ok for the shipped example, every problem with its line otherwise', async () => {
    const ok = await runCli(['programmes', 'check', join(ROOT, 'programmes', 'example-lesing.yaml')], env);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('ok – "lesing-mellomtrinn", 3 steps in nb, nn and en');

    const bad = join(run.path, 'bad.yaml');
    writeFileSync(
      bad,
      [
        'key: elevene-vare',
        'title: { nb: Lesing, nn: Lesing i veka }',
        'summary: { nb: A, nn: B, en: C }',
        'why: { nb: A, nn: B, en: C }',
        'steps:',
        '  - key: s1',
        '    kind: essay',
        '    question: { nb: A, nn: B, en: C }',
        '    colour: red',
      ].join('\n'),
    );
    const result = await runCli(['programmes', 'check', bad], env);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      `${bad}:1:6: key: this key belongs to a built-in programme; choose another`,
    );
    expect(result.stderr).toContain(`${bad}:2:8: title.en: missing the English (en) text`);
    expect(result.stderr).toContain(
      `${bad}:7:11: steps[0].kind: expected text, rating, commitment or share_upward`,
    );
    expect(result.stderr).toContain(`${bad}:9:5: steps[0]: unknown key "colour"`);
  });

  it('names an unknown programme', async () => {
    const result = await runCli(['programmes', 'show', 'nope'], env);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('no programme with key "nope"');
  });

  it('starts, pauses, resumes and finishes a team’s programme from the command line', async () => {
    const demo = join(ROOT, 'src', 'app', 'demo', 'demo-org.yaml');
    expect((await runCli(['apply', '-f', demo], env)).code).toBe(0);
    const started = await runCli(
      ['programmes', 'start', '--team', 'demo-5trinn', '--programme', 'fire-sporsmal'],
      env,
    );
    expect(started.stdout).toMatch(/^demo-5trinn: fire-sporsmal from step 1; first prompt \d{4}-/m);
    const status = JSON.parse((await runCli(['status', '--json'], env)).stdout);
    expect(status.find((t: { team: string }) => t.team === 'demo-5trinn')).toMatchObject({
      programme: 'fire-sporsmal',
      step: 1,
      nextQuestion: expect.stringContaining('Hva er det viktigste elevene skal lære'),
    });
    expect((await runCli(['programmes', 'pause', '--team', 'demo-5trinn'], env)).stdout).toContain(
      'demo-5trinn: paused',
    );
    expect((await runCli(['programmes', 'resume', '--team', 'demo-5trinn'], env)).stdout).toContain(
      'resumed; next prompt',
    );
    expect((await runCli(['programmes', 'finish', '--team', 'demo-5trinn'], env)).stdout).toContain(
      'fire-sporsmal finished',
    );
    const again = await runCli(['programmes', 'finish', '--team', 'demo-5trinn'], env);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('team "demo-5trinn" has no programme running');
    const unknown = await runCli(
      ['programmes', 'switch', '--team', 'demo-5trinn', '--programme', 'nope'],
      env,
    );
    expect(unknown.stderr).toContain('no programme with key "nope"');
  });

  it('prints a team’s commitment ledger with planned follow-ups, and refuses an unknown status', async () => {
    const demo = join(ROOT, 'src', 'app', 'demo', 'demo-org.yaml');
    expect((await runCli(['apply', '-f', demo], env)).code).toBe(0);
    const db = await openDatabase({ url: database.url });
    try {
      const [team] = await db.db.select().from(teams).where(eq(teams.key, 'demo-5trinn'));
      const [row] = await db.db
        .insert(commitments)
        .values({
          teamId: team!.id,
          what: 'Exit ticket',
          trigger: 'Hver fredag',
          evidence: 'Lappene',
          dueDate: '2030-01-10',
        })
        .returning();
      await db.db.insert(followUps).values({
        key: 'k1',
        commitmentId: row!.id,
        kind: 'due',
        dueAt: new Date('2030-01-10T08:00:00Z'),
      });
    } finally {
      await db.close();
    }
    const json = JSON.parse((await runCli(['commitments', '--team', 'demo-5trinn', '--json'], env)).stdout);
    expect(json.entries).toEqual([
      expect.objectContaining({
        what: 'Exit ticket',
        owners: [],
        status: 'open',
        overdue: false,
        followUps: [{ kind: 'due', at: '2030-01-10T08:00:00.000Z', status: 'planned', reason: null }],
      }),
    ]);
    const plain = await runCli(['commitments', '--team', 'demo-5trinn', '--status', 'open'], env);
    expect(plain.stdout).toContain('- «Exit ticket» — the whole team; due 2030-01-10; open');
    expect(plain.stdout).toMatch(/^ {4}due {8}2030-01-10T08:00:00.000Z {2}planned$/m);
    const bad = await runCli(['commitments', '--team', 'demo-5trinn', '--status', 'late'], env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--status must be one of all, open, overdue, done, dropped');
  });

  it('prints what a rector gets (digest --dry-run) and what a person’s overview shows, from outside', async () => {
    const demo = join(ROOT, 'src', 'app', 'demo', 'demo-org.yaml');
    expect((await runCli(['apply', '-f', demo], env)).code).toBe(0);
    const digest = JSON.parse(
      (await runCli(['digest', '--school', 'demo-skole', '--dry-run', '--json'], env)).stdout,
    );
    expect(digest).toMatchObject({ schoolName: 'Refleksvik skole', locale: 'nb' });
    expect(digest.teams.map((t: { name: string }) => t.name)).toEqual(['5. trinn', '6. trinn']);
    const plain = await runCli(['digest', '--school', 'demo-skole', '--dry-run'], env);
    expect(plain.stdout).toMatch(/^Refleksvik skole – ukebrev, uke \d+$/m);
    const unknown = await runCli(['digest', '--school', 'nope', '--dry-run'], env);
    expect(unknown.stderr).toContain('no school with key "nope"');

    const rita = JSON.parse(
      (await runCli(['overview', '--as', 'rita@refleksvik.example', '--json'], env)).stdout,
    );
    expect(rita.leader.teams.map((t: { name: string }) => t.name)).toEqual(['5. trinn', '6. trinn']);
    const ola = await runCli(['overview', '--as', 'ola@refleksvik.example'], env);
    expect(ola.stdout).toContain('Hei, Ola Hansen!');
    expect(ola.stdout).not.toContain('Teamene du følger');
  });
});
