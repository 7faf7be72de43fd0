import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { type MessageKey, t } from '../../src/core/i18n/index.ts';
import type { Locale } from '../../src/core/locale.ts';
import type { Card } from '../../src/core/ui/model.ts';
import type { Db } from '../../src/db/client.ts';
import {
  localMessages,
  people,
  platformIdentities,
  roleAssignments,
  teams,
} from '../../src/db/schema/index.ts';
import { directConversationId, LOCAL_TENANT } from './adapter.ts';
import type { ChatPageModel, LocalMessageView } from './views/chat-page.ts';

type MessageRow = typeof localMessages.$inferSelect;

const ROLE_KEYS: Record<string, MessageKey> = {
  member: 'role.member',
  team_lead: 'role.team_lead',
  department_head: 'role.department_head',
  rector: 'role.rector',
  school_owner: 'role.school_owner',
};

function roleName(locale: Locale, role: string): string {
  const key = ROLE_KEYS[role];
  return key ? t(locale, key) : role;
}

async function localPeople(db: Db, locale: Locale) {
  const rows = await db
    .select({ userId: platformIdentities.userId, name: people.name, personId: people.id })
    .from(platformIdentities)
    .innerJoin(people, eq(people.id, platformIdentities.personId))
    .where(and(eq(platformIdentities.platform, 'local'), eq(platformIdentities.tenantId, LOCAL_TENANT)))
    .orderBy(asc(people.name));
  const roles = rows.length
    ? await db
        .select({ personId: roleAssignments.personId, role: roleAssignments.role })
        .from(roleAssignments)
        .where(
          inArray(
            roleAssignments.personId,
            rows.map((r) => r.personId),
          ),
        )
    : [];
  return rows.map((r) => ({
    userId: r.userId,
    name: r.name,
    roles: [
      ...new Set(roles.filter((x) => x.personId === r.personId).map((x) => roleName(locale, x.role))),
    ].join(', '),
  }));
}

async function toViews(db: Db, rows: MessageRow[], names: Map<string, string>): Promise<LocalMessageView[]> {
  const counts = rows.length
    ? await db
        .select({ threadId: localMessages.threadId, n: sql<number>`count(*)::int` })
        .from(localMessages)
        .where(
          inArray(
            localMessages.threadId,
            rows.map((r) => r.id),
          ),
        )
        .groupBy(localMessages.threadId)
    : [];
  return rows.map((r) => ({
    id: r.id,
    authorName: r.authorUserId ? (names.get(r.authorUserId) ?? r.authorUserId) : 'Refleks',
    createdAt: r.createdAt,
    card: r.card as Card,
    replyCount: counts.find((c) => c.threadId === r.id)?.n ?? 0,
  }));
}

/** Everything the /dev page shows for one person looking at one conversation (and maybe a thread). */
export async function loadChatPage(
  db: Db,
  query: { as?: string; c?: string; thread?: string; locale: Locale; notice?: string },
): Promise<ChatPageModel> {
  const everyone = await localPeople(db, query.locale);
  const as = everyone.find((p) => p.userId === query.as)?.userId ?? everyone[0]?.userId ?? '';
  const names = new Map(everyone.map((p) => [p.userId, p.name]));
  const channelRows = await db
    .select({ conversationId: teams.channelId, name: teams.name })
    .from(teams)
    .where(eq(teams.platform, 'local'))
    .orderBy(asc(teams.name));
  const dm = directConversationId(as);
  const directs = [{ conversationId: dm, name: 'Refleks' }];
  const known = [...channelRows, ...directs];
  const chosen = known.find((c) => c.conversationId === query.c) ?? known[0] ?? null;

  let current: ChatPageModel['current'] = null;
  let thread: ChatPageModel['thread'] = null;
  if (chosen) {
    const top = await db
      .select()
      .from(localMessages)
      .where(and(eq(localMessages.conversationId, chosen.conversationId), isNull(localMessages.threadId)))
      .orderBy(asc(localMessages.seq));
    current = {
      conversationId: chosen.conversationId,
      title: chosen.name,
      messages: await toViews(db, top, names),
    };
    const root = query.thread ? current.messages.find((m) => m.id === query.thread) : undefined;
    if (root) {
      const replies = await db
        .select()
        .from(localMessages)
        .where(eq(localMessages.threadId, root.id))
        .orderBy(asc(localMessages.seq));
      thread = { root, replies: await toViews(db, replies, names) };
    }
  }
  return {
    locale: query.locale,
    as,
    people: everyone,
    channels: channelRows,
    directs,
    current,
    thread,
    ...(query.notice ? { notice: query.notice } : {}),
  };
}
