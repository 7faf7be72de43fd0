import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  realpathSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, parse } from 'node:path';
import postgres from 'postgres';
import { RefleksError } from '../core/errors.ts';
import { dieWithParent, hasExited, launchOnFreePort, waitUntilReady, whenExited } from './child-process.ts';
import { findBinary } from './find-binary.ts';
import type { InfraLogger } from './redis-process.ts';

const HOST = '127.0.0.1';
const SUPERUSER = 'refleks';
const READY_TIMEOUT_MS = 30_000;
const NOT_FOUND =
  'PostgreSQL server binaries (initdb, postgres) not found: run `npm test` again as root on Debian ' +
  'to have them installed, install them with: apt-get install -y postgresql, ' +
  'or point TEST_DATABASE_URL at an existing server';

export interface StartPostgresOptions {
  /** Fixed port; by default a free port is picked (and re-picked if another process grabs it first). */
  port?: number;
  logger?: InfraLogger;
}

export interface PostgresCluster {
  /** Superuser URL of the `postgres` database: postgres://refleks@127.0.0.1:PORT/postgres */
  url: string;
  port: number;
  /** Fast shutdown (SIGINT; SIGQUIT after 5 s, SIGKILL after 10 s), then removes the cluster. Idempotent. */
  stop(): Promise<void>;
  /**
   * An outage, for tests: the same fast shutdown, but the data stays; `whileDown` runs while the
   * server is gone; then the server starts again on the same port with the same data. Resolves once
   * it accepts connections again. Connections open at the shutdown are closed by the server.
   */
  restart(whileDown?: () => Promise<void>): Promise<void>;
}

interface RunAs {
  uid: number;
  gid: number;
}

// Clusters still running when this process exits get an immediate shutdown and are removed.
const onExit = new Set<() => void>();
process.on('exit', () => {
  for (const cleanup of onExit) cleanup();
});

/** PostgreSQL refuses to run as root: then run it as the `postgres` OS user. */
function runAsUser(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new RefleksError(
      'dependency_missing',
      'PostgreSQL refuses to run as root and there is no `postgres` OS user to run it as: ' +
        'create one (useradd --system postgres) or run the tests as a normal user',
    );
  }
}

/** os.tmpdir(), unless the `postgres` user could not reach into it (e.g. TMPDIR under /root). */
function baseTempDir(runAs: RunAs | undefined): string {
  const dir = tmpdir();
  if (!runAs) return dir;
  for (let d = dir; ; d = dirname(d)) {
    if ((statSync(d).mode & 0o001) === 0) return '/tmp';
    if (d === parse(d).root) return dir;
  }
}

function run(cmd: string, args: string[], cwd: string, runAs: RunAs | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], ...runAs });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.once('error', (err) =>
      reject(new RefleksError('dependency_missing', `could not run ${cmd}: ${err.message}`)),
    );
    child.once('close', (code) => {
      if (code === 0) resolve();
      else
        reject(
          new RefleksError(
            'dependency_missing',
            `${cmd} failed (exit code ${code}):\n${output.trim().split('\n').slice(-20).join('\n')}`,
          ),
        );
    });
  });
}

