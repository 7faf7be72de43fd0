import { accessSync, constants, readdirSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const POSTGRES_LIB = '/usr/lib/postgresql';
const SBIN_DIRS = ['/usr/sbin', '/usr/local/sbin'];

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `/usr/lib/postgresql/<version>/bin` directories, highest version first (Debian/Ubuntu layout). */
export function postgresLibBinDirs(): string[] {
  let versions: string[];
  try {
    versions = readdirSync(POSTGRES_LIB);
  } catch {
    return [];
  }
  return versions
    .filter((v) => /^\d+(\.\d+)?$/.test(v))
    .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a))
    .map((v) => join(POSTGRES_LIB, v, 'bin'));
}

/**
 * Absolute path of an executable called `name`, or null. Looks on PATH first, then in
 * /usr/lib/postgresql/<version>/bin (highest version first), /usr/sbin and /usr/local/sbin,
 * which are often missing from PATH for non-login shells.
 */
export function findBinary(name: string): string | null {
  const pathDirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const dir of [...pathDirs, ...postgresLibBinDirs(), ...SBIN_DIRS]) {
    const candidate = join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return null;
}
