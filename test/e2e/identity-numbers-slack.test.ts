import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/core/loop/ids.ts';
import { commitments, responses, supportRequests, teams } from '../../src/db/schema/index.ts';
import {
  type EntryPoint,
  entryPointTests,
  type Ground,
  nothingAnywhereTest,
  proveScanner,
  scanTargetOf,
  tickAndDrain,
} from '../support/identity-numbers.ts';
import { slackDriver, text } from '../support/identity-numbers-slack.ts';
import {
  SLACK_CHANNEL as CHANNEL,
  openWeek48,
  type SlackRefleks,
  startSlackRefleks,
  SLACK_TEAM as TEAM,
  until,
} from '../support/slack-harness.ts';
import { slackEventBody } from '../support/slack-requests.ts';

const NORA_REPLY = 'Gruppen leser bedre.';
const NORA_REPLY_TS = '1700000999.000100';
const SUPPORT = 'Vi trenger mer tid til lesetrening';
const WHAT = 'Høytlesing ti minutter hver dag';
const CLEAN_COMMITMENT = {
  owners: { type: 'multi_static_select', selected_options: [{ value: 'team' }] },
  what: text(WHAT),
  trigger: text('Hvis norsktime, så høytlesing først'),
  evidence: text('Lesetest i uke 50'),
  due: { type: 'datepicker', selected_date: '2026-12-11' },
};

let s: SlackRefleks;
let teamId: string;
let cycleId: string;
let promptTs: string;
let commitmentId: string;
let supportId: string;
const { click, commandModal, commandRefused, submit, refusedOn, inThread, shortcutRefused, nextTs } =
  slackDriver(
    () => s,
    () => promptTs,
  );

const commitmentField = (field: 'what' | 'trigger' | 'evidence'): EntryPoint => ({
  name: `New commitment modal, "${field}" (view_submission)`,
  place: 'commitment_form',
  async submit(t) {
    const modal = await click('UKARI', ACTIONS.newCommitment, cycleId);
    refusedOn(field, await submit('UKARI', modal, { ...CLEAN_COMMITMENT, [field]: text(t) }));
  },
});

const WHILE_OPEN: EntryPoint[] = [
  {
    name: 'answer modal (view_submission)',
    place: 'answer_form',
    async submit(t) {
      const modal = await click('UOLA', ACTIONS.answer, cycleId);
      refusedOn('body', await submit('UOLA', modal, { body: text(t) }));
    },
  },
  {
    name: 'reply in the prompt’s thread (message event)',
    place: 'thread_reply',
    submit: (t) => inThread('UOLA', { user: 'UOLA', text: t, ts: nextTs(), thread_ts: promptTs }),
  },
  {
    name: 'edit of a thread reply that brings the number in (message_changed)',
    place: 'thread_reply',
    submit: (t) => {
      const reply = { type: 'message', user: 'UNORA', ts: NORA_REPLY_TS, thread_ts: promptTs };
      return inThread('UNORA', {
        subtype: 'message_changed',
        ts: nextTs(),
        message: { ...reply, text: t },
        previous_message: { ...reply, text: NORA_REPLY },
      });
    },
  },
  commitmentField('what'),
  commitmentField('trigger'),
  commitmentField('evidence'),
  {
    name: 'Done modal, what it did for the pupils',
    place: 'done_form',
    async submit(t) {
      const modal = await click('UOLA', ACTIONS.commitmentDone, commitmentId);
      refusedOn('impact', await submit('UOLA', modal, { impact: text(t) }));
    },
  },
  {
    name: 'Adjust modal, what changed',
    place: 'adjust_form',
    async submit(t) {
      const modal = await click('UOLA', ACTIONS.commitmentAdjust, commitmentId);
      const due = { type: 'datepicker', selected_date: '2026-12-18' };
      refusedOn('change', await submit('UOLA', modal, { due, change: text(t) }));
    },
  },
  {
    name: 'Put aside modal, why',
    place: 'drop_form',
    async submit(t) {
      const modal = await click('UOLA', ACTIONS.commitmentDrop, commitmentId);
      refusedOn('reason', await submit('UOLA', modal, { reason: text(t) }));
    },
  },
  {
    name: '/refleks support <text>: refused at the command, no modal opened',
    place: 'command',
    submit: (t) => commandRefused('UKARI', `support ${t}`),
  },
  {
    name: 'a leader’s support reply modal',
    place: 'support_reply',
    async submit(t) {
      const modal = await click('UPER', ACTIONS.supportReply, supportId);
      refusedOn('reply', await submit('UPER', modal, { reply: text(t) }));
    },
  },
  {
    name: '/refleks commit <text>: refused at the command, no modal opened',
    place: 'command',
    submit: (t) => commandRefused('UKARI', `commit ${t}`),
  },
  {
    name: 'message shortcut "Make this a commitment": refused as the command it becomes, no modal opened',
    place: 'command',
    submit: (t) => shortcutRefused('UOLA', t),
  },
  {
    name: 'other /refleks commands with the number in them: each refused at the command',
    place: 'command',
    blocks: 4,
    async submit(t) {
      for (const words of [`programme ${t}`, `commitments ${t}`, `language ${t}`, t]) {
        await commandRefused('UKARI', words);
      }
    },
  },
];

