/** The inbound bench's rows, set-up text and printout. */
import { readFileSync } from 'node:fs';
import { cpus, release } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../test/support/cli-process.ts';
import { type LoadResult, percentile } from './inbound-load.ts';
import type { OrgShape, StoredAnswers } from './inbound-refleks.ts';
import type { BenchRow, BenchSection } from './result.ts';

export const P99_TARGET_MS = 50;
export const RSS_TARGET_MB = 250;
/** How long Slack waits for an ack, and Teams for an invoke's answer; later, the person sees an error. */
export const SLACK_WAITS_MS = 3_000;
export const TEAMS_WAITS_MS = 5_000;
/** adapters/slack/receiver.ts answers Slack itself (an empty 200) when the listener has not acked by then. */
const SLACK_ACK_DEADLINE_MS = 2_500;

export interface Measured {
  result: LoadResult;
  warmupErrors: number;
  /** The index of the first measured request (the warm-up's requests come before it). */
  firstIndex: number;
  /** CPU of the server process per measured request, including work it finished after the acks. */
  cpuPerRequestMs: number | null;
}

export interface InboundFigures {
  rate: number;
  seconds: number;
  warmupSeconds: number;
  shape: OrgShape;
  preparedSeconds: number;
  refleksSlack: Measured;
  refleksTeams: Measured;
  bolt: Measured;
  botbuilder: Measured;
  /** The answers in the database once the web process had stopped. */
  stored: StoredAnswers;
  /** The 1-minute load average as the bench began and as it ended (other work on the machine shows here). */
  loadAverage: { before: number; after: number };
  /** Peak RSS (VmHWM) after both loads, and RSS and peak once ready before any load, in MiB. */
  memory: { peak: number | null; readyRss: number | null; readyPeak: number | null };
}

const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)} ms` : 'n/a');
const mib = (value: number | null) => (value === null ? 'n/a' : `${value.toFixed(0)} MiB`);
/** The target is in MB (10^6 bytes); /proc counts KiB. */
const toMB = (mebibytes: number) => (mebibytes * 1024 * 1024) / 1e6;

/** Resident memory now (VmRSS), in MiB; null where /proc cannot tell. */
export function residentMiB(pid: number): number | null {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

export function packageVersion(pkg: string): string {
  try {
    const file = join(ROOT, 'node_modules', pkg, 'package.json');
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}

function latencyRows(label: string, m: Measured, refleks: 'slack' | 'teams' | null): BenchRow[] {
  const { result } = m;
  const p50 = percentile(result.latencies, 50);
  const p99 = percentile(result.latencies, 99);
  const met = refleks ? p99 < P99_TARGET_MS && result.errors === 0 : null;
  const target = refleks ? `p99 < ${P99_TARGET_MS} ms` : '';
  const notes: string[] = [];
  if (refleks && p99 >= P99_TARGET_MS) notes.push(`p99 ${ms(p99)} is over the target`);
  const fallback = result.latencies.filter(
    (latency) => latency >= SLACK_ACK_DEADLINE_MS && latency < SLACK_WAITS_MS,
  ).length;
  if (refleks === 'slack' && fallback)
    notes.push(
      `${fallback} requests were answered by the receiver's ${SLACK_ACK_DEADLINE_MS / 1000} s fallback (an empty 200 ` +
        'sent before the answer was checked and stored; Slack closes the modal as if it had been saved)',
    );
  if (result.errors) notes.push(`errors, e.g. ${result.samples.join(' | ')}`);
  if (m.warmupErrors) notes.push(`${m.warmupErrors} errors during the warm-up (not counted)`);
  const lag = percentile(result.lags, 99);
  if (lag > 5) notes.push(`the load generator sent late (p99 ${lag.toFixed(1)} ms behind schedule)`);
  const note = notes.length ? { note: `${label}: ${notes.join('; ')}.` } : {};
  const cpu = m.cpuPerRequestMs;
  return [
    { area: 'inbound', measure: `${label}: ack p50`, value: ms(p50), target, met },
    { area: 'inbound', measure: `${label}: ack p99`, value: ms(p99), target, met, ...note },
    {
      area: 'inbound',
      measure: `${label}: errors`,
      value: `${result.errors} / ${result.total}`,
      target,
      met,
    },
    {
      area: 'inbound',
      measure: `${label}: server CPU per request`,
      value: cpu === null ? 'n/a' : ms(cpu),
      target: '',
      met: null,
    },
  ];
}

function memoryRows(memory: InboundFigures['memory']): BenchRow[] {
  const { peak } = memory;
  const met = peak === null ? null : toMB(peak) < RSS_TARGET_MB;
  const why =
    peak === null
      ? 'web peak RSS: /proc/<pid>/status has no VmHWM here.'
      : met
        ? null
        : `web peak RSS: ${toMB(peak).toFixed(0)} MB is over the target; the process had already peaked at ` +
          `${mib(memory.readyPeak)} while starting and held ${mib(memory.readyRss)} once ready, before any load.`;
  return [
    {
      area: 'memory',
      measure: 'web peak RSS (inbound load)',
      value: mib(peak),
      target: `< ${RSS_TARGET_MB} MB`,
      met,
      ...(why ? { note: why } : {}),
    },
    {
      area: 'memory',
      measure: 'web RSS once ready, before load',
      value: mib(memory.readyRss),
      target: '',
      met: null,
    },
  ];
}

