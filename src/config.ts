import { z } from 'zod';
import { RefleksError } from './core/errors.ts';

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const url = (protocols: string[]) =>
  optionalText.refine(
    (v) => v === undefined || (URL.canParse(v) && protocols.includes(new URL(v).protocol)),
    `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
  );

const onOff = z
  .enum(['on', 'off', 'true', 'false', '1', '0', ''])
  .optional()
  .transform((v) => (v === undefined || v === '' ? undefined : ['on', 'true', '1'].includes(v)));

const splitKeys = (list: string) =>
  list
    .split(',')
    .map((key) => key.trim())
    .filter(Boolean);

/** The environment Refleks reads (DESIGN.md §6). Parsed once at start; nothing else reads process.env. */
const envSchema = z
  .object({
    PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
    HOST: z.string().default('127.0.0.1'),
    DATABASE_URL: url(['postgres:', 'postgresql:']),
    REDIS_URL: url(['redis:', 'rediss:']),
    PUBLIC_URL: url(['http:', 'https:']),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    REFLEKS_ENCRYPTION_KEY: optionalText.refine(
      (v) => v === undefined || v.length >= 32,
      'must be at least 32 characters (e.g. `openssl rand -base64 32`)',
    ),
    /**
     * Earlier encryption keys, comma-separated: values sealed with them still open (after the current
     * key is tried) until `refleks rotate-key` has re-sealed them with REFLEKS_ENCRYPTION_KEY.
     */
    REFLEKS_ENCRYPTION_KEY_PREVIOUS: optionalText.refine(
      (v) => v === undefined || splitKeys(v).every((key) => key.length >= 32),
      'each key (comma-separated) must be at least 32 characters',
    ),
    /**
     * The largest request body POST /slack/events, /api/messages and /dev/* accept. Slack's largest
     * (view submissions) and Bot Framework activities are a few hundred KB at most.
     */
    REFLEKS_MAX_BODY_BYTES: z.coerce
      .number()
      .int()
      .min(16 * 1024)
      .max(64 * 1024 * 1024)
      .default(1024 * 1024),
    /**
     * Inbound requests per second per Slack workspace or Teams tenant, counted over 10 seconds so a
     * burst passes; only a runaway client reaches it. Over it: 429 with Retry-After.
     */
    REFLEKS_INBOUND_PER_TENANT_PER_SECOND: z.coerce.number().int().min(1).max(100_000).default(50),
    /** How long a web-overview link sent on request works (a digest's link lasts its week). */
    REFLEKS_OVERVIEW_LINK_HOURS: z.coerce
      .number()
      .min(0.1)
      .max(24 * 30)
      .default(24),
    /**
     * How long a worker holds a message it is sending. A worker that dies mid-send leaves its messages
     * to others after this; it must outlast the slowest send, or a slow send is posted twice.
     */
    REFLEKS_OUTBOX_LEASE_SECONDS: z.coerce.number().int().min(5).max(3_600).default(120),
    REFLEKS_DATA_DIR: z.string().default('.data'),
    // Per process: web and worker each hold a pool; size them so every process together stays under
    // the server's max_connections (a managed PostgreSQL's plan says how many).
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    REFLEKS_LOCAL_CHAT: onOff,
    REFLEKS_DEMO: onOff,
    SLACK_SIGNING_SECRET: optionalText,
    SLACK_BOT_TOKEN: optionalText.refine(
      (v) => v === undefined || v.startsWith('xoxb-'),
      'must start with xoxb-',
    ),
    SLACK_CLIENT_ID: optionalText,
    SLACK_CLIENT_SECRET: optionalText,
    SLACK_STATE_SECRET: optionalText,
    SLACK_APP_TOKEN: optionalText.refine(
      (v) => v === undefined || v.startsWith('xapp-'),
      'must start with xapp-',
    ),
    SLACK_API_URL: url(['http:', 'https:']),
    /** chat.postMessage budget per workspace, shared by all processes (Slack: "several hundred per minute"). */
    REFLEKS_SLACK_MESSAGES_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(300),
    /** Bot Framework requests per second per tenant, shared by all processes (Teams: 30–50/s). */
    REFLEKS_TEAMS_REQUESTS_PER_SECOND: z.coerce.number().int().min(1).max(1_000).default(40),
    MICROSOFT_APP_ID: optionalText,
    MICROSOFT_APP_PASSWORD: optionalText,
    MICROSOFT_APP_TENANT_ID: optionalText,
    MICROSOFT_APP_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI', '']).optional(),
  })
  .superRefine((env, ctx) => {
    const slackWanted = env.SLACK_BOT_TOKEN || env.SLACK_CLIENT_ID || env.SLACK_APP_TOKEN;
    if (slackWanted && !env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_SIGNING_SECRET'],
        message: 'is required when Slack is configured',
      });
    }
    if (env.SLACK_CLIENT_ID && (!env.SLACK_CLIENT_SECRET || !env.SLACK_STATE_SECRET)) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_CLIENT_SECRET'],
        message: 'SLACK_CLIENT_SECRET and SLACK_STATE_SECRET are required with SLACK_CLIENT_ID (OAuth)',
      });
    }
    if (env.SLACK_APP_TOKEN && !env.SLACK_BOT_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_BOT_TOKEN'],
        message: 'is required with SLACK_APP_TOKEN (Socket Mode)',
      });
    }
    if (env.SLACK_CLIENT_ID && !env.REFLEKS_ENCRYPTION_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['REFLEKS_ENCRYPTION_KEY'],
        message: 'is required with SLACK_CLIENT_ID: installed workspaces’ tokens are stored encrypted',
      });
    }
    if (env.REFLEKS_ENCRYPTION_KEY_PREVIOUS && !env.REFLEKS_ENCRYPTION_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['REFLEKS_ENCRYPTION_KEY'],
        message: 'is required with REFLEKS_ENCRYPTION_KEY_PREVIOUS (the key values are re-sealed with)',
      });
    }
    if (env.SLACK_CLIENT_ID && !env.PUBLIC_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['PUBLIC_URL'],
        message: 'is required with SLACK_CLIENT_ID (the OAuth redirect)',
      });
    }
    if (env.MICROSOFT_APP_ID && !env.MICROSOFT_APP_PASSWORD && env.MICROSOFT_APP_TYPE !== 'UserAssignedMSI') {
      ctx.addIssue({
        code: 'custom',
        path: ['MICROSOFT_APP_PASSWORD'],
        message: 'is required with MICROSOFT_APP_ID',
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

/** Every environment variable Refleks reads: deployment files are checked against it. */
export const ENV_NAMES: readonly string[] = Object.keys(envSchema.shape);

export interface Config {
  env: Env;
  /** No platform credentials and no external services: PGlite, a private redis-server, the demo. */
  embedded: boolean;
  platforms: { slack: boolean; teams: boolean };
  localChat: boolean;
  demo: boolean;
}

export class ConfigError extends RefleksError {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(
      'config_invalid',
      `Refleks cannot start: the environment has ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.problems = problems;
  }
}

