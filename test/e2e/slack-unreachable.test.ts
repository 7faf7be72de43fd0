import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCycleNow } from '../../src/app/cycles/open-cycle-now.ts';
import { runTick } from '../../src/app/cycles/tick.ts';
import { teamStatuses } from '../../src/app/status.ts';
import { cycles, outbox } from '../../src/db/schema/index.ts';
import { SLACK_TEAM, type SlackRefleks, startSlackRefleks, until } from '../support/slack-harness.ts';
import { slackEventBody } from '../support/slack-requests.ts';

/** When Slack says a channel or the whole installation is gone: no endless retries, and a clear status. */
describe('unreachable channels and workspaces in Slack', () => {
  let s: SlackRefleks;

  beforeAll(async () => {
    s = await startSlackRefleks();
  });
  afterAll(() => s?.stop());

  it('gives up on a channel Refleks is not in, marks the team, and clears the mark once a message gets through', async () => {
    s.fake.failNext('chat.postMessage', { error: 'not_in_channel' });
    s.clock.set('2026-11-26T13:00:00Z');
    await runTick(s.running.deps);
    await until('the prompt marked failed', async () => {
      const rows = await s.db.select().from(outbox).where(eq(outbox.kind, 'prompt'));
      return rows[0]?.status === 'failed';
    });
    const [status] = await teamStatuses(s.db);
    expect(status?.unreachable?.reason).toBe('Slack: not_in_channel');
    expect(s.fake.callsTo('chat.postMessage')).toHaveLength(1); // tried once, not forever

    // Someone invites the app; the operator opens the week again and it reaches the channel.
    await s.db.delete(cycles);
    const { outbox: prompt } = await openCycleNow(s.running.deps, 'sinsen-5trinn');
    await s.running.queue.enqueueSends([prompt!]);
    await until('the prompt', s.promptMessage);
    await until('the mark cleared', async () => (await teamStatuses(s.db))[0]?.unreachable === null);
  });

  it('marks every team of a workspace when the app is uninstalled', async () => {
    const res = await s.send(slackEventBody({ teamId: SLACK_TEAM, event: { type: 'app_uninstalled' } }));
    expect(res.status).toBe(200);
    await until(
      'the workspace marked',
      async () => (await teamStatuses(s.db))[0]?.unreachable?.reason === 'app uninstalled',
    );
  });
});
