/**
 * Reading the Adaptive Cards Refleks sent to Teams, as the fake connector received them: the card
 * JSON as text to search, and the buttons (actions) a person could press.
 */
import { ACTIONS } from '../../src/core/loop/ids.ts';
import type { FakeConnectorActivity } from './fake-connector.ts';

export type CardAction = {
  type: string;
  title: string;
  verb?: string;
  data: { msteams?: { type?: string }; verb?: string; value?: string } & Record<string, unknown>;
};

export const cardOf = (a: { attachments?: unknown[] } | undefined) => JSON.stringify(a?.attachments ?? []);
export const actionsOf = (a: FakeConnectorActivity): CardAction[] =>
  (a.attachments ?? []).flatMap(
    (att: { content?: { actions?: CardAction[] } }) => att.content?.actions ?? [],
  );
/** Only a follow-up carries Adjust: the prompt, the commitment card and the summaries do not. */
export const isFollowUp = (a: FakeConnectorActivity) => cardOf(a).includes(ACTIONS.commitmentAdjust);
