import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** One registry per running Refleks, so tests can start several without their metrics colliding. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'refleks_' });
  return {
    registry,
    deliveries: new Counter({
      name: 'refleks_outbox_deliveries_total',
      help: 'Outbox rows handled by the sender, by result',
      labelNames: ['result'] as const,
      registers: [registry],
    }),
    tickSeconds: new Histogram({
      name: 'refleks_tick_duration_seconds',
      help: 'How long one tick took',
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 30],
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
