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
    where: 'overview' | 'digest' | 'web' | 'cli';
    /** Support requests are the team's words too: reading them is reading shared content. */
    teams: { name: string; shared: unknown[]; support?: unknown[] }[];
  },
): Promise<void> {
  const seen = input.teams.filter((t) => t.shared.length || t.support?.length).map((t) => t.name);
  if (!seen.length) return;
  await audit(db, {
    // At the CLI an operator reads what that person would see: the read is theirs, on the person's view.
    actor: input.where === 'cli' ? 'cli' : 'person',
    actorPersonId: input.where === 'cli' ? null : input.personId,
    ...(input.where === 'cli' ? { subjectKind: 'person', subjectId: input.personId } : {}),
    action: 'leader.read_shared',
    details: { where: input.where, teams: seen },
  });
}
