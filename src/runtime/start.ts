import { type ServerType, serve } from '@hono/node-server';
import type { Worker } from 'bullmq';
import { Hono } from 'hono';
import { LocalAdapter } from '../../adapters/local/adapter.ts';
import { localChatRoutes } from '../../adapters/local/routes.ts';
import { renderLayout } from '../../adapters/local/views/layout.ts';
import { createSlack, type Slack } from '../../adapters/slack/index.ts';
import { createSlackSocketMode, type SlackSocketMode } from '../../adapters/slack/socket-mode.ts';
import { createTeams, type Teams } from '../../adapters/teams/index.ts';
import { REDIS_PREFIX, TICK_EVERY_MS } from '../../jobs/catalog.ts';
import { createJobQueue, type JobQueue } from '../../jobs/queue.ts';
import { createWorker } from '../../jobs/worker.ts';
import type { AppDeps } from '../app/deps.ts';
import { createInboundHandler } from '../app/inbound/handle-inbound.ts';
import { createOverviewLinks, MY_DATA, MY_DATA_LINK_HOURS } from '../app/web/overview-links.ts';
import { type Config, previousEncryptionKeys, redactedConfig } from '../config.ts';
import type { ChatAdapter, Platform } from '../core/chat/port.ts';
import { type Clock, systemClock } from '../core/clock.ts';
import { RefleksError } from '../core/errors.ts';
import { migrationsBehind } from '../db/migrate.ts';
import { outboxBacklog } from '../db/repositories/outbox.ts';
import { createHttpApp } from '../http/app.ts';
import { h } from '../http/html.ts';
import { createInboundLimiter } from '../http/inbound-limits.ts';
import { createMetrics, type Metrics } from '../http/metrics.ts';
import { myDataRoutes } from '../http/my-data/routes.ts';
import { overviewRoutes } from '../http/overview/routes.ts';
import { inlineStyleHashes } from '../http/security.ts';
import { createSharedRateLimiter, slackRateRules, teamsRateRules } from '../infra/rate-limits.ts';
import { createSecretBox } from '../infra/secret-box.ts';
import { createLogger, type Logger } from '../logger.ts';
import { seedDemo } from './demo.ts';
import { instrumentedAdapter } from './instrumented-adapter.ts';
import { type Services, startServices } from './services.ts';
import { slackFromEnv } from './slack-settings.ts';

export type Role = 'all' | 'web' | 'worker';

/**
 * A send whose slot comes within this waits for it in the worker instead of going back to the queue:
 * paced sends (one every 25 ms at 40/s, every 200 ms at 300/min) wait here, in the order they asked;
 * only a budget used up for longer (a busy channel) sends the message back to wait its turn.
 */
const SEND_WAIT_MS = 2_000;

export interface Running {
  url: string | null;
  deps: AppDeps;
  services: Services;
  queue: JobQueue;
  metrics: Metrics;
  stop(): Promise<void>;
}

export interface StartOptions {
  role?: Role;
  clock?: Clock;
  logger?: Logger;
  /** Tests run the tick by hand instead of every minute. */
  scheduleTick?: boolean;
  /** How often a worker makes sure the tick's scheduler is in Redis (default: every tick interval). */
  schedulerCheckMs?: number;
  queuePrefix?: string;
}

/** Listens, or says plainly why not (the port is taken, the address does not exist here). */
function listen(app: Hono, port: number, hostname: string): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname }, () => resolve(server));
    server.once('error', (error: NodeJS.ErrnoException) => {
      const why =
        error.code === 'EADDRINUSE'
          ? `port ${port} on ${hostname} is already in use: stop what uses it, or set PORT to another port`
          : `cannot listen on ${hostname}:${port}: ${error.message}`;
      reject(new RefleksError('config_invalid', why));
    });
  });
}

