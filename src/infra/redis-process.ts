import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { RefleksError } from '../core/errors.ts';
import { dieWithParent, hasExited, launchOnFreePort, waitUntilReady, whenExited } from './child-process.ts';
import { findBinary } from './find-binary.ts';

const HOST = '127.0.0.1';
const READY_TIMEOUT_MS = 15_000;
const KILL_AFTER_MS = 5_000;
const NOT_FOUND =
  'redis-server not found: run `npm start` again as root on Debian to have it installed, ' +
  'or install it with: apt-get install -y redis-server';

export interface InfraLogger {
  info(obj: object, msg: string): void;
}

export interface StartRedisOptions {
  /** Fixed port; by default a free port is picked (and re-picked if another process grabs it first). */
  port?: number;
  logger?: InfraLogger;
  /**
   * Records the child's pid here (removed again by stop()). A later start with the same file first
   * kills a redis-server left behind by a predecessor that died by SIGKILL.
   */
  pidFile?: string;
}

export interface RedisServer {
  url: string;
  port: number;
  /** SIGTERM, SIGKILL after 5 s; resolves once the process has exited. Idempotent. */
  stop(): Promise<void>;
}

/** True when a Redis server on 127.0.0.1:port answers `PING` with `+PONG`. */
export function pingRedis(port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: HOST, port });
    let reply = '';
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n')) finish(reply.startsWith('+PONG'));
    });
  });
}

// Children still running when this process exits are killed synchronously.
const onExit = new Set<() => void>();
process.on('exit', () => {
  for (const cleanup of onExit) cleanup();
});

async function launch(bin: string, port: number, dir: string): Promise<ChildProcess> {
  const logFile = join(dir, 'redis.log');
  const out = openSync(logFile, 'w');
  // biome-ignore format: one option per line reads better
  const args = [
    '--bind', HOST, '--port', String(port), '--protected-mode', 'yes', '--daemonize', 'no',
    '--save', '', '--appendonly', 'no', '--dir', dir,
  ];
  const child = spawn(...dieWithParent(bin, args, 'SIGTERM'), { cwd: dir, stdio: ['ignore', out, out] });
  closeSync(out);
  await waitUntilReady({
    child,
    name: 'redis-server',
    bin,
    port,
    logFile,
    probe: () => pingRedis(port, 500),
    readiness: 'answer PING',
    timeoutMs: READY_TIMEOUT_MS,
    intervalMs: 50,
  });
  return child;
}

/**
 * Starts a private, non-persistent redis-server on 127.0.0.1 (the embedded default of `npm start`,
 * and the tests' Redis). The child is unref'd, so it does not keep this process alive, and it is
 * killed when this process exits.
 */
export async function startRedisServer(opts: StartRedisOptions = {}): Promise<RedisServer> {
  const bin = findBinary('redis-server');
  if (!bin) throw new RefleksError('dependency_missing', NOT_FOUND);
  if (opts.pidFile) reapStale(opts.pidFile);
  const dir = mkdtempSync(join(tmpdir(), 'refleks-redis-'));
  let launched: { child: ChildProcess; port: number };
  try {
    launched = await launchOnFreePort(opts.port, (port) => launch(bin, port, dir));
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const { child: proc, port } = launched;
  const { pidFile } = opts;
  if (pidFile) {
    mkdirSync(dirname(pidFile), { recursive: true });
    writeFileSync(pidFile, String(proc.pid));
  }
  const cleanup = () => {
    if (!hasExited(proc)) proc.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    if (pidFile) rmSync(pidFile, { force: true });
  };
  onExit.add(cleanup);
  proc.unref();
  let stopping: Promise<void> | undefined;
  proc.once('exit', (code, signal) => {
    if (!stopping) opts.logger?.info({ port, code, signal }, 'redis-server exited unexpectedly');
  });
  opts.logger?.info({ port, pid: proc.pid, bin }, 'redis-server started');

  const stop = async () => {
    proc.ref(); // keep the event loop alive while we wait for the exit
    const exited = whenExited(proc);
    proc.kill('SIGTERM');
    const killTimer = setTimeout(() => proc.kill('SIGKILL'), KILL_AFTER_MS);
    await exited;
    clearTimeout(killTimer);
    onExit.delete(cleanup);
    cleanup();
  };
  return {
    url: `redis://${HOST}:${port}`,
    port,
    stop: () => {
      stopping ??= stop();
      return stopping;
    },
  };
}

/**
 * A Refleks that was killed with SIGKILL could not stop its redis-server. The next start stops it,
 * after checking that the recorded pid still is a redis-server and not some other process.
 */
function reapStale(pidFile: string): void {
  try {
    const pid = Number(readFileSync(pidFile, 'utf8'));
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (pid > 0 && cmdline.includes('redis-server')) process.kill(pid, 'SIGKILL');
  } catch {
    // no file, no such process, or not Linux: nothing to reap
  }
  rmSync(pidFile, { force: true });
}
