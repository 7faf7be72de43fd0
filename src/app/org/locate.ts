import { type Document, isMap, isNode, isScalar, isSeq, type LineCounter, type Node, type Pair } from 'yaml';
import type { OrgPath } from './errors.ts';

export interface Position {
  line: number;
  column: number;
}

/**
 * Where a YAML path is in the text, so that every problem names a line an admin can jump to.
 * Walks down like `doc.getIn(path, true)` but stops at the nearest node that exists: a missing key
 * is reported at the object that lacks it. An empty value (`schedule:` with nothing after it) is
 * reported at its key, not at the end of the line where the parser puts the empty node. With
 * `key`, points at that key inside the object at `path` (for an unknown key).
 */
export function locate(doc: Document, lines: LineCounter, path: OrgPath, key?: string): Position {
  let node: unknown = doc.contents;
  let offset = startOf(node) ?? 0;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = findPair(node.items, seg);
      if (!pair) break;
      const start = startOf(pair.value);
      const empty = !isNode(pair.value) || pair.value.range?.[0] === pair.value.range?.[1];
      offset = (empty ? startOf(pair.key) : start) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      const start = startOf(item);
      if (start === undefined) break;
      offset = start;
      node = item;
    } else break;
  }
  if (key !== undefined && isMap(node)) {
    const pair = findPair(node.items, key);
    offset = startOf(pair?.key) ?? offset;
  }
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

function findPair(items: Pair<unknown, unknown>[], seg: string | number): Pair<unknown, unknown> | undefined {
  return items.find((pair) => String(isScalar(pair.key) ? pair.key.value : pair.key) === String(seg));
}

function startOf(node: unknown): number | undefined {
  return isNode(node) ? (node as Node).range?.[0] : undefined;
}
