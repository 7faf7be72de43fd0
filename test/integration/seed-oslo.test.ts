import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SeedOsloReport, seedOslo } from '../../src/app/seed/oslo.ts';
import { OSLO_SCHOOLS } from '../../src/app/seed/oslo-org.ts';
import { containsIdentityNumber } from '../../src/core/pii/identity-number.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { migrateDatabase } from '../../src/db/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

/** `refleks seed --scale oslo` at three schools, on a real PostgreSQL server. */

const NOW = new Date('2026-11-23T08:00:00Z');
const UNTIL = new Date('2026-11-16T12:00:00Z');
const SCALE = 3 / OSLO_SCHOOLS;
/** 2026-W34 … 2026-W47, of which week 40 is the autumn break. */
const WEEKS = 14;

const TABLES = [
  'owners',
  'schools',
  'teams',
  'people',
  'platform_identities',
  'role_assignments',
  'programme_runs',
  'cycles',
  'responses',
  'commitments',
  'commitment_owners',
  'audit_events',
] as const;

async function open(): Promise<{ target: TestDatabase; database: Database }> {
  const target = await createTestDatabase();
  const database = await openDatabase({ url: target.url }, { max: 4 });
  await migrateDatabase(database);
  return { target, database };
}

async function rows<T>(database: Database, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = await database.db.execute(query);
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

async function tableCounts(database: Database): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const [row] = await rows<{ n: number }>(database, sql.raw(`select count(*)::int as n from ${table}`));
    counts[table] = row?.n ?? -1;
  }
  return counts;
}

/** A fingerprint of what a fresh seed writes: names and texts, not the generated ids. */
async function fingerprint(database: Database) {
  const [team] = await rows<{ name: string }>(database, sql`select name from teams order by key limit 1`);
  const bodies = await rows<{ body: string }>(
    database,
    sql`select r.body from responses r join cycles c on c.id = r.cycle_id join teams t on t.id = c.team_id
        join people p on p.id = r.person_id order by t.key, c.week_key, p.email limit 50`,
  );
  const [commitment] = await rows<{ what: string }>(
    database,
    sql`select m.what from commitments m join teams t on t.id = m.team_id order by t.key, m.due_date limit 1`,
  );
  return { team: team?.name, bodies: bodies.map((b) => b.body), commitment: commitment?.what };
}

