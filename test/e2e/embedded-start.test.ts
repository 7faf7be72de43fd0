import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/core/loop/ids.ts';
import {
  type CliProcess,
  cliEnv,
  freePort,
  killAllCli,
  processState,
  redisAnswers,
  runCli,
  StopWaiting,
  sleep,
  spawnCli,
  tempDir,
  waitFor,
} from '../support/cli-process.ts';

/**
 * `npm start` as an operator runs it: no DATABASE_URL, no REDIS_URL, so PGlite under the data folder,
 * a private redis-server child and the demo school. Killed with SIGKILL half-way and started again on
 * the same folder, it has lost nothing and sent nothing twice.
 */
describe('embedded start (serve with no configuration)', { timeout: 120_000 }, () => {
  const kari = 'kari@refleksvik.example';
  const run = tempDir('refleks-e2e-embedded-');
  const dataDir = join(run.path, 'data');
  // The private redis-server's working folder is made under TMPDIR: pointing it into this run's folder
  // lets the test recognise "its" redis-server processes by their cwd.
  const tmp = join(run.path, 'tmp');
  let port = 0;
  let base = '';
  let serve: CliProcess | undefined;
  let firstRedis: { pid: number; port: number } | undefined;

  const env = () =>
    cliEnv({ PORT: String(port), REFLEKS_DATA_DIR: dataDir, TMPDIR: tmp, TMP: tmp, TEMP: tmp });

  const get = (path: string, init: RequestInit = {}) =>
    fetch(`${base}${path}`, { redirect: 'manual', signal: AbortSignal.timeout(10_000), ...init });
  const post = (path: string, fields: Record<string, string>) =>
    get(path, {
      method: 'POST',
      body: new URLSearchParams(fields),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  const channelPage = async () => {
    const res = await get(`/dev?as=${encodeURIComponent(kari)}&c=demo-5trinn`);
    expect(res.status).toBe(200);
    return res.text();
  };
  const count = (text: string, needle: string) => text.split(needle).length - 1;
  const decodeEntities = (value: string) =>
    value
      .replaceAll('&quot;', '"')
      .replaceAll('&#39;', "'")
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&amp;', '&');
  const hidden = (html: string, name: string) => {
    const match = html.match(new RegExp(`name="${name}" value="([^"]*)"`));
    if (!match?.[1]) throw new Error(`no hidden input ${name} in:\n${html.slice(0, 2_000)}`);
    return decodeEntities(match[1]);
  };

  /** Starts `serve` and waits until /readyz answers 200 (database and Redis reachable). */
  const startServe = async () => {
    const proc = spawnCli(['serve'], env());
    serve = proc;
    await waitFor(
      '/readyz to answer 200',
      async () => {
        const exit = proc.child.exitCode ?? proc.child.signalCode;
        if (exit !== null)
          throw new StopWaiting(
            `serve exited (${exit}) before it was ready:\n${proc.stdout()}\n${proc.stderr()}`,
          );
        return (await get('/readyz')).status === 200;
      },
      90_000,
      250,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\nstdout: ${proc.stdout()}\nstderr: ${proc.stderr()}`);
    });
    expect((await get('/healthz')).status).toBe(200);
    return proc;
  };

  const redisPidFile = () => join(dataDir, 'redis.pid');

  /** redis-server processes that are still running (not zombies) and were started by this run. */
  const ourLiveRedisServers = () => {
    const ps = execFileSync('ps', ['-eo', 'pid,ppid,stat,args'], { encoding: 'utf8' });
    return ps
      .split('\n')
      .filter((line) => line.includes('redis-server'))
      .map((line) => line.trim().split(/\s+/))
      .filter(([, , stat]) => !stat?.startsWith('Z'))
      .map(([pid, ppid]) => ({ pid: Number(pid), ppid: Number(ppid) }))
      .filter(({ pid }) => {
        try {
          return readlinkSync(`/proc/${pid}/cwd`).startsWith(run.path);
        } catch {
          return false; // gone meanwhile, or not ours to look at
        }
      });
  };

  beforeAll(async () => {
    mkdirSync(tmp, { recursive: true });
    port = await freePort();
    base = `http://127.0.0.1:${port}`;
  });

  beforeEach(({ onTestFailed }) => {
    // What Refleks said is the first thing to look at when a step fails.
    onTestFailed(() => {
      if (serve)
        console.error(`serve pid ${serve.pid}\nstdout:\n${serve.stdout()}\nstderr:\n${serve.stderr()}`);
    });
  });

  afterAll(async () => {
    await killAllCli();
    // Whatever happened above: no redis-server of this run may outlive it.
    for (const { pid } of ourLiveRedisServers()) process.kill(pid, 'SIGKILL');
    run.remove();
  });

  it('starts with PGlite, a private redis-server and the demo, and shows the open question', async () => {
    const proc = await startServe();
    expect(proc.stdout()).toContain(`Open ${base}/dev`);

    const pid = Number(readFileSync(redisPidFile(), 'utf8'));
    expect(pid).toBeGreaterThan(0);
    const live = ourLiveRedisServers();
    expect(live).toEqual([{ pid, ppid: proc.pid }]);
    const ps = execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' });
    const redisPort = Number(ps.match(/127\.0\.0\.1:(\d+)/)?.[1]);
    expect(await redisAnswers(redisPort)).toBe(true);
    firstRedis = { pid, port: redisPort };

    const page = await channelPage();
    expect(page).toContain('Ukens spørsmål');
    expect(count(page, 'Ukens spørsmål')).toBe(1);
    expect(page).toContain('0 av 3 har svart');
  });

  it('refuses a CLI command on the same data folder while serve holds it', async () => {
    const result = await runCli(['status'], env());
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`in use by Refleks process ${serve?.pid}`);
    const ready = await get('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ready',
      checks: { database: 'ok', redis: 'ok', migrations: 'ok' },
    });
  });

  it('takes an answer through the /dev form flow, delivered through BullMQ', async () => {
    const page = await channelPage();
    const cycleId = page.match(
      new RegExp(
        `name="actionId" value="${ACTIONS.answer.replace('.', '\\.')}">\\s*<input type="hidden" name="value" value="([^"]+)"`,
      ),
    )?.[1];
    expect(cycleId).toBeTruthy();

    const opened = await post('/dev/action', {
      as: kari,
      actionId: ACTIONS.answer,
      value: cycleId!,
      conversationId: 'demo-5trinn',
    });
    expect(opened.status).toBe(200);
    const formHtml = await opened.text();
    expect(formHtml).toContain('name="field.body"');

    const submitted = await post('/dev/form', {
      as: hidden(formHtml, 'as'),
      formId: hidden(formHtml, 'formId'),
      privateMetadata: hidden(formHtml, 'privateMetadata'),
      returnTo: hidden(formHtml, 'returnTo'),
      formSpec: hidden(formHtml, 'formSpec'),
      'field.body': 'Vi har felles ansvar for leselysten i 5A; målet er at alle leser hver dag.',
    });
    expect(submitted.status).toBe(303);
    expect(submitted.headers.get('location')).toMatch(/^\/dev\?/);

    const after = await waitFor(
      'the prompt card to show "1 av 3 har svart"',
      async () => {
        const html = await channelPage();
        return html.includes('1 av 3 har svart') && html;
      },
      30_000,
      250,
    );
    expect(count(after, 'Ukens spørsmål')).toBe(1);
    expect(after).not.toContain('0 av 3 har svart');
  });

  it('survives kill -9: the private redis-server dies with it (no orphan)', async () => {
    const proc = serve!;
    const redis = firstRedis!;
    proc.signal('SIGKILL'); // the node process alone, as the OOM killer would: not its process group
    const exit = await proc.waitForExit(10_000);
    expect(exit).toEqual({ code: null, signal: 'SIGKILL' });

    // setpriv --pdeathsig: the kernel signals redis-server when its parent dies. It may linger as a
    // zombie (re-parented to a PID 1 that does not reap), but it must not be running.
    await waitFor(
      `redis-server ${redis.pid} to be gone`,
      async () => {
        const state = processState(redis.pid);
        return state === null || state === 'Z' || state === 'X';
      },
      10_000,
    );
    expect(ourLiveRedisServers()).toEqual([]);
    expect(await redisAnswers(redis.port)).toBe(false);
    // Clean up the group (the esbuild service child, if any) before the next start.
    proc.killGroup();
  });

  it('starts again on the same data folder with nothing lost and nothing sent twice', async () => {
    const proc = await startServe();
    const live = ourLiveRedisServers();
    expect(live).toHaveLength(1);
    expect(live[0]?.ppid).toBe(proc.pid);
    expect(live[0]?.pid).not.toBe(firstRedis?.pid);

    const page = await channelPage();
    expect(count(page, 'Ukens spørsmål')).toBe(1);
    expect(page).toContain('1 av 3 har svart');

    // The restart's first tick re-enqueues every sendable outbox row (its Redis is empty): give it
    // time to run, and check again that it delivered nothing a second time.
    await sleep(3_000);
    const later = await channelPage();
    expect(count(later, 'Ukens spørsmål')).toBe(1);
    expect(later).toContain('1 av 3 har svart');
    expect(later).not.toContain('0 av 3 har svart');
  });

  it('stops gracefully on SIGTERM with exit code 0, leaving no redis-server behind', async () => {
    const proc = serve!;
    proc.signal('SIGTERM');
    const exit = await proc.waitForExit(15_000);
    expect(exit, `stderr: ${proc.stderr()}`).toEqual({ code: 0, signal: null });
    expect(ourLiveRedisServers()).toEqual([]);
    proc.killGroup();
  });

  it('the CLI then reads the same data: the answer is counted once', async () => {
    const result = await runCli(['status', '--json'], env());
    expect(result.code, result.stderr).toBe(0);
    const statuses = JSON.parse(result.stdout) as Array<{
      team: string;
      openCycle: { answered: number; expected: number } | null;
    }>;
    const team = statuses.find((s) => s.team === 'demo-5trinn');
    expect(team?.openCycle).toMatchObject({ answered: 1, expected: 3 });
  });
});