const AFTER_CLOSE: EntryPoint[] = [
  {
    name: 'share-upward modal of the closed week',
    place: 'share_form',
    async submit(t) {
      const modal = await click('UKARI', ACTIONS.shareUpward, cycleId);
      const decision = { type: 'static_select', selected_option: { value: 'share' } };
      refusedOn('shared', await submit('UKARI', modal, { decision, shared: text(t) }));
    },
  },
];

const ground = (): Ground => ({
  target: scanTargetOf(s.running),
  teamId,
  settle: () => tickAndDrain(s.running.deps, s.clock),
  publicText: () => s.fake.messages(CHANNEL).map((m) => `${m.text}\n${JSON.stringify(m.blocks)}`),
});

/** Issue 8 in Slack: signed requests to /slack/events, a fake Web API, real PostgreSQL and Redis. */
describe('identity numbers in Slack: refused at every entry point, stored nowhere', () => {
  beforeAll(async () => {
    s = await startSlackRefleks();
    const prompt = await openWeek48(s);
    await tickAndDrain(s.running.deps, s.clock); // the prompt's ts is stored, so replies find it
    promptTs = prompt.ts;
    cycleId = JSON.stringify(prompt.blocks).match(/"value":"([0-9a-f-]{36})"/)![1]!;
    teamId = (await s.db.select().from(teams))[0]!.id;
    // What the entry points below build on: Nora's answer in the thread, a commitment, a support request.
    await s.send(
      slackEventBody({
        teamId: TEAM,
        event: {
          type: 'message',
          user: 'UNORA',
          channel: CHANNEL,
          text: NORA_REPLY,
          ts: NORA_REPLY_TS,
          thread_ts: promptTs,
        },
      }),
    );
    await until('Nora’s answer', async () =>
      (await s.db.select().from(responses)).some((r) => r.body === NORA_REPLY),
    );
    const made = await submit(
      'UKARI',
      await click('UKARI', ACTIONS.newCommitment, cycleId),
      CLEAN_COMMITMENT,
    );
    expect(made).toEqual({ status: 200, text: '' });
    commitmentId = (await s.db.select().from(commitments))[0]!.id;
    expect(await submit('UKARI', await commandModal('UKARI', 'support'), { body: text(SUPPORT) })).toEqual({
      status: 200,
      text: '',
    });
    supportId = (await s.db.select().from(supportRequests))[0]!.id;
    await tickAndDrain(s.running.deps, s.clock);
  });
  afterAll(() => s?.stop());

  it('has a scanner that finds ordinary text where it was stored, and the numbers put there on purpose', () =>
    proveScanner(ground(), [
      { table: 'public.responses', sentence: NORA_REPLY },
      { table: 'public.commitments', sentence: WHAT },
      { table: 'public.support_requests', sentence: SUPPORT },
    ]));

  describe('while the week is open', () => entryPointTests(ground, WHILE_OPEN));

  describe('after the week closed', () => {
    beforeAll(async () => {
      s.clock.set('2026-12-02T13:00:00Z');
      await tickAndDrain(s.running.deps, s.clock);
    });
    entryPointTests(ground, AFTER_CLOSE);
  });

  nothingAnywhereTest(ground);
});
