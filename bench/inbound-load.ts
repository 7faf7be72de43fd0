import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

/** One request, built (and for Slack signed) before the run, so the generator does no work on schedule. */
export interface PreparedRequest {
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

export interface LoadResult {
  /**
   * Latency of every request in ms, sorted ascending: until its answer was read, or until it failed
   * (a request given up after `timeoutMs` counts with that time, so failures cannot flatter the tail).
   */
  latencies: number[];
  total: number;
  errors: number;
  /** How late the generator sent, in ms (send time minus scheduled time), sorted ascending. */
  lags: number[];
  /** A few distinct failures, to say what went wrong. */
  samples: string[];
}

export interface LoadOptions {
  port: number;
  rate: number;
  requests: PreparedRequest[];
  /** Whether an answer is the success the request asked for (beyond a 2xx status). */
  accept(status: number, body: string): boolean;
  timeoutMs?: number;
}

/** Nearest-rank percentile of an ascending list; NaN for an empty one. */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/**
 * An open-loop load: request i is sent at start + i/rate whatever is still outstanding, so a slow
 * server meets a growing queue instead of a politely waiting client (no coordinated omission). Keep-
 * alive sockets, as Slack and the Bot Framework keep theirs; a new socket opens when all are busy.
 */
export async function runOpenLoop(options: LoadOptions): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1_024 });
  const timeoutMs = options.timeoutMs ?? 10_000;
  const latencies: number[] = [];
  const lags: number[] = [];
  const samples = new Set<string>();
  let errors = 0;
  const fail = (why: string) => {
    errors++;
    if (samples.size < 5) samples.add(why);
  };

  const send = (prepared: PreparedRequest) =>
    new Promise<void>((resolve) => {
      const sentAt = performance.now();
      let done = false;
      // A request ends once: an error after its answer (or a second error) must not count twice.
      const finish = (why: string | null) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        latencies.push(performance.now() - sentAt);
        if (why) fail(why);
        resolve();
      };
      const req = request(
        {
          host: '127.0.0.1',
          port: options.port,
          method: 'POST',
          path: prepared.path,
          agent,
          headers: { ...prepared.headers, 'content-length': String(prepared.body.length) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            const body = Buffer.concat(chunks).toString('utf8');
            if (status < 200 || status > 299) finish(`HTTP ${status}: ${body.slice(0, 160)}`);
            else finish(options.accept(status, body) ? null : `refused in the ack: ${body.slice(0, 160)}`);
          });
          res.on('error', (error) => finish(`response: ${error.message}`));
        },
      );
      req.on('error', (error) => finish(`request: ${error.message}`));
      // A deadline from the moment of sending: a socket's own timeout measures idleness, not the wait.
      const timer = setTimeout(() => {
        finish(`no answer within ${timeoutMs} ms`);
        req.destroy();
      }, timeoutMs);
      req.end(prepared.body);
    });

  const interval = 1_000 / options.rate;
  const pending: Promise<void>[] = [];
  const start = performance.now() + 5;
  let next = 0;
  await new Promise<void>((done) => {
    const tick = () => {
      const now = performance.now();
      // Everything that is due goes out now; a late timer sends a small burst, never fewer requests.
      while (next < options.requests.length && start + next * interval <= now) {
        lags.push(now - (start + next * interval));
        pending.push(send(options.requests[next]!));
        next++;
      }
      if (next >= options.requests.length) return done();
      setTimeout(tick, Math.max(0, start + next * interval - performance.now()));
    };
    setTimeout(tick, 5);
  });
  await Promise.all(pending);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  lags.sort((a, b) => a - b);
  return { latencies, total: options.requests.length, errors, lags, samples: [...samples] };
}

/** CPU time a process has used so far (user + system), in seconds; null when it is gone. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat(5), 12 and 13 after pid, comm and state are cut.
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** USER_HZ: 100 on every Linux that Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * Waits until a server has finished what it was still doing (less than 5% of a core over 250 ms):
 * a Slack receiver acks at its deadline and keeps working, and that work must not spill into the
 * next run. Gives up after `maxMs`, returning how long it waited.
 */
export async function settle(pid: number, maxMs = 30_000): Promise<number> {
  const started = performance.now();
  let last = cpuSeconds(pid);
  while (last !== null && performance.now() - started < maxMs) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = cpuSeconds(pid);
    if (now === null || now - last < 0.0125) break;
    last = now;
  }
  return performance.now() - started;
}
