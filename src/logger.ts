import { type DestinationStream, pino } from 'pino';

export type { Logger } from 'pino';

/**
 * drizzle's query errors read "Failed query: <sql>\nparams: <values>", and the values are what people
 * wrote (an answer, a commitment). The SQL has placeholders only, so it stays; the values go.
 */
const QUERY_PARAMS = /(\nparams: )[\s\S]*?(?=\n {4}at |$)/g;

/** PostgreSQL's own messages quote a value it could not read: `invalid input syntax for type x: "…"`. */
const PG_INPUT = /(invalid input (?:syntax|value) for (?:type|enum) [^:"]+: )"(?:[^"]|"")*"/g;

export function scrubLogText(text: string): string {
  return text.replace(QUERY_PARAMS, '$1[redacted]').replace(PG_INPUT, '$1"[redacted]"');
}

/**
 * An error as it may be logged: its type, message, stack, code and cause, nothing else. pino's own
 * serializer copies every enumerable property, and some errors carry values there (a query's
 * parameters, PostgreSQL's `detail` with the failing row, a platform's request).
 */
function safeError(err: unknown, depth = 0): unknown {
  if (typeof err === 'string') return scrubLogText(err);
  if (!(err instanceof Error)) return err;
  const out: Record<string, unknown> = { type: err.name, message: scrubLogText(err.message) };
  if (err.stack) out.stack = scrubLogText(err.stack);
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') out.code = code;
  if (err.cause !== undefined && depth < 3) out.cause = safeError(err.cause, depth + 1);
  return out;
}

/**
 * What is logged at info, warn and error never holds message text (answers, commitments, notices) or a
 * secret; callers pass ids, counts and error messages. The options below are belt and braces for when
 * one slips: secrets and text under the usual names are censored, errors are reduced to safeError.
 */
export const LOGGER_OPTIONS = {
  base: { app: 'refleks' },
  serializers: { err: safeError, error: safeError },
  formatters: {
    log(object: Record<string, unknown>) {
      const changed: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(object)) {
        if (typeof value !== 'string') continue;
        const clean = scrubLogText(value);
        if (clean !== value) changed[key] = clean;
      }
      return Object.keys(changed).length ? { ...object, ...changed } : object;
    },
  },
  redact: {
    paths: [
      'token',
      '*.token',
      'botToken',
      '*.botToken',
      'password',
      '*.password',
      'secret',
      '*.secret',
      'signingSecret',
      '*.signingSecret',
      'clientSecret',
      '*.clientSecret',
      'authorization',
      '*.authorization',
      'headers.authorization',
      '*.headers.authorization',
      'text',
      '*.text',
      'body',
      '*.body',
    ],
    censor: '[redacted]',
  },
};

export function createLogger(level: string, destination?: DestinationStream) {
  const options = { level, ...LOGGER_OPTIONS };
  return destination ? pino(options, destination) : pino(options);
}