/** The composition root: everything Refleks is made of, wired once, and stopped in reverse order. */
export async function startRefleks(config: Config, options: StartOptions = {}): Promise<Running> {
  const role = options.role ?? 'all';
  const logger = options.logger ?? createLogger(config.env.LOG_LEVEL);
  logger.info({ role, embedded: config.embedded, config: redactedConfig(config) }, 'starting Refleks');
  const services = await startServices(config, logger);
  const metrics = createMetrics();
  const queue = createJobQueue(services.redis, { prefix: options.queuePrefix });
  // Without a listener BullMQ prints a lost connection with console.error, outside the JSON logs.
  queue.queue.on('error', (error) => logger.warn({ err: error.message }, 'job queue: Redis error'));
  metrics.setSources({
    jobCounts: () => queue.queue.getJobCounts(),
    outbox: () => outboxBacklog(services.database.db, (options.clock ?? systemClock).now()),
  });
  const adapters: Partial<Record<Platform, ChatAdapter>> = {};
  const local = new LocalAdapter(services.database.db);
  // The local adapter also delivers for teams bound to no platform, so it is always there to send.
  adapters.local = instrumentedAdapter(local, metrics);
  const deps: AppDeps = {
    db: services.database.db,
    clock: options.clock ?? systemClock,
    adapters,
    queue,
    logger,
    outboxLeaseMs: config.env.REFLEKS_OUTBOX_LEASE_SECONDS * 1000,
  };
  let url: string | null = null;
  const linkOptions = {
    db: deps.db,
    clock: deps.clock,
    encryptionKey: config.env.REFLEKS_ENCRYPTION_KEY,
    // A worker alone does not listen: it names the address the web process is configured for.
    baseUrl: () => config.env.PUBLIC_URL ?? url ?? `http://${config.env.HOST}:${config.env.PORT}`,
  };
  deps.links = createOverviewLinks({ ...linkOptions, hours: config.env.REFLEKS_OVERVIEW_LINK_HOURS });
  deps.dataLinks = createOverviewLinks({ ...linkOptions, hours: MY_DATA_LINK_HOURS, kind: MY_DATA });

  let worker: Worker | null = null;
  let workerConnection: ReturnType<Services['redis']['duplicate']> | null = null;
  let schedulerCheck: ReturnType<typeof setInterval> | null = null;
  let slackApp: Slack | null = null;
  let socketMode: SlackSocketMode | null = null;
  let teamsApp: Teams | null = null;
  let server: ServerType | null = null;
  try {
    // Platforms first: the worker may send the moment it starts.
    const slack = slackFromEnv(config);
    if (slack?.settings.mode === 'oauth' && config.env.REFLEKS_ENCRYPTION_KEY) {
      // Tokens sealed before a key rotation still open, until `refleks rotate-key` re-seals them.
      slack.settings.secretBox = createSecretBox(
        config.env.REFLEKS_ENCRYPTION_KEY,
        previousEncryptionKeys(config.env),
      );
    }
    if (slack) {
      const limiter = createSharedRateLimiter(
        services.redis,
        slackRateRules(config.env.REFLEKS_SLACK_MESSAGES_PER_MINUTE),
        { keyPrefix: `${options.queuePrefix ?? REDIS_PREFIX}:rl:slack`, maxWaitMs: SEND_WAIT_MS },
      );
      slackApp = await createSlack(slack.settings, { db: deps.db, logger, limiter });
      adapters.slack = instrumentedAdapter(slackApp.adapter, metrics);
    }
    if (config.platforms.teams) {
      teamsApp = createTeams(
        {
          appId: config.env.MICROSOFT_APP_ID ?? '',
          ...(config.env.MICROSOFT_APP_PASSWORD ? { appPassword: config.env.MICROSOFT_APP_PASSWORD } : {}),
          ...(config.env.MICROSOFT_APP_TENANT_ID ? { appTenantId: config.env.MICROSOFT_APP_TENANT_ID } : {}),
          ...(config.env.MICROSOFT_APP_TYPE ? { appType: config.env.MICROSOFT_APP_TYPE } : {}),
        },
        {
          db: deps.db,
          logger,
          limiter: createSharedRateLimiter(
            services.redis,
            teamsRateRules(config.env.REFLEKS_TEAMS_REQUESTS_PER_SECOND),
            { keyPrefix: `${options.queuePrefix ?? REDIS_PREFIX}:rl:teams`, maxWaitMs: SEND_WAIT_MS },
          ),
        },
      );
      adapters.teams = instrumentedAdapter(teamsApp.adapter, metrics);
    }
    if (config.demo) await seedDemo(deps);
    if (role !== 'web') {
      // BullMQ does not close a connection it was given: stop() does.
      workerConnection = services.redis.duplicate();
      worker = createWorker(deps, workerConnection, { prefix: options.queuePrefix, metrics });
      if (options.scheduleTick !== false) {
        await queue.scheduleTick();
        // A Redis restarted empty (or flushed) loses the scheduler while every process keeps running,
        // and nothing would tick again until a worker restarted. Upserting it is idempotent and cheap.
        schedulerCheck = setInterval(() => {
          queue.scheduleTick().catch((error: unknown) => {
            logger.warn(
              { err: error instanceof Error ? error.message : String(error) },
              'tick scheduler not renewed',
            );
          });
        }, options.schedulerCheckMs ?? TICK_EVERY_MS);
        schedulerCheck.unref();
      }
    }
    if (role !== 'worker') {
      const mounts: Hono[] = [];
      if (slack?.appToken && slack.settings.mode === 'token') {
        // Socket Mode: Slack comes to us over a WebSocket we open; no public URL, no /slack/events.
        socketMode = await createSlackSocketMode(
          {
            botToken: slack.settings.botToken,
            appToken: slack.appToken,
            ...(slack.settings.apiUrl ? { apiUrl: slack.settings.apiUrl } : {}),
          },
          createInboundHandler(deps),
          logger,
        );
        await socketMode.start();
      } else if (slackApp) {
        mounts.push(...(await slackApp.routes(createInboundHandler(deps))));
      }
      if (teamsApp) mounts.push(teamsApp.routes(createInboundHandler(deps)));
      if (config.localChat) {
        mounts.push(localChatRoutes({ db: deps.db, adapter: local, inbound: createInboundHandler(deps) }));
        mounts.push(new Hono().get('/', (c) => c.redirect('/dev')));
      }
      mounts.push(overviewRoutes({ db: deps.db, clock: deps.clock, links: deps.links, logger }));
      mounts.push(myDataRoutes({ db: deps.db, clock: deps.clock, links: deps.dataLinks, logger }));
      const app = createHttpApp({
        metrics,
        mounts,
        logger,
        security: {
          maxBodyBytes: config.env.REFLEKS_MAX_BODY_BYTES,
          inboundLimiter: createInboundLimiter(services.redis, {
            perTenantPerSecond: config.env.REFLEKS_INBOUND_PER_TENANT_PER_SECOND,
            keyPrefix: `${options.queuePrefix ?? REDIS_PREFIX}:rl:in`,
            logger,
            slackSigningSecret: slack?.settings.signingSecret || undefined,
          }),
          // The /dev pages share one static page shell; its style sheet's hash is their CSP.
          devStyleHashes: inlineStyleHashes(renderLayout({ locale: 'nb', title: '', body: h`` })),
          publicUrl: config.env.PUBLIC_URL,
        },
        readiness: {
          database: () => deps.db.execute('select 1'),
          redis: () => services.redis.ping(),
          migrations: async () => {
            const behind = await migrationsBehind(deps.db);
            if (behind) throw new Error(`${behind} migration(s) not applied: run \`refleks migrate\``);
          },
        },
      });
      server = await listen(app, config.env.PORT, config.env.HOST);
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : config.env.PORT;
      url = `http://${config.env.HOST}:${port}`;
      logger.info({ url, localChat: config.localChat ? `${url}/dev` : 'off' }, 'listening');
    }
  } catch (error) {
    if (schedulerCheck) clearInterval(schedulerCheck);
    await socketMode?.stop();
    await worker?.close();
    workerConnection?.disconnect();
    await queue.close();
    await services.close();
    throw error;
  }

  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      logger.info('stopping: finishing in-flight work');
      if (schedulerCheck) clearInterval(schedulerCheck);
      await socketMode?.stop();
      if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
      // Worker.close waits for the jobs it is running; then nothing else touches the database.
      await worker?.close();
      await workerConnection?.quit().catch(() => workerConnection?.disconnect());
      await queue.close();
      await services.close();
      logger.info('stopped');
    })();
    return stopping;
  };
  return { url, deps, services, queue, metrics, stop };
}
