// Starts the real Mentor (the same startMentor as `npm start`) on a test database with the demo
// company, on a random port. PGlite runs in memory unless a data folder is asked for.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../src/config.ts';
import { startMentor, type MentorRuntime } from '../../src/runtime/mentor-runtime.ts';
import { createTestDatabase, type EngineKind } from './database.ts';

export interface TestServer {
  url: string;
  runtime: MentorRuntime;
  config: Config;
  demo: {
    companyId: string;
    headOfSales: { email: string; password: string };
    integrator: { email: string; password: string };
    managers: { email: string; password: string; name: string }[];
  };
  close(): Promise<void>;
}

export interface TestServerOptions {
  engine?: EngineKind;
  /** keep PGlite in a data folder (as npm start does) instead of memory */
  persistent?: boolean;
  env?: Record<string, string>;
  /** seed the demo company's weeks of activity (off: suites see only the calls they create) */
  demoActivity?: boolean;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const engine = options.engine ?? 'pglite';
  const dataDir = mkdtempSync(join(tmpdir(), 'mentor-test-'));
  let databaseUrl: string | undefined;
  let dropDatabase: (() => Promise<void>) | undefined;
  if (engine === 'postgres') {
    const testDb = await createTestDatabase('postgres');
    await testDb.database.close();
    databaseUrl = testDb.url;
    dropDatabase = async () => {
      const { default: pg } = await import('pg');
      const admin = new pg.Client({ connectionString: process.env.MENTOR_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' });
      await admin.connect();
      await admin.query(`drop database if exists ${new URL(testDb.url!).pathname.slice(1)} with (force)`);
      await admin.end();
    };
  }
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    MENTOR_DATA_DIR: dataDir,
    MENTOR_SECRET: randomBytes(32).toString('hex'),
    MENTOR_LOG_LEVEL: 'silent',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...options.env,
  });
  const runtime = await startMentor({ config, demo: true, demoActivity: options.demoActivity ?? false, memoryDatabase: engine === 'pglite' && !options.persistent });
  if (!runtime.url || !runtime.demo) throw new Error('test server did not start');
  return {
    url: runtime.url.replace('localhost', '127.0.0.1'),
    runtime,
    config,
    demo: runtime.demo,
    close: async () => {
      await runtime.close();
      await dropDatabase?.();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A tiny cookie-keeping HTTP client for API tests. */
export class ApiClient {
  readonly baseUrl: string;
  cookie = '';
  bearer = '';

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any; headers: Headers }> {
    const response = await fetch(this.baseUrl + path, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.bearer ? { authorization: `Bearer ${this.bearer}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0] ?? '';
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed, headers: response.headers };
  }

  /** A client already signed in as the person. */
  static async signedIn(baseUrl: string, person: { email: string; password: string }): Promise<ApiClient> {
    const api = new ApiClient(baseUrl);
    await api.login(person.email, person.password);
    return api;
  }

  async login(email: string, password: string): Promise<void> {
    const result = await this.request('POST', '/api/v1/auth/login', { email, password });
    if (result.status !== 200) throw new Error(`login failed for ${email}: ${result.status} ${JSON.stringify(result.body)}`);
  }
}
