/**
 * The Slack app manifest for `refleks slack-manifest`: least privilege, every scope for a reason
 * (the README lists them). URLs come from PUBLIC_URL.
 */
export const BOT_SCOPES: Record<string, string> = {
  'chat:write': 'post the weekly prompt, thread replies and reminders in channels Refleks is invited to',
  'im:write': 'open a direct message to send a personal reminder',
  'users:read': 'show people by name in commitments and look up who clicked',
  'channels:history': "receive replies in the prompt's thread in public channels (message events)",
  'groups:history': "receive replies in the prompt's thread in private channels (message events)",
};

export function slackManifest(publicUrl: string) {
  const base = publicUrl.replace(/\/+$/, '');
  return {
    display_information: {
      name: 'Refleks',
      description: 'The weekly learning loop of teacher teams',
      background_color: '#3f0e40',
    },
    features: { bot_user: { display_name: 'Refleks', always_online: true } },
    oauth_config: { scopes: { bot: Object.keys(BOT_SCOPES) } },
    settings: {
      event_subscriptions: {
        request_url: `${base}/slack/events`,
        bot_events: ['message.channels', 'message.groups'],
      },
      interactivity: { is_enabled: true, request_url: `${base}/slack/events` },
      org_deploy_enabled: false,
      socket_mode_enabled: false,
      token_rotation_enabled: false,
    },
  };
}