describe('seed --scale oslo (PostgreSQL)', () => {
  let a: { target: TestDatabase; database: Database };
  let first: SeedOsloReport;

  beforeAll(async () => {
    a = await open();
    first = await seedOslo(a.database.db, { now: NOW, until: UNTIL, scale: SCALE });
  });
  afterAll(async () => {
    await a.database.close();
    await a.target.drop();
  });

  it('creates one owner with three schools of 9–13 teams, each of 6–8 members and one lead', async () => {
    expect(first.schools).toBe(3);
    const schools = await rows<{ key: string; teams: number }>(
      a.database,
      sql`select s.key, count(t.id)::int as teams from schools s join owners o on o.id = s.owner_id
          left join teams t on t.school_id = s.id where o.key = 'oslo' group by s.key order by s.key`,
    );
    expect(schools.map((s) => s.key)).toEqual(['oslo-s001', 'oslo-s002', 'oslo-s003']);
    for (const school of schools) expect(school.teams).toBeGreaterThanOrEqual(9);
    for (const school of schools) expect(school.teams).toBeLessThanOrEqual(13);

    const teams = await rows<{ key: string; members: number; leads: number }>(
      a.database,
      sql`select t.key, count(*) filter (where r.role = 'member')::int as members,
          count(*) filter (where r.role = 'team_lead')::int as leads
          from teams t join role_assignments r on r.scope_kind = 'team' and r.scope_id = t.id
          where r.role in ('member', 'team_lead') group by t.key`,
    );
    expect(teams).toHaveLength(first.teams);
    for (const team of teams) {
      expect(team.members).toBeGreaterThanOrEqual(6);
      expect(team.members).toBeLessThanOrEqual(8);
      expect(team.leads).toBe(1);
    }
  });

  it('gives each school a rector, a department head per four teams, and the owner one school_owner', async () => {
    const roles = await rows<{ role: string; people: number; scopes: number }>(
      a.database,
      sql`select role, count(distinct person_id)::int as people, count(distinct scope_id)::int as scopes
          from role_assignments group by role`,
    );
    const of = (role: string) => roles.find((r) => r.role === role);
    expect(of('rector')).toMatchObject({ people: 3, scopes: 3 });
    expect(of('school_owner')).toMatchObject({ people: 1, scopes: 1 });
    const expectedHeads = (
      await rows<{ n: number }>(
        a.database,
        sql`select sum(ceil(n / 4.0))::int as n from (select count(*) as n from teams group by school_id) s`,
      )
    )[0]?.n;
    expect(of('department_head')?.people).toBe(expectedHeads);
    expect(of('department_head')?.scopes).toBe(first.teams);

    const [people] = await rows<{ n: number }>(a.database, sql`select count(*)::int as n from people`);
    expect(people?.n).toBe(first.people);
    const names = await rows<{ name: string }>(a.database, sql`select name from people`);
    for (const { name } of names)
      expect(name).toMatch(/^(Lærer \d{5}|Rektor \d{3}|Avdelingsleder \d{3}-\d+|Skoleeier Oslo)$/);
  });

  it('writes a cycle for every week from 2026-W34, held weeks closed and the autumn break skipped', async () => {
    const perTeam = await rows<{ closed: number; skipped: number; week40: string | null }>(
      a.database,
      sql`select count(*) filter (where status = 'closed')::int as closed,
          count(*) filter (where status = 'skipped')::int as skipped,
          max(skip_reason) filter (where week_key = '2026-W40') as week40
          from cycles group by team_id`,
    );
    expect(perTeam).toHaveLength(first.teams);
    for (const team of perTeam) {
      expect(team).toEqual({ closed: WEEKS - 1, skipped: 1, week40: 'school_holiday:Høstferie' });
    }
    expect(first.history).toMatchObject({ teams: first.teams, cycles: first.teams * (WEEKS - 1) });
  });

  it('answers about seven in ten cycles per member with synthetic text and no identity numbers', async () => {
    const bodies = await rows<{ body: string | null }>(a.database, sql`select body from responses`);
    expect(bodies.length).toBe(first.history.responses);
    const [{ members } = { members: 0 }] = await rows<{ members: number }>(
      a.database,
      sql`select count(*)::int as members from role_assignments where role = 'member'`,
    );
    const share = bodies.length / (members * (WEEKS - 1));
    expect(share).toBeGreaterThan(0.6);
    expect(share).toBeLessThan(0.8);
    for (const { body } of bodies) {
      expect(body?.trim()).toBeTruthy();
      expect(containsIdentityNumber(body as string)).toBe(false);
      expect(body).not.toMatch(/\d/);
    }
    const [owned] = await rows<{ commitments: number; unowned: number }>(
      a.database,
      sql`select count(*)::int as commitments,
          count(*) filter (where not exists (select 1 from commitment_owners o where o.commitment_id = c.id))::int as unowned
          from commitments c`,
    );
    // One per four held weeks: thirteen held weeks reach the commitment step three times.
    expect(owned).toEqual({ commitments: first.teams * 3, unowned: 0 });
  });

  it('changes nothing when run a second time', async () => {
    const before = await tableCounts(a.database);
    const again = await seedOslo(a.database.db, {
      now: new Date('2026-11-24T08:00:00Z'),
      until: UNTIL,
      scale: SCALE,
    });
    expect(again.org).toMatchObject({ created: 0, updated: 0, removedRoles: 0 });
    expect(again.history).toEqual({ teams: 0, cycles: 0, skipped: 0, responses: 0, commitments: 0 });
    expect(await tableCounts(a.database)).toEqual(before);
  });

  it('writes the same names and texts into a fresh database', async () => {
    const b = await open();
    try {
      await seedOslo(b.database.db, { now: NOW, until: UNTIL, scale: SCALE });
      const expected = await fingerprint(a.database);
      expect(expected.bodies).toHaveLength(50);
      expect(await fingerprint(b.database)).toEqual(expected);
    } finally {
      await b.database.close();
      await b.target.drop();
    }
  });
});
