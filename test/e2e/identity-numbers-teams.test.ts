import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBMIT_VERB } from '../../adapters/teams/inline-form.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { ACTIONS } from '../../src/core/loop/ids.ts';
import { commitments, responses, supportRequests, teams } from '../../src/db/schema/index.ts';
import {
  type EntryPoint,
  entryPointTests,
  type Ground,
  nothingAnywhereTest,
  proveScanner,
  REFUSAL,
  scanTargetOf,
  tickAndDrain,
} from '../support/identity-numbers.ts';
import {
  cardRefused,
  dialogRefused,
  formOf,
  inlineFormIn,
  teamsDriver,
  textOf,
} from '../support/identity-numbers-teams.ts';
import {
  DEFAULT_BOT_ID,
  teamsConversationUpdateBotAdded,
  teamsMessage,
} from '../support/teams-activities.ts';
import { CHANNEL, TENANT, teamsOrg } from '../support/teams-commitment-setup.ts';
import { startTeamsRefleks, type TeamsRefleks } from '../support/teams-harness.ts';

const ORG = teamsOrg(['kari', 'ola', 'nora', 'per']);
const NORA_REPLY = 'Gruppen leser bedre.';
const NORA_REPLY_ID = '1700000000001';
const SUPPORT = 'Vi trenger mer tid til lesetrening';
const WHAT = 'Høytlesing ti minutter hver dag';
const CLEAN = {
  owners: 'team',
  what: WHAT,
  trigger: 'Hvis norsktime, så høytlesing først',
  evidence: 'Lesetest',
};

const clock = new ManualClock('2026-11-23T08:00:00Z');
let t: TeamsRefleks;
let teamId: string;
let cycleId: string;
let promptId: string;
let commitmentId: string;
let supportId: string;
const {
  from,
  post,
  execute,
  dialog,
  submitDialog,
  personal,
  commandRefused,
  messageActionRefused,
  replyRefusedPrivately,
} = teamsDriver(
  () => t,
  () => promptId,
);

const commitmentField = (field: 'what' | 'trigger' | 'evidence'): EntryPoint => ({
  name: `New commitment dialog, "${field}" (task/submit)`,
  place: 'commitment_form',
  async submit(text) {
    const { submit } = formOf(await dialog('aad-kari', ACTIONS.newCommitment, cycleId));
    dialogRefused(await submitDialog('aad-kari', { ...submit, ...CLEAN, due: '', [field]: text }));
  },
});
const commitmentDialog = (name: string, place: string, verb: string, fields: (text: string) => object) => ({
  name,
  place,
  async submit(text: string) {
    const { submit } = formOf(await dialog('aad-ola', verb, commitmentId));
    dialogRefused(await submitDialog('aad-ola', { ...submit, ...fields(text) }));
  },
});

const WHILE_OPEN: EntryPoint[] = [
  {
    name: 'answer form in place of the prompt card (Action.Execute, adaptiveCard/action)',
    place: 'answer_form',
    async submit(text) {
      const { submit } = formOf((await execute('aad-ola', ACTIONS.answer, { value: cycleId }))?.value);
      cardRefused(await execute('aad-ola', SUBMIT_VERB, { ...submit, body: text }));
    },
  },
  {
    name: 'answer form submitted as a dialog (task/submit)',
    place: 'answer_form',
    async submit(text) {
      const { submit } = formOf((await execute('aad-ola', ACTIONS.answer, { value: cycleId }))?.value);
      dialogRefused(await submitDialog('aad-ola', { ...submit, body: text }));
    },
  },
  {
    name: 'reply in the prompt’s reply chain, refused in a private 1:1 message',
    place: 'thread_reply',
    submit: (text) => replyRefusedPrivately('aad-ola', text),
  },
  {
    name: 'edit of a reply (messageUpdate): not read by Refleks, so nothing is refused or stored',
    place: null,
    async submit(text) {
      const thread = `${CHANNEL};messageid=${promptId}`;
      const reply = teamsMessage({
        ...from('aad-nora', thread),
        replyToId: promptId,
        text,
        id: NORA_REPLY_ID,
      });
      const channelData = { ...reply.channelData, eventType: 'editMessage' };
      await post({ ...reply, type: 'messageUpdate', channelData });
      const stored = await t.running.deps.db.select().from(responses);
      expect.soft(stored.map((r) => r.body)).toContain(NORA_REPLY);
    },
  },
  commitmentField('what'),
  commitmentField('trigger'),
  commitmentField('evidence'),
  commitmentDialog('Done dialog', 'done_form', ACTIONS.commitmentDone, (text) => ({ impact: text })),
  commitmentDialog('Adjust dialog', 'adjust_form', ACTIONS.commitmentAdjust, (text) => ({
    due: '2026-12-18',
    change: text,
  })),
  commitmentDialog('Put aside dialog', 'drop_form', ACTIONS.commitmentDrop, (text) => ({ reason: text })),
  {
    name: '1:1 command "support <text>": refused at the command, no form card',
    place: 'command',
    submit: (text) => commandRefused('aad-kari', `support ${text}`, 'personal'),
  },
  {
    name: 'a leader’s support reply dialog',
    place: 'support_reply',
    async submit(text) {
      const { submit } = formOf(await dialog('aad-per', ACTIONS.supportReply, supportId));
      dialogRefused(await submitDialog('aad-per', { ...submit, reply: text }));
    },
  },
  {
    name: '1:1 command "commit <text>": refused at the command, no form card',
    place: 'command',
    submit: (text) => commandRefused('aad-kari', `commit ${text}`, 'personal'),
  },
  {
    name: '@mention command "commit <text>" in the channel: refused in a 1:1 chat, no form card',
    place: 'command',
    submit: (text) => commandRefused('aad-kari', `commit ${text}`, 'channel'),
  },
  {
    name: 'message action "Make this a commitment" (composeExtension): refused at the fetch, no dialog',
    place: 'command',
    submit: (text) => messageActionRefused('aad-ola', text),
  },
  {
    name: 'other 1:1 commands with the number in them: each refused at the command',
    place: 'command',
    blocks: 4,
    async submit(text) {
      for (const words of [`programme ${text}`, `commitments ${text}`, `language ${text}`, text]) {
        await commandRefused('aad-kari', words, 'personal');
      }
    },
  },
];

