import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { findBinary } from './find-binary.ts';

const HOST = '127.0.0.1';

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