const SECRET = /SECRET|PASSWORD|TOKEN|KEY/;

export function loadConfig(source: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? 'environment');
        // Never echo a secret back, not even a malformed one; URLs may carry a password.
        const shown =
          SECRET.test(name) || name.endsWith('_URL') ? '' : ` (got ${JSON.stringify(source[name] ?? '')})`;
        return `${name}: ${issue.message}${shown}`;
      }),
    );
  }
  const env = parsed.data;
  const slack = Boolean(env.SLACK_BOT_TOKEN || env.SLACK_CLIENT_ID || env.SLACK_APP_TOKEN);
  // An empty MICROSOFT_APP_ID is meaningful: Teams with authentication off (local use, tests).
  const teams = source.MICROSOFT_APP_ID !== undefined || env.MICROSOFT_APP_PASSWORD !== undefined;
  const noPlatform = !slack && !teams;
  const embedded = noPlatform && !env.DATABASE_URL && !env.REDIS_URL;
  return {
    env,
    embedded,
    platforms: { slack, teams },
    // The local chat lets anyone act as anyone: only on where no real platform is connected, unless asked.
    localChat: env.REFLEKS_LOCAL_CHAT ?? noPlatform,
    demo: env.REFLEKS_DEMO ?? embedded,
  };
}

/** The configuration as it may be logged: secrets replaced by whether they are set. */
export function redactedConfig(config: Config): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(config.env).map(([k, v]) => [
      k,
      SECRET.test(k) || k.endsWith('_URL') ? (v ? '(set)' : '(unset)') : v,
    ]),
  );
}

/** REFLEKS_ENCRYPTION_KEY_PREVIOUS as a list, in the order given (empty when unset). */
export function previousEncryptionKeys(env: Env): string[] {
  return env.REFLEKS_ENCRYPTION_KEY_PREVIOUS ? splitKeys(env.REFLEKS_ENCRYPTION_KEY_PREVIOUS) : [];
}
