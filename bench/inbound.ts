/**
 * The inbound bench (issue 9): a fixed-rate open-loop load of signed Slack answer submissions and
 * Teams answer invokes against `refleks serve --role web`, next to a bare Bolt app and a bare
 * botbuilder bot fed the same requests at the same rate on the same machine, and the web process's
 * peak RSS under that load. Everything listens on 127.0.0.1 only.
 *
 * Alone: `npx tsx bench/inbound.ts` (BENCH_INBOUND_RATE, BENCH_INBOUND_SECONDS for quicker tries).
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { t } from '../src/core/i18n/index.ts';
import { type CliProcess, freePort, killAllCli } from '../test/support/cli-process.ts';
import { type FakeConnector, startFakeConnector } from '../test/support/fake-connector.ts';
import { type FakeSlack, startFakeSlack } from '../test/support/fake-slack.ts';
import { type Baseline, type BaselineKind, startBaseline } from './inbound-baselines.ts';
import { cpuSeconds, type PreparedRequest, runOpenLoop, settle } from './inbound-load.ts';
import {
  benchRedisUrl,
  flushRedis,
  type OrgShape,
  openSlackForm,
  openTeamsForm,
  prepareDatabase,
  SLACK_SECRET,
  SLACK_WORKSPACE,
  slackSubmission,
  startRefleksWeb,
  stopRefleksWeb,
  storedAnswers,
  teamsSubmission,
} from './inbound-refleks.ts';
import {
  inboundSection,
  type Measured,
  printSection,
  residentMiB,
  SLACK_WAITS_MS,
  TEAMS_WAITS_MS,
} from './inbound-report.ts';
import type { BenchSection } from './result.ts';
import { type BenchServices, peakRssMiB, startBenchServices } from './services.ts';

const WARMUP_SECONDS = 2;
/** Enough people that most of a run's answers are first answers, not edits of one a moment old. */
const SHAPE: OrgShape = { teams: 200, members: 10 };
/** Forms opened at once while setting up: the set-up should be quick, not a load of its own. */
const OPENING_CONCURRENCY = 8;
const SAVED = t('nb', 'notice.answerSaved');

interface Platform {
  accept: (status: number, body: string) => boolean;
  /** How long the platform waits for the answer; a later one is a failure the person sees. */
  timeoutMs: number;
}

const SLACK: Platform = {
  // A saved modal is acked with an empty 200; anything in the body (`response_action: errors`) refused it.
  accept: (_status, body) => body.trim() === '',
  timeoutMs: SLACK_WAITS_MS,
};
const TEAMS: Platform = {
  // The card shown in place says the answer was saved (an invalid one shows the form again).
  accept: (_status, body) => body.includes(SAVED),
  timeoutMs: TEAMS_WAITS_MS,
};

interface Target {
  port: number;
  /** The server's process, to wait until it is idle and to read its CPU time. */
  pid: number;
  rate: number;
  seconds: number;
  build: (i: number) => PreparedRequest;
  platform: Platform;
}

/**
 * A warm-up at the full rate (not counted), then a pause until the server is idle, so neither the
 * warm-up's backlog nor work a server does after its acks spills into the measured run.
 */
async function measure(target: Target): Promise<Measured> {
  const batch = (from: number, count: number) =>
    Array.from({ length: count }, (_, k) => target.build(from + k));
  const warmupCount = Math.round(target.rate * WARMUP_SECONDS);
  const load = { port: target.port, rate: target.rate, ...target.platform };
  const warmup = await runOpenLoop({ ...load, requests: batch(0, warmupCount) });
  await settle(target.pid);
  const requests = batch(warmupCount, Math.round(target.rate * target.seconds));
  const cpuBefore = cpuSeconds(target.pid);
  const result = await runOpenLoop({ ...load, requests });
  await settle(target.pid);
  const cpuAfter = cpuSeconds(target.pid);
  const cpuPerRequestMs =
    cpuBefore === null || cpuAfter === null ? null : ((cpuAfter - cpuBefore) * 1000) / requests.length;
  return { result, warmupErrors: warmup.errors, firstIndex: warmupCount, cpuPerRequestMs };
}

/** Runs `open` for 0..count-1, a few at a time, keeping the order of the results. */
async function inParallel<T>(count: number, open: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const i = next++;
      results[i] = await open(i);
    }
  };
  await Promise.all(Array.from({ length: OPENING_CONCURRENCY }, lane));
  return results;
}

