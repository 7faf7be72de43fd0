import type { Config } from '../../config.ts';
import { createLogger } from '../../logger.ts';
import { type Role, startRefleks } from '../../runtime/start.ts';

/** Runs until SIGINT/SIGTERM, then finishes in-flight jobs and closes every connection. */
export async function serveCommand(config: Config, role: Role): Promise<void> {
  const logger = createLogger(config.env.LOG_LEVEL);
  const running = await startRefleks(config, { role, logger });
  if (running.url && config.localChat) {
    process.stdout.write(`\nRefleks is running. Open ${running.url}/dev in your browser.\n\n`);
  }
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      logger.info({ signal }, 'shutdown requested');
      running.stop().then(resolve, (error) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exitCode = 1;
        resolve();
      });
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
  });
}
