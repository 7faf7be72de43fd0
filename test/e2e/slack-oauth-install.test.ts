import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCycleNow } from '../../src/app/cycles/open-cycle-now.ts';
import { runTick } from '../../src/app/cycles/tick.ts';
import { teamStatuses } from '../../src/app/status.ts';
import { cycles, slackInstallations } from '../../src/db/schema/index.ts';
import { SLACK_TEAM, type SlackRefleks, startSlackRefleks, until } from '../support/slack-harness.ts';
import { slackCommandBody, slackEventBody } from '../support/slack-requests.ts';

/** Many workspaces: nothing is sent where Refleks is not installed; an OAuth install makes it work. */
describe('Slack installed through OAuth', () => {
  let s: SlackRefleks;

  beforeAll(async () => {
    s = await startSlackRefleks('2026-11-23T08:00:00Z', { oauth: true });
  });
  afterAll(() => s?.stop());

  it('marks a team unreachable while its workspace has not installed Refleks', async () => {
    s.clock.set('2026-11-26T13:00:00Z');
    await runTick(s.running.deps);
    await until('the mark', async () =>
      (await teamStatuses(s.db))[0]?.unreachable?.reason.includes('not installed'),
    );
    expect(s.fake.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('installs through /slack/install and /slack/oauth_redirect, storing the token sealed', async () => {
    const base = s.running.url!;
    const install = await fetch(`${base}/slack/install`, { redirect: 'manual' });
    expect(install.status).toBe(302);
    const location = new URL(install.headers.get('location')!);
    expect(location.searchParams.get('client_id')).toBe('1111.2222');
    const cookie = install.headers.get('set-cookie')!.split(';')[0]!;
    const done = await fetch(
      `${base}/slack/oauth_redirect?code=good&state=${encodeURIComponent(location.searchParams.get('state')!)}`,
      { headers: { cookie } },
    );
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Refleks');
    const [row] = await s.db.select().from(slackInstallations);
    expect(row?.teamId).toBe(SLACK_TEAM);
    expect(JSON.stringify(row)).not.toContain('xoxb-installed');
  });

  it('then posts with the installed token, and answers signed requests from that workspace', async () => {
    await s.db.delete(cycles);
    const { outbox } = await openCycleNow(s.running.deps, 'sinsen-5trinn');
    await s.running.queue.enqueueSends([outbox!]);
    await until('the prompt', s.promptMessage);
    expect(s.fake.callsTo('chat.postMessage').at(-1)?.token).toBe(`xoxb-installed-${SLACK_TEAM}`);
    await until('the mark cleared', async () => (await teamStatuses(s.db))[0]?.unreachable === null);

    const help = await s.send(
      slackCommandBody({
        team_id: SLACK_TEAM,
        user_id: 'UOLA',
        channel_id: 'C5TRINN',
        command: '/refleks',
        text: 'help',
      }),
    );
    expect(JSON.parse(await help.text()).text).toContain('/refleks status');
  });

  it('marks the installation uninstalled when Slack says so', async () => {
    await s.send(slackEventBody({ teamId: SLACK_TEAM, event: { type: 'app_uninstalled' } }));
    await until(
      'uninstalled',
      async () => (await s.db.select().from(slackInstallations))[0]?.status === 'uninstalled',
    );
    expect((await teamStatuses(s.db))[0]?.unreachable?.reason).toBe('app uninstalled');
  });
});
