#!/usr/bin/env node
// Provisions what `npm start` / `npm test` need on a fresh machine, so that those two commands are
// all anyone has to run. Plain Node, no dependencies: it runs before node_modules may exist.
//   node scripts/bootstrap.mjs --for start   node_modules, redis-server (unless REDIS_URL is set)
//   node scripts/bootstrap.mjs --for test    node_modules, redis-server (unless TEST_REDIS_URL is set),
//                                             PostgreSQL server binaries (unless TEST_DATABASE_URL is set),
//                                             chromium for the browser test (unless REFLEKS_CHROMIUM is set)
// Prints nothing when nothing had to be done.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const forIndex = process.argv.indexOf('--for');
const target = forIndex === -1 ? 'start' : process.argv[forIndex + 1];
if (target !== 'start' && target !== 'test') {
  console.error('usage: node scripts/bootstrap.mjs --for start|test');
  process.exit(2);
}

const say = (line) => process.stdout.write(`${line}\n`);

function run(cmd, args, env = {}) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, env: { ...process.env, ...env } });
  if (result.status !== 0) {
    console.error(
      `bootstrap: \`${[cmd, ...args].join(' ')}\` failed (${result.error?.message ?? `exit ${result.status}`})`,
    );
    process.exit(1);
  }
}

// Same lookup as src/infra/find-binary.ts: PATH, then /usr/lib/postgresql/<ver>/bin (newest first), sbin.
function findBinary(name) {
  let versions = [];
  try {
    versions = readdirSync('/usr/lib/postgresql').filter((v) => /^\d+(\.\d+)?$/.test(v));
  } catch {}
  versions.sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
  const dirs = [
    ...(process.env.PATH ?? '').split(delimiter).filter(Boolean),
    ...versions.map((v) => `/usr/lib/postgresql/${v}/bin`),
    '/usr/sbin',
    '/usr/local/sbin',
  ];
  for (const dir of dirs) {
    try {
      const file = join(dir, name);
      if (statSync(file).isFile()) {
        accessSync(file, constants.X_OK);
        return file;
      }
    } catch {}
  }
  return null;
}

function isDebianLike() {
  if (existsSync('/etc/debian_version')) return true;
  try {
    const osRelease = readFileSync('/etc/os-release', 'utf8');
    return /^ID(_LIKE)?=.*\b(debian|ubuntu)\b/m.test(osRelease);
  } catch {
    return false;
  }
}

// 1. node_modules, installed from the lock file and not older than it.
const lockFile = join(root, 'package-lock.json');
const installedLock = join(root, 'node_modules', '.package-lock.json');
if (existsSync(lockFile)) {
  const stale = !existsSync(installedLock) || statSync(lockFile).mtimeMs > statSync(installedLock).mtimeMs;
  if (stale) {
    say('node_modules is missing or older than package-lock.json: running npm install…');
    // Not `npm ci`: this npm writes no lock entries for other platforms' optional binaries (Biome's,
    // msgpackr's), and `npm ci` then refuses the lock. `npm install` follows the lock and leaves it as is.
    run('npm', ['install', '--no-audit', '--no-fund']);
  }
}

// 2. System packages: what is missing, and why.
const missing = []; // { pkg, reason, brew, stopService }
if (
  !(target === 'start' ? process.env.REDIS_URL : process.env.TEST_REDIS_URL) &&
  !findBinary('redis-server')
) {
  missing.push({
    pkg: 'redis-server',
    reason: "Refleks' job queue",
    brew: 'redis',
    stopService: 'redis-server',
  });
}
const pgBinaries = ['initdb', 'pg_ctl', 'postgres'];
if (target === 'test' && !process.env.TEST_DATABASE_URL && !pgBinaries.every((b) => findBinary(b))) {
  missing.push({
    pkg: 'postgresql',
    reason: 'the database tests',
    brew: 'postgresql@16',
    stopService: 'postgresql',
  });
}
// The web overview's browser test drives the system Chromium (playwright-core downloads no browser).
if (target === 'test' && !process.env.REFLEKS_CHROMIUM && !findBinary('chromium')) {
  missing.push({
    pkg: 'chromium',
    reason: 'the browser test of the web overview',
    brew: '--cask chromium',
    stopService: null,
  });
}
if (missing.length === 0) process.exit(0);

const packages = missing.map((m) => m.pkg);
if (process.getuid?.() !== 0 || !isDebianLike()) {
  let command = `your package manager (${packages.join(', ')})`;
  if (process.platform === 'darwin') command = `brew install ${missing.map((m) => m.brew).join(' ')}`;
  else if (isDebianLike()) command = `sudo apt-get install -y ${packages.join(' ')}`;
  console.error(`bootstrap: ${packages.join(' and ')} not found; install with: ${command}`);
  process.exit(1);
}

for (const m of missing) say(`Installing ${m.pkg} with apt-get (needed for ${m.reason})…`);
run('apt-get', ['update']);
run('apt-get', ['install', '-y', ...packages], { DEBIAN_FRONTEND: 'noninteractive' });
// The Debian packages start system-wide services (redis on 6379, a cluster on 5432). Refleks and
// its tests run their own private servers on free ports, so stop those (best effort).
for (const m of missing)
  if (m.stopService) spawnSync('service', [m.stopService, 'stop'], { stdio: 'ignore' });

const stillMissing = [
  ...(packages.includes('redis-server') ? ['redis-server'] : []),
  ...(packages.includes('postgresql') ? pgBinaries : []),
  ...(packages.includes('chromium') ? ['chromium'] : []),
].filter((b) => !findBinary(b));
if (stillMissing.length > 0) {
  console.error(`bootstrap: still not found after apt-get install: ${stillMissing.join(', ')}`);
  process.exit(1);
}
