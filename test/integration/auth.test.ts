// Sign-in, sessions, invites, API tokens and the audit log, through the real HTTP API on both engines.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { ApiClient, startTestServer, type TestServer } from '../support/test-server.ts';
import { engines } from '../support/database.ts';
import { users } from '../../src/db/schema/companies.ts';
import { asSystem } from '../../src/db/tenant.ts';

for (const { kind, skip } of await engines()) {
  describe(`auth and people on ${kind}`, { skip }, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({ engine: kind });
    });
    after(async () => {
      await server?.close();
    });

    test('the head of sales signs in, sees herself, and signs out', async () => {
      const api = new ApiClient(server.url);
      await api.login(server.demo.headOfSales.email, server.demo.headOfSales.password);
      assert.match(api.cookie, /^mentor_session=/);
      const me = await api.request('GET', '/api/v1/me');
      assert.equal(me.status, 200);
      assert.equal(me.body.user.role, 'head_of_sales');
      assert.equal(me.body.user.company.name, 'ТеплоСфера');
      const out = await api.request('POST', '/api/v1/auth/logout');
      assert.equal(out.status, 204);
      const again = await new ApiClient(server.url).request('GET', '/api/v1/me', undefined, { cookie: api.cookie });
      assert.equal(again.status, 401);
    });

    test('the session cookie is httpOnly and SameSite', async () => {
      const response = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(server.demo.headOfSales) });
      const cookie = response.headers.get('set-cookie') ?? '';
      assert.match(cookie, /HttpOnly/i);
      assert.match(cookie, /SameSite=Lax/i);
    });

    test('a wrong password is 401 with a clear message and is audited; passwords are argon2id', async () => {
      const api = new ApiClient(server.url);
      const wrong = await api.request('POST', '/api/v1/auth/login', { email: server.demo.managers[0]!.email, password: 'not-the-password' });
      assert.equal(wrong.status, 401);
      assert.equal(wrong.body.error.code, 'auth.invalid_credentials');
      assert.equal(wrong.body.error.message, 'Wrong e-mail or password.');
      const unknown = await api.request('POST', '/api/v1/auth/login', { email: 'nobody@nowhere.test', password: 'whatever1' });
      assert.equal(unknown.status, 401);
      const malformed = await api.request('POST', '/api/v1/auth/login', { email: 'x' });
      assert.equal(malformed.status, 400);
      assert.equal(malformed.body.error.code, 'invalid_input');

      const head = new ApiClient(server.url);
      await head.login(server.demo.headOfSales.email, server.demo.headOfSales.password);
      const audit = await head.request('GET', '/api/v1/audit');
      assert.ok(audit.body.entries.some((e: { action: string }) => e.action === 'auth.sign_in_failed'));
      assert.ok(audit.body.entries.some((e: { action: string }) => e.action === 'auth.sign_in'));
      const stored = await asSystem(server.runtime.database.db, (tx) => tx.select({ hash: users.passwordHash }).from(users).where(eq(users.email, server.demo.headOfSales.email)));
      assert.match(stored[0]!.hash, /^\$argon2id\$/);
    });

    test('sign-in is rate limited per e-mail', async () => {
      const api = new ApiClient(server.url);
      const email = server.demo.managers[4]!.email;
      let last = 0;
      for (let i = 0; i < 11; i++) last = (await api.request('POST', '/api/v1/auth/login', { email, password: `wrong-${i}-password` })).status;
      assert.equal(last, 429);
      const blocked = await api.request('POST', '/api/v1/auth/login', { email, password: server.demo.managers[4]!.password });
      assert.equal(blocked.status, 429);
      assert.ok(blocked.body.error.details.retryAfterSeconds > 0);
    });

    test('a manager cannot list people or create invites', async () => {
      const api = new ApiClient(server.url);
      await api.login(server.demo.managers[1]!.email, server.demo.managers[1]!.password);
      assert.equal((await api.request('GET', '/api/v1/users')).status, 403);
      assert.equal((await api.request('POST', '/api/v1/invites', { role: 'head_of_sales' })).status, 403);
      assert.equal((await api.request('PATCH', '/api/v1/company', { averageCheck: 1 })).status, 403);
    });

    test('an invite link creates a manager once; used and unknown links are refused', async () => {
      const head = new ApiClient(server.url);
      await head.login(server.demo.headOfSales.email, server.demo.headOfSales.password);
      const invite = await head.request('POST', '/api/v1/invites', { role: 'manager' });
      assert.equal(invite.status, 200);
      const token = String(invite.body.url).split('/invite/')[1]!;
      const view = await new ApiClient(server.url).request('GET', `/api/v1/invites/${token}`);
      assert.equal(view.body.companyName, 'ТеплоСфера');
      const newcomer = new ApiClient(server.url);
      const accepted = await newcomer.request('POST', `/api/v1/invites/${token}/accept`, { name: 'Пётр Новиков', email: `petr.${kind}@demo.mentor`, password: 'long-enough-pass' });
      assert.equal(accepted.status, 200);
      assert.equal(accepted.body.user.role, 'manager');
      assert.equal((await newcomer.request('GET', '/api/v1/me')).status, 200);
      const twice = await new ApiClient(server.url).request('POST', `/api/v1/invites/${token}/accept`, { name: 'Ещё', email: `again.${kind}@demo.mentor`, password: 'long-enough-pass' });
      assert.equal(twice.status, 410);
      assert.equal(twice.body.error.code, 'invite.used');
      const bogus = await new ApiClient(server.url).request('GET', '/api/v1/invites/not-a-real-token');
      assert.equal(bogus.status, 404);
      const weak = await head.request('POST', '/api/v1/invites', { role: 'manager' });
      const weakToken = String(weak.body.url).split('/invite/')[1]!;
      const short = await new ApiClient(server.url).request('POST', `/api/v1/invites/${weakToken}/accept`, { name: 'Коротко', email: `short.${kind}@demo.mentor`, password: 'short' });
      assert.equal(short.status, 400);
      // nothing half-written: the invite still works after the failed attempt
      const retry = await new ApiClient(server.url).request('POST', `/api/v1/invites/${weakToken}/accept`, { name: 'Коротко', email: `short.${kind}@demo.mentor`, password: 'now-long-enough' });
      assert.equal(retry.status, 200);
    });

    test('password change signs out other sessions and keeps this one', async () => {
      const head = new ApiClient(server.url);
      await head.login(server.demo.headOfSales.email, server.demo.headOfSales.password);
      const invite = await head.request('POST', '/api/v1/invites', { role: 'integrator' });
      const token = String(invite.body.url).split('/invite/')[1]!;
      const person = new ApiClient(server.url);
      await person.request('POST', `/api/v1/invites/${token}/accept`, { name: 'Ира', email: `ira.${kind}@demo.mentor`, password: 'first-password' });
      const otherDevice = new ApiClient(server.url);
      await otherDevice.login(`ira.${kind}@demo.mentor`, 'first-password');
      const wrong = await person.request('POST', '/api/v1/auth/password', { currentPassword: 'nope-nope', newPassword: 'second-password' });
      assert.equal(wrong.status, 400);
      const changed = await person.request('POST', '/api/v1/auth/password', { currentPassword: 'first-password', newPassword: 'second-password' });
      assert.equal(changed.status, 204);
      assert.equal((await person.request('GET', '/api/v1/me')).status, 200);
      assert.equal((await otherDevice.request('GET', '/api/v1/me')).status, 401);
      assert.equal((await new ApiClient(server.url).request('POST', '/api/v1/auth/login', { email: `ira.${kind}@demo.mentor`, password: 'first-password' })).status, 401);
    });

    test('API tokens authenticate machine clients until revoked; they cannot act as people', async () => {
      const head = new ApiClient(server.url);
      await head.login(server.demo.headOfSales.email, server.demo.headOfSales.password);
      const created = await head.request('POST', '/api/v1/api-tokens', { name: 'АТС' });
      assert.equal(created.status, 200);
      assert.match(created.body.token, /^mtr_/);
      const listed = await head.request('GET', '/api/v1/api-tokens');
      assert.ok(listed.body.tokens.some((t: { id: string }) => t.id === created.body.id));
      assert.ok(!JSON.stringify(listed.body).includes(created.body.token), 'a token is shown once');
      const machine = new ApiClient(server.url);
      machine.bearer = created.body.token;
      assert.equal((await machine.request('GET', '/api/v1/me')).status, 403);
      assert.equal((await head.request('DELETE', `/api/v1/api-tokens/${created.body.id}`)).status, 204);
      const revoked = await machine.request('GET', '/api/v1/me');
      assert.equal(revoked.status, 401);
      assert.equal(revoked.body.error.code, 'auth.invalid_token');
    });

    test('company settings change is validated and audited', async () => {
      const head = new ApiClient(server.url);
      await head.login(server.demo.headOfSales.email, server.demo.headOfSales.password);
      const bad = await head.request('PATCH', '/api/v1/company', { timezone: 'Mars/Olympus' });
      assert.equal(bad.status, 400);
      const ok = await head.request('PATCH', '/api/v1/company', { averageCheck: 250000, baselineMonth: '2026-09' });
      assert.equal(ok.status, 200);
      assert.equal(ok.body.averageCheck, 250000);
      const audit = await head.request('GET', '/api/v1/audit');
      assert.ok(audit.body.entries.some((e: { action: string }) => e.action === 'company.settings_changed'));
    });

    test('health, OpenAPI and metrics answer', async () => {
      const health = await fetch(`${server.url}/healthz`);
      assert.equal(health.status, 200);
      assert.deepEqual(await health.json(), { status: 'ok', database: kind });
      const openapi = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as { openapi: string; paths: Record<string, unknown> };
      assert.match(openapi.openapi, /^3\./);
      assert.ok(openapi.paths['/api/v1/auth/login']);
      assert.equal((await fetch(`${server.url}/api/docs`)).status, 200);
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      assert.match(metrics, /mentor_http_request_duration_seconds_bucket/);
    });
  });
}
