import { raw } from 'hono/html';
import { attr, h, type SafeHtml } from '../../../src/http/html.ts';

export { attr, h, type SafeHtml };

import type { Locale } from '../../../src/core/locale.ts';

/** `path?query`, with every parameter URL-encoded; undefined parameters are left out. */
export function href(path: string, params: Record<string, string | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) query.set(key, value);
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

const STYLE = raw(`
:root { color-scheme: light; --fg: #1d1c1d; --muted: #595959; --line: #dddddd; --side: #3f0e40;
  --accent: #0b5cad; --danger: #b3261e; --ok: #007a5a; --bg: #ffffff; --soft: #f6f6f6; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
a { color: var(--accent); }
:focus-visible { outline: 3px solid #f5a623; outline-offset: 1px; }
.app { display: grid; grid-template-columns: 16rem 1fr; min-height: 100vh; }
.app.with-thread { grid-template-columns: 16rem 1fr 24rem; }
.side { background: var(--side); color: #ffffff; padding: 1rem; }
.side a { color: #ffffff; text-decoration: none; display: block; padding: .15rem .4rem; border-radius: 4px; }
.side a:hover, .side a[aria-current] { background: #1164a3; }
.side h2 { font-size: .8rem; text-transform: uppercase; letter-spacing: .05em; margin: 1.2rem 0 .3rem; }
.side ul { list-style: none; margin: 0; padding: 0; }
.side form { margin: .6rem 0; }
.side select { max-width: 100%; }
main, .thread { padding: 1rem 1.5rem; min-width: 0; }
.thread { border-left: 1px solid var(--line); background: var(--soft); }
h1 { font-size: 1.3rem; margin: 0 0 1rem; }
.intro, .muted { color: var(--muted); }
.notice { border: 1px solid var(--ok); background: #e8f5ef; padding: .6rem .8rem; border-radius: 6px; margin-bottom: 1rem; }
.messages { list-style: none; margin: 0; padding: 0; }
.msg { padding: .6rem 0; border-bottom: 1px solid var(--line); }
.msg header { display: flex; gap: .6rem; align-items: baseline; }
.msg time { color: var(--muted); font-size: .85rem; }
.card p, .card blockquote, .card .h { white-space: pre-wrap; margin: .3rem 0; }
.card .h { display: block; font-size: 1.05rem; }
.card blockquote { border-left: 4px solid var(--line); padding-left: .7rem; color: #333333; }
.fields { display: grid; grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr)); gap: .3rem 1rem; margin: .4rem 0; }
.fields dt { font-weight: 600; } .fields dd { margin: 0; white-space: pre-wrap; }
.buttons { display: flex; flex-wrap: wrap; gap: .4rem; margin: .5rem 0; }
.buttons form { margin: 0; }
button, .button { font: inherit; padding: .3rem .9rem; border: 1px solid #8a8a8a; border-radius: 4px; background: #ffffff; color: var(--fg); cursor: pointer; text-decoration: none; }
button.primary { background: var(--ok); border-color: var(--ok); color: #ffffff; }
button.danger { background: var(--danger); border-color: var(--danger); color: #ffffff; }
.form-page { max-width: 40rem; margin: 0 auto; padding: 1.5rem; }
.field { margin: 0 0 1.1rem; }
.field label { display: block; font-weight: 600; }
.hint { color: var(--muted); font-size: .9rem; margin: .1rem 0 .3rem; }
.error { color: var(--danger); font-weight: 600; margin: .3rem 0 0; }
input[type=text], input[type=date], textarea, select { font: inherit; padding: .35rem .5rem; border: 1px solid #8a8a8a; border-radius: 4px; width: 100%; }
[aria-invalid=true] { border-color: var(--danger); border-width: 2px; }
textarea { min-height: 6rem; }
.actions { display: flex; gap: 1rem; align-items: center; }
@media (max-width: 60rem) { .app, .app.with-thread { grid-template-columns: 1fr; } .thread { border-left: 0; border-top: 1px solid var(--line); } }
`);

/** The shared page shell: doctype, language, title and the inline style sheet. */
export function renderLayout(page: { locale: Locale; title: string; body: SafeHtml }): string {
  return h`<!doctype html>
<html lang="${page.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title}</title>
<style>${STYLE}</style>
</head>
<body>
${page.body}
</body>
</html>
`.toString();
}
