import type { InboundResult } from '../../../src/core/chat/port.ts';
import type { Locale } from '../../../src/core/locale.ts';
import { renderCard } from './card-html.ts';
import { h, renderLayout } from './layout.ts';

/** A read-only view opened by a button (Slack's modal, Teams' dialog): the card and a way back. */
export function renderDetailPage(input: {
  locale: Locale;
  detail: Extract<InboundResult, { type: 'show_detail' }>;
  as: string;
  returnTo: string;
}): string {
  const { detail } = input;
  const body = h`<main class="form-page">
<h1>${detail.title}</h1>
${renderCard(detail.card, { as: input.as, messageId: '', conversationId: '' })}
<p><a href="${input.returnTo}">${detail.closeLabel}</a></p>
</main>`;
  return renderLayout({ locale: input.locale, title: detail.title, body });
}
