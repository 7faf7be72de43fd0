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

export function userOf(context: TurnContext, tenantId: string): UserRef {
  const from = context.activity.from;
  // People are bound by their AAD object id in the organisation file.
  return { platform: 'teams', tenantId, userId: from.aadObjectId ?? from.id };
}

/** The tenant an activity comes from: Teams puts it in channelData, other channels on the conversation. */
export function tenantOf(context: TurnContext): string {
  const data = (context.activity.channelData ?? {}) as TeamsChannelData;
  return data.tenant?.id ?? context.activity.conversation?.tenantId ?? '';
}

export const isPersonal = (context: TurnContext): boolean =>
  context.activity.conversation?.conversationType === 'personal';
