import { eq } from 'drizzle-orm';
import { auditSharedRead } from '../../app/home/audit-shared-read.ts';
import { loadHomeView } from '../../app/home/load-home-view.ts';
import type { Config } from '../../config.ts';
import { NotFoundError } from '../../core/errors.ts';
import { buildHomeCard } from '../../core/home/home-card.ts';
import type { Card } from '../../core/ui/model.ts';
import { people } from '../../db/schema/index.ts';
import { withDatabase } from '../with-database.ts';

const out = (line: string) => process.stdout.write(`${line}\n`);

/** The card as plain lines, the way a screen reader would read it. */
export function cardLines(card: Card): string[] {
  return card.blocks.flatMap((block) => {
    if (block.type === 'text') return block.text.split('\n');
    if (block.type === 'fields') return block.fields.map((f) => `${f.label}: ${f.value}`);
    return [`[${block.buttons.map((b) => b.label).join('] [')}]`];
  });
}

/**
 * `refleks overview --as EMAIL [--json]`: exactly what that person's overview shows (App Home, the
 * Teams card, /refleks overview), built by the same code, so visibility can be checked from outside.
 */
export async function overviewCommand(config: Config, opts: { as: string; json?: boolean }) {
  const result = await withDatabase(config, async (db) => {
    const [person] = await db.select().from(people).where(eq(people.email, opts.as.trim().toLowerCase()));
    if (!person) throw new NotFoundError(`no person with e-mail "${opts.as}"`);
    const view = await loadHomeView(db, person, new Date());
    await auditSharedRead(db, { personId: person.id, where: 'cli', teams: view.leader?.teams ?? [] });
    return { view, card: buildHomeCard(view) };
  });
  if (opts.json) {
    out(JSON.stringify(result.view, null, 2));
    return;
  }
  for (const line of cardLines(result.card)) out(line);
}
