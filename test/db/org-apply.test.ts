import { readFileSync } from 'node:fs';
import { asc, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Document, parseDocument } from 'yaml';
import { applyOrg, type OrgFile, parseOrgText } from '../../src/app/org/index.ts';
import { RefleksError } from '../../src/core/errors.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { migrateDatabase } from '../../src/db/migrate.ts';
import { membersOf, teamByKey } from '../../src/db/repositories/organisation.ts';
import {
  auditEvents,
  owners,
  people,
  platformIdentities,
  programmeRuns,
  roleAssignments,
  schools,
  teams,
} from '../../src/db/schema/index.ts';

const DEMO = readFileSync(new URL('../../src/app/demo/demo-org.yaml', import.meta.url), 'utf8');
/** A Tuesday in September: the next Thursday 14:00 in Oslo is 2026-09-03T12:00Z (summer time). */
const NOW = new Date('2026-09-01T08:00:00Z');
const LATER = new Date('2026-09-02T08:00:00Z');

const demo = (text = DEMO): OrgFile => parseOrgText(text, 'demo-org.yaml');

/** The demo file with an edit made the way an admin would, in the YAML (comments and layout kept). */
function editDemo(edit: (doc: Document) => void): string {
  const doc = parseDocument(DEMO);
  edit(doc);
  const text = doc.toString();
  expect(text).not.toBe(DEMO);
  return text;
}

let database: Database;

// One in-memory database for the file (creating and migrating one takes about a second); each test
// starts from empty tables. CASCADE empties everything that hangs off owners and people.
beforeAll(async () => {
  database = await openDatabase({ memory: true });
  await migrateDatabase(database);
});

// The audit log is append-only (even a test cannot empty it): each test reads only what it added.
let auditBaseline = new Set<string>();
const orgAudits = async () =>
  (await database.db.select().from(auditEvents)).filter(
    (a) => !auditBaseline.has(a.id) && a.action === 'org.applied',
  );

beforeEach(async () => {
  await database.db.execute(sql`truncate owners, people cascade`);
  auditBaseline = new Set((await database.db.select().from(auditEvents)).map((a) => a.id));
});

afterAll(async () => {
  await database.close();
});

const TABLES = {
  owners,
  schools,
  teams,
  people,
  platformIdentities,
  roleAssignments,
  programmeRuns,
  auditEvents,
};

async function rowCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const [name, table] of Object.entries(TABLES)) {
    const [row] = await database.db.select({ n: count() }).from(table);
    // Audit events outlive every test (append-only): count only this test's.
    counts[name] = (row?.n ?? -1) - (name === 'auditEvents' ? auditBaseline.size : 0);
  }
  return counts;
}

async function updatedAts(): Promise<string[]> {
  const { db } = database;
  const stamp = (rows: { id: string; updatedAt: Date }[]) =>
    rows.map((r) => `${r.id}@${r.updatedAt.toISOString()}`);
  return [
    ...stamp(
      await db.select({ id: owners.id, updatedAt: owners.updatedAt }).from(owners).orderBy(asc(owners.id)),
    ),
    ...stamp(
      await db
        .select({ id: schools.id, updatedAt: schools.updatedAt })
        .from(schools)
        .orderBy(asc(schools.id)),
    ),
    ...stamp(
      await db.select({ id: teams.id, updatedAt: teams.updatedAt }).from(teams).orderBy(asc(teams.id)),
    ),
    ...stamp(
      await db.select({ id: people.id, updatedAt: people.updatedAt }).from(people).orderBy(asc(people.id)),
    ),
  ];
}

async function team(key: string) {
  const row = await teamByKey(database.db, key);
  if (!row) throw new Error(`no team ${key}`);
  return row;
}

const names = async (teamKey: string) =>
  (await membersOf(database.db, (await team(teamKey)).id)).map((m) => m.name);

