import type { TurnContext } from 'botbuilder';
import type { InboundHandler, UserRef } from '../../src/core/chat/port.ts';
import type { Db } from '../../src/db/client.ts';
import type { Logger } from '../../src/logger.ts';
import type { TeamsAdapter } from './adapter.ts';

/** What every part of a turn needs, and how Teams' activities are read. */

export interface TurnDeps {
  db: Db;
  inbound: InboundHandler;
  logger: Logger;
  /** For what must go somewhere else than the conversation of the turn (a private chat). */
  adapter: TeamsAdapter;
}

export interface TeamsChannelData {
  tenant?: { id?: string };
  team?: { id?: string };
  channel?: { id?: string };
}

/** `19:abc@thread.tacv2;messageid=123` → the channel and the thread's root message. */
export function splitReplyChain(conversationId: string): { channel: string; root: string | null } {
  const [channel, rest] = conversationId.split(';messageid=');
  return { channel: channel ?? conversationId, root: rest ?? null };
}

/** "<at>Refleks</at> status" → "status": a mention is how people address the bot in a channel. */
export function withoutMentions(text: string): string {
  return text
    .replace(/<at>[^<]*<\/at>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Text that can be an id: a string without NUL (which a database text cannot hold). */
const idOf = (value: unknown): string | undefined =>
  typeof value === 'string' && !value.includes('\u0000') ? value : undefined;

/**
 * The person of a turn. The receiver refuses an activity whose `from` has no such id (receiver.ts),
 * so the fallbacks here are only a second line: no id reads as an unknown person.
 */
export function userOf(context: TurnContext, tenantId: string): UserRef {
  const from = (context.activity.from ?? {}) as { id?: unknown; aadObjectId?: unknown };
  // People are bound by their AAD object id in the organisation file.
  return { platform: 'teams', tenantId, userId: idOf(from.aadObjectId) ?? idOf(from.id) ?? '' };
}

/** The tenant an activity comes from: Teams puts it in channelData, other channels on the conversation. */
export function tenantOf(context: TurnContext): string {
  // channelData is free-form (the receiver does not check it): only an id counts as a tenant.
  const data = context.activity.channelData as { tenant?: { id?: unknown } | null } | null | undefined;
  const conversation = context.activity.conversation as { tenantId?: unknown } | undefined;
  return idOf(data?.tenant?.id) ?? idOf(conversation?.tenantId) ?? '';
}

export const isPersonal = (context: TurnContext): boolean =>
  context.activity.conversation?.conversationType === 'personal';
