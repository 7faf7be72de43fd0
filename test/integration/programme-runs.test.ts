import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInboundHandler } from '../../src/app/inbound/handle-inbound.ts';
import { applyOrg, loadOrgFile } from '../../src/app/org/index.ts';
import { teamStatuses } from '../../src/app/status.ts';
import type { InboundResult } from '../../src/core/chat/port.ts';
import { ACTIONS, FORMS } from '../../src/core/loop/ids.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { cycles, programmeRuns } from '../../src/db/schema/index.ts';
import { DEMO_ORG_FILE } from '../../src/runtime/demo.ts';
import { createLoopHarness, type LoopHarness } from '../support/loop-harness.ts';

const KARI = 'kari@refleksvik.example'; // team lead of demo-5trinn
const OLA = 'ola@refleksvik.example';

/** A team's programmes over time: chosen in chat by the team lead, offered again when one ends. */
describe('programme runs', () => {
  let database: Database;
  let h: LoopHarness;
  let say: (email: string, text: string) => Promise<InboundResult>;
  const status = async () => (await teamStatuses(h.db)).find((s) => s.team === 'demo-5trinn')!;
  const noticeOf = (r: InboundResult) => (r.type === 'notice' ? r.text : JSON.stringify(r));

  beforeAll(async () => {
    database = await openDatabase({ memory: true });
    h = await createLoopHarness(database, '2026-11-23T08:00:00Z');
    const inbound = createInboundHandler(h.deps);
    let n = 0;
    say = (email, text) =>
      inbound.handle({
        kind: 'command',
        eventId: `cmd-${++n}`,
        user: { platform: 'local', tenantId: 'local', userId: email },
        text,
        conversation: { platform: 'local', tenantId: 'local', conversationId: 'demo-5trinn' },
      });
  });
  afterAll(() => database.close());

  it('tells anyone the team’s programme and step, and what else there is', async () => {
    const text = noticeOf(await say(OLA, 'programme'));
    expect(text).toContain('5. trinn bruker «Elevene våre – hvordan vet vi det?», steg 1 av 6');
    expect(text).toContain('feiring («Feiring»)');
  });

  it('lets only the team lead switch, and the switch starts from the first step at the next weekly time', async () => {
    expect(noticeOf(await say(OLA, 'program feiring'))).toBe(
      'Bare teamlederen kan starte, bytte eller avslutte et program.',
    );
    expect(noticeOf(await say(KARI, 'programme tull'))).toContain('Det programmet finnes ikke.');
    const started = noticeOf(await say(KARI, 'programme feiring'));
    expect(started).toContain('5. trinn har startet «Feiring». Første spørsmål kommer torsdag 26. november');
    expect((await status()).programme).toBe('feiring');
    const runs = await h.db
      .select()
      .from(programmeRuns)
      .where(eq(programmeRuns.teamId, await h.teamId('demo-5trinn')));
    expect(runs.map((r) => [r.programmeKey, r.status]).sort()).toEqual([
      ['elevene-vare', 'replaced'],
      ['feiring', 'active'],
    ]);
  });

  it('keeps the chat’s choice when the unchanged organisation file is applied again', async () => {
    await applyOrg(h.db, await loadOrgFile(DEMO_ORG_FILE), { now: h.clock.now() });
    expect((await status()).programme).toBe('feiring');
  });

  it('offers the team lead the next programme in the summary when the last step is held', async () => {
    h.clock.set('2026-11-26T13:00:00Z');
    await h.tick();
    await h.drain();
    h.clock.set('2026-12-02T13:00:00Z');
    await h.tick();
    await h.drain();
    const [prompt] = await h.conversation('demo-5trinn');
    expect(prompt!.replies.join('\n')).toContain(
      'Dette var siste steg i programmet. Teamlederen kan velge det neste.',
    );
    expect((await status()).nextPromptAt).toBeNull();
    const cycleId = await lastCycleId();
    expect(noticeOf(await h.click(OLA, ACTIONS.nextProgramme, cycleId))).toBe(
      'Bare teamlederen kan starte, bytte eller avslutte et program.',
    );
    const opened = await h.click(KARI, ACTIONS.nextProgramme, cycleId);
    if (opened.type !== 'open_form') throw new Error(noticeOf(opened));
    const options = opened.form.inputs[0]!.type === 'select' ? opened.form.inputs[0]!.options : [];
    expect(options.map((o) => o.value)).toContain('fire-sporsmal');
    expect(options.map((o) => o.value)).not.toContain('ledelse-for-laering'); // for leadership teams
    const chosen = await h.submit(
      KARI,
      FORMS.nextProgramme,
      opened.form.privateMetadata,
      { programme: 'fire-sporsmal' },
      'pick-1',
    );
    expect(noticeOf(chosen)).toContain('har startet «Fire spørsmål»');
    // Teams re-sends a submission it got no answer to: nothing starts twice.
    await h.submit(
      KARI,
      FORMS.nextProgramme,
      opened.form.privateMetadata,
      { programme: 'fire-sporsmal' },
      'pick-1',
    );
    const active = (await h.db.select().from(programmeRuns)).filter((r) => r.status === 'active');
    expect(active.map((r) => r.programmeKey).sort()).toEqual(['elevene-vare', 'fire-sporsmal']); // 6. trinn unchanged
    expect((await status()).nextQuestion).toContain('Hva er det viktigste elevene skal lære');
  });

  it('lets the team lead finish a programme: no more prompts, and a re-apply does not restart it', async () => {
    expect(noticeOf(await say(KARI, 'programme avslutt'))).toBe(
      '5. trinn har avsluttet «Fire spørsmål». Det kommer ingen flere spørsmål før dere starter et nytt program.',
    );
    expect(noticeOf(await say(KARI, 'programme avslutt'))).toBe('5. trinn har ikke noe program som kjører.');
    await applyOrg(h.db, await loadOrgFile(DEMO_ORG_FILE), { now: h.clock.now() });
    const s = await status();
    expect([s.programme, s.nextPromptAt]).toEqual([null, null]);
    expect(noticeOf(await say(OLA, 'programme'))).toContain('5. trinn har ikke noe program nå.');
  });

  async function lastCycleId() {
    const rows = await h.db
      .select()
      .from(cycles)
      .where(eq(cycles.teamId, await h.teamId('demo-5trinn')));
    return rows.filter((c) => c.status === 'closed').at(-1)!.id;
  }
});
