import { formatDate } from '../format.ts';
import { t } from '../i18n/index.ts';
import type { Locale } from '../locale.ts';
import { ACTIONS } from '../loop/ids.ts';
import { ownersText } from '../loop/prompt-card.ts';
import type { CommitmentView } from '../loop/views.ts';
import type { Block, Card } from '../ui/model.ts';

export type LedgerStatus = 'open' | 'done' | 'dropped';
export type LedgerItem = CommitmentView & { status: LedgerStatus; overdue: boolean; impact: string | null };

/** The team's ledger as the team sees it: each commitment with owners, date and status, open ones with Done / Adjust. */
export function buildLedgerCard(input: {
  locale: Locale;
  teamName: string;
  filter: 'all' | 'open' | 'overdue' | 'done';
  items: LedgerItem[];
}): Card {
  const { locale } = input;
  const heading = t(locale, 'ledger.heading', { team: input.teamName });
  const blocks: Block[] = [
    { type: 'text', style: 'heading', text: heading },
    { type: 'text', style: 'muted', text: t(locale, `ledger.filter.${input.filter}`) },
  ];
  if (!input.items.length) blocks.push({ type: 'text', style: 'muted', text: t(locale, 'ledger.none') });
  for (const c of input.items) {
    const status = c.overdue ? t(locale, 'ledger.status.overdue') : t(locale, `ledger.status.${c.status}`);
    blocks.push(
      { type: 'text', style: 'quote', text: `«${c.what}»` },
      {
        type: 'fields',
        fields: [
          { label: t(locale, 'commitment.who'), value: ownersText(c, locale) },
          {
            label: t(locale, 'commitment.due'),
            value: c.dueDate ? formatDate(c.dueDate, locale) : t(locale, 'home.commitment.noDue'),
          },
          { label: t(locale, 'ledger.status'), value: status },
          ...(c.impact ? [{ label: t(locale, 'commitment.impact'), value: c.impact }] : []),
        ],
      },
    );
    if (c.status === 'open') {
      blocks.push({
        type: 'buttons',
        buttons: [
          { actionId: ACTIONS.commitmentDone, label: t(locale, 'button.done'), value: c.id },
          { actionId: ACTIONS.commitmentAdjust, label: t(locale, 'button.adjust'), value: c.id },
        ],
      });
    }
  }
  return { fallbackText: heading, blocks };
}
