/**
 * Refleks for the Teams commitment e2e test, started in-process as an operator would run it with
 * Teams: a fake Bot Framework connector, real PostgreSQL and Redis, and one team (Sinsen, 5. trinn)
 * bound to a Teams channel, with Kari (lead), Ola and Nora.
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
import { type FakeConnector, startFakeConnector } from './fake-connector.ts';
import { silentLogger } from './loop-harness.ts';

export const TENANT = '11111111-2222-3333-4444-555555555555';
export const CHANNEL = '19:5trinn@thread.tacv2';

// Prompt reminders are off for the team: the test is about commitments, and the weekly cap counts both.
const ORG = `
owner: { key: oslo, name: Oslo kommune }
schools:
  - { key: sinsen, name: Sinsen skole, locale: nb }
teams:
  - key: sinsen-5trinn
    school: sinsen
    name: 5. trinn
    programme: elevene-vare
    schedule: { weekday: thursday, time: "14:00" }
    reminders: { via: dm, after_hours: [] }
    teams: { conversation_id: "${CHANNEL}", tenant_id: ${TENANT} }
people:
  - { email: kari@sinsen.example, name: Kari Nordmann, teams: { aad_object_id: aad-kari, tenant_id: ${TENANT} }, roles: [{ role: member, team: sinsen-5trinn }, { role: team_lead, team: sinsen-5trinn }] }
  - { email: ola@sinsen.example, name: Ola Hansen, teams: { aad_object_id: aad-ola, tenant_id: ${TENANT} }, roles: [{ role: member, team: sinsen-5trinn }] }
  - { email: nora@sinsen.example, name: Nora Berg, teams: { aad_object_id: aad-nora, tenant_id: ${TENANT} }, roles: [{ role: member, team: sinsen-5trinn }] }
`;

/**
 * Starts the fake connector and Refleks on a new database, with the tick left to the test's `clock`,
 * and applies the org. What it started is closed again when a step fails; `drop` drops the database.
 */
export async function startTeamsCommitmentRefleks(
  clock: Clock,
): Promise<{ connector: FakeConnector; running: Running; drop: () => Promise<void> }> {
  const connector = await startFakeConnector({ tenantId: TENANT });
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
    });
    running = await startRefleks(config, {
      clock,
      logger: silentLogger,
      scheduleTick: false,
      queuePrefix: redisTestPrefix(),
    });
    const file = join(tmpdir(), `teams-commitment-org-${process.pid}-${Date.now()}.yaml`);
    writeFileSync(file, ORG);
    await applyOrg(running.deps.db, await loadOrgFile(file), { now: clock.now() });
    return { connector, running, drop: database.drop };
  } catch (error) {
    await running?.stop();
    await connector.close();
    await database?.drop();
    throw error;
  }
}
