import { App, LogLevel, webApi } from '@slack/bolt';
import type { Hono } from 'hono';
import type { InboundHandler } from '../../src/core/chat/port.ts';
import { RefleksError } from '../../src/core/errors.ts';
import type { SharedRateLimiter } from '../../src/infra/rate-limits.ts';
import type { Logger } from '../../src/logger.ts';
import { SlackAdapter } from './adapter.ts';
import { registerListeners } from './listeners.ts';
import { HonoSlackReceiver } from './receiver.ts';

export interface SlackSettings {
  botToken: string;
  signingSecret: string;
  /** SLACK_API_URL: the Web API base URL (tests point it at a fake on 127.0.0.1). */
  apiUrl?: string;
}

/**
 * Retries are the outbox's job (it knows what was sent); the Web API client must not retry on its own
 * or wait out a 429 for minutes: it reports the 429 and the outbox schedules the retry.
 */
function clientOptions(settings: SlackSettings) {
  return {
    ...(settings.apiUrl ? { slackApiUrl: settings.apiUrl } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  };
}

/** The outbound half: the adapter for one workspace, which it identifies with auth.test. */
export async function createSlackAdapter(
  settings: SlackSettings,
  limiter?: SharedRateLimiter,
): Promise<SlackAdapter> {
  const client = new webApi.WebClient(settings.botToken, clientOptions(settings));
  const auth = await client.auth.test().catch((error: unknown) => {
    throw new RefleksError(
      'config_invalid',
      `SLACK_BOT_TOKEN was refused by Slack (auth.test): ${error instanceof Error ? error.message : String(error)}`,
    );
  });
  if (!auth.team_id) throw new RefleksError('config_invalid', 'Slack auth.test returned no team id');
  return new SlackAdapter(client, auth.team_id, limiter);
}

/** The inbound half: Bolt on `POST /slack/events`, handing every event to the core. */
export async function createSlackRoutes(
  settings: SlackSettings,
  inbound: InboundHandler,
  logger: Logger,
): Promise<Hono> {
  const receiver = new HonoSlackReceiver(settings.signingSecret, logger);
  const bolt = new App({
    token: settings.botToken,
    receiver,
    clientOptions: clientOptions(settings),
    logLevel: LogLevel.WARN,
    deferInitialization: true,
  });
  registerListeners(bolt, inbound, logger);
  await bolt.init();
  return receiver.routes;
}

export { SlackAdapter } from './adapter.ts';
