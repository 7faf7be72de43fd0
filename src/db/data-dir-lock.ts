import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RefleksError } from '../core/errors.ts';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite is one process's database: a second process opening the same folder would corrupt it.
 * A pid file makes the second one stop with a clear message instead. A stale file (its process is
 * gone, e.g. after kill -9) is taken over.
 */
export function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'refleks.pid');
  try {
    writeFileSync(file, String(process.pid), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const holder = Number(readFileSync(file, 'utf8'));
    if (holder && holder !== process.pid && alive(holder)) {
      throw new RefleksError(
        'dependency_missing',
        `the embedded database in ${dir} is in use by Refleks process ${holder}; stop it first, or set DATABASE_URL to share a PostgreSQL server`,
      );
    }
    writeFileSync(file, String(process.pid));
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    rmSync(file, { force: true });
  };
  process.once('exit', release);
  return release;
}
