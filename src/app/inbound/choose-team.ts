import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { ConversationRef, InboundEvent, InboundResult } from '../../core/chat/port.ts';
import { formatMoment } from '../../core/format.ts';
import { t } from '../../core/i18n/index.ts';
import type { Locale } from '../../core/locale.ts';
import {
  buildChooseTeamCard,
  buildChooseTeamForm,
  chosenConversation,
  parseChosenTeam,
  type TeamChoice,
} from '../../core/org/choose-team.ts';
import type { Db } from '../../db/client.ts';
import { audit, recordInbound } from '../../db/repositories/events.ts';
import type { PersonRow } from '../../db/repositories/organisation.ts';
import { enqueueOutbox, type OutboxRow } from '../../db/repositories/outbox.ts';
import { cycles, roleAssignments, schools, teams } from '../../db/schema/index.ts';
import { type AppDeps, handOver } from '../deps.ts';
import { resolveLocale } from '../locale.ts';

/** Roles that let a person choose a team's channel: its own people, and its leaders. */
const TEAM_ROLES = ['member', 'team_lead', 'department_head'];
const SCHOOL_ROLES = ['rector', 'department_head'];

async function teamInChannel(db: Db, at: ConversationRef) {
  const [team] = await db
    .select()
    .from(teams)
    .where(
      and(
        eq(teams.platform, at.platform),
        eq(teams.tenantId, at.tenantId),
        eq(teams.channelId, at.conversationId),
      ),
    );
  return team ?? null;
}

/** Teams without a chat channel yet (still on the embedded local chat) that this person may bind. */
async function choicesFor(db: Db, personId: string): Promise<TeamChoice[]> {
  const roles = await db.select().from(roleAssignments).where(eq(roleAssignments.personId, personId));
  const teamIds = roles
    .filter((r) => r.scopeKind === 'team' && TEAM_ROLES.includes(r.role))
    .map((r) => r.scopeId);
  const schoolIds = roles
    .filter((r) => r.scopeKind === 'school' && SCHOOL_ROLES.includes(r.role))
    .map((r) => r.scopeId);
  if (!teamIds.length && !schoolIds.length) return [];
  const rows = await db
    .select({ teamId: teams.id, teamName: teams.name, schoolName: schools.name })
    .from(teams)
    .innerJoin(schools, eq(schools.id, teams.schoolId))
    .where(
      and(
        eq(teams.platform, 'local'),
        or(
          teamIds.length ? inArray(teams.id, teamIds) : sql`false`,
          schoolIds.length ? inArray(teams.schoolId, schoolIds) : sql`false`,
        ),
      ),
    )
    .orderBy(schools.name, teams.name);
  return rows;
}

const channelOf = (user: { platform: ConversationRef['platform']; tenantId: string }, id: string) => ({
  platform: user.platform,
  tenantId: user.tenantId,
  conversationId: id,
});

/** Refleks was added to a channel: if no team names it, the people there are asked which team it is. */
export async function onInstalledInChannel(
  deps: AppDeps,
  person: PersonRow | null,
  conversation: ConversationRef,
): Promise<InboundResult> {
  if (await teamInChannel(deps.db, conversation)) return { type: 'ack' };
  const locale = resolveLocale(person?.locale);
  return { type: 'card', card: buildChooseTeamCard(locale, conversation.conversationId) };
}

export async function openChooseTeam(
  deps: AppDeps,
  person: PersonRow,
  event: Extract<InboundEvent, { kind: 'action' }>,
): Promise<InboundResult> {
  const locale = resolveLocale(person.locale);
  const taken = await teamInChannel(deps.db, channelOf(event.user, event.value));
  if (taken) return { type: 'notice', text: t(locale, 'bind.taken', { team: taken.name }) };
  const choices = await choicesFor(deps.db, person.id);
  if (!choices.length) return { type: 'notice', text: t(locale, 'bind.none') };
  return {
    type: 'open_form',
    form: buildChooseTeamForm({ locale, conversationId: event.value, choices }),
  };
}

