/**
 * A Refleks worker for the fan-out bench: the real composition root (src/runtime/start.ts) with the
 * role `worker`, configured from the environment like `refleks serve --role worker`, but without the
 * minute tick: the bench runs the tick's stages itself, on a fixed school week, so the clock of the
 * machine (a holiday, a night) never changes what is measured.
 */
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { startRefleks } from '../src/runtime/start.ts';

const config = loadConfig(process.env);
const running = await startRefleks(config, {
  role: 'worker',
  scheduleTick: false,
  logger: createLogger(config.env.LOG_LEVEL),
  ...(process.env.BENCH_QUEUE_PREFIX ? { queuePrefix: process.env.BENCH_QUEUE_PREFIX } : {}),
});
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  running.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
