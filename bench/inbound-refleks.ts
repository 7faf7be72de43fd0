/**
 * Refleks for the inbound bench: an organisation with Slack-bound and Teams-bound teams, a cycle open
 * in each, the web process as a child (`refleks serve --role web`), and the answer submissions people
 * send it, built exactly as Slack and Teams send them.
 */
import { Redis } from 'ioredis';
import postgres from 'postgres';
import { openCycleNow } from '../src/app/cycles/open-cycle-now.ts';
import { applyOrg, parseOrgText } from '../src/app/org/index.ts';
import { systemClock } from '../src/core/clock.ts';
import { ACTIONS, FORMS } from '../src/core/loop/ids.ts';
import { openDatabase } from '../src/db/client.ts';
import { migrateDatabase } from '../src/db/migrate.ts';
import { type CliProcess, cliEnv, StopWaiting, spawnCli, waitFor } from '../test/support/cli-process.ts';
import type { FakeSlack } from '../test/support/fake-slack.ts';
import {
  blockActionPayload,
  FORM_CONTENT_TYPE,
  sendToSlackEndpoint,
  signSlackRequest,
  slackInteractionBody,
  viewSubmissionPayload,
} from '../test/support/slack-requests.ts';
import {
  nextTeamsMessageId,
  postActivity,
  teamsInvokeAdaptiveCardAction,
} from '../test/support/teams-activities.ts';
import type { PreparedRequest } from './inbound-load.ts';

export const SLACK_SECRET = 'bench-signing-secret';
export const SLACK_WORKSPACE = 'T0BENCH';
export const TEAMS_TENANT = '0b0b0b0b-1111-2222-3333-be0c4be0c4be';

export interface OrgShape {
  /** Teams per platform. */
  teams: number;
  /** People per team, all members. */
  members: number;
}

const slackChannel = (t: number) => `CBENCH${t}`;
const slackUser = (t: number, m: number) => `UB${t}X${m}`;
const teamsConversation = (t: number) => `19:bench${t}@thread.tacv2`;
const teamsAad = (t: number, m: number) => `aad-bench-${t}-${m}`;

export function inboundOrgYaml(shape: OrgShape): string {
  const lines = [
    'owner: { key: bench, name: Bench kommune }',
    'schools:',
    '  - { key: s, name: Benk skole, locale: nb }',
    'teams:',
  ];
  const schedule = 'schedule: { weekday: thursday, time: "14:00" }';
  for (let t = 0; t < shape.teams; t++) {
    lines.push(
      `  - { key: slack${t}, school: s, name: Slack-team ${t}, programme: elevene-vare, ${schedule}, slack: { team_id: ${SLACK_WORKSPACE}, channel_id: ${slackChannel(t)} } }`,
      `  - { key: teams${t}, school: s, name: Teams-team ${t}, programme: elevene-vare, ${schedule}, teams: { conversation_id: "${teamsConversation(t)}", tenant_id: ${TEAMS_TENANT} } }`,
    );
  }
  lines.push('people:');
  for (let t = 0; t < shape.teams; t++) {
    for (let m = 0; m < shape.members; m++) {
      lines.push(
        `  - { email: s${t}x${m}@bench.example, name: Lærer S${t}-${m}, slack: { team_id: ${SLACK_WORKSPACE}, user_id: ${slackUser(t, m)} }, roles: [{ role: member, team: slack${t} }] }`,
        `  - { email: t${t}x${m}@bench.example, name: Lærer T${t}-${m}, teams: { aad_object_id: ${teamsAad(t, m)}, tenant_id: ${TEAMS_TENANT} }, roles: [{ role: member, team: teams${t} }] }`,
      );
    }
  }
  return lines.join('\n');
}

/** The open cycle of each team, by platform and team index. */
export interface OpenCycles {
  slack: string[];
  teams: string[];
}

/** Migrates the database, applies the organisation and opens this week's cycle in every team. */
export async function prepareDatabase(url: string, shape: OrgShape): Promise<OpenCycles> {
  const database = await openDatabase({ url });
  try {
    await migrateDatabase(database);
    const org = parseOrgText(inboundOrgYaml(shape), 'bench-inbound.yaml');
    await applyOrg(database.db, org, { now: systemClock.now() });
    const deps = { db: database.db, clock: systemClock };
    const cycles: OpenCycles = { slack: [], teams: [] };
    for (let t = 0; t < shape.teams; t++) {
      cycles.slack.push((await openCycleNow(deps, `slack${t}`)).cycle.id);
      cycles.teams.push((await openCycleNow(deps, `teams${t}`)).cycle.id);
    }
    return cycles;
  } finally {
    await database.close();
  }
}

