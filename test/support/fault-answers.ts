import { and, eq } from 'drizzle-orm';
import { t } from '../../src/core/i18n/index.ts';
import { encodeFormContext, FORMS } from '../../src/core/loop/ids.ts';
import type { Db } from '../../src/db/client.ts';
import { personByIdentity } from '../../src/db/repositories/organisation.ts';
import { cycles, responses, teams } from '../../src/db/schema/index.ts';
import { sleep } from './cli-process.ts';
import { SIGNING_SECRET, WORKSPACE } from './fault-world.ts';
import { sendToSlackEndpoint, slackInteractionBody, viewSubmissionPayload } from './slack-requests.ts';

/** What the person saw when they pressed Submit in the answer modal. */
export type AnswerOutcome =
  /** Slack closed the modal: as far as the person knows, the answer is saved. */
  | 'saved'
  /** The modal stayed open with "something went wrong on our side and nothing was saved". */
  | 'refused'
  /** No answer within Slack's 3 s: Slack says something went wrong and keeps the modal open. */
  | 'timeout'
  /** Anything else (Slack shows its own generic error): not saved, as far as the person knows. */
  | 'other';

export interface AnswerAttempt {
  user: string;
  cycleId: string;
  text: string;
  status: number;
  body: string;
  outcome: AnswerOutcome;
  /** How long the HTTP answer took (Slack gives up after 3 s). */
  ms: number;
}

/** Slack waits this long for the answer to a view submission; a later one is never seen. */
const SLACK_WAITS_MS = 3_000;

const TEMPORARY = new Set((['nb', 'nn', 'en'] as const).map((locale) => t(locale, 'error.temporary')));

function outcomeOf(status: number, body: string): AnswerOutcome {
  if (status === 200 && body === '') return 'saved';
  try {
    const ack = JSON.parse(body) as { response_action?: string; errors?: Record<string, string> };
    if (ack.response_action === 'errors' && TEMPORARY.has(ack.errors?.body ?? '')) return 'refused';
  } catch {
    // not JSON: some other answer
  }
  return 'other';
}

/**
 * Submits the answer modal exactly as Slack does: a signed `view_submission`. A retry after an error
 * is the same modal (same view id and hash), as when the person presses Submit again.
 */
export async function submitAnswer(
  baseUrl: string,
  answer: { user: string; cycleId: string; text: string },
): Promise<AnswerAttempt> {
  const started = Date.now();
  const payload = viewSubmissionPayload({
    teamId: WORKSPACE,
    userId: answer.user,
    view: {
      id: `V${answer.user}`,
      hash: `${answer.user}.1`,
      callback_id: FORMS.answer,
      private_metadata: encodeFormContext({ cycleId: answer.cycleId }),
      state: { values: { body: { body: { type: 'plain_text_input', value: answer.text } } } },
    },
  });
  let status = 0;
  let body = '';
  let timedOut = false;
  try {
    const answered = sendToSlackEndpoint(baseUrl, {
      body: slackInteractionBody(payload),
      secret: SIGNING_SECRET,
    });
    // Like Slack, stop listening after 3 s; Refleks goes on with the request all the same.
    const res = await Promise.race([answered, sleep(SLACK_WAITS_MS).then(() => null)]);
    if (res) {
      status = res.status;
      body = await res.text();
    } else {
      timedOut = true;
      void answered.then(
        (late) => late.body?.cancel(),
        () => {},
      );
    }
  } catch (error) {
    body = String(error); // no answer at all: Slack would show the person an error
  }
  const outcome = timedOut ? 'timeout' : outcomeOf(status, body);
  return { ...answer, status, body, outcome, ms: Date.now() - started };
}

/** The person sends the form again, pausing between tries, until it is saved or they give up. */
export async function sendAgainUntilSaved(
  baseUrl: string,
  answer: { user: string; cycleId: string; text: string },
  options: { tries: number; pauseMs: number },
): Promise<AnswerAttempt[]> {
  const attempts: AnswerAttempt[] = [];
  for (let i = 0; i < options.tries; i++) {
    if (i) await sleep(options.pauseMs);
    const attempt = await submitAnswer(baseUrl, answer);
    attempts.push(attempt);
    if (attempt.outcome === 'saved') break;
  }
  return attempts;
}

/** The answer stored for the person in the cycle, or null. */
export async function storedAnswer(db: Db, user: string, cycleId: string): Promise<string | null> {
  const person = await personByIdentity(db, { platform: 'slack', tenantId: WORKSPACE, userId: user });
  if (!person) throw new Error(`no person ${user}`);
  const [row] = await db
    .select({ body: responses.body })
    .from(responses)
    .where(and(eq(responses.cycleId, cycleId), eq(responses.personId, person.id)));
  return row?.body ?? null;
}

/** Each team channel's open cycle. */
export async function openCycleByChannel(db: Db): Promise<Map<string, string>> {
  const rows = await db
    .select({ channel: teams.channelId, cycleId: cycles.id })
    .from(cycles)
    .innerJoin(teams, eq(teams.id, cycles.teamId))
    .where(eq(cycles.status, 'open'));
  return new Map(rows.map((r) => [r.channel, r.cycleId]));
}

/**
 * Every answer the person was told was saved is stored; an answer that was refused is stored once its
 * retry (after the outage) was saved. Returns the attempts that break this, for a readable failure.
 */
export async function lostAnswers(db: Db, attempts: AnswerAttempt[]): Promise<string[]> {
  const lost: string[] = [];
  const last = new Map<string, AnswerAttempt>();
  for (const a of attempts) last.set(`${a.user} ${a.cycleId}`, a);
  for (const a of last.values()) {
    const stored = await storedAnswer(db, a.user, a.cycleId);
    if (a.outcome === 'saved' && stored !== a.text) lost.push(`${a.user}: told saved, stored ${stored}`);
    if (a.outcome !== 'saved') lost.push(`${a.user}: last attempt ${a.outcome} (${a.status} ${a.body})`);
  }
  return lost;
}