describe('applyOrg', () => {
  it('applies the demo school: teams in the local chat, programmes started, roles in place', async () => {
    const report = await applyOrg(database.db, demo(), { now: NOW, actor: 'cli' });
    // 1 owner + 1 school + 2 teams + 6 people + 6 local identities + 10 role rows.
    expect(report).toEqual({ created: 26, updated: 0, unchanged: 0, removedRoles: 0 });

    const fifth = await team('demo-5trinn');
    expect(fifth).toMatchObject({
      name: '5. trinn',
      platform: 'local',
      tenantId: 'local',
      channelId: 'demo-5trinn',
      programmeKey: 'elevene-vare',
      schedule: { weekday: 'thursday', time: '14:00', cadence: 'weekly' },
      reminders: { via: 'dm', afterHours: [48] },
      closeAfterHours: 144,
      locale: null,
    });
    expect(fifth.nextRunAt?.toISOString()).toBe('2026-09-03T12:00:00.000Z');

    const runs = await database.db.select().from(programmeRuns);
    expect(runs).toHaveLength(2);
    expect(
      runs.every((r) => r.status === 'active' && r.stepIndex === 0 && r.programmeKey === 'elevene-vare'),
    ).toBe(true);

    expect(await names('demo-5trinn')).toEqual(['Kari Nordmann', 'Nora Berg', 'Ola Hansen']);
    expect(await names('demo-6trinn')).toEqual(['Jonas Lie', 'Nora Berg']);

    const [per] = await database.db.select().from(people).where(eq(people.email, 'per@refleksvik.example'));
    const perRoles = await database.db
      .select()
      .from(roleAssignments)
      .where(eq(roleAssignments.personId, per!.id));
    expect(perRoles.map((r) => [r.role, r.scopeKind]).sort()).toEqual([
      ['department_head', 'team'],
      ['department_head', 'team'],
    ]);
    const [school] = await database.db.select().from(schools);
    expect(school).toMatchObject({
      name: 'Refleksvik skole',
      locale: 'nb',
      timezone: 'Europe/Oslo',
      workingHours: {
        days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
        from: '07:30',
        to: '16:30',
      },
    });

    const audits = await orgAudits();
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actor: 'cli', action: 'org.applied', details: report });
  });

  it('is idempotent: a second apply creates and updates nothing and touches no updated_at', async () => {
    await applyOrg(database.db, demo(), { now: NOW });
    const before = await updatedAts();
    const countsBefore = await rowCounts();
    const nextRunBefore = (await team('demo-5trinn')).nextRunAt;

    const report = await applyOrg(database.db, demo(), { now: LATER });
    expect(report).toEqual({ created: 0, updated: 0, unchanged: 26, removedRoles: 0 });
    expect(await updatedAts()).toEqual(before);
    expect(await rowCounts()).toEqual(countsBefore); // no new run, no audit event for a no-op
    expect((await team('demo-5trinn')).nextRunAt).toEqual(nextRunBefore);
  });

  it('moves next_run_at when a team changes its time', async () => {
    await applyOrg(database.db, demo(), { now: NOW });
    const sixthBefore = await team('demo-6trinn');
    const changed = editDemo((doc) => doc.setIn(['teams', 0, 'schedule', 'time'], '15:30'));

    const report = await applyOrg(database.db, demo(changed), { now: LATER });
    expect(report).toMatchObject({ created: 0, updated: 1, removedRoles: 0 });
    const fifth = await team('demo-5trinn');
    expect(fifth.schedule).toEqual({ weekday: 'thursday', time: '15:30', cadence: 'weekly' });
    expect(fifth.nextRunAt?.toISOString()).toBe('2026-09-03T13:30:00.000Z');
    expect(fifth.updatedAt).toEqual(LATER);
    expect(await team('demo-6trinn')).toEqual(sixthBefore);
    expect(await orgAudits()).toHaveLength(2);
    // The change itself is in the audit log: which row, which setting, its new value.
    const settings = (await database.db.select().from(auditEvents)).filter(
      (a) => !auditBaseline.has(a.id) && a.action === 'settings.changed',
    );
    expect(settings).toEqual([
      expect.objectContaining({
        actor: 'system',
        subjectKind: 'teams',
        subjectId: fifth.id,
        details: expect.objectContaining({
          schedule: { weekday: 'thursday', time: '15:30', cadence: 'weekly' },
        }),
      }),
    ]);
  });

  it('removes a role taken out of the file', async () => {
    await applyOrg(database.db, demo(), { now: NOW });
    // Nora Berg (people[2]) leaves 6. trinn.
    const changed = editDemo((doc) => doc.deleteIn(['people', 2, 'roles', 1]));

    const report = await applyOrg(database.db, demo(changed), { now: LATER });
    expect(report).toEqual({ created: 0, updated: 0, unchanged: 25, removedRoles: 1 });
    expect(await names('demo-6trinn')).toEqual(['Jonas Lie']);
    expect(await names('demo-5trinn')).toContain('Nora Berg');
  });

  it('leaves people who are not in the file alone', async () => {
    await applyOrg(database.db, demo(), { now: NOW });
    const org = demo();
    org.people = org.people.filter((p) => p.email !== 'ola@refleksvik.example');
    const report = await applyOrg(database.db, org, { now: LATER });
    expect(report.removedRoles).toBe(0);
    expect(await names('demo-5trinn')).toContain('Ola Hansen');
  });

  it('changes nothing when it fails halfway', async () => {
    await applyOrg(database.db, demo(), { now: NOW });
    const countsBefore = await rowCounts();
    const stampsBefore = await updatedAts();

    // Bypasses parseOrgText, which would have refused this: the school is renamed (written first),
    // a new person is added, and then a team names a school the file does not have.
    const org = demo();
    org.schools[0]!.name = 'Omdøpt skole';
    org.people.push({ email: 'ny@refleksvik.example', name: 'Ny Person', roles: [] });
    org.teams[1]!.school = 'nowhere';

    await expect(applyOrg(database.db, org, { now: LATER })).rejects.toSatisfy(
      (error: unknown) => error instanceof RefleksError && error.code === 'org_invalid',
    );
    expect(await rowCounts()).toEqual(countsBefore);
    expect(await updatedAts()).toEqual(stampsBefore);
    const [school] = await database.db.select().from(schools);
    expect(school?.name).toBe('Refleksvik skole');
  });

  it('leaves an empty database empty when the first apply fails', async () => {
    const org = demo();
    org.people[0]!.roles.push({ role: 'member', team: 'demo-9trinn' });
    await expect(applyOrg(database.db, org, { now: NOW })).rejects.toThrow(/unknown team "demo-9trinn"/);
    expect(Object.values(await rowCounts()).every((n) => n === 0)).toBe(true);
  });

  it('replaces the active run when the programme changes, and does not restart a finished one', async () => {
    await applyOrg(database.db, demo(), { now: NOW });
    const fifth = await team('demo-5trinn');
    // Only one built-in programme exists, so the old one is simulated in the database.
    await database.db
      .update(programmeRuns)
      .set({ programmeKey: 'old-programme' })
      .where(eq(programmeRuns.teamId, fifth.id));
    await database.db.update(teams).set({ programmeKey: 'old-programme' }).where(eq(teams.id, fifth.id));

    const report = await applyOrg(database.db, demo(), { now: LATER });
    expect(report).toMatchObject({ created: 0, updated: 1 });
    const runs = await database.db.select().from(programmeRuns).where(eq(programmeRuns.teamId, fifth.id));
    expect(runs.map((r) => [r.programmeKey, r.status, r.stepIndex]).sort()).toEqual([
      ['elevene-vare', 'active', 0],
      ['old-programme', 'replaced', 0],
    ]);

    // The programme runs to its end; applying the same file again must not send the team back to week one.
    await database.db
      .update(programmeRuns)
      .set({ status: 'completed', completedAt: LATER })
      .where(eq(programmeRuns.status, 'active'));
    await database.db.update(teams).set({ nextRunAt: null });
    const again = await applyOrg(database.db, demo(), { now: LATER });
    expect(again).toMatchObject({ created: 0, updated: 0 });
    expect(await database.db.select().from(programmeRuns).where(eq(programmeRuns.status, 'active'))).toEqual(
      [],
    );
    expect((await team('demo-5trinn')).nextRunAt).toBeNull();
  });

  it('reschedules a school’s teams when its time zone changes', async () => {
    await applyOrg(database.db, demo(), { now: NOW });
    const changed = editDemo((doc) => doc.setIn(['schools', 0, 'timezone'], 'Europe/London'));
    const report = await applyOrg(database.db, demo(changed), { now: LATER });
    expect(report).toMatchObject({ created: 0, updated: 3 }); // the school and both teams
    expect((await team('demo-5trinn')).nextRunAt?.toISOString()).toBe('2026-09-03T13:00:00.000Z');
  });

  it('binds Slack teams and people, and follows a corrected Slack user id', async () => {
    const withSlack = (userId: string) =>
      editDemo((doc) => {
        doc.setIn(['teams', 0, 'slack'], doc.createNode({ team_id: 'T0001', channel_id: 'C0001' }));
        doc.setIn(['people', 0, 'slack'], doc.createNode({ team_id: 'T0001', user_id: userId }));
      });
    await applyOrg(database.db, demo(withSlack('U0001')), { now: NOW });
    expect(await team('demo-5trinn')).toMatchObject({
      platform: 'slack',
      tenantId: 'T0001',
      channelId: 'C0001',
    });
    const slackIds = async () =>
      (
        await database.db.select().from(platformIdentities).where(eq(platformIdentities.platform, 'slack'))
      ).map((i) => i.userId);
    expect(await slackIds()).toEqual(['U0001']);

    const report = await applyOrg(database.db, demo(withSlack('U0002')), { now: LATER });
    expect(report).toMatchObject({ created: 0, updated: 1 });
    expect(await slackIds()).toEqual(['U0002']);
  });
});
