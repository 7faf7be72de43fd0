import { beforeEach, describe, expect, it } from 'vitest';
import type { ChatAdapter, ConversationRef, MessageRef, UserRef } from '../../src/core/chat/port.ts';
import { PermanentDeliveryError } from '../../src/core/errors.ts';
import type { Card } from '../../src/core/ui/model.ts';

/** What the platform shows for a message, as read back from the platform side (store or fake server). */
export interface Observed {
  text: string;
  /** The message id of the thread's root, or null for a top-level message. */
  threadOf: string | null;
  conversationId: string;
}

export interface ContractHarness {
  adapter: ChatAdapter;
  channel: ConversationRef;
  knownUser: UserRef;
  knownUserName: string;
  unknownUser: UserRef;
  /** A conversation on a tenant the adapter cannot reach. */
  foreignConversation: ConversationRef;
  observe(ref: MessageRef): Promise<Observed | null>;
}

const card = (text: string): Card => ({
  fallbackText: text,
  blocks: [
    { type: 'text', text, style: 'heading' },
    { type: 'fields', fields: [{ label: 'Hva', value: text }] },
    { type: 'buttons', buttons: [{ actionId: 'refleks.answer', label: 'Svar', value: 'x' }] },
  ],
});

/**
 * The conformance suite every chat adapter must pass. A new platform is one folder under adapters/
 * plus a file that calls this with its harness.
 */
export function describeChatAdapterContract(name: string, makeHarness: () => Promise<ContractHarness>) {
  describe(`ChatAdapter contract: ${name}`, () => {
    let h: ContractHarness;
    beforeEach(async () => {
      h = await makeHarness();
    });

    it('posts a card to a channel and the platform shows its text there', async () => {
      const ref = await h.adapter.post(h.channel, card('Ukens spørsmål'));
      expect(ref.conversation.conversationId).toBe(h.channel.conversationId);
      const seen = await h.observe(ref);
      expect(seen?.text).toContain('Ukens spørsmål');
      expect(seen?.threadOf).toBeNull();
      expect(seen?.conversationId).toBe(h.channel.conversationId);
    });

    it('updates a posted message in place', async () => {
      const ref = await h.adapter.post(h.channel, card('1 av 3 har svart'));
      await h.adapter.update(ref, card('2 av 3 har svart'));
      const seen = await h.observe(ref);
      expect(seen?.text).toContain('2 av 3 har svart');
      expect(seen?.text).not.toContain('1 av 3');
    });

    it('replies in the thread of a message', async () => {
      const root = await h.adapter.post(h.channel, card('Spørsmål'));
      const reply = await h.adapter.reply(root, card('Oppsummering'));
      expect(reply.messageId).not.toBe(root.messageId);
      const seen = await h.observe(reply);
      expect(seen?.threadOf).toBe(root.messageId);
      expect(seen?.text).toContain('Oppsummering');
    });

    it('opens a direct conversation that can be posted to', async () => {
      const dm = await h.adapter.openDirect(h.knownUser);
      expect(dm.platform).toBe(h.adapter.platform);
      expect(dm.conversationId).not.toBe(h.channel.conversationId);
      const ref = await h.adapter.post(dm, card('Påminnelse'));
      // Slack answers a post to a user id with the DM channel's own id: the reference is that one.
      const seen = await h.observe(ref);
      expect(seen?.conversationId).toBe(ref.conversation.conversationId);
      expect(seen?.conversationId).not.toBe(h.channel.conversationId);
    });

    it('looks up a known user and returns null for an unknown one', async () => {
      const profile = await h.adapter.lookupUser(h.knownUser);
      expect(profile?.name).toBe(h.knownUserName);
      expect(await h.adapter.lookupUser(h.unknownUser)).toBeNull();
    });

    it('throws the core PermanentDeliveryError for a conversation it cannot reach', async () => {
      await expect(h.adapter.post(h.foreignConversation, card('x'))).rejects.toBeInstanceOf(
        PermanentDeliveryError,
      );
    });
  });
}
