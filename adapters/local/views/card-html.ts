import type { Block, Button, Card } from '../../../src/core/ui/model.ts';
import { h, type SafeHtml } from './layout.ts';

export interface CardContext {
  /** The local user id of the person viewing (and clicking). */
  as: string;
  messageId: string;
  conversationId: string;
}

/** A neutral card as HTML; each button is its own small form posting to /dev/action. */
export function renderCard(card: Card, ctx: CardContext): SafeHtml {
  return h`<div class="card">${card.blocks.map((block) => renderBlock(block, ctx))}</div>`;
}

function renderBlock(block: Block, ctx: CardContext): SafeHtml {
  switch (block.type) {
    case 'text':
      if (block.style === 'heading') return h`<strong class="h">${block.text}</strong>`;
      if (block.style === 'quote') return h`<blockquote>${block.text}</blockquote>`;
      if (block.style === 'muted') return h`<p class="muted">${block.text}</p>`;
      return h`<p>${block.text}</p>`;
    case 'fields':
      return h`<dl class="fields">${block.fields.map(
        (field) => h`<div><dt>${field.label}</dt><dd>${field.value}</dd></div>`,
      )}</dl>`;
    case 'buttons':
      return h`<div class="buttons">${block.buttons.map((button) => renderButton(button, ctx))}</div>`;
  }
}

function renderButton(button: Button, ctx: CardContext): SafeHtml {
  if (button.url)
    return h`<a class="button" href="${button.url}" target="_blank" rel="noopener">${button.label}</a>`;
  return h`<form method="post" action="/dev/action">
<input type="hidden" name="as" value="${ctx.as}">
<input type="hidden" name="actionId" value="${button.actionId}">
<input type="hidden" name="value" value="${button.value}">
<input type="hidden" name="messageId" value="${ctx.messageId}">
<input type="hidden" name="conversationId" value="${ctx.conversationId}">
<button type="submit" class="${button.style ?? ''}">${button.label}</button>
</form>`;
}
