import { App, LogLevel, webApi } from '@slack/bolt';
import type { Hono } from 'hono';
import type { InboundHandler } from '../../src/core/chat/port.ts';
import { RefleksError } from '../../src/core/errors.ts';
import type { Db } from '../../src/db/client.ts';
import type { SharedRateLimiter } from '../../src/infra/rate-limits.ts';
import type { SecretBox } from '../../src/infra/secret-box.ts';
import type { Logger } from '../../src/logger.ts';
import { SlackAdapter } from './adapter.ts';
import { markWorkspace, SlackInstallationStore } from './installation-store.ts';
import { registerListeners } from './listeners.ts';
import { BOT_SCOPES } from './manifest.ts';
import { createSlackOAuthRoutes } from './oauth.ts';
import { HonoSlackReceiver } from './receiver.ts';
import { installedWorkspaces, singleWorkspace, slackClientOptions } from './workspaces.ts';

/** One workspace with a bot token, or many through OAuth (DESIGN §6 env names). */
export type SlackSettings = { signingSecret: string; apiUrl?: string } & (
  | { mode: 'token'; botToken: string }
  | {
      mode: 'oauth';
      clientId: string;
      clientSecret: string;
      stateSecret: string;
      publicUrl: string;
      secretBox: SecretBox;
    }
);

export interface Slack {
  adapter: SlackAdapter;
  /** The HTTP side: /slack/events, and /slack/install + /slack/oauth_redirect with OAuth. */
  routes(inbound: InboundHandler): Promise<Hono[]>;
}

/** Checks the bot token with auth.test, so a wrong token stops start-up with a clear message. */
async function tokenWorkspace(settings: { botToken: string; apiUrl?: string }) {
  const client = new webApi.WebClient(settings.botToken, slackClientOptions(settings.apiUrl));
  const auth = await client.auth.test().catch((error: unknown) => {
    throw new RefleksError(
      'config_invalid',
      `SLACK_BOT_TOKEN was refused by Slack (auth.test): ${error instanceof Error ? error.message : String(error)}`,
    );
  });
  if (!auth.team_id) throw new RefleksError('config_invalid', 'Slack auth.test returned no team id');
  return singleWorkspace(client, auth.team_id);
}

export async function createSlack(
  settings: SlackSettings,
  deps: { db: Db; logger: Logger; limiter?: SharedRateLimiter },
): Promise<Slack> {
  const store = settings.mode === 'oauth' ? new SlackInstallationStore(deps.db, settings.secretBox) : null;
  const workspaces = store
    ? installedWorkspaces(store, settings.apiUrl)
    : await tokenWorkspace(settings as { botToken: string; apiUrl?: string });
  const adapter = new SlackAdapter(workspaces, deps.limiter);
  return {
    adapter,
    async routes(inbound) {
      const receiver = new HonoSlackReceiver(settings.signingSecret, deps.logger);
      const bolt = new App({
        ...(store ? { authorize: store.authorize } : { token: (settings as { botToken: string }).botToken }),
        receiver,
        clientOptions: slackClientOptions(settings.apiUrl),
        logLevel: LogLevel.WARN,
        deferInitialization: true,
      });
      registerListeners(bolt, inbound, deps.logger, {
        // With OAuth the installation itself is marked too, so its token is no longer used.
        onUninstalled: store
          ? (teamId) => markWorkspace(deps.db, teamId, 'uninstalled').then(() => undefined)
          : undefined,
      });
      await bolt.init();
      if (settings.mode !== 'oauth') return [receiver.routes];
      const oauth = createSlackOAuthRoutes({
        clientId: settings.clientId,
        clientSecret: settings.clientSecret,
        stateSecret: settings.stateSecret,
        publicUrl: settings.publicUrl,
        ...(settings.apiUrl ? { apiUrl: settings.apiUrl } : {}),
        db: deps.db,
        secretBox: settings.secretBox,
        scopes: Object.keys(BOT_SCOPES),
        logger: deps.logger,
      });
      return [receiver.routes, oauth];
    },
  };
}

export { SlackAdapter } from './adapter.ts';
