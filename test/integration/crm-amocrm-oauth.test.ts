// amoCRM OAuth token refresh against a local server on 127.0.0.1 that speaks amoCRM's documented
// endpoint: POST /oauth2/access_token with a JSON body (client_id, client_secret, grant_type
// refresh_token, refresh_token, redirect_uri) answering {token_type, expires_in, access_token,
// refresh_token}, where every refresh token works once. The same server serves /api/v4/leads for
// the current access token only. Nothing reaches the network.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { AppError } from '../../src/domain/errors.ts';
import { AmoCrmClient } from '../../src/integrations/crm/amocrm/amocrm-client.ts';
import { AmoOAuth, type AmoTokenStore, type AmoTokens } from '../../src/integrations/crm/amocrm/amocrm-oauth.ts';

const CLIENT_ID = '6a2d4741-0000-4000-8000-92277723dcea';
const CLIENT_SECRET = 'integration-secret-PZp1wm7VpAUBvpTz';
const REDIRECT_URI = 'https://mentor.example/integrations/amocrm/callback';
const fixture = (name: string): string => readFileSync(new URL(`../fixtures/amocrm/${name}`, import.meta.url), 'utf8');

let server: Server;
let base: string;
/** the amoCRM side: the access token it accepts and the refresh tokens not used yet */
const account = { accessToken: '', unusedRefresh: new Set<string>(), issued: 0, refreshBodies: [] as Record<string, unknown>[], answer: null as null | { status: number; body: string } };

function issue(): { access_token: string; refresh_token: string } {
  account.issued++;
  const pair = { access_token: `access-${account.issued}`, refresh_token: `refresh-${account.issued}` };
  account.accessToken = pair.access_token;
  account.unusedRefresh.add(pair.refresh_token);
  return pair;
}

