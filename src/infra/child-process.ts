import { type ChildProcess, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { RefleksError } from '../core/errors.ts';
import { findBinary } from './find-binary.ts';

const HOST = '127.0.0.1';
const MAX_PORT_ATTEMPTS = 5;

/** A port that was free on 127.0.0.1 a moment ago (listen on port 0, read it, close). */
export function getFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('could not get a free port'))));
    });
  });
}

/** The last `count` lines of a log file, or '' when it cannot be read. */
export function lastLines(file: string, count = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-count).join('\n');
  } catch {
    return '';
  }
}

let setpriv: string | null | undefined;

/**
 * On Linux with util-linux `setpriv`, wraps a command so that the kernel sends it `signal` when this
 * process dies, even by SIGKILL, when `process.on('exit')` handlers never run. setpriv execs the
 * command, so the child's pid is the command's. Caveat: "dies" means the spawning *thread* exits, so
 * a child spawned from a worker thread goes away with that worker.
 */
export function dieWithParent(cmd: string, args: string[], signal: NodeJS.Signals): [string, string[]] {
  if (setpriv === undefined) {
    const found = process.platform === 'linux' ? findBinary('setpriv') : null;
    setpriv = found && spawnSync(found, ['--pdeathsig', 'SIGTERM', '--', 'true']).status === 0 ? found : null;
  }
  return setpriv ? [setpriv, ['--pdeathsig', signal, '--', cmd, ...args]] : [cmd, args];
}

export const hasExited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/** Resolves when the child has exited, also when it already had: its 'exit' event will not come again. */
export function whenExited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (hasExited(child)) resolve();
    else child.once('exit', () => resolve());
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The server quit before it became ready. `addressInUse` tells a lost race for a just-picked free
 * port, which launchOnFreePort retries, from a real failure.
 */
class EarlyExitError extends RefleksError {
  constructor(
    message: string,
    readonly addressInUse: boolean,
  ) {
    super('dependency_missing', message);
  }
}

export interface WaitUntilReadyOptions {
  child: ChildProcess;
  /** The server's name in messages: `${name} exited early …`. */
  name: string;
  /** The binary the child runs, named when it cannot be run at all. */
  bin: string;
  port: number;
  /** Where the child's output goes; its last lines explain an early exit or a timeout. */
  logFile: string;
  /** True once the server serves. It must time out on its own: the deadline is only checked between probes. */
  probe: () => Promise<boolean>;
  /** What the probe waits for, as in `${name} did not ${readiness} on host:port within … ms`. */
  readiness: string;
  timeoutMs: number;
  intervalMs: number;
  /** Sent to a child that never became ready. */
  killSignal?: NodeJS.Signals;
}

/**
 * Resolves once `probe` says the freshly spawned server is ready. Rejects with EarlyExitError when
 * it exits first, and kills it and rejects when it is not ready by the deadline. Call it in the tick
 * that spawned the child, or a spawn 'error' could be emitted before anyone listens.
 */
export async function waitUntilReady(opts: WaitUntilReadyOptions): Promise<void> {
  const { child, name, port, logFile, timeoutMs } = opts;
  let spawnError: Error | undefined;
  child.once('error', (err) => {
    spawnError = err;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (spawnError)
      throw new RefleksError('dependency_missing', `could not run ${opts.bin}: ${spawnError.message}`);
    if (hasExited(child)) {
      const log = lastLines(logFile);
      throw new EarlyExitError(
        `${name} exited early (code ${child.exitCode ?? child.signalCode}) on port ${port}:\n${log}`,
        /Address already in use/i.test(log),
      );
    }
    if (await opts.probe()) return;
    await sleep(opts.intervalMs);
  }
  child.kill(opts.killSignal ?? 'SIGKILL');
  throw new RefleksError(
    'dependency_missing',
    `${name} did not ${opts.readiness} on ${HOST}:${port} within ${timeoutMs} ms:\n${lastLines(logFile)}`,
  );
}

/**
 * Runs `launch` on `fixedPort`, or else on a free port. A free port is only free until the server
 * binds it, so when another process got there first, it tries again on a new one.
 */
export async function launchOnFreePort(
  fixedPort: number | undefined,
  launch: (port: number) => Promise<ChildProcess>,
): Promise<{ child: ChildProcess; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const port = fixedPort ?? (await getFreePort());
    try {
      return { child: await launch(port), port };
    } catch (err) {
      const retry =
        err instanceof EarlyExitError && err.addressInUse && !fixedPort && attempt < MAX_PORT_ATTEMPTS;
      if (!retry) throw err;
    }
  }
}
