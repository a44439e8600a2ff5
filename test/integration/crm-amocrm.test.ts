// amoCRM client against a local server on 127.0.0.1 that replays recorded payloads in amoCRM's
// documented shapes (test/fixtures/amocrm). Nothing reaches the network.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { AppError } from '../../src/domain/errors.ts';
import { conversionByPeriod } from '../../src/domain/conversion.ts';
import { AmoCrmClient } from '../../src/integrations/crm/amocrm/amocrm-client.ts';
import { parseAmoWebhook } from '../../src/integrations/crm/amocrm/amocrm-webhook.ts';
import { crmDealRecordProblems, toDealFact } from '../../src/integrations/crm/deal-record.ts';

const TOKEN = 'test-access-token-9f8e7d';
const fixture = (name: string): string => readFileSync(new URL(`../fixtures/amocrm/${name}`, import.meta.url), 'utf8');

interface Recorded { method: string; url: string; authorization: string | undefined }
let server: Server;
let base: string;
const requests: Recorded[] = [];
/** per-path overrides: status code and body, for error cases */
const overrides = new Map<string, { status: number; body?: string; headers?: Record<string, string> }>();

function reply(req: IncomingMessage): { status: number; body?: string; headers?: Record<string, string> } {
  const url = new URL(req.url ?? '/', base);
  const override = overrides.get(url.pathname);
  if (override) return override;
  if (req.headers.authorization !== `Bearer ${TOKEN}`) return { status: 401, body: JSON.stringify({ title: 'Unauthorized', status: 401 }) };
  const replay = (name: string) => ({ status: 200, body: fixture(name).replaceAll('{{BASE}}', base), headers: { 'content-type': 'application/hal+json' } });
  if (url.pathname === '/api/v4/leads') return replay(url.searchParams.get('page') === '2' ? 'leads-page-2.json' : 'leads-page-1.json');
  if (url.pathname === '/api/v4/contacts') return replay('contacts.json');
  if (url.pathname === '/api/v4/leads/3912171') {
    const lead = (JSON.parse(fixture('leads-page-1.json').replaceAll('{{BASE}}', base)) as { _embedded: { leads: unknown[] } })._embedded.leads[0];
    return { status: 200, body: JSON.stringify(lead) };
  }
  return { status: 404 };
}

before(async () => {
  server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization });
    const { status, body, headers } = reply(req);
    res.writeHead(status, headers ?? { 'content-type': 'application/json' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const client = (token = TOKEN) => new AmoCrmClient({ baseUrl: base, subdomain: 'mebelplus', accessToken: token, currency: 'RUB', pageSize: 2 });

void test('fetches every page through _links.next, then the contacts, with the Bearer token', async () => {
  requests.length = 0;
  const deals = await client().fetchDeals({ updatedSince: new Date('2025-11-01T00:00:00Z') });
  assert.deepEqual(deals.map((d) => [d.externalId, d.status, d.amountMinor, d.phone]), [
    ['3912171', 'won', 8_500_000, '+79161234567'],
    ['3912172', 'lost', 4_200_000, '+79037654321'],
    ['3912173', 'open', 12_000_000, '+79161234567'], // main contact first, though listed second
    ['3912174', 'won', 0, null],
  ]);
  assert.deepEqual(deals.flatMap(crmDealRecordProblems), []);
  assert.equal(requests.length, 3);
  const [page1, page2, contacts] = requests.map((r) => new URL(r.url, base));
  assert.equal(page1?.pathname, '/api/v4/leads');
  assert.equal(page1?.searchParams.get('with'), 'contacts');
  assert.equal(page1?.searchParams.get('filter[updated_at][from]'), String(Date.parse('2025-11-01T00:00:00Z') / 1000));
  assert.equal(page2?.searchParams.get('page'), '2');
  assert.deepEqual(contacts?.searchParams.getAll('filter[id][]'), ['10971463', '10971464', '10971465']);
  assert.ok(requests.every((r) => r.authorization === `Bearer ${TOKEN}`));
});

void test('a webhook plus fetchDeal gives the same record as the sync, which feeds conversion', async () => {
  const webhook = parseAmoWebhook(fixture('webhook-status-won.txt'));
  const event = webhook.events[0];
  assert.equal(event?.status, 'won');
  const record = await client().fetchDeal(event!.leadId);
  assert.equal(record?.idempotencyKey, 'amocrm:mebelplus:3912171');
  assert.equal(record?.phone, '+79161234567');
  const deals = await client().fetchDeals();
  const month = conversionByPeriod({
    contacts: deals.map((d) => ({ id: d.externalId, source: 'crm' as const, phone: d.phone, occurredAt: d.openedAt ?? new Date(0) })),
    deals: deals.map(toDealFact),
    kind: 'month',
    timeZone: 'Europe/Moscow',
  });
  // November 2025 (Moscow): leads = 2 phones + 1 lead without a phone; paid = 3912171 and 3912174
  assert.deepEqual(month.map((m) => [m.period, m.leads, m.paidDeals, m.conversion]), [['2025-11', 3, 2, 2 / 3]]);
  assert.equal(await client().fetchDeal(999), null);
});

void test('errors: a rejected token, rate limit, server error, empty list; the token never appears', async () => {
  const rejected = await client('wrong-token').fetchDeals().catch((error: unknown) => error);
  assert.ok(rejected instanceof AppError);
  assert.equal(rejected.code, 'amocrm_unauthorized');
  assert.ok(!JSON.stringify({ message: rejected.message, details: rejected.details }).includes('wrong-token'));
  assert.ok(!JSON.stringify(client()).includes(TOKEN));

  overrides.set('/api/v4/leads', { status: 429, headers: { 'retry-after': '7' } });
  const limited = await client().fetchDeals().catch((error: unknown) => error);
  assert.ok(limited instanceof AppError && limited.code === 'amocrm_rate_limited' && limited.retryable);
  assert.equal(limited.details?.retryAfterSeconds, 7);

  overrides.set('/api/v4/leads', { status: 503, body: 'maintenance' });
  const down = await client().fetchDeals().catch((error: unknown) => error);
  assert.ok(down instanceof AppError && down.code === 'amocrm_http_error' && down.retryable);

  overrides.set('/api/v4/leads', { status: 204 });
  assert.deepEqual(await client().fetchDeals(), []);
  overrides.clear();
});

void test('a next link to another host is refused so the token is not sent there', async () => {
  const evil = JSON.parse(fixture('leads-page-1.json').replaceAll('{{BASE}}', 'http://127.0.0.2:1')) as Record<string, unknown>;
  overrides.set('/api/v4/leads', { status: 200, body: JSON.stringify(evil) });
  const error = await client().fetchDeals().catch((e: unknown) => e);
  overrides.clear();
  assert.ok(error instanceof AppError && error.code === 'amocrm_bad_response');
  assert.match(error.message, /another host/);
});