/**
 * A logical Redis database of this bench's own (redis-server has 16): the web process's queued send
 * jobs and limiter keys cannot reach another section's worker on the same server, and are flushed after.
 */
const REDIS_DB = 7;

export function benchRedisUrl(serverUrl: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${REDIS_DB}`;
  return url.toString();
}

export async function flushRedis(url: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
}

export interface StoredAnswers {
  slack: { answers: number; edited: number };
  teams: { answers: number; edited: number };
}

/** What the database holds after the load: the check that the acks stood for answers really stored. */
export async function storedAnswers(url: string): Promise<StoredAnswers> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<{ platform: 'slack' | 'teams'; answers: number; edited: number }[]>`
      select case when t.key like 'slack%' then 'slack' else 'teams' end as platform,
             count(*)::int as answers, count(r.edited_at)::int as edited
      from responses r join cycles c on c.id = r.cycle_id join teams t on t.id = c.team_id
      where r.body is not null
      group by 1`;
    const of = (platform: 'slack' | 'teams') => {
      const row = rows.find((r) => r.platform === platform);
      return { answers: row?.answers ?? 0, edited: row?.edited ?? 0 };
    };
    return { slack: of('slack'), teams: of('teams') };
  } finally {
    await sql.end();
  }
}

/** `refleks serve --role web` with Slack (fake Web API) and Teams (authentication off) on loopback. */
export async function startRefleksWeb(input: {
  port: number;
  databaseUrl: string;
  redisUrl: string;
  slackApiUrl: string;
}): Promise<CliProcess> {
  const proc = spawnCli(
    ['serve', '--role', 'web'],
    cliEnv({
      HOST: '127.0.0.1',
      PORT: String(input.port),
      DATABASE_URL: input.databaseUrl,
      REDIS_URL: input.redisUrl,
      SLACK_SIGNING_SECRET: SLACK_SECRET,
      SLACK_BOT_TOKEN: 'xoxb-bench-token',
      SLACK_API_URL: input.slackApiUrl,
      MICROSOFT_APP_ID: '',
      REFLEKS_LOCAL_CHAT: 'off',
      REFLEKS_DEMO: 'off',
      // The default (50 per workspace or tenant per second) would refuse a single workspace's 200/s.
      REFLEKS_INBOUND_PER_TENANT_PER_SECOND: '100000',
      LOG_LEVEL: 'warn',
    }),
  );
  try {
    await waitFor(
      '/readyz to answer 200',
      async () => {
        const exit = proc.child.exitCode ?? proc.child.signalCode;
        if (exit !== null) throw new StopWaiting(`refleks serve exited (${exit}) before it was ready`);
        return (await fetch(`http://127.0.0.1:${input.port}/readyz`)).status === 200;
      },
      90_000,
      250,
    );
  } catch (error) {
    proc.killGroup();
    await proc.waitForExit(5_000);
    throw new Error(`${(error as Error).message}\nstdout: ${proc.stdout()}\nstderr: ${proc.stderr()}`);
  }
  return proc;
}

/** Stops the web process as an operator would (SIGTERM), and for good if it hangs. */
export async function stopRefleksWeb(proc: CliProcess): Promise<void> {
  proc.signal('SIGTERM');
  if (!(await proc.waitForExit(10_000))) {
    proc.killGroup();
    await proc.waitForExit(5_000);
  }
}

/** What an answer submission needs from the form Refleks opened: it differs per team (its cycle). */
export interface SlackForm {
  callbackId: string;
  privateMetadata: string;
}

