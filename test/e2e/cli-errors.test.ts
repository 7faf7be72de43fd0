import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { cliEnv, killAllCli, ROOT, runCli, tempDir } from '../support/cli-process.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

const DEMO_ORG = join(ROOT, 'src', 'app', 'demo', 'demo-org.yaml');

/** The operator CLI as a child process: what it prints and how it exits when something is wrong. */
describe('refleks CLI', { timeout: 90_000 }, () => {
  const run = tempDir('refleks-e2e-cli-');
  // Never the embedded data folder of a developer's checkout, whatever a command falls back to.
  const base = { REFLEKS_DATA_DIR: join(run.path, 'data') };

  afterEach(() => killAllCli());
  afterAll(() => run.remove());

  describe('a bad environment', () => {
    it('stops `serve` at once, naming each variable', async () => {
      const started = Date.now();
      const result = await runCli(
        ['serve'],
        cliEnv({ ...base, PORT: 'abc', DATABASE_URL: 'mysql://x' }),
        30_000,
      );
      expect(result.code).not.toBe(0);
      expect(result.code).not.toBeNull();
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(result.stderr).toMatch(/^\s*- PORT: .*"abc"/m);
      expect(result.stderr).toMatch(/^\s*- DATABASE_URL: must be a URL starting with postgres:\/\//m);
      // Nothing was started: no "running" banner.
      expect(result.stdout).not.toContain('Refleks is running');
    });

    it('names a malformed secret without echoing its value', async () => {
      const secret = 'notxoxb-9f8e7d6c5b4a-s3cr3t';
      const result = await runCli(
        ['serve'],
        cliEnv({ ...base, SLACK_BOT_TOKEN: secret, SLACK_SIGNING_SECRET: 'signing-secret-value' }),
        30_000,
      );
      expect(result.code).not.toBe(0);
      expect(result.code).not.toBeNull();
      expect(result.stderr).toContain('SLACK_BOT_TOKEN');
      expect(result.stderr).toContain('xoxb-');
      expect(result.output).not.toContain(secret);
      expect(result.output).not.toContain('s3cr3t');
      expect(result.output).not.toContain('signing-secret-value');
    });
  });

  describe('with DATABASE_URL on a fresh PostgreSQL database', () => {
    let database: TestDatabase;
    let sql: postgres.Sql;
    let env: NodeJS.ProcessEnv;
    const orgFile = join(run.path, 'org.yaml');

    const json = (text: string): unknown => {
      try {
        return JSON.parse(text);
      } catch {
        throw new Error(`not JSON:\n${text}`);
      }
    };
    interface Status {
      team: string;
      nextPromptAt: string | null;
      openCycle: { week: string; answered: number; expected: number; closesAt: string } | null;
    }
    const status = async (): Promise<Status[]> => {
      const result = await runCli(['status', '--json'], env);
      expect(result.code, result.stderr).toBe(0);
      return json(result.stdout) as Status[];
    };

    beforeAll(async () => {
      database = await createTestDatabase();
      sql = postgres(database.url, { max: 1, onnotice: () => {} });
      // REDIS_URL: `cycle open` then enqueues the prompt's send job on the run's Redis (default prefix).
      env = cliEnv({ ...base, DATABASE_URL: database.url, REDIS_URL: inject('redisUrl') });
    });
    afterAll(async () => {
      await sql?.end();
      await database?.drop();
    });

    it('migrate exits 0', async () => {
      const result = await runCli(['migrate'], env);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain('database is up to date');
      const [row] = await sql`select count(*)::int as n from owners`;
      expect(row?.n).toBe(0);
    });

    it('refuses an organisation file with a typo, naming file, line and key, and writes nothing', async () => {
      const text = readFileSync(DEMO_ORG, 'utf8');
      expect(text).toContain('    schedule:');
      writeFileSync(orgFile, text.replace('    schedule:', '    shedule:'));
      const line = text.split('\n').findIndex((l) => l.startsWith('    schedule:')) + 1;

      const result = await runCli(['apply', '-f', orgFile], env);
      expect(result.code).not.toBe(0);
      expect(result.code).not.toBeNull();
      expect(result.stderr).toContain(`${orgFile}:${line}:`);
      expect(result.stderr).toContain('"shedule"');
      expect(result.stderr).toContain('schedule');

      const [owners] = await sql`select count(*)::int as n from owners`;
      const [teams] = await sql`select count(*)::int as n from teams`;
      const [people] = await sql`select count(*)::int as n from people`;
      expect({ owners: owners?.n, teams: teams?.n, people: people?.n }).toEqual({
        owners: 0,
        teams: 0,
        people: 0,
      });
    });

    it('applies a valid file, and a second apply changes nothing', async () => {
      copyFileSync(DEMO_ORG, orgFile);
      const first = await runCli(['apply', '-f', orgFile], env);
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout).toMatch(/applied .*: [1-9]\d* created/);

      const second = await runCli(['apply', '-f', orgFile], env);
      expect(second.code, second.stderr).toBe(0);
      expect(second.stdout).toContain('0 created, 0 updated');

      const [teams] = await sql`select count(*)::int as n from teams`;
      expect(teams?.n).toBe(2);
    });

    it('status --json lists both demo teams with their next prompt', async () => {
      const statuses = await status();
      expect(statuses.map((s) => s.team).sort()).toEqual(['demo-5trinn', 'demo-6trinn']);
      for (const s of statuses) {
        expect(s.nextPromptAt, s.team).toEqual(expect.any(String));
        expect(Number.isNaN(Date.parse(s.nextPromptAt!))).toBe(false);
        expect(Date.parse(s.nextPromptAt!)).toBeGreaterThan(Date.now() - 60_000);
        expect(s.openCycle).toBeNull();
      }
    });

    it('cycle open --team opens a cycle that status then shows', async () => {
      const result = await runCli(['cycle', 'open', '--team', 'demo-5trinn'], env);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/opened cycle \d{4}-W\d{2} for demo-5trinn; closes /);

      const statuses = await status();
      const five = statuses.find((s) => s.team === 'demo-5trinn');
      expect(five?.openCycle).toMatchObject({ answered: 0, expected: 3 });
      expect(statuses.find((s) => s.team === 'demo-6trinn')?.openCycle).toBeNull();

      // Opening it again in the same week is refused, not doubled.
      const again = await runCli(['cycle', 'open', '--team', 'demo-5trinn'], env);
      expect(again.code).not.toBe(0);
      expect(again.stderr).toContain('already has an open cycle');
      const [cycles] = await sql`select count(*)::int as n from cycles`;
      expect(cycles?.n).toBe(1);
    });

    it('cycle open --team with an unknown key fails with a clear message', async () => {
      const result = await runCli(['cycle', 'open', '--team', 'nope'], env);
      expect(result.code).not.toBe(0);
      expect(result.code).not.toBeNull();
      expect(result.stderr).toContain('refleks: no team with key "nope"');
      expect(result.stderr).not.toMatch(/^\s+at /m); // a known problem, not a stack trace
    });

    it('export --person prints the person as JSON with their roles', async () => {
      const result = await runCli(['export', '--person', 'kari@refleksvik.example'], env);
      expect(result.code, result.stderr).toBe(0);
      const data = json(result.stdout) as {
        person: { email: string; name: string };
        roles: { role: string; scopeKind: string }[];
      };
      expect(data.person).toMatchObject({ email: 'kari@refleksvik.example', name: 'Kari Nordmann' });
      expect(data.roles.map((r) => r.role).sort()).toEqual(['member', 'team_lead']);
    });

    it('export --person for someone unknown fails without a stack trace', async () => {
      const result = await runCli(['export', '--person', 'nobody@refleksvik.example'], env);
      expect(result.code).not.toBe(0);
      expect(result.code).not.toBeNull();
      expect(result.stderr).toContain('nobody@refleksvik.example');
      expect(result.stderr).not.toMatch(/^\s+at /m);
    });
  });
});
