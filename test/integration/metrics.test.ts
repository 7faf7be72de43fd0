import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTick } from '../../src/app/cycles/tick.ts';
import { enqueueOutbox } from '../../src/db/repositories/outbox.ts';
import { outbox } from '../../src/db/schema/index.ts';
import { type SlackRefleks, startSlackRefleks, until } from '../support/slack-harness.ts';

/** A Prometheus sample's value, or null when the series is not there. */
function sample(text: string, series: string): number | null {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : null;
}

/**
 * /metrics as an operator's Prometheus scrapes it, from Refleks running with Slack (fake Web API on
 * 127.0.0.1, real PostgreSQL and Redis): jobs by state, outbox lag, platform calls and 429s, ack time.
 */
describe('GET /metrics', () => {
  let s: SlackRefleks;
  const scrape = async () => (await fetch(`${s.running.url}/metrics`)).text();

  beforeAll(async () => {
    s = await startSlackRefleks();
  });
  afterAll(() => s?.stop());

  it('counts platform calls, and a 429 from Slack as rate_limited', async () => {
    s.fake.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 1 });
    s.clock.set('2026-11-26T13:00:00Z');
    await runTick(s.running.deps);
    await until('the prompt, after the 429', async () => {
      s.clock.advance(2_000);
      await runTick(s.running.deps);
      return s.promptMessage();
    });
    const text = await scrape();
    expect(sample(text, 'refleks_platform_requests_total{platform="slack",outcome="rate_limited"}')).toBe(1);
    expect(sample(text, 'refleks_platform_requests_total{platform="slack",outcome="ok"}')).toBeGreaterThan(0);
  });

  it('times the answers to Slack by route', async () => {
    const answer = await s.command('UKARI', 'status');
    expect(answer.status).toBe(200);
    const text = await scrape();
    expect(sample(text, 'refleks_http_ack_seconds_count{route="/slack/events"}')).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'refleks_http_ack_seconds_bucket{le="+Inf",route="/slack/events"}'),
    ).toBeGreaterThanOrEqual(1);
  });

  it('shows jobs by state and the outbox backlog, read at the scrape', async () => {
    const text = await scrape();
    expect(sample(text, 'refleks_jobs{state="completed"}')).not.toBeNull();
    expect(sample(text, 'refleks_jobs{state="failed"}')).not.toBeNull();
    expect(sample(text, 'refleks_outbox_pending')).toBe(0);
    expect(sample(text, 'refleks_outbox_lag_seconds')).toBe(0);
    // A row due 30 seconds ago that no worker has taken yet (no tick hands it over here).
    const due = new Date(s.clock.now().getTime() - 30_000);
    const row = await enqueueOutbox(s.running.deps.db, {
      key: 'metrics-test',
      kind: 'refresh',
      notBefore: due,
    });
    const later = await scrape();
    expect(sample(later, 'refleks_outbox_pending')).toBe(1);
    expect(sample(later, 'refleks_outbox_lag_seconds')).toBe(30);
    await s.running.deps.db.update(outbox).set({ status: 'cancelled' }).where(eq(outbox.id, row!.id));
  });
});