async function acceptsConnections(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

async function launch(
  bin: string,
  dir: string,
  port: number,
  runAs: RunAs | undefined,
): Promise<ChildProcess> {
  const logFile = join(dir, 'postgres.log');
  const out = openSync(logFile, 'w');
  // biome-ignore format: one setting per line pair reads better
  const args = [
    '-D', join(dir, 'data'), '-p', String(port),
    '-c', `listen_addresses=${HOST}`, '-c', `unix_socket_directories=${dir}`,
    '-c', 'fsync=off', '-c', 'full_page_writes=off', '-c', 'synchronous_commit=off',
    '-c', 'max_connections=200',
  ];
  // SIGQUIT: immediate shutdown, should this process die without stopping the cluster.
  const child = spawn(...dieWithParent(bin, args, 'SIGQUIT'), {
    cwd: dir,
    stdio: ['ignore', out, out],
    ...runAs,
  });
  closeSync(out);
  const url = `postgres://${SUPERUSER}@${HOST}:${port}/postgres`;
  await waitUntilReady({
    child,
    name: 'postgres',
    bin,
    port,
    logFile,
    probe: () => acceptsConnections(url),
    readiness: 'accept connections',
    timeoutMs: READY_TIMEOUT_MS,
    intervalMs: 100,
    // SIGKILL would leave the postmaster's backends and shared memory behind; SIGQUIT takes them down.
    killSignal: 'SIGQUIT',
  });
  return child;
}

/**
 * Creates a throwaway PostgreSQL cluster in a temp dir (initdb, trust auth, superuser `refleks`) and
 * starts it on 127.0.0.1, tuned for tests (no fsync). As root, it runs as the `postgres` OS user.
 * The server is unref'd, so it does not keep this process alive, and it is shut down when this process exits.
 */
export async function startPostgresCluster(opts: StartPostgresOptions = {}): Promise<PostgresCluster> {
  const initdb = findBinary('initdb');
  const sibling = initdb && join(dirname(realpathSync(initdb)), 'postgres');
  const bin = sibling && existsSync(sibling) ? sibling : findBinary('postgres');
  if (!initdb || !bin) throw new RefleksError('dependency_missing', NOT_FOUND);
  const runAs = runAsUser();
  const dir = mkdtempSync(join(baseTempDir(runAs), 'refleks-pg-'));
  let launched: { child: ChildProcess; port: number };
  try {
    if (runAs) {
      chownSync(dir, runAs.uid, runAs.gid);
      chmodSync(dir, 0o755);
    }
    // biome-ignore format: keep flags together
    await run(initdb, ['-D', join(dir, 'data'), '-A', 'trust', '-U', SUPERUSER, '--no-sync', '-E', 'UTF8', '--locale=C'], dir, runAs);
    launched = await launchOnFreePort(opts.port, (port) => launch(bin, dir, port, runAs));
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const { port } = launched;
  // The server of the moment: restart() replaces it, and cleanup and stop() act on the current one.
  let proc = launched.child;
  const cleanup = () => {
    if (!hasExited(proc)) proc.kill('SIGQUIT');
    rmSync(dir, { recursive: true, force: true });
  };
  onExit.add(cleanup);
  let stopping: Promise<void> | undefined;
  let restarting: Promise<void> | undefined;
  const watch = (child: ChildProcess) => {
    child.unref();
    child.once('exit', (code, signal) => {
      if (!stopping && !restarting) opts.logger?.info({ port, code, signal }, 'postgres exited unexpectedly');
    });
  };
  watch(proc);
  opts.logger?.info({ port, pid: proc.pid, bin, dir }, 'postgres started');

  /** Fast shutdown of the current server; the data directory is left as it is. */
  const shutdown = async () => {
    proc.ref(); // keep the event loop alive while we wait for the exit
    const exited = whenExited(proc);
    proc.kill('SIGINT');
    const quitTimer = setTimeout(() => proc.kill('SIGQUIT'), 5_000);
    const killTimer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(quitTimer);
    clearTimeout(killTimer);
  };
  const stop = async () => {
    await restarting?.catch(() => {}); // a restart under way finishes first, so its server is the one stopped
    await shutdown();
    onExit.delete(cleanup);
    rmSync(dir, { recursive: true, force: true });
  };
  const restart = async (whileDown?: () => Promise<void>) => {
    await shutdown();
    try {
      await whileDown?.();
    } finally {
      proc = await launch(bin, dir, port, runAs);
      watch(proc);
      opts.logger?.info({ port, pid: proc.pid }, 'postgres restarted');
    }
  };
  return {
    url: `postgres://${SUPERUSER}@${HOST}:${port}/postgres`,
    port,
    stop: () => {
      stopping ??= stop();
      return stopping;
    },
    restart: (whileDown) => {
      if (stopping) return Promise.reject(new Error('postgres cluster is stopped'));
      if (restarting) return Promise.reject(new Error('postgres cluster is already restarting'));
      restarting = restart(whileDown).finally(() => {
        restarting = undefined;
      });
      return restarting;
    },
  };
}
