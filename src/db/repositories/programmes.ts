import { and, desc, eq } from 'drizzle-orm';
import { builtinProgrammes, type Programme } from '../../core/programmes/index.ts';
import type { Db } from '../client.ts';
import { programmeVersions } from '../schema/index.ts';

/** A run's programme as it was when the run started: built-in, or the stored version of a custom one. */
export async function programmeVersion(db: Db, key: string, version: number): Promise<Programme | undefined> {
  const builtin = builtinProgrammes.get(key);
  if (builtin) return builtin;
  const [row] = await db
    .select()
    .from(programmeVersions)
    .where(and(eq(programmeVersions.key, key), eq(programmeVersions.version, version)));
  return row?.definition as Programme | undefined;
}

/** The newest version of a custom programme. */
export async function latestProgramme(db: Db, key: string): Promise<Programme | undefined> {
  const [row] = await db
    .select()
    .from(programmeVersions)
    .where(eq(programmeVersions.key, key))
    .orderBy(desc(programmeVersions.version))
    .limit(1);
  return row?.definition as Programme | undefined;
}

/** Every programme a team may run: the built-in ones and the newest version of each custom one. */
export async function availableProgrammes(db: Db): Promise<Map<string, Programme>> {
  const all = new Map<string, Programme>(builtinProgrammes);
  const rows = await db
    .select()
    .from(programmeVersions)
    .orderBy(programmeVersions.key, programmeVersions.version);
  for (const row of rows) all.set(row.key, row.definition as Programme);
  return all;
}