export async function submitChooseTeam(
  deps: AppDeps,
  person: PersonRow,
  event: Extract<InboundEvent, { kind: 'form_submitted' }>,
): Promise<InboundResult> {
  const locale = resolveLocale(person.locale);
  const conversationId = chosenConversation(event.privateMetadata);
  if (!conversationId) return { type: 'notice', text: t(locale, 'error.unknownAction') };
  const channel = channelOf(event.user, conversationId);
  const choices = await choicesFor(deps.db, person.id);
  const parsed = parseChosenTeam(event.values, choices, locale);
  if (!parsed.ok) return { type: 'form_errors', errors: parsed.errors };

  const now = deps.clock.now();
  const outcome = await deps.db.transaction(async (tx) => {
    // One binding per channel at a time, however many people choose at once.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`bind:${conversationId}`}))`);
    if (!(await recordInbound(tx, event.user.platform, event.eventId))) return { kind: 'repeat' as const };
    const taken = await teamInChannel(tx, channel);
    if (taken) return { kind: 'taken' as const, name: taken.name };
    const [team] = await tx
      .update(teams)
      .set({ ...bindingOf(channel), bindingSource: 'chat', updatedAt: now })
      .where(and(eq(teams.id, parsed.choice.teamId), eq(teams.platform, 'local')))
      .returning();
    if (!team) return { kind: 'gone' as const };
    await audit(tx, {
      actor: 'person',
      actorPersonId: person.id,
      action: 'team.channel_chosen',
      subjectKind: 'team',
      subjectId: team.id,
      details: { platform: channel.platform },
    });
    return { kind: 'bound' as const, team, rows: await repostOpenPrompt(tx, team.id, now) };
  });
  const error = (text: string): InboundResult => ({ type: 'form_errors', errors: { team: text } });
  if (outcome.kind === 'taken') return error(t(locale, 'bind.taken', { team: outcome.name }));
  if (outcome.kind === 'gone') return error(t(locale, 'bind.form.notAvailable'));
  if (outcome.kind === 'bound') await handOver(deps, outcome.rows);
  const team = outcome.kind === 'bound' ? outcome.team : await teamInChannel(deps.db, channel);
  return { type: 'notice', text: await doneText(deps.db, locale, team) };
}

function bindingOf(channel: ConversationRef) {
  return { platform: channel.platform, tenantId: channel.tenantId, channelId: channel.conversationId };
}

/**
 * A team that moves to its channel mid-week gets the open week's question there, so answers and
 * reminders have a prompt to belong to (the old one stays in the local chat, which nobody reads).
 */
async function repostOpenPrompt(tx: Db, teamId: string, now: Date): Promise<OutboxRow[]> {
  const [open] = await tx
    .select()
    .from(cycles)
    .where(and(eq(cycles.teamId, teamId), eq(cycles.status, 'open')));
  // Not posted yet: the pending prompt goes to the new channel by itself.
  if (!open?.promptMessageId) return [];
  await tx.update(cycles).set({ promptMessageId: null }).where(eq(cycles.id, open.id));
  const row = await enqueueOutbox(tx, {
    key: `prompt:${open.id}:moved:${now.toISOString()}`,
    kind: 'prompt',
    teamId,
    cycleId: open.id,
  });
  return row ? [row] : [];
}

async function doneText(db: Db, locale: Locale, team: typeof teams.$inferSelect | null): Promise<string> {
  if (!team) return t(locale, 'bind.noNext');
  const [school] = await db.select().from(schools).where(eq(schools.id, team.schoolId));
  const next = team.nextRunAt
    ? t(locale, 'bind.next', {
        when: formatMoment(team.nextRunAt, locale, school?.timezone ?? 'Europe/Oslo'),
      })
    : t(locale, 'bind.noNext');
  return t(locale, 'bind.done', { team: team.name, next });
}
