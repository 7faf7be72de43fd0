import { PGlite } from '@electric-sql/pglite';
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownerReport } from '../../src/app/digest/owner-report.ts';
import type { Db } from '../../src/db/client.ts';
import { MIGRATIONS_FOLDER } from '../../src/db/migrate.ts';
import * as schema from '../../src/db/schema/index.ts';
import {
  commitments,
  cycles,
  owners,
  people,
  responses,
  roleAssignments,
  schools,
  sharedUpdates,
  teams,
} from '../../src/db/schema/index.ts';

/**
 * The owner's figures over several schools, written straight into the tables, against numbers
 * worked out by hand: which roles are members, what an anonymised answer counts for, what falls
 * outside the term or the owner. And the number of statements does not grow with the owner.
 */

/** Thursday 12:00 UTC of ISO week `week` of 2026 (which has 53); 54 is 2027-W01. */
const thursday = (week: number) => new Date(Date.UTC(2026, 0, 1 + (week - 1) * 7, 12));
const weekKey = (week: number) => (week > 53 ? `2027-W0${week - 53}` : `2026-W${week}`);

describe('the school owner’s report over several schools (PGlite)', () => {
  let client: PGlite;
  let db: Db;
  let statements = 0;
  const tag = { n: 0 };

  const owner = async (key: string, name: string) =>
    (await db.insert(owners).values({ key, name }).returning())[0]!.id;
  const school = async (ownerId: string, key: string, name: string) =>
    (
      await db
        .insert(schools)
        .values({ key, ownerId, name, workingHours: { days: ['monday'], from: '08:00', to: '16:00' } })
        .returning()
    )[0]!.id;
  const team = async (schoolId: string, key: string) =>
    (
      await db
        .insert(teams)
        .values({
          key,
          schoolId,
          name: `Team ${key}`,
          programmeKey: 'elevene-vare',
          schedule: { weekday: 'thursday', time: '14:00', cadence: 'weekly' },
          reminders: { via: 'dm', afterHours: [] },
          platform: 'slack',
          tenantId: 'T1',
          channelId: `C-${key}`,
        })
        .returning()
    )[0]!.id;
  /** New people, each with the given roles in the given scope. */
  const persons = async (n: number, roles: string[], scopeKind: string, scopeId: string) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      tag.n++;
      const [p] = await db
        .insert(people)
        .values({ email: `p${tag.n}@fjordvik.example`, name: `Person ${tag.n}` })
        .returning();
      ids.push(p!.id);
      for (const role of roles)
        await db.insert(roleAssignments).values({ personId: p!.id, role, scopeKind, scopeId });
    }
    return ids;
  };
  /** A round of `week` with answers by `by`, plus `anonymised` answers that are nobody's. */
  const round = async (teamId: string, week: number, status: string, by: string[] = [], anonymised = 0) => {
    const opensAt = thursday(week);
    const [c] = await db
      .insert(cycles)
      .values({
        teamId,
        weekKey: weekKey(week),
        status,
        opensAt,
        closesAt: new Date(opensAt.getTime() + 6 * 86_400_000),
      })
      .returning();
    for (const personId of by) await db.insert(responses).values({ cycleId: c!.id, personId, body: 'Svar' });
    for (let i = 0; i < anonymised; i++)
      await db.insert(responses).values({ cycleId: c!.id, personId: null });
    return c!.id;
  };
  const commitment = (teamId: string, status: string, createdAt: string) =>
    db.insert(commitments).values({
      teamId,
      what: 'Noe',
      trigger: 'Når',
      evidence: 'Slik',
      status,
      createdAt: new Date(createdAt),
    });
  const shared = (
    teamId: string,
    cycleId: string,
    body: string | null,
    decidedAt: string,
    approved: boolean,
  ) =>
    db.insert(sharedUpdates).values({
      teamId,
      cycleId,
      body,
      decidedAt: new Date(decidedAt),
      ownerApprovedAt: approved ? new Date(decidedAt) : null,
    });

  beforeAll(async () => {
    client = await PGlite.create();
    db = drizzle(client, {
      schema,
      logger: {
        logQuery: () => {
          statements++;
        },
      },
    }) as unknown as Db;
    await migrate(db as never, { migrationsFolder: MIGRATIONS_FOLDER });

    const fjordvik = await owner('fjordvik', 'Fjordvik kommune');
    // Three schools, named to be sorted the Norwegian way: Bakken, Øvre, Åsen.
    const bakken = await school(fjordvik, 'bakken', 'Bakken skole');
    const ovre = await school(fjordvik, 'ovre', 'Øvre skole');
    await school(fjordvik, 'asen', 'Åsen skole'); // no teams at all

    // Bakken 1: five members and a lead who is a member too (six people, not seven); the
    // department head on the team is not asked and does not count.
    const b1 = await team(bakken, 'b1');
    const b1Members = await persons(5, ['member'], 'team', b1);
    const [b1Lead] = await persons(1, ['member', 'team_lead'], 'team', b1);
    await persons(1, ['department_head'], 'team', b1);
    const [former] = await persons(1, [], 'team', b1); // answered once, then left the team
    const all6 = [...b1Members, b1Lead!];
    await round(b1, 30, 'closed', all6); // opened in July: the spring term
    const b35 = await round(b1, 35, 'closed', all6, 1); // seven answers of six: counts as 6/6
    const b36 = await round(b1, 36, 'closed', [...b1Members.slice(0, 3), former!], 1); // 5/6
    await round(b1, 37, 'skipped');
    await round(b1, 38, 'open'); // 0/6 so far
    await commitment(b1, 'open', '2026-09-01T10:00:00Z');
    await commitment(b1, 'open', '2026-12-31T22:00:00Z');
    await commitment(b1, 'done', '2026-09-10T10:00:00Z');
    await commitment(b1, 'dropped', '2026-10-01T10:00:00Z');
    await commitment(b1, 'done', '2026-06-10T10:00:00Z'); // the spring term
    await shared(b1, b35, 'Fra Bakken, i august.', '2026-08-27T22:30:00Z', true); // 28 August in Oslo
    await shared(b1, b36, 'Bare for rektor.', '2026-09-03T12:00:00Z', false);

    // Bakken 2: three members, under the owner's five: its rounds count, its answers do not.
    const b2 = await team(bakken, 'b2');
    const b2Members = await persons(3, ['member'], 'team', b2);
    const b2r35 = await round(b2, 35, 'closed', b2Members);
    await round(b2, 36, 'skipped');
    await commitment(b2, 'done', '2026-11-11T10:00:00Z');
    await shared(b2, b2r35, 'Fra det lille teamet.', '2026-09-20T10:00:00Z', true);

    // Øvre 1: four members and a lead, exactly five; a "member" of the whole school and the rector
    // are not members of the team.
    const o1 = await team(ovre, 'o1');
    const o1Members = await persons(4, ['member'], 'team', o1);
    await persons(1, ['team_lead'], 'team', o1);
    await persons(1, ['member'], 'school', ovre);
    await persons(1, ['rector'], 'school', ovre);
    const o35 = await round(o1, 35, 'closed', o1Members.slice(0, 2)); // 2/5
    await round(o1, 36, 'closed'); // 0/5
    await round(o1, 44, 'closed', [], 5); // all anonymised: 5/5
    const o2027 = await round(o1, 54, 'closed'); // opens 7 January 2027: the spring term
    await shared(o1, o35, 'Fra Øvre, før Bakken i tid.', '2026-08-26T10:00:00Z', true);
    await shared(o1, o2027, 'Neste termin.', '2027-01-08T10:00:00Z', true);
    // Øvre 2: nobody in it; its round counts as held.
    const o2 = await team(ovre, 'o2');
    await round(o2, 35, 'closed');

    // Another owner's school, whose rounds, answers and text must not leak into Fjordvik's.
    const annen = await owner('annen', 'Annen kommune');
    const other = await team(await school(annen, 'annen-skole', 'Annen skole'), 'x1');
    const otherMembers = await persons(6, ['member'], 'team', other);
    const x35 = await round(other, 35, 'closed', otherMembers);
    await commitment(other, 'open', '2026-09-01T10:00:00Z');
    await shared(other, x35, 'Annen kommunes tekst.', '2026-08-27T12:00:00Z', true);
  });
  afterAll(() => client.close());

  it('gives each school its rounds, its participation over teams of five or more, and its counts', async () => {
    const report = await ownerReport(db, 'fjordvik', '2026H');
    expect(report).toEqual({
      owner: 'Fjordvik kommune',
      term: '2026H',
      minGroupSize: 5,
      schools: [
        {
          school: 'Bakken skole',
          teams: 2,
          roundsHeld: 4, // b1: W35, W36, W38 (open); b2: W35
          roundsSkipped: 2, // b1 W37, b2 W36
          participationPercent: 61, // b1 only: (6/6 + 5/6 + 0/6) / 3 = 0.611
          commitmentsMade: 5, // b1's four of the autumn and b2's one
          commitmentsDone: 2,
          commitmentsOpen: 2,
        },
        {
          school: 'Øvre skole',
          teams: 2,
          roundsHeld: 4, // o1: W35, W36, W44; o2: W35
          roundsSkipped: 0,
          participationPercent: 47, // o1 only: (2/5 + 0/5 + 5/5) / 3 = 0.467
          commitmentsMade: 0,
          commitmentsDone: 0,
          commitmentsOpen: 0,
        },
        {
          school: 'Åsen skole',
          teams: 0,
          roundsHeld: 0,
          roundsSkipped: 0,
          participationPercent: null,
          commitmentsMade: 0,
          commitmentsDone: 0,
          commitmentsOpen: 0,
        },
      ],
      // By school, then by date: Øvre's text is older than Bakken's, and comes after them.
      approvedText: [
        { school: 'Bakken skole', date: '2026-08-28', text: 'Fra Bakken, i august.' },
        { school: 'Bakken skole', date: '2026-09-20', text: 'Fra det lille teamet.' },
        { school: 'Øvre skole', date: '2026-08-26', text: 'Fra Øvre, før Bakken i tid.' },
      ],
    });
  });

  it('lets a floor of three take in the small team', async () => {
    await db.update(owners).set({ minGroupSize: 3 }).where(eq(owners.key, 'fjordvik'));
    try {
      const [bakken] = (await ownerReport(db, 'fjordvik', '2026H')).schools;
      // b1's three rounds and b2's 3/3: (1 + 5/6 + 0 + 1) / 4 = 0.708
      expect(bakken?.participationPercent).toBe(71);
    } finally {
      await db.update(owners).set({ minGroupSize: 5 }).where(eq(owners.key, 'fjordvik'));
    }
  });

  it('asks the same few statements for three schools as for one', async () => {
    const count = async (key: string) => {
      const before = statements;
      await ownerReport(db, key, '2026H');
      return statements - before;
    };
    const large = await count('fjordvik');
    expect(large).toBeLessThanOrEqual(8);
    expect(await count('annen')).toBe(large);
  });
});
