import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { deepJsonText, hostileJson, hostileString, mutationsOf } from '../support/fuzz-arbitraries.ts';
import { changedTables, databaseFingerprinter, type Fingerprint } from '../support/fuzz-db.ts';
import { LIFTED, postRaw } from '../support/fuzz-http.ts';
import {
  activityWithRandomFields,
  confinedTo,
  FUZZ_TENANT as TENANT,
  teamsAllowedWrites,
  teamsBaseActivities,
} from '../support/fuzz-teams.ts';
import { teamsMessage } from '../support/teams-activities.ts';
import { teamsOrg } from '../support/teams-commitment-setup.ts';
import { startTeamsRefleks, type TeamsRefleks } from '../support/teams-harness.ts';

/**
 * Hostile activities at POST /api/messages (authentication off, as in tests and local use): wrong
 * types, missing, oversized or wrongly typed from / conversation / channelData / value, invoke
 * payloads of random shape, unicode-edge text. Every answer is below 500, nothing is half-written,
 * and the bot still answers a well-formed message afterwards.
 */

const ORG = teamsOrg(['kari', 'ola']);

let t: TeamsRefleks;
let fingerprint: () => Promise<Fingerprint>;

const baseActivities = () => teamsBaseActivities(t.connector.serviceUrl);
const confined = (activity: unknown) => confinedTo(t.connector.serviceUrl)(activity);
const post = (body: string) =>
  postRaw(`${t.running.url}/api/messages`, { 'content-type': 'application/json; charset=utf-8' }, body);

beforeAll(async () => {
  // botbuilder writes every refused activity and each 500 it answers to the console.
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  vi.spyOn(console, 'error').mockImplementation(() => {});
  t = await startTeamsRefleks({ clock: new ManualClock('2026-11-23T08:00:00Z'), org: ORG, env: LIFTED });
  fingerprint = await databaseFingerprinter(t.running.deps.db);
});

afterAll(async () => {
  vi.restoreAllMocks();
  await t?.stop();
});

async function check(activity: unknown) {
  const before = await fingerprint();
  const answer = await post(JSON.stringify(activity));
  expect(answer.status, answer.text).toBeLessThan(500);
  const allowed = teamsAllowedWrites(activity);
  if (allowed !== 'any') {
    const changed = changedTables(before, await fingerprint());
    expect(changed.filter((table) => !allowed.includes(table))).toEqual([]);
  }
}

