/**
 * Refleks started in-process as an operator would run it with Teams, for the Teams e2e tests: a fake
 * Bot Framework connector on 127.0.0.1, real PostgreSQL and Redis, authentication off, the tick left
 * to the test's clock, and the test's organisation file applied.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { applyOrg, loadOrgFile } from '../../src/app/org/index.ts';
import { loadConfig } from '../../src/config.ts';
import type { Clock } from '../../src/core/clock.ts';
import { getFreePort } from '../../src/infra/child-process.ts';
import { type Running, startRefleks } from '../../src/runtime/start.ts';
import { createTestDatabase, redisTestPrefix } from './databases.ts';
import { type FakeConnector, type FakeConnectorOptions, startFakeConnector } from './fake-connector.ts';
import { silentLogger } from './loop-harness.ts';

export interface TeamsRefleks {
  connector: FakeConnector;
  running: Running;
  /** The organisation file as written, to apply again. */
  orgFile: string;
  /** Stops Refleks, closes the connector and drops the database. */
  stop(): Promise<void>;
}

/** What it started is closed again when a step fails. */
export async function startTeamsRefleks(input: {
  clock: Clock;
  org: string;
  connector?: FakeConnectorOptions;
  /** When the organisation file is applied; the clock's time by default. */
  appliedAt?: Date;
  /** More settings, as an operator would put them in the environment. */
  env?: Record<string, string>;
}): Promise<TeamsRefleks> {
  const connector = await startFakeConnector(input.connector);
  let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  let running: Running | undefined;
  try {
    database = await createTestDatabase();
    const config = loadConfig({
      PORT: String(await getFreePort()),
      DATABASE_URL: database.url,
      REDIS_URL: inject('redisUrl'),
      MICROSOFT_APP_ID: '',
      LOG_LEVEL: 'silent',
      ...input.env,
    });
    running = await startRefleks(config, {
      clock: input.clock,
      logger: silentLogger,
      scheduleTick: false,
      queuePrefix: redisTestPrefix(),
    });
    const orgFile = join(tmpdir(), `teams-org-${process.pid}-${Date.now()}-${Math.random()}.yaml`);
    writeFileSync(orgFile, input.org);
    await applyOrg(running.deps.db, await loadOrgFile(orgFile), {
      now: input.appliedAt ?? input.clock.now(),
    });
    const started = { running, database };
    return {
      connector,
      running,
      orgFile,
      async stop() {
        await started.running.stop();
        await connector.close();
        await started.database.drop();
      },
    };
  } catch (error) {
    await running?.stop();
    await connector.close();
    await database?.drop();
    throw error;
  }
}
