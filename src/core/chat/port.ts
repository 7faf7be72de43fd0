import type { Card, Form, FormValues } from '../ui/model.ts';

export type Platform = 'local' | 'slack' | 'teams';

/** Where a message can be posted: a channel or a direct conversation on one platform tenant. */
export interface ConversationRef {
  platform: Platform;
  /** Slack team id, Teams tenant id, 'local' for the embedded adapter. */
  tenantId: string;
  conversationId: string;
}

export interface MessageRef {
  conversation: ConversationRef;
  messageId: string;
}

export interface UserRef {
  platform: Platform;
  tenantId: string;
  userId: string;
}

export interface UserProfile {
  user: UserRef;
  name: string;
  email?: string;
  locale?: string;
}

/**
 * What the core needs from a chat platform, and no more. Adapters throw only the core's errors
 * (RateLimitedError, PermanentDeliveryError, NotFoundError).
 *
 * Opening a form is not a method here: on Teams a form is the answer to an invoke, on Slack it needs the
 * trigger id of the click. The inbound handler therefore *returns* the form (InboundResult) and the
 * adapter shows it the way its platform wants (see docs/adr/0002-forms-are-returned-not-pushed.md).
 */
export interface ChatAdapter {
  readonly platform: Platform;
  post(to: ConversationRef, card: Card): Promise<MessageRef>;
  update(ref: MessageRef, card: Card): Promise<void>;
  reply(parent: MessageRef, card: Card): Promise<MessageRef>;
  openDirect(user: UserRef): Promise<ConversationRef>;
  lookupUser(user: UserRef): Promise<UserProfile | null>;
  /** Optional capability (Slack App Home). */
  publishHome?(user: UserRef, card: Card): Promise<void>;
}

interface InboundBase {
  /** The platform's own id of the delivery (Slack event_id, Teams activity id): used to drop retries. */
  eventId: string;
  user: UserRef;
}

export type InboundEvent =
  | (InboundBase & { kind: 'message'; conversation: ConversationRef; threadId?: string; text: string })
  /** A person edited a message they wrote earlier (Slack `message_changed`). */
  | (InboundBase & {
      kind: 'message_edited';
      conversation: ConversationRef;
      threadId?: string;
      previousText: string;
      text: string;
    })
  | (InboundBase & { kind: 'action'; actionId: string; value: string; message?: MessageRef })
  | (InboundBase & { kind: 'form_submitted'; formId: string; privateMetadata: string; values: FormValues })
  /** A typed command (`/refleks status`); `conversation` is where it was typed, when known. */
  | (InboundBase & { kind: 'command'; text: string; conversation?: ConversationRef })
  | (InboundBase & { kind: 'home_opened' })
  /** Refleks was added (to `conversation`, when it was added to a channel) or removed. */
  | (InboundBase & { kind: 'installed'; conversation?: ConversationRef })
  | (InboundBase & { kind: 'uninstalled' });

/** What the adapter must do in its acknowledgement of an inbound event. */
export type InboundResult =
  | { type: 'ack' }
  | { type: 'open_form'; form: Form }
  | { type: 'form_errors'; errors: Record<string, string> }
  /**
   * Words for the person who acted. `private`: about something they wrote that must not be repeated
   * where others read (a refused identity number); an adapter that answers commands in the channel
   * (Teams) sends it to the person's 1:1 chat instead.
   */
  | { type: 'notice'; text: string; private?: boolean }
  /** A card for everyone where the event happened (the channel Refleks was just added to). */
  | { type: 'card'; card: Card }
  /**
   * The person's home view (Slack App Home, or the overview command), built fresh each time. It is
   * the person's own: shown where only they see it. `movedNotice` is what to say in a shared channel
   * when the adapter sends the view to a private chat instead.
   */
  | { type: 'show_home'; card: Card; movedNotice?: string }
  /** A read-only view for the person who clicked: a dialog (Teams), a modal (Slack), a page (/dev). */
  | { type: 'show_detail'; title: string; closeLabel: string; card: Card };

export interface InboundHandler {
  handle(event: InboundEvent): Promise<InboundResult>;
}
