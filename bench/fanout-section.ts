import { cpus } from 'node:os';
import { PUBLISHED, runScenario, type Scenario, type ScenarioResult, SENDER_SHARE } from './fanout.ts';
import type { BenchRow, BenchSection } from './result.ts';
import type { BenchServices } from './services.ts';

/**
 * The fan-out part of `npm run bench`: each scenario on a database of its own, one after another
 * (they would compete for the two cores otherwise), turned into the table's rows.
 */
const SCENARIOS: Array<Scenario & { factor: number }> = [
  { platform: 'slack', perSchool: false, reminders: true, factor: 10 },
  { platform: 'teams', perSchool: false, reminders: true, factor: 2 },
  { platform: 'slack', perSchool: true, reminders: false, factor: 10 },
  { platform: 'teams', perSchool: true, reminders: false, factor: 2 },
];

const seconds = (s: number) => `${s.toFixed(1)} s`;
const percent = (part: number, whole: number) => (whole ? (100 * part) / whole : 0);

export async function runFanoutBench(services: BenchServices, scale = 1): Promise<BenchSection> {
  const rows: BenchRow[] = [];
  const setup: string[] = [];
  let peak = 0;
  for (const scenario of SCENARIOS) {
    const result = await runScenario(services, scenario, scenario.factor, scale);
    rows.push(...rowsOf(result));
    peak = Math.max(peak, result.workerPeakMiB ?? 0);
    const limit =
      scenario.platform === 'slack'
        ? `${PUBLISHED.slackPerMinute * scenario.factor} messages/min per workspace (${PUBLISHED.slackPerMinute} × ${scenario.factor}), 60/min per channel`
        : `${PUBLISHED.teamsPerSecond * scenario.factor} requests/s per tenant (${PUBLISHED.teamsPerSecond} × ${scenario.factor}), per conversation 7/1 s, 8/2 s, 60/30 s, 1800/h`;
    setup.push(
      `Fan-out, ${result.name}: ${result.tenants} ${scenario.platform === 'slack' ? 'workspace(s)' : 'tenant(s)'}; the fake enforces ${limit} over sliding windows and answers 429 + Retry-After beyond; Refleks is configured at ${Math.round(SENDER_SHARE * 100)} % of that.`,
    );
  }
  setup.push(
    'Fan-out: the Oslo organisation (refleks seed --scale oslo, without history) with every team bound to a channel and every person to a user; one worker process (`serve --role worker` wiring, concurrency 8) on one PostgreSQL and one Redis; the bench runs the tick for a fixed school week (prompts Thursday 19 November 2026 14:45, reminders Monday 23 November 09:00). Reminders go by DM in every fourth school and in the prompt’s thread elsewhere; a Teams DM to someone never written to is two requests (create the chat, send).',
    'Fan-out: wall time runs from the tick starting until the outbox has nothing left to send. The floor is the reference’s: the busiest workspace’s or tenant’s requests divided by its rate. Duplicates: a channel, thread or DM that got a message more than once; losses: expected messages that never arrived or were marked failed.',
  );
  rows.push({
    area: 'memory',
    measure: 'worker peak RSS (all fan-outs)',
    value: `${peak.toFixed(0)} MiB`,
    target: '< 250 MB',
    met: peak * 1.048576 < 250,
    note: `VmHWM of the worker process; ${cpus().length} cores shared with PostgreSQL, Redis, the fakes and the bench`,
  });
  return { rows, setup };
}

function rowsOf(result: ScenarioResult): BenchRow[] {
  const rows: BenchRow[] = [];
  for (const [phase, p] of Object.entries(result.phases)) {
    const label = `${result.name}, ${phase === 'prompts' ? 'channel prompts' : 'reminders (DM and thread)'}`;
    const ratio = p.wallSeconds / p.floorSeconds;
    rows.push(
      {
        area: 'fan-out',
        measure: `${label}: wall / floor`,
        value: `${seconds(p.wallSeconds)} / ${seconds(p.floorSeconds)} = ${ratio.toFixed(2)}×`,
        target: '≤ 1.10 × floor',
        met: ratio <= 1.1,
        note: `${p.messages} messages, ${p.requests} requests; the tick took ${seconds(p.tickSeconds)} of it`,
      },
      {
        area: 'fan-out',
        measure: `${label}: answered 429`,
        value: `${p.throttled} of ${p.calls} (${percent(p.throttled, p.calls).toFixed(2)} %)`,
        target: '< 0.5 %',
        met: percent(p.throttled, p.calls) < 0.5,
      },
      {
        area: 'fan-out',
        measure: `${label}: duplicates / losses`,
        value: `${p.duplicates} / ${p.lost}`,
        target: '0 / 0',
        met: p.duplicates === 0 && p.lost === 0,
      },
    );
  }
  return rows;
}
