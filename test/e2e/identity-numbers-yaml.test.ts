import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { applyOrg, loadOrgFile } from '../../src/app/org/index.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { migrateDatabase } from '../../src/db/migrate.ts';
import { cliEnv, killAllCli, runCli, tempDir } from '../support/cli-process.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { VARIANTS } from '../support/identity-numbers.ts';
import { describeHits, dumpTables, holds, newHits, scanFor } from '../support/table-scan.ts';

/** A clear refusal names what was found, never the number itself. */
const SAYS_WHY = /identity number|fødselsnummer|d-number|d-nummer|personnummer/i;
const NOW = new Date('2026-11-23T08:00:00Z');

type Texts = { team?: string; person?: string; school?: string; question?: string; holiday?: string };

/** An organisation file with one custom programme and one calendar; `texts` replaces ordinary names. */
function files(texts: Texts): Record<string, string> {
  const org = {
    owner: { key: 'oslo', name: 'Oslo kommune' },
    calendars: [{ key: 'oslo-test', file: 'calendar.yaml' }],
    programmes: [{ key: 'lesing-test', file: 'programme.yaml' }],
    schools: [{ key: 'sinsen', name: texts.school ?? 'Sinsen skole', locale: 'nb', calendar: 'oslo-test' }],
    teams: [
      {
        key: 'sinsen-5trinn',
        school: 'sinsen',
        name: texts.team ?? 'Femte trinn',
        programme: 'lesing-test',
        schedule: { weekday: 'thursday', time: '14:00' },
      },
    ],
    people: [
      {
        email: 'kari@sinsen.example',
        name: texts.person ?? 'Kari Nordmann',
        roles: [
          { role: 'member', team: 'sinsen-5trinn' },
          { role: 'team_lead', team: 'sinsen-5trinn' },
        ],
      },
    ],
  };
  const local = (nb: string) => ({ nb, nn: nb, en: nb });
  const programme = {
    key: 'lesing-test',
    title: local('Lesing på mellomtrinnet'),
    summary: local('Tre uker med lesing'),
    why: local('Bygger på undersøkelsessyklusen'),
    steps: [
      { key: 'lesing-1', kind: 'text', question: local(texts.question ?? 'Hva vet vi om lesingen nå?') },
    ],
  };
  const calendar = {
    key: 'oslo-test',
    name: 'Osloskolen 2026/27',
    school_year: '2026-27',
    first_day: '2026-08-17',
    last_day: '2027-06-18',
    holidays: [{ name: texts.holiday ?? 'Høstferie', from: '2026-09-28', to: '2026-10-02' }],
  };
  // JSON is YAML: no quoting question for "018190.10001" and the like.
  return {
    'org.yaml': JSON.stringify(org, null, 2),
    'programme.yaml': JSON.stringify(programme, null, 2),
    'calendar.yaml': JSON.stringify(calendar, null, 2),
  };
}

/** Where the number is put, and the file that then holds it. */
const CASES: { name: string; file: string; texts: (text: string) => Texts }[] = [
  { name: 'a team’s name in the organisation file', file: 'org.yaml', texts: (team) => ({ team }) },
  { name: 'a person’s name in the organisation file', file: 'org.yaml', texts: (person) => ({ person }) },
  { name: 'a school’s name in the organisation file', file: 'org.yaml', texts: (school) => ({ school }) },
  {
    name: 'a prompt of a custom programme file',
    file: 'programme.yaml',
    texts: (question) => ({ question }),
  },
  {
    name: 'a holiday’s name in a school calendar file',
    file: 'calendar.yaml',
    texts: (holiday) => ({ holiday }),
  },
];