const AFTER_CLOSE: EntryPoint[] = [
  {
    name: 'share-upward form in place of the card (Action.Execute)',
    place: 'share_form',
    async submit(text) {
      const { submit } = formOf((await execute('aad-kari', ACTIONS.shareUpward, { value: cycleId }))?.value);
      cardRefused(await execute('aad-kari', SUBMIT_VERB, { ...submit, decision: 'share', shared: text }));
    },
  },
];

const ground = (): Ground => ({
  target: scanTargetOf(t.running),
  teamId,
  settle: () => tickAndDrain(t.running.deps, clock),
  publicText: () => t.connector.activities(CHANNEL).map(textOf),
});

/** Issue 8 in Teams: activities to /api/messages, a fake Bot Framework connector, real PostgreSQL and Redis. */
describe('identity numbers in Teams: refused at every entry point, stored nowhere', () => {
  beforeAll(async () => {
    t = await startTeamsRefleks({ clock, org: ORG, connector: { tenantId: TENANT } });
    const db = t.running.deps.db;
    const added = { ...from('aad-kari'), teamId: CHANNEL, channelId: CHANNEL, botId: DEFAULT_BOT_ID };
    await post(teamsConversationUpdateBotAdded(added));
    clock.set('2026-11-26T13:00:00Z');
    await tickAndDrain(t.running.deps, clock);
    const prompt = t.connector
      .activities(CHANNEL)
      .find((a) => a.conversationId === CHANNEL && a.attachments?.length);
    promptId = prompt!.id;
    cycleId = textOf(prompt!).match(/"value":"([0-9a-f-]{36})"/)![1]!;
    teamId = (await db.select().from(teams))[0]!.id;
    // What the entry points build on: Nora's answer in the reply chain, a commitment, a support request.
    const thread = `${CHANNEL};messageid=${promptId}`;
    await post(
      teamsMessage({ ...from('aad-nora', thread), replyToId: promptId, text: NORA_REPLY, id: NORA_REPLY_ID }),
    );
    const { submit } = formOf(await dialog('aad-kari', ACTIONS.newCommitment, cycleId));
    expect((await submitDialog('aad-kari', { ...submit, ...CLEAN, due: '2026-12-11' })).task.type).toBe(
      'message',
    );
    commitmentId = (await db.select().from(commitments))[0]!.id;
    const { chat, sent } = await personal('aad-kari', 'support');
    const card = inlineFormIn(sent)!;
    const request = { ...formOf(card.attachments![0].content).submit, body: SUPPORT };
    expect(JSON.stringify(await execute('aad-kari', SUBMIT_VERB, request, chat, card.id))).not.toMatch(
      REFUSAL,
    );
    supportId = (await db.select().from(supportRequests))[0]!.id;
    expect((await db.select().from(responses)).map((r) => r.body)).toEqual([NORA_REPLY]);
    await tickAndDrain(t.running.deps, clock);
  });
  afterAll(() => t?.stop());

  it('has a scanner that finds ordinary text where it was stored, and the numbers put there on purpose', () =>
    proveScanner(ground(), [
      { table: 'public.responses', sentence: NORA_REPLY },
      { table: 'public.commitments', sentence: WHAT },
      { table: 'public.support_requests', sentence: SUPPORT },
    ]));

  describe('while the week is open', () => entryPointTests(ground, WHILE_OPEN));

  describe('after the week closed', () => {
    beforeAll(async () => {
      clock.set('2026-12-02T13:00:00Z');
      await tickAndDrain(t.running.deps, clock);
    });
    entryPointTests(ground, AFTER_CLOSE);
  });

  nothingAnywhereTest(ground);
});
