/** Keeps every IN (...) list and multi-row insert well below PostgreSQL's 65,535 parameters. */
const CHUNK = 500;

/** Runs `query` over `values` in chunks and gathers the rows it returns. */
export async function inChunks<V, R>(values: V[], query: (chunk: V[]) => PromiseLike<R[]>): Promise<R[]> {
  const rows: R[] = [];
  for (let i = 0; i < values.length; i += CHUNK) rows.push(...(await query(values.slice(i, i + CHUNK))));
  return rows;
}

/** Runs a write over `values` in chunks. */
export async function forChunks<V>(values: V[], write: (chunk: V[]) => PromiseLike<unknown>): Promise<void> {
  for (let i = 0; i < values.length; i += CHUNK) await write(values.slice(i, i + CHUNK));
}
