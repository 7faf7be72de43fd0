import { createHash } from 'node:crypto';

/** The overview's only style sheet, inline; its hash goes in the page's Content-Security-Policy. */
export const OVERVIEW_CSS = `
:root { color-scheme: light; --fg: #1d1c1d; --muted: #595959; --line: #d0d0d0; --accent: #0b5cad; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: #ffffff; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
header { border-bottom: 1px solid var(--line); margin-bottom: 1rem; }
h1 { font-size: 1.4rem; margin: .5rem 0; } h2 { font-size: 1.2rem; margin-top: 2rem; } h3 { font-size: 1.05rem; margin: 1.5rem 0 .3rem; }
a { color: var(--accent); } :focus-visible { outline: 3px solid #f5a623; outline-offset: 1px; }
.muted { color: var(--muted); }
nav.lang { display: flex; gap: .8rem; flex-wrap: wrap; }
nav.lang a[aria-current] { font-weight: 700; text-decoration: none; color: var(--fg); }
section.team { border-top: 1px solid var(--line); padding-top: .5rem; }
blockquote { border-left: 4px solid var(--line); margin: .4rem 0; padding-left: .7rem; white-space: pre-wrap; }
dl.fields { display: grid; grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr)); gap: .3rem 1rem; }
dl.fields dt { font-weight: 600; } dl.fields dd { margin: 0; }
svg.chart { width: 100%; height: auto; max-width: 40rem; display: block; margin: .5rem 0; }
svg.chart text { font-size: 16px; fill: #333333; } svg.chart .grid { stroke: #e2e2e2; }
ul.legend { list-style: none; display: flex; gap: 1rem; padding: 0; flex-wrap: wrap; }
.swatch { display: inline-block; width: .9rem; height: .9rem; margin-right: .3rem; vertical-align: -.1rem; }
.swatch.open { background: #0b5cad; } .swatch.done { background: #007a5a; } .swatch.dropped { background: #767676; }
table { border-collapse: collapse; margin: .5rem 0; } th, td { border-bottom: 1px solid var(--line); padding: .2rem .6rem; text-align: left; }
details summary { cursor: pointer; color: var(--accent); }
@media (max-width: 40rem) { main { padding: .6rem; } h1 { font-size: 1.2rem; } }
`;

export const OVERVIEW_CSS_HASH = `sha256-${createHash('sha256').update(OVERVIEW_CSS).digest('base64')}`;
