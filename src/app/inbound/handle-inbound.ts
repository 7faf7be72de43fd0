import type { InboundEvent, InboundHandler, InboundResult } from '../../core/chat/port.ts';
import { t } from '../../core/i18n/index.ts';
import { FORM_FIRST_FIELD } from '../../core/loop/ids.ts';
import { personByIdentity } from '../../db/repositories/organisation.ts';
import { markTenantUnreachable } from '../../db/repositories/reachability.ts';
import type { AppDeps } from '../deps.ts';
import { overviewCard } from '../home/overview-card.ts';
import { resolveLocale } from '../locale.ts';
import { onInstalledInChannel } from './choose-team.ts';
import { handleAction } from './on-action.ts';
import { handleCommand } from './on-command.ts';
import { handleFormSubmitted } from './on-form.ts';
import { handleThreadMessage } from './on-message.ts';

/**
 * The one entry point for everything people do in chat, whatever the platform. Writes happen in one
 * transaction together with the record of the event id, so a platform retry after a success is
 * dropped and a retry after a failure is processed: nothing is lost and nothing is doubled.
 */
export function createInboundHandler(deps: AppDeps): InboundHandler {
  return {
    async handle(event: InboundEvent): Promise<InboundResult> {
      let locale = resolveLocale();
      try {
        // The app was removed from a workspace: stop pretending its teams can be reached.
        if (event.kind === 'uninstalled') {
          const { platform, tenantId } = event.user;
          const teams = await markTenantUnreachable(
            deps.db,
            platform,
            tenantId,
            'app uninstalled',
            deps.clock.now(),
          );
          deps.logger.warn({ platform, tenantId, teams }, 'app uninstalled from a workspace');
          return { type: 'ack' };
        }
        const person = await personByIdentity(deps.db, event.user);
        // Whoever added Refleks to a channel, known or not, the channel learns how to choose its team.
        if (event.kind === 'installed') {
          return event.conversation
            ? await onInstalledInChannel(deps, person, event.conversation)
            : { type: 'ack' };
        }
        if (!person) {
          deps.logger.info({ platform: event.user.platform, kind: event.kind }, 'event from an unknown user');
          // A click or a form is addressed to Refleks and gets an answer; chatter in a channel does not.
          return event.kind === 'action' || event.kind === 'form_submitted' || event.kind === 'command'
            ? { type: 'notice', text: t(locale, 'error.unknownUser') }
            : { type: 'ack' };
        }
        locale = resolveLocale(person.locale);
        switch (event.kind) {
          case 'action':
            return await handleAction(deps, person, event);
          case 'form_submitted':
            return await handleFormSubmitted(deps, person, event);
          case 'home_opened': {
            return { type: 'show_home', card: await overviewCard(deps, person) };
          }
          case 'command':
            return await handleCommand(deps, person, event);
          case 'message':
          case 'message_edited':
            return await handleThreadMessage(deps, person, event);
          default:
            return { type: 'ack' };
        }
      } catch (error) {
        deps.logger.error({ err: error, kind: event.kind }, 'inbound event failed');
        const text = t(locale, 'error.temporary');
        // A form stays open with the error on it, so what the person typed is not lost.
        const field =
          event.kind === 'form_submitted'
            ? (FORM_FIRST_FIELD as Record<string, string>)[event.formId]
            : undefined;
        return field ? { type: 'form_errors', errors: { [field]: text } } : { type: 'notice', text };
      }
    },
  };
}
