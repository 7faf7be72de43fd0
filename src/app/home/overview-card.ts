import { buildHomeCard } from '../../core/home/home-card.ts';
import type { Card } from '../../core/ui/model.ts';
import type { PersonRow } from '../../db/repositories/organisation.ts';
import type { AppDeps } from '../deps.ts';
import { auditSharedRead } from './audit-shared-read.ts';
import { loadHomeView } from './load-home-view.ts';

/**
 * The person's home card (Slack App Home, the overview command, the Teams personal chat), read now.
 * A leader's also carries a fresh personal link to the web overview; their read of shared text is
 * audited here, once, whichever way they opened it.
 */
export async function overviewCard(deps: AppDeps, person: PersonRow): Promise<Card> {
  const view = await loadHomeView(deps.db, person, deps.clock.now());
  await auditSharedRead(deps.db, { personId: person.id, where: 'overview', teams: view.leader?.teams ?? [] });
  const link = view.leader?.teams.length && deps.links ? await deps.links.issue(person.id) : undefined;
  return buildHomeCard(view, link);
}