export async function runInboundBench(
  services: BenchServices,
  options: { rate?: number; seconds?: number } = {},
): Promise<BenchSection> {
  const rate = options.rate ?? 200;
  const seconds = options.seconds ?? 20;
  const loadBefore = loadavg()[0]!;
  let fake: FakeSlack | undefined;
  let connector: FakeConnector | undefined;
  let web: CliProcess | undefined;
  let baseline: Baseline | undefined;
  const redisUrl = benchRedisUrl(services.redisUrl);
  try {
    await flushRedis(redisUrl);
    fake = await startFakeSlack({ teamId: SLACK_WORKSPACE });
    connector = await startFakeConnector({ tenantId: 'bench' });
    const slackApiUrl = fake.url;
    const serviceUrl = connector.serviceUrl;
    const preparing = performance.now();
    const databaseUrl = await services.createDatabase('bench_inbound');
    const cycles = await prepareDatabase(databaseUrl, SHAPE);
    const port = await freePort();
    web = await startRefleksWeb({ port, databaseUrl, redisUrl, slackApiUrl });
    const webPid = web.pid;
    const ready = { readyRss: residentMiB(webPid), readyPeak: peakRssMiB(webPid) };
    const base = `http://127.0.0.1:${port}`;
    const slackForms = await inParallel(SHAPE.teams, (team) =>
      openSlackForm(base, fake!, team, cycles.slack[team]!),
    );
    const teamsForms = await inParallel(SHAPE.teams, (team) =>
      openTeamsForm(base, serviceUrl, team, cycles.teams[team]!),
    );
    const preparedSeconds = (performance.now() - preparing) / 1000;

    const slack = (tag: string) => (i: number) => slackSubmission(i, slackForms, SHAPE, tag);
    const teams = (i: number) => teamsSubmission(i, teamsForms, SHAPE, serviceUrl);
    const common = { port, pid: webPid, rate, seconds };
    const refleksSlack = await measure({ ...common, build: slack('R'), platform: SLACK });
    const refleksTeams = await measure({ ...common, build: teams, platform: TEAMS });
    const peak = peakRssMiB(webPid);
    await stopRefleksWeb(web);
    web = undefined;
    const stored = await storedAnswers(databaseUrl);

    const runBaseline = async (kind: BaselineKind, build: (i: number) => PreparedRequest) => {
      const baselinePort = await freePort();
      baseline = await startBaseline(kind, baselinePort, { signingSecret: SLACK_SECRET, slackApiUrl });
      try {
        return await measure({
          port: baselinePort,
          pid: baseline.child.pid!,
          rate,
          seconds,
          build,
          platform: kind === 'bolt' ? SLACK : TEAMS,
        });
      } finally {
        await baseline.stop();
        baseline = undefined;
      }
    };
    const bolt = await runBaseline('bolt', slack('B'));
    const botbuilder = await runBaseline('botbuilder', teams);

    return inboundSection({
      rate,
      seconds,
      warmupSeconds: WARMUP_SECONDS,
      shape: SHAPE,
      preparedSeconds,
      refleksSlack,
      refleksTeams,
      bolt,
      botbuilder,
      memory: { peak, ...ready },
      stored,
      loadAverage: { before: loadBefore, after: loadavg()[0]! },
    });
  } finally {
    if (web) await stopRefleksWeb(web);
    await flushRedis(redisUrl).catch(() => {});
    // Assigned inside runBaseline: TypeScript cannot see that, so it would narrow this to undefined.
    await (baseline as Baseline | undefined)?.stop();
    await connector?.close();
    await fake?.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const services = await startBenchServices();
  // The web process runs in a process group of its own, out of reach of the terminal's Ctrl-C.
  process.once('SIGINT', () => {
    void killAllCli()
      .then(() => services.stop())
      .finally(() => process.exit(130));
  });
  try {
    const rate = Number(process.env.BENCH_INBOUND_RATE) || undefined;
    const seconds = Number(process.env.BENCH_INBOUND_SECONDS) || undefined;
    printSection(await runInboundBench(services, { ...(rate && { rate }), ...(seconds && { seconds }) }));
  } finally {
    await services.stop();
  }
}