/** A click on the prompt's "Answer" button; Refleks opens its modal through (fake) views.open. */
export async function openSlackForm(
  base: string,
  fake: FakeSlack,
  team: number,
  cycleId: string,
): Promise<SlackForm> {
  const triggerId = `bench-open-${team}-${Date.now()}`;
  const click = slackInteractionBody(
    blockActionPayload({
      teamId: SLACK_WORKSPACE,
      userId: slackUser(team, 0),
      channelId: slackChannel(team),
      messageTs: '1700000000.000100',
      actionId: ACTIONS.answer,
      value: cycleId,
      triggerId,
    }),
  );
  const res = await sendToSlackEndpoint(base, { body: click, secret: SLACK_SECRET });
  if (res.status !== 200) throw new Error(`the Answer click got HTTP ${res.status}: ${await res.text()}`);
  const call = await waitFor(
    'views.open for the answer form',
    async () => fake.callsTo('views.open').find((c) => c.args.trigger_id === triggerId),
    10_000,
    20,
  );
  const view = call.args.view as { callback_id: string; private_metadata: string; blocks: unknown[] };
  if (view.callback_id !== FORMS.answer || !JSON.stringify(view.blocks).includes('"block_id":"body"'))
    throw new Error(`unexpected answer modal: ${JSON.stringify(view).slice(0, 400)}`);
  return { callbackId: view.callback_id, privateMetadata: view.private_metadata };
}

/** The submit data of the answer card Refleks shows in place of the clicked prompt card. */
export async function openTeamsForm(
  base: string,
  serviceUrl: string,
  team: number,
  cycleId: string,
): Promise<Record<string, unknown>> {
  const res = await postActivity(
    base,
    teamsInvokeAdaptiveCardAction({
      serviceUrl,
      tenantId: TEAMS_TENANT,
      conversationId: teamsConversation(team),
      replyToId: nextTeamsMessageId(),
      fromAadObjectId: teamsAad(team, 0),
      verb: ACTIONS.answer,
      data: { value: cycleId },
    }),
  );
  const body = (await res.json()) as { value?: { actions?: { data?: Record<string, unknown> }[] } };
  const data = body.value?.actions?.[0]?.data;
  if (res.status !== 200 || !data || data.formId !== FORMS.answer)
    throw new Error(`unexpected answer card (HTTP ${res.status}): ${JSON.stringify(body).slice(0, 400)}`);
  return data;
}

const OPENINGS = [
  'Denne uka prøvde vi',
  'Vi fortsatte med',
  'I gruppa vår startet vi',
  'Etter møtet testet vi',
];
const PRACTICES = [
  'lesegrupper',
  'exit-lapper',
  'læringspartnere',
  'tydelige mål på tavla',
  'stasjonsarbeid',
];

/** Answers that differ from one another, without names or numbers the privacy hints react to. */
export function answerText(i: number): string {
  const opening = OPENINGS[i % OPENINGS.length];
  const practice = PRACTICES[Math.floor(i / OPENINGS.length) % PRACTICES.length];
  return `${opening} ${practice}, og flere elever kom i gang raskere enn før. Forsøk nummer ${i}.`;
}

/** The i-th submission on Slack: person i mod the team's size, each from a modal of its own (view id). */
export function slackSubmission(
  i: number,
  forms: SlackForm[],
  shape: OrgShape,
  runTag: string,
): PreparedRequest {
  const team = i % shape.teams;
  const member = Math.floor(i / shape.teams) % shape.members;
  const form = forms[team]!;
  const body = slackInteractionBody(
    viewSubmissionPayload({
      teamId: SLACK_WORKSPACE,
      userId: slackUser(team, member),
      view: {
        id: `V${runTag}${i}`,
        callback_id: form.callbackId,
        private_metadata: form.privateMetadata,
        state: { values: { body: { body: { type: 'plain_text_input', value: answerText(i) } } } },
      },
    }),
  );
  return {
    path: '/slack/events',
    headers: {
      'content-type': FORM_CONTENT_TYPE,
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      ...signSlackRequest(SLACK_SECRET, body),
    },
    body: Buffer.from(body),
  };
}

/** The i-th submission on Teams: the answer card's Action.Execute (adaptiveCard/action invoke). */
export function teamsSubmission(
  i: number,
  forms: Record<string, unknown>[],
  shape: OrgShape,
  serviceUrl: string,
): PreparedRequest {
  const team = i % shape.teams;
  const member = Math.floor(i / shape.teams) % shape.members;
  const activity = teamsInvokeAdaptiveCardAction({
    serviceUrl,
    tenantId: TEAMS_TENANT,
    conversationId: teamsConversation(team),
    replyToId: nextTeamsMessageId(),
    fromAadObjectId: teamsAad(team, member),
    verb: 'refleks.submit',
    data: { ...forms[team]!, body: answerText(i) },
  });
  return {
    path: '/api/messages',
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'Microsoft-SkypeBotApi (Microsoft-BotFramework/3.0)',
    },
    body: Buffer.from(JSON.stringify(activity)),
  };
}
