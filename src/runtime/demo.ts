import { fileURLToPath } from 'node:url';
import { openCycleNow } from '../app/cycles/open-cycle-now.ts';
import { type AppDeps, handOver } from '../app/deps.ts';
import { applyOrg, loadOrgFile } from '../app/org/index.ts';
import { RefleksError } from '../core/errors.ts';
import { openCycleOfTeam } from '../db/repositories/cycles.ts';
import { teamByKey } from '../db/repositories/organisation.ts';

export const DEMO_ORG_FILE = fileURLToPath(new URL('../app/demo/demo-org.yaml', import.meta.url));

/**
 * The embedded default's demo school: applied on every start (a no-op when nothing changed), and a
 * cycle opened at once for a team that has none, so a newcomer has a question to answer right away.
 * A restart finds the open cycle and opens nothing twice.
 */
export async function seedDemo(deps: AppDeps): Promise<void> {
  const org = await loadOrgFile(DEMO_ORG_FILE);
  await applyOrg(deps.db, org, { now: deps.clock.now(), actor: 'system' });
  for (const { key } of org.teams) {
    const team = await teamByKey(deps.db, key);
    if (!team || (await openCycleOfTeam(deps.db, team.id))) continue;
    try {
      const { outbox } = await openCycleNow(deps, key, 'system');
      if (outbox) await handOver(deps, [outbox]);
    } catch (error) {
      // Already held this week, or the programme is finished: the demo simply shows what is there.
      if (!(error instanceof RefleksError)) throw error;
      deps.logger.info({ team: key, reason: error.message }, 'demo cycle not opened');
    }
  }
}
