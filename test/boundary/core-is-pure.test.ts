import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const CORE = join(ROOT, 'src/core');

/** Packages the core may use: pure libraries for dates and holidays, nothing that talks to the world. */
const ALLOWED_PACKAGES = new Set(['luxon', 'date-holidays']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(source: string): string[] {
  return [
    ...source.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => (m[1] ?? m[2]) as string);
}

/** Returns why an import breaks the boundary, or null when it is fine. */
function boundaryViolation(file: string, specifier: string): string | null {
  if (specifier.startsWith('.')) {
    const target = join(file, '..', specifier);
    return target.startsWith(CORE) ? null : `reaches outside src/core (${relative(ROOT, target)})`;
  }
  if (specifier.startsWith('node:')) return 'uses a Node built-in';
  const pkg = specifier.startsWith('@')
    ? specifier.split('/').slice(0, 2).join('/')
    : specifier.split('/')[0]!;
  return ALLOWED_PACKAGES.has(pkg) ? null : `imports the package ${pkg}`;
}

describe('src/core is pure', () => {
  it('imports no platform, infrastructure or outside-core module', () => {
    const violations = sourceFiles(CORE).flatMap((file) =>
      importsOf(readFileSync(file, 'utf8'))
        .map((spec) => [spec, boundaryViolation(file, spec)] as const)
        .filter(([, why]) => why !== null)
        .map(([spec, why]) => `${relative(ROOT, file)}: "${spec}" ${why}`),
    );
    expect(violations).toEqual([]);
  });

  it('the rule itself catches what it must', () => {
    const file = join(CORE, 'loop/x.ts');
    for (const bad of [
      '@slack/bolt',
      'botbuilder',
      'bullmq',
      'ioredis',
      'drizzle-orm',
      'postgres',
      '../../../adapters/slack/x.ts',
      '../../../jobs/queue.ts',
      '../../db/client.ts',
      'node:fs',
    ]) {
      expect(boundaryViolation(file, bad), bad).not.toBeNull();
    }
    expect(boundaryViolation(file, '../i18n/index.ts')).toBeNull();
    expect(boundaryViolation(file, 'luxon')).toBeNull();
  });
});
