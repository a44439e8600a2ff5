import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { AppError } from '../../../domain/errors.ts';
import { parseAmoWebhook } from './amocrm-webhook.ts';
import { contactPhones, leadPhone, mapAmoLead, type AmoContact, type AmoLead } from './amocrm-mapper.ts';

const fixture = (name: string): string => readFileSync(new URL(`../../../../test/fixtures/amocrm/${name}`, import.meta.url), 'utf8');

void test('a status webhook: the lead moved to "won" (142)', () => {
  const webhook = parseAmoWebhook(fixture('webhook-status-won.txt'));
  assert.equal(webhook.subdomain, 'mebelplus');
  assert.equal(webhook.accountId, 28805383);
  assert.deepEqual(webhook.events, [{
    kind: 'status', leadId: 3912171, statusId: 142, status: 'won', oldStatusId: 28745215, pipelineId: 3177727, price: 85000,
    responsibleUserId: 504141, modifiedAt: new Date(1762506000 * 1000),
  }]);
});

void test('add, update and delete in one delivery; an empty price is null', () => {
  const webhook = parseAmoWebhook(new URLSearchParams(fixture('webhook-add-update.txt')));
  assert.deepEqual(webhook.events.map((e) => [e.kind, e.leadId, e.status, e.price]), [
    ['add', 3912180, 'open', null],
    ['update', 3912172, 'lost', 42000],
    ['delete', 3912100, 'open', null],
  ]);
});

void test('not an amoCRM webhook, or an event without an id', () => {
  assert.throws(() => parseAmoWebhook('foo=bar'), (error: unknown) => error instanceof AppError && error.code === 'amocrm_webhook_invalid');
  assert.throws(() => parseAmoWebhook('account[subdomain]=x&leads[status][0][status_id]=142'), /has no id/);
  assert.deepEqual(parseAmoWebhook('account[subdomain]=x&contacts[add][0][id]=5').events, []);
});

void test('a lead maps to a deal record with the main contact phone; won = paid on closed_at', () => {
  const page = JSON.parse(fixture('leads-page-1.json')) as { _embedded: { leads: AmoLead[] } };
  const contacts = new Map((JSON.parse(fixture('contacts.json')) as { _embedded: { contacts: AmoContact[] } })._embedded.contacts.map((c) => [c.id, c]));
  const [won, lost] = page._embedded.leads;
  const record = mapAmoLead(won!, contacts, { subdomain: 'mebelplus', currency: 'RUB' });
  assert.deepEqual(record, {
    source: 'amocrm', idempotencyKey: 'amocrm:mebelplus:3912171', externalId: '3912171', status: 'won', amountMinor: 8_500_000, currency: 'RUB',
    phone: '+79161234567', rawPhone: '8 (916) 123-45-67', clientName: 'Иван Иванов', managerName: null, managerExternalId: '504141',
    openedAt: new Date(1761987600 * 1000), closedAt: new Date(1762506000 * 1000), paidAt: new Date(1762506000 * 1000),
  });
  const lostRecord = mapAmoLead(lost!, contacts, { subdomain: 'mebelplus', currency: 'RUB' });
  assert.equal(lostRecord.status, 'lost');
  assert.equal(lostRecord.paidAt, null);
  assert.equal(lostRecord.phone, '+79037654321');
  assert.deepEqual(contactPhones(contacts.get(10971463)!), ['8 (916) 123-45-67', '+7 495 000-00-00']);
  // a contact without phones is skipped in favour of the next one
  assert.equal(leadPhone({ ...won!, _embedded: { contacts: [{ id: 10971465, is_main: true }, { id: 10971464, is_main: false }] } }, contacts).phone, '+79037654321');
  assert.deepEqual(leadPhone({ ...won!, _embedded: { contacts: [] } }, contacts), { phone: null, rawPhone: null, clientName: null });
});
