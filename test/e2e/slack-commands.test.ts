import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/core/loop/ids.ts';
import { people, teams } from '../../src/db/schema/index.ts';
import {
  openWeek48,
  SLACK_CHANNEL,
  SLACK_TEAM,
  type SlackRefleks,
  startSlackRefleks,
  until,
} from '../support/slack-harness.ts';
import { blockActionPayload, slackEventBody, slackInteractionBody } from '../support/slack-requests.ts';

/** /refleks, the message shortcut and App Home, driven by signed requests against a running Refleks. */
describe('Slack commands, shortcut and App Home', () => {
  let s: SlackRefleks;

  beforeAll(async () => {
    s = await startSlackRefleks();
    await openWeek48(s);
  });
  afterAll(() => s?.stop());

  it('answers /refleks help and status privately, in the person’s language', async () => {
    const help = await s.command('UOLA', 'help');
    expect(help.status).toBe(200);
    expect(JSON.parse(help.text)).toMatchObject({ response_type: 'ephemeral' });
    expect(JSON.parse(help.text).text).toContain('/refleks status');
    const status = JSON.parse((await s.command('UOLA', 'status')).text).text as string;
    expect(status).toContain('5. trinn: ukens spørsmål er åpent til');
    expect(status).toContain('0 av 3 har svart');
  });

  it('switches the person’s language and answers in it from then on', async () => {
    const set = JSON.parse((await s.command('UNORA', 'language nn')).text).text as string;
    expect(set).toBe('Heretter skriv Refleks til deg på nynorsk.');
    const [nora] = await s.db.select().from(people).where(eq(people.email, 'nora@sinsen.example'));
    expect(nora?.locale).toBe('nn');
    expect(JSON.parse((await s.command('UNORA', 'status')).text).text).toContain(
      'spørsmålet for veka er ope',
    );
    expect(JSON.parse((await s.command('UNORA', 'language xx')).text).text).toContain('Vel nb');
  });

  it('lets only the team lead pause and resume the team', async () => {
    expect(JSON.parse((await s.command('UOLA', 'pause')).text).text).toBe(
      'Bare teamlederen kan sette teamet på pause eller i gang igjen.',
    );
    expect(JSON.parse((await s.command('UKARI', 'pause')).text).text).toContain('satt på pause for 5. trinn');
    const [paused] = await s.db.select().from(teams);
    expect(paused?.active).toBe(false);
    expect(JSON.parse((await s.command('UKARI', 'resume')).text).text).toContain('i gang igjen for 5. trinn');
    expect((await s.db.select().from(teams))[0]?.active).toBe(true);
  });

  it('opens the commitment modal with the command’s text, and from the message shortcut', async () => {
    const trigger = 'trig-commit-1';
    const result = await s.command('UKARI', 'commit Høytlesing hver dag', SLACK_CHANNEL, trigger);
    expect(result).toEqual({ status: 200, text: '' });
    const opened = await until('views.open', () =>
      s.fake.callsTo('views.open').find((c) => c.args.trigger_id === trigger),
    );
    const view = opened.args.view as {
      callback_id: string;
      blocks: { block_id: string; element: { initial_value?: string } }[];
    };
    expect(view.callback_id).toBe('refleks.commitment');
    expect(view.blocks.find((b) => b.block_id === 'what')?.element.initial_value).toBe('Høytlesing hver dag');

    const shortcut = await s.send(
      slackInteractionBody({
        type: 'message_action',
        callback_id: 'refleks.make_commitment',
        trigger_id: 'trig-shortcut-1',
        team: { id: SLACK_TEAM, domain: 'sinsen' },
        user: { id: 'UOLA', name: 'ola', team_id: SLACK_TEAM },
        channel: { id: SLACK_CHANNEL, name: '5-trinn' },
        message: { type: 'message', user: 'UKARI', ts: '1700000500.000100', text: 'Vi prøver exit tickets' },
        message_ts: '1700000500.000100',
        response_url: 'http://127.0.0.1:9/response',
      }),
    );
    expect(shortcut.status).toBe(200);
    const fromShortcut = await until('views.open for the shortcut', () =>
      s.fake.callsTo('views.open').find((c) => c.args.trigger_id === 'trig-shortcut-1'),
    );
    const shortcutView = fromShortcut.args.view as {
      blocks: { block_id: string; element: { initial_value?: string } }[];
    };
    expect(shortcutView.blocks.find((b) => b.block_id === 'what')?.element.initial_value).toBe(
      'Vi prøver exit tickets',
    );
  });

  it('publishes App Home: the question for a member, team-level numbers only for a department head', async () => {
    const open = async (user: string) => {
      const before = s.fake.callsTo('views.publish').length;
      const res = await s.send(
        slackEventBody({
          teamId: SLACK_TEAM,
          event: { type: 'app_home_opened', user, channel: 'D1', tab: 'home', event_ts: '1.1' },
        }),
      );
      expect(res.status).toBe(200);
      const call = await until('views.publish', () => s.fake.callsTo('views.publish')[before]);
      expect(call.args.user_id).toBe(user);
      return JSON.stringify(call.args.view);
    };
    const ola = await open('UOLA');
    expect(ola).toContain('Hvilken elevgruppe har vi felles ansvar for');
    expect(ola).toContain('refleks.answer');
    const per = await open('UPER');
    expect(per).toContain('5. trinn');
    for (const secret of ['Kari', 'Ola', 'Nora', 'Hvilken elevgruppe']) expect(per).not.toContain(secret);
  });

  it('answers /refleks overview (or "oversikt") privately with the same view as App Home', async () => {
    const answer = await s.command('UPER', 'oversikt');
    const body = JSON.parse(answer.text);
    expect(body.response_type).toBe('ephemeral');
    const shown = JSON.stringify(body.blocks);
    expect(shown).toContain('Teamene du følger');
    expect(shown).toContain('5. trinn');
    for (const secret of ['Kari', 'Ola', 'Nora']) expect(shown).not.toContain(secret);
    // The same view, read again: only the web link (made fresh each time) differs.
    const again = JSON.stringify(JSON.parse((await s.command('UPER', 'overview')).text).blocks);
    const withoutLinks = (text: string) => text.replace(/\/overview\/[\w.-]+/g, '/overview/…');
    expect(withoutLinks(again)).toBe(withoutLinks(shown));
  });

  it('opens a team’s details from App Home as a read-only modal, and links to the web overview', async () => {
    type Element = { type: string; action_id?: string; value?: string; url?: string };
    const blocks = JSON.parse((await s.command('UPER', 'oversikt')).text).blocks as {
      elements?: Element[];
    }[];
    const elements = blocks.flatMap((b) => b.elements ?? []);
    const link = elements.find((e) => e.url);
    expect(link?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/overview\//);
    const details = elements.find((e) => e.action_id === ACTIONS.leaderTeamDetail)!;
    const res = await s.interaction(
      blockActionPayload({
        teamId: SLACK_TEAM,
        userId: 'UPER',
        viewId: 'VHOME',
        actionId: details.action_id!,
        value: details.value!,
        triggerId: 'trig-detail',
      }),
    );
    expect(res.status).toBe(200);
    const opened = await until('views.open', () =>
      s.fake.callsTo('views.open').find((c) => c.args.trigger_id === 'trig-detail'),
    );
    const view = opened.args.view as {
      type: string;
      title: { text: string };
      submit?: unknown;
      blocks: unknown[];
    };
    expect(view.type).toBe('modal');
    expect(view.title.text).toBe('5. trinn');
    expect(view.submit).toBeUndefined();
    // Week 48 is still open: no closed round yet, and the team's ledger.
    expect(JSON.stringify(view.blocks)).toContain('Ingen runder ennå dette skoleåret.');
    expect(JSON.stringify(view.blocks)).toContain('Forpliktelsene til 5. trinn');
    for (const secret of ['Nora', 'Hvilken elevgruppe'])
      expect(JSON.stringify(view.blocks)).not.toContain(secret);
    // Someone without the team in scope gets a refusal, not the modal.
    const before = s.fake.callsTo('views.open').length;
    await s.interaction(
      blockActionPayload({
        teamId: SLACK_TEAM,
        userId: 'UOLA',
        viewId: 'VHOME',
        actionId: details.action_id!,
        value: details.value!,
        triggerId: 'trig-detail-2',
      }),
    );
    expect(s.fake.callsTo('views.open')).toHaveLength(before);
  });
});
