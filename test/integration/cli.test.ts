// The `mentor` command as a user runs it: help, clear errors, company and user creation, the
// second process on one embedded database folder, and an unreachable DATABASE_URL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'mentor.js');

function mentor(args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, MENTOR_LOG_LEVEL: 'silent', ...env }, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('help lists the commands and each command has its own help', () => {
  const help = mentor(['--help']);
  assert.equal(help.status, 0);
  for (const command of ['start', 'migrate', 'company create', 'user create', 'demo', 'eval']) assert.ok(help.stdout.includes(command), command);
  for (const command of [['start'], ['migrate'], ['company'], ['user'], ['demo']]) {
    const sub = mentor([...command, '--help']);
    assert.equal(sub.status, 0, command.join(' '));
    assert.match(sub.stdout, /Usage: mentor/);
  }
  const unknown = mentor(['frobnicate']);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /Unknown command "frobnicate"/);
});

test('company create, user create and demo work on a data folder; bad input is explained', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mentor-cli-'));
  const env = { MENTOR_DATA_DIR: dir };
  try {
    const company = mentor(['company', 'create', '--name', 'Окна Север', '--average-check', '90000'], env);
    assert.equal(company.status, 0, company.stderr);
    assert.match(company.stdout, /Company created: Окна Север/);
    const user = mentor(['user', 'create', '--company', 'Окна Север', '--email', 'boss@okna.test', '--name', 'Борис', '--role', 'head_of_sales'], env);
    assert.equal(user.status, 0, user.stderr);
    assert.match(user.stdout, /password: \S{8,}/);
    const duplicate = mentor(['user', 'create', '--company', 'Окна Север', '--email', 'boss@okna.test', '--name', 'Борис', '--role', 'manager', '--password', 'long-password'], env);
    assert.equal(duplicate.status, 1);
    assert.match(duplicate.stderr, /already exists/);
    const badRole = mentor(['user', 'create', '--company', 'Окна Север', '--email', 'x@okna.test', '--name', 'X', '--role', 'boss'], env);
    assert.equal(badRole.status, 2);
    assert.match(badRole.stderr, /--role must be one of/);
    const noCompany = mentor(['user', 'create', '--company', 'Нет такой', '--email', 'y@okna.test', '--name', 'Y', '--role', 'manager'], env);
    assert.equal(noCompany.status, 1);
    assert.match(noCompany.stderr, /No company "Нет такой"/);
    const demo = mentor(['demo', '--empty'], env);
    assert.equal(demo.status, 0, demo.stderr);
    assert.match(demo.stdout, /rop@demo\.mentor/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a second process on the same embedded database folder gets a clear error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mentor-lock-'));
  const first = spawn(process.execPath, [BIN, 'start', '--port', '0', '--no-demo'], { env: { ...process.env, MENTOR_DATA_DIR: dir, MENTOR_LOG_LEVEL: 'silent' } });
  try {
    await new Promise<void>((resolve, reject) => {
      let out = '';
      first.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('Open http')) resolve();
      });
      first.once('exit', (code) => reject(new Error(`first process exited early (${code}): ${out}`)));
    });
    const second = mentor(['start', '--port', '0'], { MENTOR_DATA_DIR: dir });
    assert.equal(second.status, 1);
    assert.match(second.stderr, /database\.locked/);
    assert.match(second.stderr, /already open by another Mentor process \(pid \d+/);
    const migrate = mentor(['migrate'], { MENTOR_DATA_DIR: dir });
    assert.equal(migrate.status, 1, 'even a one-off command refuses an open folder');
  } finally {
    first.kill('SIGTERM');
    await new Promise((resolve) => first.once('exit', resolve));
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an unreachable DATABASE_URL and a bad PORT are explained', () => {
  const unreachable = mentor(['migrate'], { DATABASE_URL: 'postgres://nobody:secret-pass@127.0.0.1:1/none' });
  assert.equal(unreachable.status, 1);
  assert.match(unreachable.stderr, /Cannot connect to PostgreSQL at postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/none/);
  assert.ok(!unreachable.stderr.includes('secret-pass'), 'the password is never printed');
  const badPort = mentor(['start'], { PORT: 'eighty' });
  assert.equal(badPort.status, 78);
  assert.match(badPort.stderr, /PORT/);
  const workerOnPglite = mentor(['start', '--role', 'worker'], { MENTOR_DATA_DIR: join(tmpdir(), 'mentor-none') });
  assert.equal(workerOnPglite.status, 1);
  assert.match(workerOnPglite.stderr, /needs PostgreSQL/);
});
