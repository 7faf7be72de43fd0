import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ACTIONS, FORMS } from '../../src/core/loop/ids.ts';
import {
  edgeString,
  hostileJson,
  hostileString,
  hugeString,
  mutationsOf,
} from '../support/fuzz-arbitraries.ts';
import { changedTables, databaseFingerprinter, type Fingerprint } from '../support/fuzz-db.ts';
import { LIFTED, postSignedToSlack } from '../support/fuzz-http.ts';
import {
  SLACK_CHANNEL,
  SLACK_SECRET,
  SLACK_TEAM,
  type SlackRefleks,
  startSlackRefleks,
} from '../support/slack-harness.ts';
import {
  blockActionPayload,
  slackCommandBody,
  slackInteractionBody,
  viewClosedPayload,
  viewSubmissionPayload,
} from '../support/slack-requests.ts';

/**
 * Hostile interactivity and slash commands at POST /slack/events, all correctly signed: `payload=`
 * with broken JSON, block_actions / view_submission / shortcuts of random shapes, and commands with
 * unicode-edge text. Every answer is below 500 and nothing is stored: the database holds no cycle,
 * commitment or support request for a random id to reach, and commands that may write (language,
 * pause, resume, programme) are the only ones allowed to.
 */

const KNOWN_USERS = ['UKARI', 'UOLA', 'UNORA', 'UPER'];
const user = fc.oneof(fc.constantFrom(...KNOWN_USERS), fc.constantFrom('UNOBODY', ''), edgeString(12));
const id = fc.oneof(fc.uuid(), edgeString(20), fc.constant(''));

/** Button clicks of every kind Refleks sends, with random values, then mutated. */
const blockActions = fc
  .record({
    userId: fc.constantFrom(...KNOWN_USERS, 'UNOBODY'),
    actionId: fc.oneof(fc.constantFrom(...Object.values(ACTIONS)), edgeString(20)),
    value: fc.oneof(
      id,
      hostileString,
      hostileJson.map((v) => JSON.stringify(v) ?? ''),
    ),
    inMessage: fc.boolean(),
  })
  .chain(({ userId, actionId, value, inMessage }) =>
    fc.oneof(
      fc.constant(
        blockActionPayload({
          teamId: SLACK_TEAM,
          userId,
          actionId,
          value,
          ...(inMessage ? { channelId: SLACK_CHANNEL, messageTs: '1764000000.000100' } : { viewId: 'V1' }),
        }),
      ),
      mutationsOf(blockActionPayload({ teamId: SLACK_TEAM, userId, actionId, value, viewId: 'V1' })),
    ),
  );

/** Random form state: `{ [blockId]: { [actionId]: { type, value | selected_option | … } } }`. */
const stateValues = fc.dictionary(
  fc.oneof(fc.constantFrom('body', 'what', 'who', 'due', 'rating', 'team', 'impact', 'reply'), edgeString(8)),
  fc.dictionary(
    edgeString(8),
    fc.oneof(
      fc.record({ type: fc.constant('plain_text_input'), value: fc.oneof(hostileString, fc.constant(null)) }),
      fc.record({
        type: fc.constant('static_select'),
        selected_option: fc.oneof(fc.constant(null), fc.record({ value: edgeString() })),
      }),
      fc.record({
        type: fc.constant('multi_users_select'),
        selected_users: fc.array(user, { maxLength: 3 }),
      }),
      fc.record({
        type: fc.constant('datepicker'),
        selected_date: fc.oneof(edgeString(12), fc.constant(null)),
      }),
      hostileJson,
    ),
    { maxKeys: 3 },
  ),
  { maxKeys: 4 },
);

const privateMetadata = fc.oneof(
  hostileString,
  fc.record({ cycleId: id, commitmentId: fc.option(id) }).map((c) => JSON.stringify(c)),
  fc.record({ teamId: id, supportId: fc.option(id) }).map((c) => JSON.stringify(c)),
  hostileJson.map((v) => JSON.stringify(v) ?? ''),
);

const viewSubmissions = fc
  .record({
    userId: fc.constantFrom(...KNOWN_USERS, 'UNOBODY'),
    callbackId: fc.oneof(fc.constantFrom(...Object.values(FORMS), 'refleks.toString'), edgeString(20)),
    metadata: privateMetadata,
    values: stateValues,
  })
  .chain(({ userId, callbackId, metadata, values }) => {
    const payload = viewSubmissionPayload({
      teamId: SLACK_TEAM,
      userId,
      view: { id: 'V1', callback_id: callbackId, private_metadata: metadata, state: { values } },
    });
    return fc.oneof(fc.constant(payload), mutationsOf(payload));
  });

