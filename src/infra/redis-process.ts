import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RefleksError } from '../core/errors.ts';
import { killOnExit, tail, waitForExit } from './child-process.ts';
import { findBinary } from './find-binary.ts';
import { freePort } from './free-port.ts';

export interface RedisServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export const REDIS_INSTALL_HINT =
  'redis-server not found: run `npm start` as root on Debian/Ubuntu to have it installed, or install it yourself (apt-get install -y redis-server / brew install redis)';

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.setTimeout(500);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/**
 * A private, throwaway Redis for the embedded default and the tests: loopback only, no persistence,
 * its own temp folder, and gone when we are.
 */
export async function startRedisServer(
  options: { logger?: { info(obj: object, msg: string): void } } = {},
): Promise<RedisServer> {
  const binary = findBinary('redis-server');
  if (!binary) throw new RefleksError('dependency_missing', REDIS_INSTALL_HINT);
  let lastError = '';
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'refleks-redis-'));
    const child = spawn(
      binary,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--protected-mode',
        'yes',
        '--dir',
        dir,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const output = tail(child);
    const forget = killOnExit(child);
    let exited = false;
    child.once('exit', () => {
      exited = true;
    });
    for (let i = 0; i < 100 && !exited; i++) {
      if (await ping(port)) {
        options.logger?.info({ port }, 'redis-server ready');
        return {
          url: `redis://127.0.0.1:${port}`,
          port,
          async stop() {
            child.kill('SIGTERM');
            await waitForExit(child, 5_000);
            forget();
            rmSync(dir, { recursive: true, force: true });
          },
        };
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGKILL');
    await waitForExit(child, 1_000);
    forget();
    rmSync(dir, { recursive: true, force: true });
    lastError = output();
    // Another process took the port between our probe and redis binding it: try another one.
    if (!/Address already in use/i.test(lastError)) break;
  }
  throw new RefleksError('dependency_missing', `redis-server did not start:\n${lastError}`);
}