describe('POST /api/messages with hostile activities', () => {
  it('takes every kind of activity Teams sends (what the receiver refuses is never a real activity)', async () => {
    for (const activity of baseActivities()) {
      const answer = await post(JSON.stringify(activity));
      expect(answer.status, `${activity.type} ${activity.name ?? ''}: ${answer.text}`).toBe(200);
    }
  });

  it('answers mutated activities (fields dropped, retyped, stringified) below 500', async () => {
    const activity = fc.constantFrom(...baseActivities()).chain((a) => mutationsOf(a));
    await fc.assert(
      fc.asyncProperty(activity, async (a) => check(confined(a))),
      { numRuns: 300 },
    );
  });

  it('answers random types, invoke names and values, and unicode-edge text below 500', async () => {
    const activity = activityWithRandomFields(baseActivities());
    await fc.assert(
      fc.asyncProperty(activity, async (a) => check(confined(a))),
      { numRuns: 300 },
    );
  });

  it('answers bodies that are no activity at all (any JSON, deep nesting, broken JSON) below 500', async () => {
    // An object that happens to be an activity must not send the bot anywhere but the fake connector.
    const confinedText = (text: string) => {
      try {
        return JSON.stringify(confined(JSON.parse(text)));
      } catch {
        return text;
      }
    };
    const body = fc.oneof(
      hostileJson.map((v) => JSON.stringify(confined(v)) ?? 'null'),
      deepJsonText,
      hostileString.map(confinedText),
    );
    await fc.assert(
      fc.asyncProperty(body, async (raw) => {
        const before = await fingerprint();
        const answer = await post(raw);
        expect(answer.status, answer.text).toBeLessThan(500);
        expect(changedTables(before, await fingerprint())).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  // Found by the properties above (issue "Hostile input"), and kept as examples.
  it('refuses an activity whose serviceUrl is no text with 400, before botbuilder (which answered 500)', async () => {
    for (const serviceUrl of [42, ['http://127.0.0.1/'], true, {}]) {
      const before = await fingerprint();
      const answer = await post(JSON.stringify({ ...baseActivities()[0], serviceUrl }));
      expect(answer.status, answer.text).toBe(400);
      expect(answer.text).toBe('malformed activity: serviceUrl is no text');
      expect(changedTables(before, await fingerprint())).toEqual([]);
    }
  });

  it('answers an invoke Refleks does not handle with 200 and no body (botbuilder answered 501)', async () => {
    for (const name of ['composeExtension/query', 'signin/verifyState', 42, undefined]) {
      const sent = t.connector.calls.length;
      const answer = await post(JSON.stringify({ ...baseActivities()[3], name }));
      expect(answer.status, answer.text).toBe(200);
      expect(answer.text).toBe('');
      expect(t.connector.calls.length).toBe(sent);
    }
  });

  it('refuses a task/fetch invoke without a `from` account with 400 (the turn threw, and 501 came back)', async () => {
    const { from: _from, ...withoutFrom } = baseActivities()[5] as Record<string, unknown>;
    const fetchTask = baseActivities()[5] as Record<string, unknown>;
    const bodies: [unknown, string][] = [
      [withoutFrom, 'from has no id'],
      [{ ...fetchTask, from: null }, 'from has no id'],
      [{ ...fetchTask, from: 'aad-kari' }, 'from has no id'],
      [{ ...fetchTask, from: [{ id: '29:1kari' }] }, 'from has no id'],
      [{ ...fetchTask, from: { aadObjectId: 'aad-kari' } }, 'from has no id'],
      [{ ...fetchTask, from: { id: '29:1kari', aadObjectId: 42 } }, 'from.aadObjectId is no id'],
      [{ ...fetchTask, from: { id: '', aadObjectId: 'aad-kari\u0000' } }, 'from.aadObjectId is no id'],
      [{ ...fetchTask, conversation: 'a:1kari' }, 'conversation has no id'],
    ];
    for (const [body, reason] of bodies) {
      const answer = await post(JSON.stringify(body));
      expect(answer.status, answer.text).toBe(400);
      expect(answer.text).toBe(`malformed activity: ${reason}`);
    }
  });

  it('answers a message action whose message body is no text, without failing the turn', async () => {
    const a = baseActivities()[7] as { value: { messagePayload: { body: Record<string, unknown> } } };
    const body = { ...a.value.messagePayload.body, content: ['<p>Prøv <b>exit</b> tickets</p>'] };
    const value = { ...a.value, messagePayload: { ...a.value.messagePayload, body } };
    expect((await post(JSON.stringify({ ...a, value }))).status).toBeLessThan(500);
  });

  it('still answers afterwards: /healthz and a well-formed personal message', async () => {
    expect((await fetch(`${t.running.url}/healthz`)).status).toBe(200);
    const sent = t.connector.calls.length;
    const hello = teamsMessage({
      serviceUrl: t.connector.serviceUrl,
      tenantId: TENANT,
      conversationId: 'a:1kari-personal',
      fromAadObjectId: 'aad-kari',
      text: 'help',
    });
    const answer = await post(JSON.stringify(hello));
    expect(answer.status).toBe(200);
    const reply = t.connector.calls.slice(sent).find((c) => c.conversationId === 'a:1kari-personal');
    expect(reply?.body).toMatchObject({ type: 'message', text: expect.any(String) });
  });
});
