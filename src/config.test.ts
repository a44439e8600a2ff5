import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, describeConfig, ensureSecret, loadConfig } from './config.ts';

test('defaults need nothing: port 3000, ./data, embedded database', () => {
  const config = loadConfig({});
  assert.equal(config.port, 3000);
  assert.match(config.dataDir, /data$/);
  assert.equal(config.databaseUrl, undefined);
  assert.equal(config.engine, 'builtin');
});

test('a bad variable fails fast, naming it with an example', () => {
  assert.throws(() => loadConfig({ PORT: 'eighty' }), (error: Error) => error instanceof ConfigError && /PORT/.test(error.message) && /example: 3000/.test(error.message));
  assert.throws(() => loadConfig({ DATABASE_URL: 'mysql://x' }), /DATABASE_URL: must start with postgres:\/\/.*example: postgres:\/\//);
  assert.throws(() => loadConfig({ MENTOR_ENCRYPTION_KEY: 'short' }), /MENTOR_ENCRYPTION_KEY/);
});

test('the secret is generated once into the data folder and reused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mentor-config-'));
  try {
    const first = ensureSecret(loadConfig({ MENTOR_DATA_DIR: dir }));
    const second = ensureSecret(loadConfig({ MENTOR_DATA_DIR: dir }));
    assert.equal(first.secret.length, 64);
    assert.equal(first.secret, second.secret);
    assert.equal(readFileSync(join(dir, 'secret'), 'utf8').trim(), first.secret);
    const explicit = ensureSecret(loadConfig({ MENTOR_DATA_DIR: dir, MENTOR_SECRET: 'x'.repeat(40) }));
    assert.equal(explicit.secret, 'x'.repeat(40));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the printable description never shows secrets', () => {
  const config = loadConfig({ DATABASE_URL: 'postgres://mentor:hunter2@db/mentor', MENTOR_TELEGRAM_BOT_TOKEN: '123:abc', MENTOR_SECRET: 's'.repeat(40) });
  const text = JSON.stringify(describeConfig(config));
  assert.ok(!text.includes('hunter2'));
  assert.ok(!text.includes('123:abc'));
  assert.ok(!text.includes('s'.repeat(40)));
});
