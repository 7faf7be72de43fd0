import { and, eq, ne } from 'drizzle-orm';
import type { InboundEvent, InboundResult } from '../../core/chat/port.ts';
import { t } from '../../core/i18n/index.ts';
import type { Locale } from '../../core/locale.ts';
import { isUuid } from '../../core/loop/ids.ts';
import {
  buildSupportReplyForm,
  buildSupportRequestForm,
  decodeSupportContext,
  parseSupportText,
} from '../../core/loop/support-form.ts';
import { audit, recordInbound, recordPiiBlock } from '../../db/repositories/events.ts';
import type { PersonRow, TeamRow } from '../../db/repositories/organisation.ts';
import { enqueueOutbox } from '../../db/repositories/outbox.ts';
import { supportRequests, teams } from '../../db/schema/index.ts';
import { type AppDeps, handOver } from '../deps.ts';
import { resolveLocale } from '../locale.ts';
import { isLeaderOf, isTeamLead } from './membership.ts';
import { withPrivacyHint } from './privacy-hint.ts';

type Action = Extract<InboundEvent, { kind: 'action' }>;
type Submitted = Extract<InboundEvent, { kind: 'form_submitted' }>;
export type SupportEvent = 'requested' | 'acknowledged' | 'answered';

/** `/refleks support <text>`: the team lead's form, with what they typed already in it. */
export function openSupportRequest(team: TeamRow, person: PersonRow, initial: string): InboundResult {
  const locale = resolveLocale(person.locale, team.locale);
  return { type: 'open_form', form: buildSupportRequestForm({ locale, teamId: team.id, initial }) };
}

async function teamById(deps: AppDeps, id: string) {
  if (!isUuid(id)) return undefined;
  const [team] = await deps.db.select().from(teams).where(eq(teams.id, id));
  return team;
}

/** Stored, audited and told to the team in its channel, in one transaction (a retry stores nothing twice). */
export async function submitSupportRequest(deps: AppDeps, person: PersonRow, event: Submitted) {
  const context = decodeSupportContext(event.privateMetadata);
  const team = context && 'teamId' in context ? await teamById(deps, context.teamId) : undefined;
  const locale = resolveLocale(person.locale, team?.locale);
  if (!team) return { type: 'notice', text: t(locale, 'error.unknownAction') } as const;
  if (!(await isTeamLead(deps.db, team.id, person.id)))
    return { type: 'form_errors', errors: { body: t(locale, 'support.onlyLead') } } as const;
  const parsed = parseSupportText(event.values, 'body', locale);
  if (!parsed.ok) {
    if (parsed.identityNumberBlocked)
      await recordPiiBlock(deps.db, { kind: 'identity_number', place: 'support_form', teamId: team.id });
    return { type: 'form_errors', errors: parsed.errors } as const;
  }
  const rows = await deps.db.transaction(async (tx) => {
    if (!(await recordInbound(tx, event.user.platform, event.eventId))) return [];
    const [request] = await tx
      .insert(supportRequests)
      .values({ teamId: team.id, body: parsed.value, requestedBy: person.id, createdAt: deps.clock.now() })
      .returning();
    await audit(tx, {
      actor: 'person',
      actorPersonId: person.id,
      action: 'team.support_requested',
      subjectKind: 'team',
      subjectId: team.id,
    });
    return [await supportNote(tx, request!.id, team.id, 'requested')].filter((r) => r !== null);
  });
  await handOver(deps, rows);
  return withPrivacyHint(
    deps,
    { type: 'notice', text: t(locale, 'support.sent') },
    { texts: [parsed.value], place: 'support_form', teamId: team.id, locale },
  );
}

function supportNote(db: AppDeps['db'], supportId: string, teamId: string, what: SupportEvent) {
  return enqueueOutbox(db, {
    key: `support:${supportId}:${what}`,
    kind: 'support',
    teamId,
    payload: { supportId, what },
  });
}

