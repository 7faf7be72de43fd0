import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pingRedis } from '../../src/infra/redis-process.ts';

/** The repository root: children run with it as their working directory, as `npm start` does. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const MAIN = join(ROOT, 'src', 'cli', 'main.ts');

/** Variables a child must never inherit from the test run: the tests decide them. */
const CONTROLLED =
  /^(DATABASE_URL|REDIS_URL|PUBLIC_URL|PORT|HOST|LOG_LEVEL|SLACK_.*|MICROSOFT_.*|REFLEKS_.*|VITEST.*)$/;

/** process.env without anything that selects a database, Redis or a platform, plus `overrides`. */
export function cliEnv(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!CONTROLLED.test(key)) env[key] = value;
  env.LOG_LEVEL = process.env.E2E_LOG_LEVEL ?? 'warn';
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface CliProcess {
  child: ChildProcess;
  pid: number;
  /** Everything written so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves when the process has exited (never rejects). */
  exited: Promise<Exit>;
  /** The exit, or null if it did not happen within `ms`. */
  waitForExit(ms: number): Promise<Exit | null>;
  /** Signals the process itself (not its children). */
  signal(signal: NodeJS.Signals): void;
  /** SIGKILL to the whole process group (the child runs detached, in a group of its own). */
  killGroup(): void;
}

const running = new Set<CliProcess>();

/** `node --import tsx src/cli/main.ts <args>` in its own process group, like bin/refleks.mjs runs it. */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv): CliProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const exited = new Promise<Exit>((resolve) => {
    child.once('error', () => resolve({ code: null, signal: null }));
    // 'close' rather than 'exit': by then stdout and stderr have been read to the end.
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not spawn refleks ${args.join(' ')}`);
  const handle: CliProcess = {
    child,
    pid,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitForExit: (ms) => Promise.race([exited, sleep(ms).then(() => null)]),
    signal: (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
    killGroup: () => {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // the group is gone already
      }
    },
  };
  running.add(handle);
  void exited.then(() => running.delete(handle));
  return handle;
}

export interface CliResult extends Exit {
  stdout: string;
  stderr: string;
  /** stdout and stderr together, for "is it mentioned anywhere" checks. */
  output: string;
}

/** Runs one CLI command to its end; kills it (and fails) if it takes longer than `timeoutMs`. */
export async function runCli(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<CliResult> {
  const proc = spawnCli(args, env);
  const exit = await proc.waitForExit(timeoutMs);
  if (!exit) {
    proc.killGroup();
    await proc.waitForExit(5_000);
    throw new Error(
      `refleks ${args.join(' ')} did not finish within ${timeoutMs} ms\nstdout: ${proc.stdout()}\nstderr: ${proc.stderr()}`,
    );
  }
  return { ...exit, stdout: proc.stdout(), stderr: proc.stderr(), output: proc.stdout() + proc.stderr() };
}

/** SIGKILLs every child process group still running: for afterEach/afterAll. */
export async function killAllCli(): Promise<void> {
  const all = [...running];
  for (const proc of all) proc.killGroup();
  await Promise.all(all.map((proc) => proc.waitForExit(5_000)));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Thrown from a `waitFor` probe: stop waiting at once (e.g. the process being waited on has exited). */
export class StopWaiting extends Error {}

/** Polls `probe` until it returns something other than undefined/false; throws after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs: number,
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      if (error instanceof StopWaiting) throw error;
      last = error;
    }
    await sleep(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

/** A fresh temporary directory and a function that removes it again. */
export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** The process state letter from /proc (R, S, Z, …), or null when there is no such process. */
export function processState(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // pid (comm) STATE ppid …; comm may contain spaces and parentheses, so split after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] ?? null;
  } catch {
    return null;
  }
}

/** A port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/** True when something on 127.0.0.1:port answers a Redis `PING` with `+PONG` within `timeoutMs`. */
export const redisAnswers = pingRedis;
