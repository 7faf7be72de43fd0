import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ownerReport,
  ownerReportCsv,
  ownerReportMarkdown,
  termRange,
} from '../../src/app/digest/owner-report.ts';
import { applyOrg, parseOrgText } from '../../src/app/org/index.ts';
import { ACTIONS, FORMS } from '../../src/core/loop/ids.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { owners } from '../../src/db/schema/index.ts';
import { createLoopHarness, type LoopHarness } from '../support/loop-harness.ts';

const BIG = ['a', 'b', 'c', 'd', 'e'];
const ORG = `
owner: { key: demo, name: Demo kommune }
schools: [ { key: storskolen, name: Storskolen } ]
teams:
  - { key: stor-7trinn, school: storskolen, name: 7. trinn, programme: elevene-vare, schedule: { weekday: thursday, time: "14:00" } }
people:
${BIG.map((p) => `  - { email: ${p}@stor.example, name: Lærer ${p}, roles: [{ role: member, team: stor-7trinn }] }`).join('\n')}
`;

/** The owner's termly figures: per school, counts only, small groups suppressed, no free text. */
describe('the school owner’s report', () => {
  let database: Database;
  let h: LoopHarness;

  beforeAll(async () => {
    database = await openDatabase({ memory: true });
    h = await createLoopHarness(database, '2026-11-23T08:00:00Z');
    await applyOrg(h.db, parseOrgText(ORG, 'org.yaml'), { now: h.clock.now() });
    h.clock.set('2026-11-26T13:00:00Z');
    await h.tick();
    await h.drain();
    // Four of five answer in the big team; one of three in 5. trinn.
    for (const [email, team] of [
      ['a@stor.example', 'stor-7trinn'],
      ['b@stor.example', 'stor-7trinn'],
      ['c@stor.example', 'stor-7trinn'],
      ['d@stor.example', 'stor-7trinn'],
      ['kari@refleksvik.example', 'demo-5trinn'],
    ] as const) {
      const opened = await h.click(email, ACTIONS.answer, (await h.openCycleId(team))!);
      if (opened.type !== 'open_form') throw new Error(JSON.stringify(opened));
      await h.submit(email, FORMS.answer, opened.form.privateMetadata, {
        body: 'Et svar som aldri skal i rapporten.',
      });
    }
  });
  afterAll(() => database.close());

  it('reads terms as autumn (H) and spring (V), and refuses anything else', () => {
    expect(termRange('2026H')).toEqual({
      from: new Date('2026-08-01T00:00:00Z'),
      to: new Date('2027-01-01T00:00:00Z'),
    });
    expect(termRange('2027v').from.toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(() => termRange('høst 2026')).toThrow(/not a term/);
  });

  it('gives participation only for teams of at least five, and counts for everything else', async () => {
    const report = await ownerReport(h.db, 'demo', '2026H');
    expect(report.schools).toEqual([
      expect.objectContaining({
        school: 'Refleksvik skole',
        teams: 2,
        roundsHeld: 2,
        participationPercent: null,
      }),
      expect.objectContaining({ school: 'Storskolen', teams: 1, roundsHeld: 1, participationPercent: 80 }),
    ]);
    expect(JSON.stringify(report)).not.toContain('aldri skal i rapporten');
    expect(JSON.stringify(report)).not.toMatch(/Kari|Lærer/);
  });

  it('never goes below groups of three, even if the database was edited to say otherwise', async () => {
    await h.db.update(owners).set({ minGroupSize: 1 }).where(eq(owners.key, 'demo'));
    const report = await ownerReport(h.db, 'demo', '2026H');
    expect(report.minGroupSize).toBe(3);
    await h.db.update(owners).set({ minGroupSize: 5 }).where(eq(owners.key, 'demo'));
  });

  it('exports Markdown and CSV for the status report, in the language asked for', async () => {
    const report = await ownerReport(h.db, 'demo', '2026H');
    const md = ownerReportMarkdown(report, 'nb');
    expect(md).toContain('# Demo kommune – læringsarbeid i team, 2026H');
    expect(md).toContain('| Refleksvik skole | 2 | 2 | 0 | – | 0 | 0 | 0 |');
    expect(md).toContain('| Storskolen | 1 | 1 | 0 | 80 | 0 | 0 | 0 |');
    const csv = ownerReportCsv(report, 'en');
    expect(csv.split('\r\n')[0]).toBe(
      'School,Teams,Rounds held,Rounds without a question,Participation (%),Commitments,Done,Open',
    );
    expect(csv).toContain('Storskolen,1,1,0,80,0,0,0\r\n');
  });
});