before(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const send = (status: number, body: unknown, type = 'application/json'): void => {
        res.writeHead(status, { 'content-type': type });
        res.end(typeof body === 'string' ? body : JSON.stringify(body));
      };
      if (req.method === 'POST' && url.pathname === '/oauth2/access_token') {
        if (account.answer) return send(account.answer.status, account.answer.body);
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        account.refreshBodies.push(body);
        const ok = body.client_id === CLIENT_ID && body.client_secret === CLIENT_SECRET && body.redirect_uri === REDIRECT_URI && body.grant_type === 'refresh_token';
        if (!ok || typeof body.refresh_token !== 'string' || !account.unusedRefresh.delete(body.refresh_token)) {
          return send(400, { hint: 'Token has been revoked', title: 'Некорректный запрос', type: 'https://developers.amocrm.ru/v3/errors/OAuthProblemJson', status: 400, detail: 'invalid_grant' });
        }
        account.unusedRefresh.clear(); // the old pair is void once a new one is issued
        return send(200, { token_type: 'Bearer', expires_in: 86400, ...issue() });
      }
      if (req.headers.authorization !== `Bearer ${account.accessToken}`) return send(401, { title: 'Unauthorized', status: 401 });
      if (url.pathname === '/api/v4/leads') return send(200, fixture('leads-page-2.json').replaceAll('{{BASE}}', `http://${req.headers.host}`), 'application/hal+json');
      return send(404, {});
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** An in-memory store that records every save, as the integration's secret storage would keep it. */
class MemoryStore implements AmoTokenStore {
  saved: AmoTokens[] = [];
  tokens: AmoTokens;
  constructor(tokens: AmoTokens) {
    this.tokens = tokens;
  }
  async load(): Promise<AmoTokens> {
    return { ...this.tokens };
  }
  async save(tokens: AmoTokens): Promise<void> {
    this.saved.push(tokens);
    this.tokens = tokens;
  }
}

let now = new Date('2026-12-03T10:00:00Z');
const oauth = (store: AmoTokenStore) => new AmoOAuth({ baseUrl: base, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUri: REDIRECT_URI, store, now: () => now });

/** A connection as amoCRM left it after authorisation: a valid pair, expiring at `expiresAt`. */
function connected(expiresAt: Date): MemoryStore {
  const pair = issue();
  return new MemoryStore({ accessToken: pair.access_token, refreshToken: pair.refresh_token, expiresAt });
}

beforeEach(() => {
  now = new Date('2026-12-03T10:00:00Z');
  account.refreshBodies = [];
  account.answer = null;
});

void test('a valid access token is used as stored, without asking amoCRM', async () => {
  const store = connected(new Date(now.getTime() + 3_600_000));
  assert.equal(await oauth(store).accessToken(), store.tokens.accessToken);
  assert.equal(account.refreshBodies.length, 0);
  assert.equal(store.saved.length, 0);
});

void test('an expiring token is refreshed with the documented body, and the rotated pair is saved', async () => {
  const store = connected(new Date(now.getTime() + 60_000)); // inside the 5-minute margin
  const oldRefresh = store.tokens.refreshToken;
  const token = await oauth(store).accessToken();
  assert.deepEqual(account.refreshBodies, [{ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, grant_type: 'refresh_token', refresh_token: oldRefresh, redirect_uri: REDIRECT_URI }]);
  assert.equal(token, account.accessToken);
  assert.equal(store.saved.length, 1);
  assert.notEqual(store.tokens.refreshToken, oldRefresh);
  assert.equal(store.tokens.expiresAt.getTime(), now.getTime() + 86_400_000);
});

void test('callers needing a token at once share one refresh: the single-use refresh token is spent once', async () => {
  const store = connected(new Date(now.getTime() - 1));
  const auth = oauth(store);
  const tokens = await Promise.all(Array.from({ length: 5 }, () => auth.accessToken()));
  assert.equal(account.refreshBodies.length, 1);
  assert.equal(new Set(tokens).size, 1);
  assert.equal(tokens[0], account.accessToken);
});

void test('the REST client refreshes once and retries when amoCRM answers 401 to a token it no longer accepts', async () => {
  const store = connected(new Date(now.getTime() + 3_600_000));
  account.accessToken = 'revoked-by-amocrm'; // amoCRM stopped accepting the stored token early
  const client = new AmoCrmClient({ baseUrl: base, subdomain: 'mebelplus', accessToken: oauth(store), currency: 'RUB' });
  const deals = await client.fetchDeals();
  assert.equal(deals.length > 0, true);
  assert.equal(account.refreshBodies.length, 1);
  assert.equal(store.tokens.accessToken, account.accessToken);
  assert.doesNotMatch(JSON.stringify(client), /access-|refresh-|secret/);
});

void test('a refresh token that was already used asks for a new authorisation, keeps the stored pair and leaks no secret', async () => {
  const store = connected(new Date(now.getTime() - 1));
  const before = { ...store.tokens };
  account.unusedRefresh.clear(); // e.g. another installation refreshed with it
  const error = await oauth(store).accessToken().then(() => null, (e: unknown) => e);
  assert.ok(error instanceof AppError);
  assert.equal(error.code, 'amocrm_reauthorize_required');
  assert.equal(error.retryable, false);
  assert.equal((error.details as { hint?: string }).hint, 'Token has been revoked');
  assert.deepEqual(store.tokens, before);
  const shown = `${error.message} ${JSON.stringify(error.details)} ${JSON.stringify(oauth(store))}`;
  for (const secret of [CLIENT_SECRET, before.refreshToken, before.accessToken]) assert.ok(!shown.includes(secret), `leaked ${secret}`);
});

void test('an unreachable server or a broken answer is retryable and saves nothing', async () => {
  const store = connected(new Date(now.getTime() - 1));
  account.answer = { status: 503, body: 'maintenance' };
  const down = await oauth(store).accessToken().then(() => null, (e: unknown) => e);
  assert.ok(down instanceof AppError && down.code === 'amocrm_http_error' && down.retryable);
  account.answer = { status: 200, body: JSON.stringify({ token_type: 'Bearer', expires_in: 86400 }) };
  const broken = await oauth(store).accessToken().then(() => null, (e: unknown) => e);
  assert.ok(broken instanceof AppError && broken.code === 'amocrm_bad_response' && broken.retryable);
  const closed = new AmoOAuth({ baseUrl: 'http://127.0.0.1:1', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUri: REDIRECT_URI, store, now: () => now });
  const unreachable = await closed.accessToken().then(() => null, (e: unknown) => e);
  assert.ok(unreachable instanceof AppError && unreachable.code === 'amocrm_unreachable' && unreachable.retryable);
  assert.equal(store.saved.length, 0);
});

void test('missing integration keys are refused with what to fill in', () => {
  assert.throws(() => new AmoOAuth({ baseUrl: base, clientId: '', clientSecret: CLIENT_SECRET, redirectUri: REDIRECT_URI, store: connected(now) }), (e: unknown) => e instanceof AppError && e.code === 'amocrm_not_configured' && /redirect URI/.test(e.message));
});
