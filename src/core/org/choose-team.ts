import { t } from '../i18n/index.ts';
import type { Locale } from '../locale.ts';
import { ACTIONS, FORMS } from '../loop/ids.ts';
import type { Card, Form, FormValues } from '../ui/model.ts';

/**
 * A channel where Refleks was added but that no team in the organisation file names: the people
 * there say which team it is. Only a team that has no channel yet can be chosen, and only by someone
 * who belongs to it or leads it, so nobody can move another team's questions into their channel.
 */

export interface TeamChoice {
  teamId: string;
  teamName: string;
  schoolName: string;
}

/** Posted in the channel when Refleks is added to it. */
export function buildChooseTeamCard(locale: Locale, conversationId: string): Card {
  const intro = t(locale, 'bind.card.intro');
  return {
    fallbackText: intro,
    blocks: [
      { type: 'text', style: 'heading', text: t(locale, 'bind.card.heading') },
      { type: 'text', text: intro },
      { type: 'text', style: 'muted', text: t(locale, 'bind.card.who') },
      {
        type: 'buttons',
        buttons: [
          {
            actionId: ACTIONS.chooseTeam,
            label: t(locale, 'bind.card.button'),
            value: conversationId,
            style: 'primary',
          },
        ],
      },
    ],
  };
}

export function buildChooseTeamForm(input: {
  locale: Locale;
  conversationId: string;
  choices: TeamChoice[];
}): Form {
  const { locale } = input;
  return {
    formId: FORMS.chooseTeam,
    title: t(locale, 'bind.form.title'),
    submitLabel: t(locale, 'form.submit'),
    cancelLabel: t(locale, 'form.cancel'),
    privateMetadata: JSON.stringify({ conversationId: input.conversationId }),
    inputs: [
      {
        type: 'select',
        id: 'team',
        label: t(locale, 'bind.form.label'),
        required: true,
        options: input.choices.map((c) => ({
          value: c.teamId,
          label: t(locale, 'bind.form.option', { team: c.teamName, school: c.schoolName }),
        })),
      },
    ],
  };
}

/** The conversation the form is about; null for anything that is not metadata we wrote. */
export function chosenConversation(privateMetadata: string): string | null {
  try {
    const parsed = JSON.parse(privateMetadata) as { conversationId?: unknown } | null;
    return typeof parsed?.conversationId === 'string' && parsed.conversationId ? parsed.conversationId : null;
  } catch {
    return null;
  }
}

/** The chosen team, if it is one of the choices (the submission comes back from outside). */
export function parseChosenTeam(
  values: FormValues,
  choices: TeamChoice[],
  locale: Locale,
): { ok: true; choice: TeamChoice } | { ok: false; errors: Record<string, string> } {
  const raw = values.team;
  const teamId = Array.isArray(raw) ? raw[0] : raw;
  const choice = choices.find((c) => c.teamId === teamId);
  if (choice) return { ok: true, choice };
  return { ok: false, errors: { team: t(locale, teamId ? 'bind.form.notAvailable' : 'error.required') } };
}
