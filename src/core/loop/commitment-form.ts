import { DateTime } from 'luxon';
import { t } from '../i18n/index.ts';
import type { Locale } from '../locale.ts';
import type { Form, FormValues } from '../ui/model.ts';
import { checkText, type Parsed } from './answer-form.ts';
import { encodeFormContext, FORMS } from './ids.ts';
import type { Member } from './views.ts';

const MAX_FIELD = 1000;
const WHOLE_TEAM = 'team';

export interface CommitmentInput {
  /** Empty: the whole team owns it. */
  ownerIds: string[];
  what: string;
  trigger: string;
  evidence: string;
  dueDate: string | null;
}

export function buildCommitmentForm(input: {
  locale: Locale;
  cycleId: string;
  members: Member[];
  /** What the person already wrote (a command's text, a message made into a commitment). */
  initialWhat?: string;
}): Form {
  const { locale } = input;
  return {
    formId: FORMS.commitment,
    title: t(locale, 'form.commitment.title'),
    submitLabel: t(locale, 'form.submit'),
    cancelLabel: t(locale, 'form.cancel'),
    privateMetadata: encodeFormContext({ cycleId: input.cycleId }),
    inputs: [
      {
        type: 'select',
        id: 'owners',
        label: t(locale, 'form.commitment.owners'),
        multiple: true,
        required: true,
        initial: [WHOLE_TEAM],
        options: [
          { value: WHOLE_TEAM, label: t(locale, 'form.commitment.wholeTeam') },
          ...input.members.map((m) => ({ value: m.personId, label: m.name })),
        ],
      },
      {
        type: 'text',
        id: 'what',
        label: t(locale, 'form.commitment.what'),
        required: true,
        maxLength: MAX_FIELD,
        ...(input.initialWhat ? { initial: input.initialWhat.slice(0, MAX_FIELD) } : {}),
      },
      {
        type: 'text',
        id: 'trigger',
        label: t(locale, 'form.commitment.trigger'),
        hint: t(locale, 'form.commitment.triggerHint'),
        required: true,
        maxLength: MAX_FIELD,
      },
      {
        type: 'text',
        id: 'evidence',
        label: t(locale, 'form.commitment.evidence'),
        required: true,
        maxLength: MAX_FIELD,
        multiline: true,
      },
      { type: 'date', id: 'due', label: t(locale, 'form.commitment.due'), required: false },
    ],
  };
}

function parseOwners(raw: FormValues[string], members: Member[]): string[] | null {
  const chosen = (Array.isArray(raw) ? raw : raw ? [raw] : []).filter(Boolean);
  if (chosen.length === 0 || chosen.includes(WHOLE_TEAM)) return [];
  const known = new Set(members.map((m) => m.personId));
  return chosen.every((id) => known.has(id)) ? [...new Set(chosen)] : null;
}

/** `today` is the school's local date (YYYY-MM-DD): a due date before it is refused. */
export function parseCommitment(
  values: FormValues,
  ctx: { locale: Locale; members: Member[]; today: string },
): Parsed<CommitmentInput> {
  const { locale } = ctx;
  const errors: Record<string, string> = {};
  let identityNumberBlocked = false;
  const texts: Record<'what' | 'trigger' | 'evidence', string> = { what: '', trigger: '', evidence: '' };
  for (const field of ['what', 'trigger', 'evidence'] as const) {
    const checked = checkText(values[field], locale, { required: true, max: MAX_FIELD });
    if ('error' in checked) {
      errors[field] = checked.error;
      identityNumberBlocked ||= checked.code === 'identity_number';
    } else texts[field] = checked.text;
  }
  const ownerIds = parseOwners(values.owners, ctx.members);
  if (ownerIds === null) errors.owners = t(locale, 'error.unknownOwner');
  const due = typeof values.due === 'string' ? values.due.trim() : '';
  if (due && !(/^\d{4}-\d{2}-\d{2}$/.test(due) && DateTime.fromISO(due).isValid))
    errors.due = t(locale, 'error.invalidDate');
  else if (due && due < ctx.today) errors.due = t(locale, 'error.dueInPast');
  if (Object.keys(errors).length || ownerIds === null) return { ok: false, errors, identityNumberBlocked };
  return { ok: true, value: { ownerIds, ...texts, dueDate: due || null } };
}