/** Of the measured requests, how many were a person's first answer in the cycle (the rest edit it). */
function firstAnswers(f: InboundFigures, m: Measured): number {
  const people = f.shape.teams * f.shape.members;
  return Math.max(0, Math.min(m.firstIndex + m.result.total, people) - m.firstIndex);
}

export function inboundSection(f: InboundFigures): BenchSection {
  const cpu = cpus();
  const bolt = packageVersion('@slack/bolt');
  const botbuilder = packageVersion('botbuilder');
  const people = f.shape.teams * f.shape.members;
  return {
    rows: [
      ...latencyRows('Refleks, Slack view_submission', f.refleksSlack, 'slack'),
      ...latencyRows('Refleks, Teams adaptiveCard/action', f.refleksTeams, 'teams'),
      ...latencyRows(`bare Bolt ${bolt}`, f.bolt, null),
      ...latencyRows(`bare botbuilder ${botbuilder}`, f.botbuilder, null),
      ...memoryRows(f.memory),
    ],
    setup: [
      `Inbound, machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, Node ${process.version}, Linux ${release()}. ` +
        'PostgreSQL, Redis, the server under test (a child process of its own) and the load generator (the bench ' +
        `process) share it, all on 127.0.0.1. The 1-minute load average was ${f.loadAverage.before.toFixed(1)} as ` +
        `this part began and ${f.loadAverage.after.toFixed(1)} as it ended: above ${cpu.length} means processes ` +
        'queued for a core, and whatever else ran on the machine is in the numbers.',
      `Inbound, load: open loop at a fixed ${f.rate} requests/s per target (each request sent on schedule, whatever ` +
        `is outstanding): ${f.warmupSeconds} s warm-up at that rate (not counted), a pause until the server is idle, ` +
        `then ${f.seconds} s measured (${Math.round(f.rate * f.seconds)} requests); HTTP/1.1 keep-alive. Latency runs ` +
        'from writing the request to reading the whole answer. A request still unanswered when the platform would ' +
        `give up (Slack waits ${SLACK_WAITS_MS / 1000} s for an ack, Teams ${TEAMS_WAITS_MS / 1000} s for an invoke) ` +
        'is given up too and counts with that time. ' +
        'Slack and Teams are measured one after the other, each at the full rate. An error is a non-2xx, no answer ' +
        'by that deadline, or an ack that refuses the answer. Server CPU per request is the process’s user + system time ' +
        'over the measured run, until it was idle again, divided by the requests.',
      `Inbound, Refleks: \`refleks serve --role web\` (it migrates the fresh PostgreSQL database itself) with Redis; ` +
        `${f.shape.teams} Slack-bound and ${f.shape.teams} Teams-bound teams of ${f.shape.members} members ` +
        `(${people} people per platform), a cycle opened in each (set up in ${f.preparedSeconds.toFixed(1)} s). ` +
        'REFLEKS_INBOUND_PER_TENANT_PER_SECOND=100000, because the default limit (50 requests/s per Slack workspace ' +
        'or Teams tenant) would refuse one workspace sending 200/s. The web role runs no worker: the outbox rows each ' +
        'answer writes are handed to BullMQ in Redis (a logical database of its own, flushed afterwards) and wait there.',
      'Inbound, requests: Slack, a view_submission of the answer modal, form-encoded and signed as Slack signs it, ' +
        'with the private_metadata of the modal Refleks opened (through a fake views.open) for that team; Refleks ' +
        'verifies the signature, checks the answer (identity-number guard, privacy hints) and stores it in a ' +
        'transaction before the ack. Teams, an adaptiveCard/action invoke (Action.Execute, verb refleks.submit) ' +
        'carrying the data of the answer card Refleks answered the Answer click with; authentication off (empty ' +
        'MICROSOFT_APP_ID), answered with the "saved" card. People take turns: of the measured requests, ' +
        `${firstAnswers(f, f.refleksSlack)} (Slack) and ${firstAnswers(f, f.refleksTeams)} (Teams) were a person's ` +
        'first answer (a new response, a refresh and an echo outbox row); the rest edited it (an echo_update row). ' +
        `Afterwards the database held ${f.stored.slack.answers} Slack answers (${f.stored.slack.edited} edited) and ` +
        `${f.stored.teams.answers} Teams answers (${f.stored.teams.edited} edited), of ${people} people each.`,
      `Inbound, baselines: a bare @slack/bolt ${bolt} App (its default HTTPReceiver, the same signing secret, one ` +
        `app.view listener that only acks) and a bare botbuilder ${botbuilder} CloudAdapter ` +
        '(ConfigurationBotFrameworkAuthentication, empty app id) on node:http answering the invoke with a 200 ' +
        'invokeResponse card; each a child process of its own, fed the same requests at the same rate.',
      "Memory: the web process's peak RSS (VmHWM) after both Refleks loads, read just before it was stopped.",
    ],
  };
}

export function printSection(section: BenchSection): void {
  const cells = section.rows.map((r) => [
    r.area,
    r.measure,
    r.value,
    r.target,
    r.met === null ? '' : r.met ? 'met' : 'MISSED',
  ]);
  const widths = [0, 1, 2, 3, 4].map((c) => Math.max(...cells.map((row) => row[c]!.length)));
  for (const row of cells)
    process.stdout.write(
      `${row
        .map((cell, c) => cell.padEnd(widths[c]!))
        .join('  ')
        .trimEnd()}\n`,
    );
  process.stdout.write('\n');
  for (const line of section.setup) process.stdout.write(`- ${line}\n`);
  for (const row of section.rows) if (row.note) process.stdout.write(`note: ${row.note}\n`);
}
