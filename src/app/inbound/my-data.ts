import { and, count, eq, isNotNull, or } from 'drizzle-orm';
import type { InboundEvent, InboundResult } from '../../core/chat/port.ts';
import { formatMoment } from '../../core/format.ts';
import { t } from '../../core/i18n/index.ts';
import { buildDeleteAnswersForm, deleteConfirmed, myDataCard } from '../../core/privacy/my-data-view.ts';
import type { PersonRow } from '../../db/repositories/organisation.ts';
import { commitmentOwners, commitments, responses } from '../../db/schema/index.ts';
import type { AppDeps } from '../deps.ts';
import { resolveLocale } from '../locale.ts';
import { deleteOwnAnswers } from '../privacy/erase-person.ts';

type Submitted = Extract<InboundEvent, { kind: 'form_submitted' }>;

/** Oslo unless Refleks knows better: the link's end is told in the time people read clocks in. */
const ZONE = 'Europe/Oslo';

async function answersOf(deps: AppDeps, personId: string): Promise<number> {
  const [row] = await deps.db
    .select({ n: count() })
    .from(responses)
    .where(and(eq(responses.personId, personId), or(isNotNull(responses.body), isNotNull(responses.rating))));
  return row?.n ?? 0;
}

async function commitmentsOf(deps: AppDeps, personId: string): Promise<number> {
  const made = await deps.db
    .select({ id: commitments.id })
    .from(commitments)
    .where(eq(commitments.createdBy, personId));
  const owned = await deps.db
    .select({ id: commitmentOwners.commitmentId })
    .from(commitmentOwners)
    .where(eq(commitmentOwners.personId, personId));
  return new Set([...made, ...owned].map((r) => r.id)).size;
}

/** `/refleks my-data`: the person's own card, shown only to them (like their overview). */
export async function showMyData(deps: AppDeps, person: PersonRow): Promise<InboundResult> {
  const locale = resolveLocale(person.locale);
  const link = deps.dataLinks ? await deps.dataLinks.issue(person.id) : null;
  const card = myDataCard({
    locale,
    answers: await answersOf(deps, person.id),
    commitments: await commitmentsOf(deps, person.id),
    download: link ? { url: link.url, until: formatMoment(link.expiresAt, locale, ZONE) } : null,
  });
  return { type: 'show_home', card, movedNotice: t(locale, 'command.overview.sentPrivately') };
}

export async function openDeleteAnswers(deps: AppDeps, person: PersonRow): Promise<InboundResult> {
  const locale = resolveLocale(person.locale);
  const answers = await answersOf(deps, person.id);
  if (!answers) return { type: 'notice', text: t(locale, 'notice.noAnswers') };
  return { type: 'open_form', form: buildDeleteAnswersForm(locale, answers) };
}

export async function submitDeleteAnswers(
  deps: AppDeps,
  person: PersonRow,
  event: Submitted,
): Promise<InboundResult> {
  const locale = resolveLocale(person.locale);
  if (!deleteConfirmed(event.values)) {
    return { type: 'form_errors', errors: { confirm: t(locale, 'error.required') } };
  }
  const deleted = await deleteOwnAnswers(deps.db, person.id);
  return { type: 'notice', text: t(locale, 'notice.answersDeleted', { count: deleted }), private: true };
}
