// The one place that reads the environment. Validated with zod at start-up; a bad value fails fast
// with the variable's name and an example. Secrets are marked so they are never logged.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

const optionalUrl = z.string().url().optional();
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  MENTOR_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres://').optional(),
  MENTOR_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  MENTOR_PUBLIC_URL: optionalUrl,
  MENTOR_ENCRYPTION_KEY: z.string().regex(/^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, 'must be 32 bytes as 64 hex characters or base64').optional(),
  MENTOR_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MENTOR_MAX_UPLOAD_MB: z.coerce.number().positive().default(500),
  MENTOR_INGEST_BATCH: z.coerce.number().int().min(1).max(2000).default(500),
  MENTOR_COOKIE_SECURE: bool.optional(),
  MENTOR_ENGINE: z.enum(['builtin', 'llm']).default('builtin'),
  MENTOR_LLM_URL: optionalUrl,
  MENTOR_LLM_API_KEY: z.string().optional(),
  MENTOR_LLM_MODEL: z.string().optional(),
  MENTOR_STT: z.enum(['none', 'openai', 'whisper']).default('none'),
  MENTOR_STT_URL: optionalUrl,
  MENTOR_STT_API_KEY: z.string().optional(),
  MENTOR_STT_MODEL: z.string().optional(),
  MENTOR_WHISPER_MODEL: z.string().optional(),
  MENTOR_TTS: z.enum(['espeak', 'openai', 'none']).default('espeak'),
  MENTOR_TTS_URL: optionalUrl,
  MENTOR_TTS_API_KEY: z.string().optional(),
  MENTOR_TTS_MODEL: z.string().optional(),
  MENTOR_TELEGRAM_BOT_TOKEN: z.string().regex(/^\d+:[\w-]+$/, 'must look like 123456:ABC-DEF').optional(),
  MENTOR_TELEGRAM_API_ROOT: optionalUrl,
});

const EXAMPLES: Record<string, string> = {
  PORT: '3000',
  DATABASE_URL: 'postgres://mentor:secret@127.0.0.1:5432/mentor',
  MENTOR_SECRET: '64 random hex characters (openssl rand -hex 32)',
  MENTOR_PUBLIC_URL: 'https://mentor.example.com',
  MENTOR_ENCRYPTION_KEY: 'openssl rand -hex 32',
  MENTOR_LLM_URL: 'http://127.0.0.1:8000/v1',
  MENTOR_STT_URL: 'http://127.0.0.1:8000/v1',
  MENTOR_TELEGRAM_BOT_TOKEN: '123456:ABC-DEF',
  MENTOR_INGEST_BATCH: '500',
};

/** Variables whose values must never be printed. */
export const SECRET_KEYS = ['DATABASE_URL', 'MENTOR_SECRET', 'MENTOR_ENCRYPTION_KEY', 'MENTOR_LLM_API_KEY', 'MENTOR_STT_API_KEY', 'MENTOR_TTS_API_KEY', 'MENTOR_TELEGRAM_BOT_TOKEN'] as const;

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  secret: string;
  publicUrl: string;
  encryptionKey: Buffer | undefined;
  logLevel: string;
  maxUploadBytes: number;
  /** most calls written in one transaction by the group-commit intake; 1 = each call on its own */
  ingestBatch: number;
  cookieSecure: boolean;
  engine: 'builtin' | 'llm';
  llm: { url: string | undefined; apiKey: string | undefined; model: string | undefined };
  stt: { provider: 'none' | 'openai' | 'whisper'; url: string | undefined; apiKey: string | undefined; model: string | undefined; whisperModel: string | undefined };
  tts: { provider: 'espeak' | 'openai' | 'none'; url: string | undefined; apiKey: string | undefined; model: string | undefined };
  telegram: { botToken: string | undefined; apiRoot: string | undefined };
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment. Throws ConfigError naming the bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '?');
      const example = EXAMPLES[name] ? ` (example: ${EXAMPLES[name]})` : '';
      return `${name}: ${issue.message}${example}`;
    });
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  const dataDir = resolve(e.MENTOR_DATA_DIR);
  const publicUrl = (e.MENTOR_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    secret: e.MENTOR_SECRET ?? '',
    publicUrl,
    encryptionKey: e.MENTOR_ENCRYPTION_KEY
      ? Buffer.from(e.MENTOR_ENCRYPTION_KEY, e.MENTOR_ENCRYPTION_KEY.length === 64 ? 'hex' : 'base64')
      : undefined,
    logLevel: e.MENTOR_LOG_LEVEL,
    maxUploadBytes: Math.round(e.MENTOR_MAX_UPLOAD_MB * 1024 * 1024),
    ingestBatch: e.MENTOR_INGEST_BATCH,
    cookieSecure: e.MENTOR_COOKIE_SECURE ?? publicUrl.startsWith('https://'),
    engine: e.MENTOR_ENGINE,
    llm: { url: e.MENTOR_LLM_URL, apiKey: e.MENTOR_LLM_API_KEY, model: e.MENTOR_LLM_MODEL },
    stt: { provider: e.MENTOR_STT, url: e.MENTOR_STT_URL, apiKey: e.MENTOR_STT_API_KEY, model: e.MENTOR_STT_MODEL, whisperModel: e.MENTOR_WHISPER_MODEL },
    tts: { provider: e.MENTOR_TTS, url: e.MENTOR_TTS_URL, apiKey: e.MENTOR_TTS_API_KEY, model: e.MENTOR_TTS_MODEL },
    telegram: { botToken: e.MENTOR_TELEGRAM_BOT_TOKEN, apiRoot: e.MENTOR_TELEGRAM_API_ROOT },
  };
}

/**
 * Fills in the server secret: MENTOR_SECRET when set, else the one stored in the data folder,
 * generated on first start. Signed cookies and webhook secrets depend on it staying the same.
 */
export function ensureSecret(config: Config): Config {
  if (config.secret) return config;
  mkdirSync(config.dataDir, { recursive: true });
  const file = join(config.dataDir, 'secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600 });
  return { ...config, secret: readFileSync(file, 'utf8').trim() };
}

/** A description of the configuration safe to print: secrets are shown as "set". */
export function describeConfig(config: Config): Record<string, string> {
  return {
    port: String(config.port),
    host: config.host,
    dataDir: config.dataDir,
    database: config.databaseUrl ? 'PostgreSQL (DATABASE_URL is set)' : `embedded PGlite in ${config.dataDir}/pglite`,
    publicUrl: config.publicUrl,
    encryptionAtRest: config.encryptionKey ? 'on' : 'off',
    engine: config.engine,
    stt: config.stt.provider,
    tts: config.tts.provider,
    telegram: config.telegram.botToken ? 'set' : 'off',
  };
}