/** "Make this a commitment" on a message, and a closed modal. */
const otherInteractions = fc.oneof(
  mutationsOf({
    type: 'message_action',
    callback_id: 'refleks.make_commitment',
    trigger_id: 'T1.trigger',
    user: { id: 'UKARI', team_id: SLACK_TEAM },
    team: { id: SLACK_TEAM },
    channel: { id: SLACK_CHANNEL },
    message: { type: 'message', text: 'Vi prøver exit tickets', ts: '1764000000.000100' },
    response_url: 'http://127.0.0.1:9/r',
  }),
  mutationsOf(
    viewClosedPayload({ teamId: SLACK_TEAM, userId: 'UKARI', view: { id: 'V1', callback_id: FORMS.answer } }),
  ),
);

/** `payload=` whose JSON is broken, truncated, or no object at all. */
const brokenPayload = fc.oneof(
  hostileString.map((text) => new URLSearchParams({ payload: text }).toString()),
  fc.tuple(blockActions, fc.nat()).map(([p, cut]) => {
    const json = JSON.stringify(p);
    return new URLSearchParams({ payload: json.slice(0, cut % json.length) }).toString();
  }),
  fc.constantFrom('null', '1', '"x"', '[]', 'true', '{}', '{"type":null}').map((json) => `payload=${json}`),
  fc.tuple(hostileString, hostileString).map(([a, b]) => `payload={${a}&${b}=%&payload=`),
);

let s: SlackRefleks;
let fingerprint: () => Promise<Fingerprint>;
const send = (body: string) => postSignedToSlack(`${s.running.url}/slack/events`, SLACK_SECRET, body);

const expectUnchanged = async (before: Fingerprint) =>
  expect(changedTables(before, await fingerprint())).toEqual([]);

beforeAll(async () => {
  // Bolt warns on the console for every request it cannot type ("Could not determine the type…").
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  s = await startSlackRefleks(undefined, { env: LIFTED });
  // What Refleks creates once, on first use, is created before the fingerprint is taken: the web
  // overview's link key (app_secrets), made by a leader's first overview.
  expect((await s.command('UPER', 'overview')).status).toBe(200);
  fingerprint = await databaseFingerprinter(s.db);
});

afterAll(async () => {
  vi.restoreAllMocks();
  await s?.stop();
});

describe('Slack interactivity and slash commands with hostile input (signed)', () => {
  it('answers block actions, view submissions, shortcuts and broken payloads below 500, storing nothing', async () => {
    const body = fc.oneof(
      blockActions.map(slackInteractionBody),
      viewSubmissions.map(slackInteractionBody),
      otherInteractions.map(slackInteractionBody),
      brokenPayload,
    );
    await fc.assert(
      fc.asyncProperty(body, async (raw) => {
        const before = await fingerprint();
        const answer = await send(raw);
        expect(answer.status).toBeLessThan(500);
        await expectUnchanged(before);
      }),
      { numRuns: 400 },
    );
  });

  it('answers slash commands with unicode-edge, huge and wrongly shaped fields below 500', async () => {
    const WRITING_VERBS = /^(language|språk|sprak|pause|resume|fortsett|gjenoppta|programme|program)$/i;
    const command = fc.record({
      userId: user,
      text: fc.oneof(
        { arbitrary: hostileString, weight: 4 },
        {
          arbitrary: fc
            .tuple(
              fc.constantFrom('help', 'status', 'commit', 'support', 'overview', 'commitments'),
              hostileString,
            )
            .map(([v, t]) => `${v} ${t}`),
          weight: 2,
        },
        { arbitrary: hugeString, weight: 1 },
      ),
      channelId: fc.oneof(fc.constant(SLACK_CHANNEL), edgeString(12)),
      teamId: fc.oneof(fc.constant(SLACK_TEAM), edgeString(12)),
      commandName: fc.oneof(fc.constant('/refleks'), edgeString(10)),
      extra: fc.dictionary(edgeString(8), hostileString, { maxKeys: 3 }),
    });
    await fc.assert(
      fc.asyncProperty(command, async (c) => {
        const before = await fingerprint();
        const body = slackCommandBody({
          ...c.extra,
          team_id: c.teamId,
          user_id: c.userId,
          channel_id: c.channelId,
          command: c.commandName,
          text: c.text,
        });
        const answer = await send(body);
        expect(answer.status).toBeLessThan(500);
        const verb = c.text.trim().split(/\s+/)[0] ?? '';
        if (!WRITING_VERBS.test(verb)) await expectUnchanged(before);
      }),
      { numRuns: 300 },
    );
  });

  it('still answers afterwards: /healthz and a well-formed slash command', async () => {
    expect((await fetch(`${s.running.url}/healthz`)).status).toBe(200);
    const help = await s.command('UKARI', 'help');
    expect(help.status).toBe(200);
    expect(JSON.parse(help.text)).toMatchObject({ response_type: 'ephemeral', text: expect.any(String) });
  });
});