/** Issue 8 for what an admin applies: `refleks apply -f org.yaml` with the files it lists. */
describe('identity numbers in YAML files: refused when loaded, stored nowhere', () => {
  const dir = tempDir('refleks-identity-yaml-');
  let database: TestDatabase;
  let db: Database;
  let n = 0;
  /** Writes the files into a directory of their own; the organisation file's path. */
  const write = (texts: Texts) => {
    const at = join(dir.path, `set-${++n}`);
    mkdirSync(at);
    for (const [name, content] of Object.entries(files(texts))) writeFileSync(join(at, name), content);
    return join(at, 'org.yaml');
  };
  /** Every row of every table, sorted: equal before and after means nothing was stored or changed. */
  const everything = async () => (await dumpTables(db.db)).map((h) => `${h.where}: ${h.text}`).sort();

  beforeAll(async () => {
    database = await createTestDatabase();
    db = await openDatabase({ url: database.url });
    await migrateDatabase(db);
  });
  afterEach(() => killAllCli());
  afterAll(async () => {
    await db?.close();
    await database?.drop();
    dir.remove();
  });

  it('applies the same files without a number, and the scanner finds their texts where they are stored', async () => {
    await applyOrg(db.db, await loadOrgFile(write({})), { now: NOW, actor: 'cli' });
    for (const [sentence, table] of [
      ['Kari Nordmann', 'public.people'],
      ['Femte trinn', 'public.teams'],
      ['Hva vet vi om lesingen nå?', 'public.programme_versions'],
      ['Høstferie', 'public.calendars'],
    ] as const) {
      expect((await scanFor({ db: db.db }, [sentence])).map((h) => h.where)).toContain(table);
    }
  });

  for (const c of CASES) {
    describe(c.name, () => {
      it.each(VARIANTS)('refuses the $variant with a clear error, and stores nothing', async ({ text }) => {
        const [before, hits] = [await everything(), await scanFor({ db: db.db })];
        const org = write(c.texts(text));
        const error = await loadOrgFile(org)
          .then((loaded) => applyOrg(db.db, loaded, { now: NOW, actor: 'cli' }))
          .then(
            () => null,
            (e: unknown) => e,
          );
        const message = error instanceof Error ? error.message : String(error);
        expect.soft(error, 'loading or applying fails').toBeInstanceOf(Error);
        expect.soft(message, 'the error says why').toMatch(SAYS_WHY);
        expect.soft(message, 'the error names the file').toContain(c.file);
        expect.soft(holds(message), 'the error repeats the number').toBe(false);
        const stored = newHits(hits, await scanFor({ db: db.db }));
        expect(describeHits(stored), 'the number stored').toEqual([]);
        expect(await everything(), 'anything stored or changed').toEqual(before);
      });
    });
  }

  describe('from the command line', () => {
    const { text } = VARIANTS[1];

    it('refleks apply -f exits with an error that does not repeat the number, and stores nothing', async () => {
      const [before, hits] = [await everything(), await scanFor({ db: db.db })];
      const org = write({ team: text });
      const run = await runCli(['apply', '-f', org], cliEnv({ DATABASE_URL: database.url }));
      expect.soft(run.code, 'the exit code').not.toBe(0);
      expect.soft(run.output, 'the output says why').toMatch(SAYS_WHY);
      expect.soft(holds(run.output), 'the output repeats the number').toBe(false);
      expect(describeHits(newHits(hits, await scanFor({ db: db.db }))), 'the number stored').toEqual([]);
      expect(await everything(), 'anything stored or changed').toEqual(before);
    });

    it('refleks programmes check does not repeat a number the YAML parser itself choked on', async () => {
      const broken = join(dir.path, 'broken.yaml');
      // Not YAML at all: the parser's own message quotes the token it stopped at.
      writeFileSync(broken, `key: lesing\n]${text}\n`);
      const result = await runCli(['programmes', 'check', broken], cliEnv({ DATABASE_URL: database.url }));
      expect.soft(result.code, 'the exit code').not.toBe(0);
      expect.soft(result.output, 'the output says where').toContain('broken.yaml');
      expect(holds(result.output), 'the output repeats the number').toBe(false);
    });

    it('refleks programmes check refuses a programme file with a number in a prompt, without repeating it', async () => {
      const programme = join(write({ question: text }), '..', 'programme.yaml');
      const run = await runCli(['programmes', 'check', programme], cliEnv({ DATABASE_URL: database.url }));
      expect.soft(run.code, 'the exit code').not.toBe(0);
      expect.soft(run.output, 'the output says why').toMatch(SAYS_WHY);
      expect(holds(run.output), 'the output repeats the number').toBe(false);
    });
  });
});
