import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** What /metrics reads at each scrape, from where the truth is (Redis for jobs, PostgreSQL for the outbox). */
export interface MetricSources {
  jobCounts(): Promise<Record<string, number>>;
  /** Pending outbox rows that may be sent now, and how long the oldest of them has waited. */
  outbox(): Promise<{ pending: number; lagSeconds: number }>;
}

/** One registry per running Refleks, so tests can start several without their metrics colliding. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'refleks_' });
  let sources: MetricSources | null = null;
  const jobs = new Gauge({
    name: 'refleks_jobs',
    help: 'BullMQ jobs by state (waiting, active, delayed, completed, failed, …)',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      if (!sources) return;
      this.reset();
      for (const [state, n] of Object.entries(await sources.jobCounts())) this.set({ state }, n);
    },
  });
  // Each gauge reads at its own collect: the registry serialises one metric before the next collects.
  const outboxPending = new Gauge({
    name: 'refleks_outbox_pending',
    help: 'Outbox rows due to be sent and not yet sent',
    registers: [registry],
    async collect() {
      if (sources) this.set((await sources.outbox()).pending);
    },
  });
  const outboxLag = new Gauge({
    name: 'refleks_outbox_lag_seconds',
    help: 'How long the oldest due, unsent outbox row has waited (0: nothing waiting)',
    registers: [registry],
    async collect() {
      if (sources) this.set((await sources.outbox()).lagSeconds);
    },
  });
  return {
    registry,
    /** Wired once the queue and the database exist (the composition root). */
    setSources(next: MetricSources) {
      sources = next;
    },
    jobs,
    outboxPending,
    outboxLag,
    deliveries: new Counter({
      name: 'refleks_outbox_deliveries_total',
      help: 'Outbox rows handled by the sender, by result',
      labelNames: ['result'] as const,
      registers: [registry],
    }),
    platformRequests: new Counter({
      name: 'refleks_platform_requests_total',
      help: 'Calls to the Slack Web API and the Bot Framework connector, by platform and outcome (ok, rate_limited, failed)',
      labelNames: ['platform', 'outcome'] as const,
      registers: [registry],
    }),
    ackSeconds: new Histogram({
      name: 'refleks_http_ack_seconds',
      help: 'Time to answer Slack and Teams (and the local chat), by route',
      labelNames: ['route'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
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
