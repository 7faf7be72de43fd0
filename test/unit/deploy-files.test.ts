import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { ENV_NAMES, loadConfig } from '../../src/config.ts';

const ROOT = join(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** `${NAME:-default}` as compose fills it in when NAME is not set. */
const withDefaults = (env: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(env).map(([k, v]) => [k, String(v).replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1')]),
  );

interface Service {
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, unknown>;
}

/**
 * The deployment files cannot be run here (no container engine or cluster), so what can go wrong
 * in them without one is checked: a misspelt variable, a configuration Refleks would refuse, a role
 * or probe that does not exist.
 */
describe('docker-compose.yml', () => {
  const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, Service> };

  it('runs PostgreSQL, Redis, a web and a worker process', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['postgres', 'redis', 'web', 'worker']);
    expect(compose.services.web?.command).toEqual(['serve', '--role', 'web']);
    expect(compose.services.worker?.command).toEqual(['serve', '--role', 'worker']);
    expect(Object.keys(compose.services.web?.depends_on ?? {}).sort()).toEqual(['postgres', 'redis']);
  });

  it('sets only variables Refleks reads, and a configuration it accepts', () => {
    const env = compose.services.web?.environment ?? {};
    expect(Object.keys(env).filter((name) => !ENV_NAMES.includes(name))).toEqual([]);
    const config = loadConfig(withDefaults(env));
    expect(config.embedded).toBe(false);
    expect(config.localChat).toBe(false);
  });
});

interface Container {
  args: string[];
  readinessProbe?: { httpGet: { path: string } };
  livenessProbe?: { httpGet: { path: string } };
}
interface Manifest {
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  spec?: { template: { spec: { containers: Container[] } } };
}

describe('deploy/kubernetes', () => {
  const docs = (file: string) =>
    parseAllDocuments(read(join('deploy/kubernetes', file))).map((d) => d.toJS() as Manifest);
  const config = docs('configmap.yaml')[0]!.data as Record<string, string>;
  const secret = docs('secret.example.yaml')[0]!.stringData as Record<string, string>;

  it('names only variables Refleks reads, and together they make a configuration it accepts', () => {
    const names = [...Object.keys(config), ...Object.keys(secret)];
    expect(names.filter((name) => !ENV_NAMES.includes(name))).toEqual([]);
    const loaded = loadConfig({ ...config, ...secret });
    expect(loaded.env.HOST).toBe('0.0.0.0');
    expect(loaded.localChat).toBe(false);
  });

  it('runs each role with the probes that exist', () => {
    const [web] = docs('web.yaml');
    const container = web?.spec?.template.spec.containers[0];
    expect(container?.args).toEqual(['serve', '--role', 'web']);
    expect(container?.readinessProbe?.httpGet.path).toBe('/readyz');
    expect(container?.livenessProbe?.httpGet.path).toBe('/healthz');
    const [worker] = docs('worker.yaml');
    expect(worker?.spec?.template.spec.containers[0]?.args).toEqual(['serve', '--role', 'worker']);
  });
});
