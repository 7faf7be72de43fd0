import { scaleBand, scaleLinear, scalePoint } from 'd3-scale';
import { line } from 'd3-shape';
import type { ParticipationTrend } from '../../app/home/school-year.ts';
import type { CommitmentMonth } from '../../app/web/load-overview-page.ts';
import { formatMonthLong, formatMonthShort, weekNumberOf } from '../../core/format.ts';
import { t } from '../../core/i18n/index.ts';
import type { Locale } from '../../core/locale.ts';
import { h, type SafeHtml } from '../html.ts';

/**
 * Server-drawn SVG charts. Each is an image with a title and a description a screen reader reads,
 * and a table of the same figures next to it, so nothing is only in the picture.
 */

const WIDTH = 640;
const COLOURS = { line: '#0b5cad', skipped: '#767676', open: '#0b5cad', done: '#007a5a', dropped: '#767676' };
const num = (n: number) => Math.round(n * 10) / 10;

function table(caption: string, head: string[], rows: string[][]): SafeHtml {
  return h`<details><summary>${caption}</summary><table><thead><tr>${head.map(
    (cell) => h`<th scope="col">${cell}</th>`,
  )}</tr></thead><tbody>${rows.map(
    (row) =>
      h`<tr>${row.map((cell, i) => (i === 0 ? h`<th scope="row">${cell}</th>` : h`<td>${cell}</td>`))}</tr>`,
  )}</tbody></table></details>`;
}

/** One team's participation per round this school year: a line over 0–100 %, skipped rounds as grey ticks. */
export function participationChart(trend: ParticipationTrend, locale: Locale, id: string): SafeHtml {
  const { points } = trend;
  if (!points.length) return h`<p class="muted">${t(locale, 'web.trend.none')}</p>`;
  if (points.every((p) => p.skipped || p.percent === null) && points.some((p) => !p.skipped))
    return h`<p class="muted">${t(locale, 'web.trend.tooSmall')}</p>`;
  const height = 180;
  const margin = { top: 12, right: 16, bottom: 28, left: 44 };
  const x = scalePoint<string>()
    .domain(points.map((p) => p.week))
    .range([margin.left, WIDTH - margin.right])
    .padding(0.5);
  const y = scaleLinear()
    .domain([0, 100])
    .range([height - margin.bottom, margin.top]);
  const path = line<(typeof points)[number]>()
    .defined((p) => p.percent !== null)
    .x((p) => num(x(p.week) ?? 0))
    .y((p) => num(y(p.percent ?? 0)))(points);
  const held = points.filter((p) => p.percent !== null);
  const latest = held.at(-1);
  const label = (p: (typeof points)[number]) =>
    p.skipped ? t(locale, 'web.table.skipped') : p.percent === null ? '–' : `${p.percent} %`;
  const desc = t(locale, 'web.trend.alt', {
    team: trend.teamName,
    first: weekNumberOf(points[0]!.week),
    last: weekNumberOf(points.at(-1)!.week),
    latest: latest ? `${latest.percent} %` : '–',
  });
  // Every few weeks a label, so a whole school year still fits on a phone.
  const every = Math.max(1, Math.ceil(points.length / 10));
  const svg = h`<svg class="chart" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="${id}-t ${id}-d" data-chart="participation">
<title id="${id}-t">${t(locale, 'web.trend.heading')} – ${trend.teamName}</title>
<desc id="${id}-d">${desc}</desc>
${[0, 50, 100].map(
  (v) =>
    h`<g><line x1="${margin.left}" x2="${WIDTH - margin.right}" y1="${num(y(v))}" y2="${num(y(v))}" class="grid"/><text x="${margin.left - 6}" y="${num(y(v)) + 4}" text-anchor="end">${v} %</text></g>`,
)}
${points.map((p, i) =>
  i % every === 0 || i === points.length - 1
    ? h`<text x="${num(x(p.week) ?? 0)}" y="${height - 8}" text-anchor="middle">${weekNumberOf(p.week)}</text>`
    : '',
)}
${path ? h`<path d="${path}" fill="none" stroke="${COLOURS.line}" stroke-width="2.5" data-series="participation"/>` : ''}
${points.map((p) =>
  p.skipped
    ? h`<line x1="${num(x(p.week) ?? 0)}" x2="${num(x(p.week) ?? 0)}" y1="${num(y(0)) - 8}" y2="${num(y(0))}" stroke="${COLOURS.skipped}" stroke-width="2" data-point="skipped"/>`
    : p.percent === null
      ? ''
      : h`<circle cx="${num(x(p.week) ?? 0)}" cy="${num(y(p.percent))}" r="3.5" fill="${COLOURS.line}" data-point="held"/>`,
)}
</svg>`;
  return h`${svg}${table(
    t(locale, 'web.table.show'),
    [t(locale, 'web.table.week'), t(locale, 'web.table.participation')],
    points.map((p) => [weekNumberOf(p.week), label(p)]),
  )}`;
}

