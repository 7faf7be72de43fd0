#!/usr/bin/env node
// Runs before `npm start` and `npm test` (prestart/pretest): makes a fresh clone on a fresh machine
// ready, so the README's two commands are all anyone has to type. Plain Node: it runs before
// node_modules exists. Prints nothing when there is nothing to do.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const purpose = process.argv.includes('--for') ? process.argv[process.argv.indexOf('--for') + 1] : 'start';
const root = new URL('..', import.meta.url).pathname;

function say(line) {
  process.stderr.write(`refleks: ${line}\n`);
}

function onPath(name, extraDirs = []) {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), ...extraDirs, '/usr/sbin', '/usr/local/sbin'];
  return dirs.some((dir) => dir && existsSync(join(dir, name)));
}

function postgresBinDirs() {
  try {
    return readdirSync('/usr/lib/postgresql').map((v) => join('/usr/lib/postgresql', v, 'bin'));
  } catch {
    return [];
  }
}

function isDebianLike() {
  if (existsSync('/etc/debian_version')) return true;
  try {
    return /^(ID|ID_LIKE)=.*(debian|ubuntu)/m.test(readFileSync('/etc/os-release', 'utf8'));
  } catch {
    return false;
  }
}

let aptUpdated = false;
/** Installs Debian packages when we may; otherwise says how, and stops. */
function provide(what, aptPackage, service, otherHint) {
  if (process.getuid?.() === 0 && isDebianLike()) {
    say(`installing ${aptPackage} with apt-get (${what})…`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    if (!aptUpdated) execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    aptUpdated = true;
    execFileSync('apt-get', ['install', '-y', '-qq', aptPackage], { stdio: 'inherit', env });
    // The package starts a system-wide server; Refleks runs its own, so that one is not needed.
    spawnSync('service', [service, 'stop'], { stdio: 'ignore' });
    return;
  }
  say(`${what} is missing. Install it and run the command again:`);
  say(isDebianLike() ? `  sudo apt-get install -y ${aptPackage}` : `  ${otherHint}`);
  process.exit(1);
}

// 1. Dependencies: missing, or older than the lock file.
const lock = join(root, 'package-lock.json');
const installed = join(root, 'node_modules', '.package-lock.json');
if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs) {
  say('installing npm dependencies (npm ci)…');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
}

// 2. Redis: the embedded default and the tests each start a private redis-server.
const needsRedis = purpose === 'test' ? !process.env.TEST_REDIS_URL : !process.env.REDIS_URL;
if (needsRedis && !onPath('redis-server')) {
  provide('redis-server, for the job queue', 'redis-server', 'redis-server', 'brew install redis');
}

// 3. PostgreSQL server binaries: the tests run against a real server (the app itself can embed PGlite).
if (purpose === 'test' && !process.env.TEST_DATABASE_URL) {
  const dirs = postgresBinDirs();
  if (!onPath('initdb', dirs) || !onPath('pg_ctl', dirs)) {
    provide('the PostgreSQL server, for the tests', 'postgresql', 'postgresql', 'brew install postgresql');
  }
}
