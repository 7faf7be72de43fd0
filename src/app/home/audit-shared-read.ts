import type { Db } from '../../db/client.ts';
import { audit } from '../../db/repositories/events.ts';

/**
 * DESIGN §5: every leader read of shared content is written to the audit log — which teams' shared
 * text a leader saw and where, never the text itself.
 */
export async function auditSharedRead(
  db: Db,
  input: {
    personId: string;
    where: 'overview' | 'digest' | 'web';
    teams: { name: string; shared: unknown[] }[];
  },
): Promise<void> {
  const seen = input.teams.filter((t) => t.shared.length).map((t) => t.name);
  if (!seen.length) return;
  await audit(db, {
    actor: 'person',
    actorPersonId: input.personId,
    action: 'leader.read_shared',
    details: { where: input.where, teams: seen },
  });
}
