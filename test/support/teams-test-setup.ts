import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConversationReference,
} from 'botbuilder';
import type { FakeConnector } from './fake-connector.ts';

/** Shared by the fakes' self-tests: one tenant, bot, team, channel and person. */
export const TENANT = '11111111-2222-3333-4444-555555555555';
export const BOT = '28:00000000-0000-0000-0000-00000000b0b0';
export const TEAM = '19:team0general@thread.tacv2';
export const CHANNEL = '19:c0ffee@thread.tacv2';
export const KARI = '29:1kari';
export const KARI_AAD = 'aad-kari';

/** The real adapter with authentication off (empty MicrosoftAppId), as in local mode and in tests. */
export function newAdapter(): CloudAdapter {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '' }));
  adapter.onTurnError = async (_context, error) => {
    throw error;
  };
  return adapter;
}

export function channelReference(
  fake: FakeConnector,
  conversationId = CHANNEL,
): Partial<ConversationReference> {
  return {
    channelId: 'msteams',
    serviceUrl: fake.serviceUrl,
    bot: { id: BOT, name: 'Refleks' },
    conversation: {
      id: conversationId,
      isGroup: true,
      conversationType: 'channel',
      tenantId: TENANT,
      name: '',
    },
  };
}

export const card = {
  contentType: 'application/vnd.microsoft.card.adaptive',
  content: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Hei' }] },
};