/** The request and its team, if the person is a leader with the team in scope. */
async function answerable(deps: AppDeps, person: PersonRow, supportId: string) {
  const locale: Locale = resolveLocale(person.locale);
  const [row] = isUuid(supportId)
    ? await deps.db
        .select({ request: supportRequests, team: teams })
        .from(supportRequests)
        .innerJoin(teams, eq(teams.id, supportRequests.teamId))
        .where(eq(supportRequests.id, supportId))
    : [];
  if (!row) return { ok: false, text: t(locale, 'error.unknownAction') } as const;
  if (!(await isLeaderOf(deps.db, row.team, person.id)))
    return { ok: false, text: t(locale, 'support.notLeader') } as const;
  if (row.request.status === 'answered')
    return { ok: false, text: t(locale, 'support.alreadyAnswered') } as const;
  return { ok: true, locale, ...row } as const;
}

/**
 * A leader's "seen" or answer: stored (an answer only once, "seen" only while still open), audited and
 * told to the team in its channel, in one transaction; a platform's retry of the same event does nothing.
 */
async function leaderResponds(
  deps: AppDeps,
  person: PersonRow,
  event: Action | Submitted,
  found: { request: { id: string }; team: { id: string } },
  what: 'acknowledged' | 'answered',
  reply?: string,
) {
  const rows = await deps.db.transaction(async (tx) => {
    if (!(await recordInbound(tx, event.user.platform, event.eventId))) return [];
    const changed = await tx
      .update(supportRequests)
      .set({ status: what, answeredBy: person.id, answeredAt: deps.clock.now(), ...(reply ? { reply } : {}) })
      .where(
        and(
          eq(supportRequests.id, found.request.id),
          what === 'answered' ? ne(supportRequests.status, 'answered') : eq(supportRequests.status, 'open'),
        ),
      )
      .returning();
    if (!changed.length) return [];
    await audit(tx, {
      actor: 'person',
      actorPersonId: person.id,
      action: what === 'answered' ? 'leader.support_answered' : 'leader.support_acknowledged',
      subjectKind: 'team',
      subjectId: found.team.id,
    });
    return [await supportNote(tx, found.request.id, found.team.id, what)].filter((r) => r !== null);
  });
  await handOver(deps, rows);
}

/** "Seen": the team hears that a leader has read it; the request stays open for an answer. */
export async function acknowledgeSupport(
  deps: AppDeps,
  person: PersonRow,
  event: Action,
): Promise<InboundResult> {
  const found = await answerable(deps, person, event.value);
  if (!found.ok) return { type: 'notice', text: found.text };
  await leaderResponds(deps, person, event, found, 'acknowledged');
  return { type: 'notice', text: t(found.locale, 'support.ackDone') };
}

export async function openSupportReply(
  deps: AppDeps,
  person: PersonRow,
  event: Action,
): Promise<InboundResult> {
  const found = await answerable(deps, person, event.value);
  if (!found.ok) return { type: 'notice', text: found.text };
  return {
    type: 'open_form',
    form: buildSupportReplyForm({
      locale: found.locale,
      supportId: found.request.id,
      request: found.request.body,
    }),
  };
}

/** The leader's answer goes back to the team's channel, quoting what the team asked. */
export async function submitSupportReply(
  deps: AppDeps,
  person: PersonRow,
  event: Submitted,
): Promise<InboundResult> {
  const context = decodeSupportContext(event.privateMetadata);
  const found = await answerable(deps, person, context && 'supportId' in context ? context.supportId : '');
  if (!found.ok) return { type: 'form_errors', errors: { reply: found.text } };
  const parsed = parseSupportText(event.values, 'reply', found.locale);
  if (!parsed.ok) {
    if (parsed.identityNumberBlocked)
      await recordPiiBlock(deps.db, {
        kind: 'identity_number',
        place: 'support_reply',
        teamId: found.team.id,
      });
    return { type: 'form_errors', errors: parsed.errors };
  }
  await leaderResponds(deps, person, event, found, 'answered', parsed.value);
  return withPrivacyHint(
    deps,
    { type: 'notice', text: t(found.locale, 'support.replyDone') },
    { texts: [parsed.value], place: 'support_reply', teamId: found.team.id, locale: found.locale },
  );
}
