import { buildRectorDigestCard } from '../../core/digest/rector-digest.ts';
import { occurrenceInWeek } from '../../core/schedule/index.ts';
import { personById } from '../../db/repositories/organisation.ts';
import { loadRectorDigest } from '../digest/rector-digest.ts';
import { auditSharedRead } from '../home/audit-shared-read.ts';
import { postToPerson } from './direct.ts';
import type { SendContext, SendOutcome } from './render-outbox.ts';

const DIGEST_LINK_HOURS = 7 * 24;

/** The rector's digest, built at send time for the week it is about, in the rector's language. */
export async function sendDigest(ctx: SendContext): Promise<SendOutcome> {
  const { db, adapter, row, team, school } = ctx;
  const payload = row.payload as { schoolKey?: string; weekKey?: string };
  const person = row.personId ? await personById(db, row.personId) : null;
  if (!person || !payload.schoolKey || !payload.weekKey) return { skip: 'rector or school removed' };
  // Any moment inside the week stands for it: the digest counts what happened in that ISO week.
  const inWeek = occurrenceInWeek(
    { weekday: 'friday', time: '12:00', cadence: 'weekly' },
    payload.weekKey,
    school.timezone,
  );
  const digest = await loadRectorDigest(db, payload.schoolKey, inWeek, person.locale);
  await auditSharedRead(db, { personId: person.id, where: 'digest', teams: digest.teams });
  // Read on Friday or on Monday: the digest's link lasts the week, until the next digest.
  const link = ctx.links ? await ctx.links.issue(person.id, { hours: DIGEST_LINK_HOURS }) : undefined;
  return { sent: await postToPerson(db, adapter, team, person, buildRectorDigestCard(digest, link)) };
}
