import { html, raw } from 'hono/html';

/** Escaped, ready-to-embed HTML (what hono's `html` template produces). */
export type SafeHtml = ReturnType<typeof raw>;

/**
 * hono's `html` template, made synchronous: the views never interpolate promises, so a promise
 * here is a programming error rather than something to await.
 */
export function h(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  const out = html(strings, ...values);
  if (out instanceof Promise) throw new Error('views must be rendered synchronously');
  return out;
}

/** A boolean HTML attribute (` required`, ` selected`, …) or nothing. */
export function attr(name: string, on: boolean | undefined): SafeHtml | '' {
  return on ? raw(` ${name}`) : '';
}
