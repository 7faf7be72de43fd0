import { format } from 'node:util';
import { App, type Logger as BoltLogger, LogLevel, SocketModeReceiver, webApi } from '@slack/bolt';
import type { InboundHandler } from '../../src/core/chat/port.ts';
import { RefleksError } from '../../src/core/errors.ts';
import type { Logger } from '../../src/logger.ts';
import { registerListeners } from './listeners.ts';
import { slackClientOptions } from './workspaces.ts';

export interface SlackSocketModeSettings {
  botToken: string;
  /** SLACK_APP_TOKEN (`xapp-…`, scope `connections:write`): only for `apps.connections.open`. */
  appToken: string;
  /** SLACK_API_URL: the Web API base URL for both tokens (tests point it at a fake on 127.0.0.1). */
  apiUrl?: string;
}

export interface SlackSocketMode {
  /** Opens the WebSocket; resolves once Slack has said `hello`, so events flow from then on. */
  start(): Promise<void>;
  /** Closes the WebSocket with a close handshake and stops reconnecting; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * How long without a pong before the link counts as dead (the client pings every third of it). The
 * SDK's 5 s trips on a busy event loop or a slow Slack edge (slackapi/bolt-js#2496) and makes the
 * client drop a healthy connection and reconnect; 15 s still notices a dead link quickly. It is also
 * the unit of the SDK's reconnect pause (15 s, 30 s, … per consecutive failure), so a lost link never
 * turns into a tight reconnect loop.
 */
const CLIENT_PING_TIMEOUT_MS = 15_000;
/**
 * How long without a ping *from Slack* before reconnecting. The SDK arms this only after Slack's first
 * ping, so a peer that never pings (our test fake) is not cut off; Slack pings well within 30 s.
 */
const SERVER_PING_TIMEOUT_MS = 30_000;
/**
 * If Slack has not answered our close frame by then, stop() returns anyway, so shutdown is not held
 * up (the SDK destroys the socket itself after its own 30 s).
 */
const STOP_GRACE_MS = 5_000;

/**
 * Bolt and the Socket Mode client log through this, into Refleks' own JSON logs. Their debug output
 * carries whole payloads (what people wrote, possibly an identity number), so it is dropped, and the
 * level they see is never DEBUG (they then do not even build those lines). Their `info` is connection
 * chatter; Refleks logs connects and reconnects itself.
 */
function slackLogger(logger: Logger): BoltLogger {
  const child = logger.child({ component: 'slack-socket-mode' });
  return {
    debug: () => {},
    info: (...msg: unknown[]) => child.debug(format(...msg)),
    warn: (...msg: unknown[]) => child.warn(format(...msg)),
    error: (...msg: unknown[]) => child.error(format(...msg)),
    // LOG_LEVEL decides, through pino; the libraries may not lower or raise it.
    setLevel: () => {},
    getLevel: () => LogLevel.INFO,
    setName: () => {},
  };
}

/**
 * Slack over a WebSocket Refleks opens itself, for a workspace where Slack cannot reach Refleks (no
 * public URL): the same Bolt listeners as `POST /slack/events`, so commands, clicks, forms and thread
 * replies behave exactly as over HTTP, retried events included (they are recognised by `event_id`).
 *
 * Outbound messages still go through the outbox and the SlackAdapter (`createSlack(...).adapter`); the
 * bot token here is only for what the listeners do within the 3 seconds (views.open, postEphemeral).
 */
export async function createSlackSocketMode(
  settings: SlackSocketModeSettings,
  inbound: InboundHandler,
  logger: Logger,
): Promise<SlackSocketMode> {
  const boltLogger = slackLogger(logger);
  // The receiver is built here rather than by `new App({ socketMode: true })`, because that would give
  // the app-token client the bot client's options, and the two need different retry rules.
  const receiver = new SocketModeReceiver({
    appToken: settings.appToken,
    logger: boltLogger,
    clientPingTimeout: CLIENT_PING_TIMEOUT_MS,
    serverPingTimeout: SERVER_PING_TIMEOUT_MS,
    // Slack recycles connections (a `disconnect` message, then a new URL): reconnecting is normal life.
    autoReconnectEnabled: true,
    installerOptions: {
      clientOptions: {
        // apps.connections.open goes to SLACK_API_URL too, with the app token as bearer (the SDK sets it).
        ...(settings.apiUrl ? { slackApiUrl: settings.apiUrl } : {}),
        // The SDK's default for this call is 100 retries in quick succession; five spread over five
        // minutes ride out a network blip as well, and then give up instead of hammering Slack.
        retryConfig: webApi.retryPolicies.fiveRetriesInFiveMinutes,
      },
    },
  });
  const bolt = new App({
    token: settings.botToken,
    receiver,
    socketMode: true,
    logger: boltLogger,
    // As over HTTP: the listeners' own calls fail fast rather than wait out a 429 or retry after the
    // 3-second window has closed.
    clientOptions: slackClientOptions(settings.apiUrl),
    deferInitialization: true,
  });
  registerListeners(bolt, inbound, logger);

  // Both tokens are proved here, so a wrong one stops start-up with one clear line. The app token has
  // to be checked by us: the SDK gives up on only five errors (invalid_auth, not_authed, …) and
  // retries anything else for ever, so a token without `connections:write` (missing_scope) would
  // leave start() waiting silently. The ticket this call gets is left unused; it expires on its own.
  const probe = new webApi.WebClient(undefined, slackClientOptions(settings.apiUrl));
  await probe.apps.connections.open({ token: settings.appToken }).catch((error: unknown) => {
    throw new RefleksError(
      'config_invalid',
      `SLACK_APP_TOKEN was refused by Slack (apps.connections.open): ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  });
  // init() identifies the bot with auth.test (Bolt needs its user id to ignore its own messages).
  await bolt.init().catch((error: unknown) => {
    throw new RefleksError(
      'config_invalid',
      `SLACK_BOT_TOKEN was refused by Slack (auth.test): ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  });

  const client = receiver.client;
  client.on('connected', () => logger.info('slack socket mode connected'));
  client.on('reconnecting', () => logger.warn('slack socket mode reconnecting'));

  let stopping: Promise<void> | null = null;
  return {
    async start() {
      stopping = null;
      try {
        await bolt.start();
      } catch (error) {
        // Stop any reconnect the SDK may still have scheduled before reporting.
        await client.disconnect().catch(() => undefined);
        throw new RefleksError(
          'config_invalid',
          `Slack Socket Mode could not connect: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        );
      }
    },
    stop() {
      // Not bolt.stop(): the receiver's stop resolves before the close handshake has happened.
      stopping ??= (async () => {
        let timer: NodeJS.Timeout | undefined;
        const grace = new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), STOP_GRACE_MS);
          timer.unref();
        });
        const outcome = await Promise.race([client.disconnect().then(() => 'closed' as const), grace]);
        clearTimeout(timer);
        if (outcome === 'timeout') logger.warn('slack socket mode: no close handshake, leaving the socket');
        else logger.info('slack socket mode disconnected');
      })();
      return stopping;
    },
  };
}
