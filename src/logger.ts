import { pino } from 'pino';

export type { Logger } from 'pino';

export function createLogger(level: string) {
  return pino({
    level,
    base: { app: 'refleks' },
    // Belt and braces: secrets are never passed to the logger, but if one is, it is not written out.
    redact: {
      paths: ['*.token', '*.password', '*.secret', 'authorization', '*.authorization'],
      censor: '[redacted]',
    },
  });
}
