import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, killAllCli, runCli, tempDir } from '../support/cli-process.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

const ORG = `
owner:
  key: oslo
  name: Oslo kommune
  retention: { commitments_years: 5, logs_months: 24 }
schools:
  - { key: sinsen, name: Sinsen skole }
teams:
  - { key: sinsen-5trinn, school: sinsen, name: 5. trinn, programme: elevene-vare, schedule: { weekday: thursday, time: "14:00" } }
people:
  - { email: kari@sinsen.example, name: Kari Nordmann, roles: [{ role: member, team: sinsen-5trinn }, { role: team_lead, team: sinsen-5trinn }] }
  - { email: ola@sinsen.example, name: Ola Hansen, roles: [{ role: member, team: sinsen-5trinn }] }
  - { email: rita@sinsen.example, name: Rita Rektor, roles: [{ role: rector, school: sinsen }] }
`;

/** The school owner's privacy tools, from the outside: the CLI as a child process on PostgreSQL. */
describe('refleks export, erase, retention and audit', { timeout: 90_000 }, () => {
  const run = tempDir('refleks-e2e-privacy-');
  let database: TestDatabase;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    database = await createTestDatabase();
    env = cliEnv({ DATABASE_URL: database.url, REFLEKS_DATA_DIR: join(run.path, 'data') });
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

  it('exports a person as JSON', async () => {
    const result = await runCli(['export', '--person', 'ola@sinsen.example'], env);
    expect(result.code).toBe(0);
    const data = JSON.parse(result.stdout);
    expect(data.person).toMatchObject({ email: 'ola@sinsen.example', name: 'Ola Hansen' });
    expect(data.roles).toEqual([expect.objectContaining({ role: 'member', scopeKind: 'team' })]);
  });

  it('shows what retention would delete without deleting, with the owner’s own periods', async () => {
    const result = await runCli(['retention', '--dry-run', '--json'], env);
    expect(result.code).toBe(0);
    const run_ = JSON.parse(result.stdout);
    expect(run_.dryRun).toBe(true);
    expect(run_.owners[0]).toMatchObject({
      owner: 'oslo',
      policy: { commitmentsYears: 5, logsMonths: 24, responsesYearsAfterSchoolYear: 1, ratingsRawDays: 90 },
    });
    const plain = await runCli(['retention', '--dry-run'], env);
    expect(plain.stdout).toMatch(/^oslo: would delete answersAnonymised 0, /m);
  });

  it('erases a person and tells the operator to take them out of the file', async () => {
    const result = await runCli(['erase', '--person', 'ola@sinsen.example'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('erased ola@sinsen.example: answersAnonymised 0');
    expect(result.stdout).toContain('remove them from the organisation file too');
    const again = await runCli(['export', '--person', 'ola@sinsen.example'], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe('refleks: no person with e-mail ola@sinsen.example\n');
  });

  it('lists the audit log, filtered by date, as text and JSON', async () => {
    const digest = await runCli(['digest', '--school', 'sinsen', '--dry-run'], env);
    expect(digest.code).toBe(0);
    const all = await runCli(['audit', '--json'], env);
    expect(all.code).toBe(0);
    const actions = (JSON.parse(all.stdout) as { action: string }[]).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(['role.granted', 'org.applied', 'person.exported', 'person.erased']),
    );
    // A dry run deletes nothing, so it leaves no record either.
    expect(actions).not.toContain('retention.deleted');
    const text = await runCli(['audit'], env);
    expect(text.stdout).toMatch(/ person\.erased person:[0-9a-f-]{36} {2}by cli /);
    const future = await runCli(['audit', '--since', '2099-01-01'], env);
    expect(future.stdout).toBe('no audit records\n');
    const bad = await runCli(['audit', '--since', 'yesterday-ish'], env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('expected a date, e.g. 2026-11-01');
  });
});
