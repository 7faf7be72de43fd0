import type { SlackSettings } from '../../adapters/slack/index.ts';
import type { Config } from '../config.ts';
import { createSecretBox } from '../infra/secret-box.ts';

/**
 * Slack from the environment: OAuth for many workspaces, a bot token for one, and with an app token
 * (`SLACK_APP_TOKEN`) Socket Mode for that one workspace — where no signing secret is needed, since
 * nothing arrives over HTTP.
 */
export function slackFromEnv(config: Config): { settings: SlackSettings; appToken?: string } | null {
  const env = config.env;
  const apiUrl = env.SLACK_API_URL ? { apiUrl: env.SLACK_API_URL } : {};
  if (env.SLACK_APP_TOKEN && env.SLACK_BOT_TOKEN) {
    return {
      settings: {
        mode: 'token',
        botToken: env.SLACK_BOT_TOKEN,
        signingSecret: env.SLACK_SIGNING_SECRET ?? '',
        ...apiUrl,
      },
      appToken: env.SLACK_APP_TOKEN,
    };
  }
  if (!env.SLACK_SIGNING_SECRET) return null;
  const common = { signingSecret: env.SLACK_SIGNING_SECRET, ...apiUrl };
  const { SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET, PUBLIC_URL, REFLEKS_ENCRYPTION_KEY } =
    env;
  if (SLACK_CLIENT_ID && SLACK_CLIENT_SECRET && SLACK_STATE_SECRET && PUBLIC_URL && REFLEKS_ENCRYPTION_KEY) {
    return {
      settings: {
        ...common,
        mode: 'oauth',
        clientId: SLACK_CLIENT_ID,
        clientSecret: SLACK_CLIENT_SECRET,
        stateSecret: SLACK_STATE_SECRET,
        publicUrl: PUBLIC_URL,
        secretBox: createSecretBox(REFLEKS_ENCRYPTION_KEY),
      },
    };
  }
  return env.SLACK_BOT_TOKEN
    ? { settings: { ...common, mode: 'token', botToken: env.SLACK_BOT_TOKEN } }
    : null;
}
