import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { startPostgresCluster } from '../src/infra/postgres-cluster.ts';
import { startRedisServer } from '../src/infra/redis-process.ts';

/**
 * The services a benchmark runs on: a private PostgreSQL cluster and a private redis-server on
 * 127.0.0.1, started for the run and removed after it, so a bench never touches anything it did not
 * start. BENCH_DATABASE_URL / BENCH_REDIS_URL point it at existing servers instead.
 */
export interface BenchServices {
  redisUrl: string;
  /** A new, empty database on the cluster; each scenario takes its own. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startBenchServices(): Promise<BenchServices> {
  const external = process.env.BENCH_DATABASE_URL;
  const cluster = external ? null : await startPostgresCluster();
  const redis = process.env.BENCH_REDIS_URL ? null : await startRedisServer();
  const adminUrl = external ?? cluster!.url;
  return {
    redisUrl: process.env.BENCH_REDIS_URL ?? redis!.url,
    async createDatabase(name) {
      const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
      try {
        await sql.unsafe(`drop database if exists "${name}" with (force)`);
        await sql.unsafe(`create database "${name}"`);
      } finally {
        await sql.end();
      }
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
    async stop() {
      await redis?.stop();
      await cluster?.stop();
    },
  };
}

/** Peak resident memory of a live process (Linux VmHWM), in MiB; null where /proc cannot tell. */
export function peakRssMiB(pid: number): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}
