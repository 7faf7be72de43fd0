import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyOrg, parseOrgText } from '../../src/app/org/index.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { migrateDatabase } from '../../src/db/migrate.ts';
import { changedTables, databaseFingerprinter, type Fingerprint } from '../support/fuzz-db.ts';
import { DEMO_ORG_TEXT, toYaml, validOrgObject, yamlStyle } from '../support/fuzz-yaml.ts';

/**
 * Organisation files that pass the file check but that applyOrg must refuse, applied over the demo
 * school (issue "Hostile input"): the apply fails and the database is exactly as before, with no
 * owner, school, team or person half-written. The defect is put in the last thing written (a
 * person's name or account, a team) so that much is written before it fails.
 */

type Org = { teams: Record<string, unknown>[]; people: Record<string, unknown>[]; [k: string]: unknown };

/** What makes a well-shaped file fail: in the file check or, at the latest, on apply. */
const defect = fc.oneof(
  // PostgreSQL text cannot hold NUL: the file check refuses it, naming the place.
  fc.record({
    kind: fc.constant('nul' as const),
    where: fc.constantFrom('person name', 'person account', 'team name', 'team channel', 'school name'),
    before: fc.string({ maxLength: 4 }),
  }),
  // A custom programme listed in the file but not loaded (applyOrg given the parsed file alone).
  fc.constant({ kind: 'unloaded programme' as const }),
);

const PERSON = { email: 'sist@fuzz.no', name: 'Sist', roles: [] as unknown[] };
const TEAM = {
  key: 'sist-team',
  name: 'Sist',
  programme: 'elevene-vare',
  schedule: { weekday: 'friday', time: '09:00' },
};

type Defect = typeof defect extends fc.Arbitrary<infer D> ? D : never;

function withDefect(valid: Record<string, unknown>, d: Defect): Org {
  const org = structuredClone(valid) as Org;
  const schools = org.schools as { key: string; name: string }[];
  const lastPerson = () => {
    if (!org.people.length) org.people.push({ ...PERSON });
    return org.people[org.people.length - 1] as Record<string, unknown>;
  };
  const lastTeam = () => {
    if (!org.teams.length) org.teams.push({ ...TEAM, school: schools[0]?.key });
    return org.teams[org.teams.length - 1] as Record<string, unknown>;
  };
  if (d.kind === 'unloaded programme') {
    org.programmes = [{ key: 'egen-plan', file: 'programmes/egen-plan.yaml' }];
    lastTeam().programme = 'egen-plan';
    return org;
  }
  const nul = (text: string) => `${d.before}\u0000${text}`;
  if (d.where === 'person name') lastPerson().name = nul('navn');
  if (d.where === 'person account') {
    const person = lastPerson();
    delete person.teams;
    person.slack = { team_id: 'T1', user_id: nul('U1') };
  }
  if (d.where === 'team name') lastTeam().name = nul('team');
  if (d.where === 'team channel') {
    const team = lastTeam();
    delete team.teams;
    team.slack = { team_id: 'T1', channel_id: nul('C1') };
  }
  if (d.where === 'school name') (schools[schools.length - 1] as { name: string }).name = nul('skole');
  return org;
}

let database: Database;
let fingerprint: () => Promise<Fingerprint>;
const NOW = new Date('2026-09-01T08:00:00Z');

beforeAll(async () => {
  database = await openDatabase({ memory: true });
  await migrateDatabase(database);
  await applyOrg(database.db, parseOrgText(DEMO_ORG_TEXT, 'demo-org.yaml'), { now: NOW });
  fingerprint = await databaseFingerprinter(database.db);
});

afterAll(async () => {
  await database?.close();
});

describe('applyOrg with a well-shaped file it must refuse', () => {
  it('fails and leaves the database exactly as it was', async () => {
    await fc.assert(
      fc.asyncProperty(validOrgObject, defect, yamlStyle, async (valid, d, style) => {
        const before = await fingerprint();
        let refused = false;
        try {
          const org = parseOrgText(toYaml(withDefect(valid, d), style), 'org.yaml');
          await applyOrg(database.db, org, { now: new Date('2026-09-02T08:00:00Z') });
        } catch {
          refused = true;
        }
        expect(refused).toBe(true);
        expect(changedTables(before, await fingerprint())).toEqual([]);
      }),
      { numRuns: 120 },
    );
  });

  it('still applies a good file afterwards', async () => {
    const report = await applyOrg(database.db, parseOrgText(DEMO_ORG_TEXT, 'demo-org.yaml'), { now: NOW });
    expect(report).toMatchObject({ created: 0, updated: 0, removedRoles: 0 });
  });

  it('refuses a NUL in a name in the file check, naming the place, before the database sees it', () => {
    const text = DEMO_ORG_TEXT.replace('name: Kari Nordmann', 'name: "Kari\\0Nordmann"');
    expect(() => parseOrgText(text, 'org.yaml')).toThrow(/people\[0\]\.name/);
  });
});
