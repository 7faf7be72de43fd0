import { isDeepStrictEqual } from 'node:util';
import type { Programme } from '../../core/programmes/index.ts';
import type { Db } from '../../db/client.ts';
import { latestProgramme } from '../../db/repositories/programmes.ts';
import { programmeVersions } from '../../db/schema/index.ts';
import type { Tally } from './apply-writes.ts';

/** What makes two versions different: everything but the version number itself. */
const content = ({ version: _version, ...rest }: Programme) => rest;

/**
 * Custom programmes from the files org.yaml lists. A file whose content changed becomes a new
 * version; the old versions stay, so runs and cycles that used them read as they did.
 */
export async function applyProgrammes(tx: Db, loaded: Programme[], now: Date, tally: Tally) {
  for (const programme of loaded) {
    const latest = await latestProgramme(tx, programme.key);
    if (latest && isDeepStrictEqual(content(latest), content(programme))) {
      tally('unchanged');
      continue;
    }
    const version = (latest?.version ?? 0) + 1;
    await tx
      .insert(programmeVersions)
      .values({ key: programme.key, version, definition: { ...programme, version }, createdAt: now });
    tally(latest ? 'updated' : 'created');
  }
}
