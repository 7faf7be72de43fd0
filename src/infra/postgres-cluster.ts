import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RefleksError } from '../core/errors.ts';
import { findBinary } from './find-binary.ts';
import { freePort } from './free-port.ts';

export interface PostgresCluster {
  /** A superuser URL to the `postgres` database on 127.0.0.1. */
  url: string;
  stop(): Promise<void>;
}

export const POSTGRES_INSTALL_HINT =
  'PostgreSQL server binaries (initdb, pg_ctl) not found: run `npm test` as root on Debian/Ubuntu to have them installed, or install them (apt-get install -y postgresql / brew install postgresql)';

/** PostgreSQL refuses to run as root; as root we run it as the `postgres` system user. */
function asServerUser(): { prefix: string[]; uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return { prefix: [] };
  const id = (flag: string) =>
    Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const uid = id('-u');
  if (!Number.isInteger(uid) || uid <= 0) {
    throw new RefleksError(
      'dependency_missing',
      'running as root, but there is no `postgres` user to run PostgreSQL as',
    );
  }
  return { prefix: ['runuser', '-u', 'postgres', '--'], uid, gid: id('-g') };
}

function run(argv: string[], what: string): void {
  const [cmd, ...args] = argv as [string, ...string[]];
  const result = spawnSync(cmd, args, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new RefleksError(
      'dependency_missing',
      `${what} failed:\n${(result.stderr || result.stdout || '').trim()}`,
    );
  }
}

/**
 * A throwaway PostgreSQL cluster for the tests: loopback only, its own socket folder, durability off
 * (fsync, full-page writes) because the data is thrown away.
 */
export async function startPostgresCluster(): Promise<PostgresCluster> {
  const initdb = findBinary('initdb');
  const pgCtl = findBinary('pg_ctl');
  if (!initdb || !pgCtl) throw new RefleksError('dependency_missing', POSTGRES_INSTALL_HINT);
  const user = asServerUser();
  const dir = mkdtempSync(join(tmpdir(), 'refleks-pg-'));
  chmodSync(dir, 0o755);
  if (user.uid !== undefined) chownSync(dir, user.uid, user.gid ?? user.uid);
  const data = join(dir, 'data');
  run(
    [
      ...user.prefix,
      initdb,
      '-D',
      data,
      '-A',
      'trust',
      '-U',
      'refleks',
      '--no-sync',
      '-E',
      'UTF8',
      '--locale=C',
    ],
    'initdb',
  );

  const ctlArgv = [...user.prefix, pgCtl];
  const ctl = ctlArgv[0] as string;
  const ctlArgs = ctlArgv.slice(1);
  const stop = () => {
    spawnSync(ctl, [...ctlArgs, 'stop', '-D', data, '-m', 'immediate', '-w'], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  };
  let lastError = '';
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const options = [
      `-p ${port}`,
      "-c listen_addresses='127.0.0.1'",
      `-c unix_socket_directories='${dir}'`,
      '-c fsync=off',
      '-c full_page_writes=off',
      '-c synchronous_commit=off',
      '-c max_connections=200',
    ].join(' ');
    const log = join(dir, 'server.log');
    const started = spawnSync(
      ctl,
      [...ctlArgs, 'start', '-D', data, '-w', '-t', '60', '-l', log, '-o', options],
      {
        encoding: 'utf8',
      },
    );
    if (started.status === 0) {
      // pg_ctl starts the server in the background: stop it when we exit, however we exit.
      process.once('exit', stop);
      return {
        url: `postgres://refleks@127.0.0.1:${port}/postgres`,
        async stop() {
          process.removeListener('exit', stop);
          stop();
        },
      };
    }
    try {
      lastError = readFileSync(log, 'utf8').split('\n').slice(-15).join('\n');
    } catch {
      lastError = started.stderr;
    }
    if (!/already in use|could not bind/i.test(lastError)) break;
  }
  rmSync(dir, { recursive: true, force: true });
  throw new RefleksError('dependency_missing', `PostgreSQL did not start:\n${lastError}`);
}