/** Commitments made per month, stacked by where they stand now: open, done, put aside. */
export function commitmentsChart(months: CommitmentMonth[], locale: Locale, id: string): SafeHtml {
  const height = 200;
  const margin = { top: 12, right: 16, bottom: 28, left: 36 };
  const series = ['done', 'open', 'dropped'] as const;
  const names = {
    open: t(locale, 'ledger.status.open'),
    done: t(locale, 'ledger.status.done'),
    dropped: t(locale, 'ledger.status.dropped'),
  };
  const total = (m: CommitmentMonth) => m.open + m.done + m.dropped;
  const max = Math.max(1, ...months.map(total));
  const x = scaleBand<string>()
    .domain(months.map((m) => m.month))
    .range([margin.left, WIDTH - margin.right])
    .padding(0.25);
  const y = scaleLinear()
    .domain([0, max])
    .nice()
    .range([height - margin.bottom, margin.top]);
  const sum = (key: 'open' | 'done' | 'dropped') => months.reduce((n, m) => n + m[key], 0);
  const desc = t(locale, 'web.months.alt', {
    total: months.reduce((n, m) => n + total(m), 0),
    open: sum('open'),
    done: sum('done'),
    dropped: sum('dropped'),
  });
  const bars = months.map((m) => {
    let base = 0;
    return series.map((key) => {
      const value = m[key];
      if (!value) return '';
      const y0 = y(base);
      base += value;
      const y1 = y(base);
      return h`<rect x="${num(x(m.month) ?? 0)}" y="${num(y1)}" width="${num(x.bandwidth())}" height="${num(y0 - y1)}" fill="${COLOURS[key]}" data-series="${key}"><title>${formatMonthLong(m.month, locale)}: ${value} ${names[key]}</title></rect>`;
    });
  });
  const svg = h`<svg class="chart" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="${id}-t ${id}-d" data-chart="commitments">
<title id="${id}-t">${t(locale, 'web.months.heading')}</title>
<desc id="${id}-d">${desc}</desc>
${y
  .ticks(Math.min(4, max))
  .filter(Number.isInteger)
  .map(
    (v) =>
      h`<g><line x1="${margin.left}" x2="${WIDTH - margin.right}" y1="${num(y(v))}" y2="${num(y(v))}" class="grid"/><text x="${margin.left - 6}" y="${num(y(v)) + 4}" text-anchor="end">${v}</text></g>`,
  )}
${bars}
${months.map(
  (m) =>
    h`<text x="${num((x(m.month) ?? 0) + x.bandwidth() / 2)}" y="${height - 8}" text-anchor="middle">${formatMonthShort(m.month, locale)}</text>`,
)}
</svg>`;
  const legend = h`<ul class="legend">${series.map(
    (key) => h`<li><span class="swatch ${key}"></span>${names[key]}</li>`,
  )}</ul>`;
  return h`${svg}${legend}${table(
    t(locale, 'web.table.show'),
    [t(locale, 'web.table.month'), names.open, names.done, names.dropped],
    months.map((m) => [formatMonthLong(m.month, locale), String(m.open), String(m.done), String(m.dropped)]),
  )}`;
}
