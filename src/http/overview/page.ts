import { raw } from 'hono/html';
import type { OverviewPage } from '../../app/web/load-overview-page.ts';
import { buildRectorDigestCard } from '../../core/digest/rector-digest.ts';
import { formatMoment } from '../../core/format.ts';
import { leaderTeamBlocks } from '../../core/home/leader-blocks.ts';
import { t } from '../../core/i18n/index.ts';
import { LOCALES, type Locale } from '../../core/locale.ts';
import type { Block } from '../../core/ui/model.ts';
import { h, type SafeHtml } from '../html.ts';
import { commitmentsChart, participationChart } from './charts.ts';
import { OVERVIEW_CSS } from './styles.ts';

const LANGUAGE_NAMES: Record<Locale, string> = { nb: 'Bokmål', nn: 'Nynorsk', en: 'English' };

/**
 * The core's blocks as plain HTML. Buttons are left out: the page is for reading, and what a leader
 * can do (reply, acknowledge, pass on) happens in the chat, where it is tied to who they are.
 */
function blocksHtml(blocks: Block[], headingLevel: 'h2' | 'h3'): SafeHtml[] {
  return blocks.map((block) => {
    if (block.type === 'fields')
      return h`<dl class="fields">${block.fields.map((f) => h`<div><dt>${f.label}</dt><dd>${f.value}</dd></div>`)}</dl>`;
    if (block.type === 'buttons') return h``;
    if (block.style === 'heading')
      return headingLevel === 'h2' ? h`<h2>${block.text}</h2>` : h`<h3>${block.text}</h3>`;
    if (block.style === 'quote') return h`<blockquote>${block.text}</blockquote>`;
    return block.style === 'muted' ? h`<p class="muted">${block.text}</p>` : h`<p>${block.text}</p>`;
  });
}

export function document(locale: Locale, title: string, body: SafeHtml): SafeHtml {
  return h`<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title}</title>
<style>${raw(OVERVIEW_CSS)}</style>
</head>
<body><main>${body}</main></body>
</html>`;
}

/** The whole overview: this week for a rector, then per team its figures and its school-year trend. */
export function renderOverviewPage(
  page: OverviewPage,
  options: { locale: Locale; expiresAt: Date; selfPath: string },
): SafeHtml {
  const { view } = page;
  const { locale } = options;
  const teams = view.leader?.teams ?? [];
  const trendOf = new Map(page.trends.map((trend) => [trend.teamId, trend]));
  const languages = h`<nav class="lang" aria-label="${t(locale, 'web.language')}">${LOCALES.map(
    (l) =>
      h`<a href="${options.selfPath}?lang=${l}" lang="${l}"${l === locale ? raw(' aria-current="true"') : ''}>${LANGUAGE_NAMES[l]}</a>`,
  )}</nav>`;
  const body = h`<header>
<h1>${t(locale, 'web.heading', { name: view.personName })}</h1>
<p class="muted">${t(locale, 'web.validUntil', { when: formatMoment(options.expiresAt, locale, view.zone) })}</p>
${languages}
<p class="muted">${t(locale, 'home.leader.privacy')}</p>
</header>
${page.digests.map(
  (digest) =>
    h`<section class="digest" aria-label="${t(locale, 'web.digest.heading')}">${blocksHtml(buildRectorDigestCard(digest).blocks, 'h2')}</section>`,
)}
<h2>${t(locale, 'web.teams')}</h2>
${
  // Only leaders are sent links; anyone else holding one is told where their own view is.
  !view.leader
    ? h`<p class="muted">${t(locale, 'web.notLeader')}</p>`
    : teams.length
      ? ''
      : h`<p class="muted">${t(locale, 'home.leader.none')}</p>`
}
${teams.map((team, i) => {
  const [title, ...rest] = leaderTeamBlocks(team, locale);
  const trend = trendOf.get(team.id);
  return h`<section class="team" data-team="${team.name}">
<h3>${title && title.type === 'text' ? title.text : team.name}</h3>
${blocksHtml(rest, 'h3')}
<h4>${t(locale, 'web.trend.heading')}</h4>
${trend ? participationChart(trend, locale, `trend-${i}`) : ''}
</section>`;
})}
${teams.length ? h`<h2>${t(locale, 'web.months.heading')}</h2>${commitmentsChart(page.commitmentMonths, locale, 'months')}` : ''}`;
  return document(locale, t(locale, 'web.title'), body);
}
