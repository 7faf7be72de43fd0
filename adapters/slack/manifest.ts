import { t } from '../../src/core/i18n/index.ts';
import type { Locale } from '../../src/core/locale.ts';
import { MAKE_COMMITMENT } from './listeners.ts';

/**
 * The Slack app manifest for `refleks slack-manifest`: least privilege, every scope for a reason
 * (the README lists them). URLs come from PUBLIC_URL; what people see in Slack is in the school's
 * language (a Slack app has one).
 */
export const BOT_SCOPES: Record<string, string> = {
  'chat:write': 'post the weekly prompt, thread replies and reminders in channels Refleks is invited to',
  'im:write': 'open a direct message to send a personal reminder',
  'users:read': 'show people by name in commitments and look up who clicked',
  'channels:history': "receive replies in the prompt's thread in public channels (message events)",
  'groups:history': "receive replies in the prompt's thread in private channels (message events)",
  commands: 'the /refleks command and the "Make this a commitment" message shortcut',
};

export function slackManifest(publicUrl: string, locale: Locale = 'nb') {
  const base = publicUrl.replace(/\/+$/, '');
  const endpoint = `${base}/slack/events`;
  return {
    display_information: {
      name: 'Refleks',
      description: t(locale, 'slack.app.description'),
      background_color: '#3f0e40',
    },
    features: {
      bot_user: { display_name: 'Refleks', always_online: true },
      app_home: { home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: true },
      slash_commands: [
        {
          command: '/refleks',
          url: endpoint,
          description: t(locale, 'slack.command.description'),
          usage_hint: t(locale, 'slack.command.hint'),
          should_escape: false,
        },
      ],
      shortcuts: [
        {
          name: t(locale, 'slack.shortcut.makeCommitment'),
          type: 'message',
          callback_id: MAKE_COMMITMENT,
          description: t(locale, 'slack.shortcut.description'),
        },
      ],
    },
    // The redirect is used only with OAuth (SLACK_CLIENT_ID); with one bot token it is simply unused.
    oauth_config: {
      redirect_urls: [`${base}/slack/oauth_redirect`],
      scopes: { bot: Object.keys(BOT_SCOPES) },
    },
    settings: {
      event_subscriptions: {
        request_url: endpoint,
        bot_events: [
          'message.channels',
          'message.groups',
          'app_home_opened',
          'app_uninstalled',
          'tokens_revoked',
        ],
      },
      interactivity: { is_enabled: true, request_url: endpoint },
      org_deploy_enabled: false,
      socket_mode_enabled: false,
      token_rotation_enabled: false,
    },
  };
}
