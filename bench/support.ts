// Shared bench helpers: the machine line, percentiles, and starting a real Mentor process.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export function machineLine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown cpu';
  return `${new Date().toISOString()} · ${cpu} · ${cpus().length} cores · ${(totalmem() / 2 ** 30).toFixed(0)} GiB · node ${process.versions.node}`;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export function summarize(values: number[]): { n: number; p50: number; p95: number; mean: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), mean: sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length) };
}

let clockTicks: number | undefined;

/** CPU time (ms, user + system, all threads) a process has used so far, from /proc (Linux). */
export function processCpuMs(pid: number): number {
  clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) / clockTicks) * 1000; // utime, stime: fields 14 and 15
}

/**
 * CPU time (ms) used so far by each PostgreSQL backend connected to a database, by pid: PostgreSQL
 * works in its own processes, which process.cpuUsage() of the client does not see.
 */
export async function postgresBackendsCpu(query: (text: string, values: unknown[]) => Promise<{ rows: { pid: number }[] }>, database: string): Promise<Map<number, number>> {
  const { rows } = await query('select pid from pg_stat_activity where datname = $1', [database]);
  const cpu = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      cpu.set(pid, processCpuMs(pid));
    } catch {
      // a backend that ended since the query
    }
  }
  return cpu;
}

/**
 * CPU the backends used between two readings. A pool opens and closes connections meanwhile: a new
 * backend counts from zero, and one that closed is missed (pools close idle ones, so little is).
 */
export function backendsCpuDelta(before: ReadonlyMap<number, number>, after: ReadonlyMap<number, number>): number {
  let total = 0;
  for (const [pid, cpu] of after) total += cpu - (before.get(pid) ?? 0);
  return total;
}

export interface RunningMentor {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `mentor start` (of this checkout, or of the one at `root`) as a child process and resolves when it prints its URL. */
export function startMentorProcess(env: Record<string, string>, args: string[] = [], root = join(import.meta.dirname, '..')): Promise<RunningMentor> {
  const bin = join(root, 'bin', 'mentor.js');
  const child = spawn(process.execPath, [bin, 'start', '--port', '0', ...args], { env: { ...process.env, MENTOR_LOG_LEVEL: 'error', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Open (http:\/\/\S+)/.exec(out);
      if (match) {
        resolve({
          url: match[1]!.replace('localhost', '127.0.0.1'),
          process: child,
          stop: () => new Promise<void>((done) => {
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
        });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`mentor exited (${code}): ${err || out}`)));
  });
}

export const BENCH_ADMIN_URL = process.env.MENTOR_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchEnvironment {
  /** environment for `mentor start`: a fresh data folder, and a fresh database on PostgreSQL */
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

export async function benchEnvironment(engine: 'pglite' | 'postgres', prefix: string): Promise<BenchEnvironment> {
  const dataDir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  const env: Record<string, string> = { MENTOR_DATA_DIR: dataDir };
  const dbName = engine === 'postgres' ? `${prefix.replace(/\W/g, '_')}_${Date.now()}` : '';
  const admin = async (sql: string): Promise<void> => {
    const client = new pg.Client({ connectionString: BENCH_ADMIN_URL });
    await client.connect();
    await client.query(sql);
    await client.end();
  };
  if (dbName) {
    await admin(`create database ${dbName}`);
    const url = new URL(BENCH_ADMIN_URL);
    url.pathname = `/${dbName}`;
    env.DATABASE_URL = url.toString();
  }
  return {
    env,
    cleanup: async () => {
      rmSync(dataDir, { recursive: true, force: true });
      if (dbName) await admin(`drop database if exists ${dbName} with (force)`);
    },
  };
}
