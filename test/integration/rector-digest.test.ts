import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRectorDigest } from '../../src/app/digest/rector-digest.ts';
import { themesOf } from '../../src/core/digest/themes.ts';
import { ACTIONS, FORMS } from '../../src/core/loop/ids.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { createLoopHarness, type LoopHarness } from '../support/loop-harness.ts';

const KARI = 'kari@refleksvik.example';
const SECRET_ANSWER = 'Gruppen i 5A strever med brøk, særlig tre av guttene';

/** The rector's Friday message: team-level figures and what teams chose to share, nothing more. */
describe('the rector’s weekly digest', () => {
  let database: Database;
  let h: LoopHarness;
  const ritaDms = async () => (await h.conversation('dm:rita@refleksvik.example')).map((m) => m.text);
  const tickAt = async (iso: string) => {
    h.clock.set(iso);
    await h.tick();
    await h.drain();
  };

  beforeAll(async () => {
    database = await openDatabase({ memory: true });
    h = await createLoopHarness(database, '2026-11-23T08:00:00Z');
    await tickAt('2026-11-26T13:00:00Z');
    const cycleId = (await h.openCycleId('demo-5trinn'))!;
    const answer = await h.click(KARI, ACTIONS.answer, cycleId);
    if (answer.type !== 'open_form') throw new Error('expected a form');
    await h.submit(KARI, FORMS.answer, answer.form.privateMetadata, { body: SECRET_ANSWER });
    const commit = await h.click(KARI, ACTIONS.newCommitment, cycleId);
    if (commit.type !== 'open_form') throw new Error('expected a form');
    await h.submit(KARI, commit.form.formId, commit.form.privateMetadata, {
      owners: 'team',
      what: 'Exit ticket hver fredag',
      trigger: 'Hver fredag',
      evidence: 'Lappene',
      due: '2026-11-26',
    });
    await h.drain();
  });
  afterAll(() => database.close());

  it('comes on Friday at 13:00 Oslo, once a week, to the rector only', async () => {
    await tickAt('2026-11-27T11:59:00Z');
    expect(await ritaDms()).toEqual([]);
    await tickAt('2026-11-27T12:00:00Z');
    await tickAt('2026-11-27T14:00:00Z');
    const got = await ritaDms();
    expect(got).toHaveLength(1);
    expect(got[0]).toContain('Refleksvik skole – ukebrev, uke 48');
    expect(await h.conversation('dm:per@refleksvik.example')).toEqual([]); // a department head gets no digest
  });

  it('gives each team in team-level figures, and never a name or an unshared word', async () => {
    const [digest] = await ritaDms();
    expect(digest).toContain('5. trinn');
    expect(digest).toContain('«Elevene våre – hvordan vet vi det?», steg 1 av 6');
    expect(digest).toContain('Denne uken: 33 % har svart');
    expect(digest).toContain('Forpliktelser: 1 nye, 0 avsluttet, 1 over fristen, 1 åpne');
    expect(digest).toContain('6. trinn');
    for (const secret of [SECRET_ANSWER, 'Kari', 'Ola', 'Nora', 'Jonas', 'Exit ticket'])
      expect(digest).not.toContain(secret);
  });

  it('reads in the rector’s own language', async () => {
    const en = await loadRectorDigest(h.db, 'demo-skole', h.clock.now(), 'en');
    expect(en.teams.map((t) => t.name)).toEqual(['5. trinn', '6. trinn']);
    expect(en.teams[0]!.week).toEqual({ status: 'held', participationPercent: 33 });
  });
});

describe('themes across shared text', () => {
  it('are the words that recur in at least two texts, without stop words in nb, nn or en', () => {
    expect(
      themesOf([
        'Vi har jobbet med lesegrupper og exit tickets i matematikk',
        'Lesegrupper fungerer, og vi vil dele metoden med andre team',
        'Vi har arbeidd med lesegrupper og matematikk i heile veka',
        'The reading groups and the exit tickets work',
      ]),
    ).toEqual(['lesegrupper', 'exit', 'matematikk', 'tickets']);
  });
});
