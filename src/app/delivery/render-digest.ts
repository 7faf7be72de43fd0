import { buildOwnerDigestCard } from '../../core/digest/owner-digest.ts';
import { buildRectorDigestCard } from '../../core/digest/rector-digest.ts';
import { occurrenceInWeek } from '../../core/schedule/index.ts';
import { audit } from '../../db/repositories/events.ts';
import { personById } from '../../db/repositories/organisation.ts';
import { ownerReport } from '../digest/owner-report.ts';
import { loadRectorDigest } from '../digest/rector-digest.ts';
import { auditSharedRead } from '../home/audit-shared-read.ts';
import { resolveLocale } from '../locale.ts';
import { postToPerson } from './direct.ts';
import type { SendContext, SendOutcome } from './render-outbox.ts';

const DIGEST_LINK_HOURS = 7 * 24;

/**
 * The school owner's termly digest, built at send time in their language. Text a school passed on is
 * the only team text in it; reading it is audited like any leader read of shared content.
 */
export async function sendOwnerDigest(ctx: SendContext): Promise<SendOutcome> {
  const { db, adapter, row, team } = ctx;
  const payload = row.payload as { ownerKey?: string; term?: string };
  const person = row.personId ? await personById(db, row.personId) : null;
  if (!person || !payload.ownerKey || !payload.term) return { skip: 'owner or reader removed' };
  const report = await ownerReport(db, payload.ownerKey, payload.term);
  const locale = resolveLocale(person.locale, ctx.school.locale);
  if (report.approvedText.length)
    await audit(db, {
      actor: 'person',
      actorPersonId: person.id,
      action: 'owner.read_passed_on',
      details: { term: report.term, schools: [...new Set(report.approvedText.map((item) => item.school))] },
    });
  return { sent: await postToPerson(db, adapter, team, person, buildOwnerDigestCard(report, locale)) };
}

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
