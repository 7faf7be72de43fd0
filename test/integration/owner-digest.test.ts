import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyOrg, parseOrgText } from '../../src/app/org/index.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { auditEvents, outbox, sharedUpdates } from '../../src/db/schema/index.ts';
import { DEMO_ORG_FILE } from '../../src/runtime/demo.ts';
import { createLoopHarness, type LoopHarness } from '../support/loop-harness.ts';

const OLGA = 'olga@demo.example';
const PASSED_ON = 'Lesekursene har løftet hele gruppa.';
const NOT_PASSED_ON = 'Dette er bare for rektor.';

/** The school owner's termly digest: written by the tick once the term has ended, once, in working hours. */
describe('the school owner’s termly digest (PGlite, demo school plus a school owner)', () => {
  let database: Database;
  let h: LoopHarness;
  const ownerDigests = async () =>
    (await h.db.select().from(outbox)).filter((r) => r.kind === 'owner_digest');

  beforeAll(async () => {
    database = await openDatabase({ memory: true });
    h = await createLoopHarness(database, '2026-11-23T08:00:00Z');
    const org = `${readFileSync(DEMO_ORG_FILE, 'utf8')}
  - { email: ${OLGA}, name: Olga Eier, roles: [{ role: school_owner }] }
`;
    await applyOrg(h.db, parseOrgText(org, 'org.yaml'), { now: h.clock.now() });
    h.clock.set('2026-11-26T13:00:00Z');
    await h.tick();
    await h.drain();
    const cycleId = (await h.openCycleId('demo-5trinn'))!;
    const teamId = await h.teamId('demo-5trinn');
    const sixth = (await h.openCycleId('demo-6trinn'))!;
    await h.db.insert(sharedUpdates).values([
      { teamId, cycleId, body: PASSED_ON, decidedAt: h.clock.now(), ownerApprovedAt: h.clock.now() },
      {
        teamId: await h.teamId('demo-6trinn'),
        cycleId: sixth,
        body: NOT_PASSED_ON,
        decidedAt: h.clock.now(),
      },
    ]);
  });
  afterAll(() => database.close());

  it('is not written before the term has ended', async () => {
    h.clock.set('2026-12-18T09:00:00Z'); // Friday before the end of the autumn term
    await h.tick();
    expect(await ownerDigests()).toEqual([]);
  });

  it('waits for working hours, then is written once and sent to the owner privately', async () => {
    h.clock.set('2026-12-20T10:00:00Z'); // Sunday: the term has ended, but no one works
    await h.tick();
    expect(await ownerDigests()).toEqual([]);
    h.clock.set('2026-12-21T08:30:00Z'); // Monday 09:30 in Oslo
    await h.tick();
    await h.tick();
    const rows = await ownerDigests();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.payload).toEqual({ ownerKey: 'demo', term: '2026H' });
    await h.drain();
    const [dm] = await h.conversation(`dm:${OLGA}`);
    expect(dm?.text).toContain('Demo kommune – læringsarbeid i team, 2026H');
    expect(dm?.text).toContain('Refleksvik skole');
    expect(dm?.text).toContain(`Refleksvik skole (26. november 2026): «${PASSED_ON}»`);
    expect(dm?.text).not.toContain(NOT_PASSED_ON);
    expect(dm?.text).not.toMatch(/5\. trinn|6\. trinn|Kari|Ola Hansen/);
    const audits = (await h.db.select().from(auditEvents)).filter((a) => a.action === 'owner.read_passed_on');
    expect(audits.map((a) => a.details)).toEqual([{ term: '2026H', schools: ['Refleksvik skole'] }]);
  });
});
