// The database link store gives the same answers as the in-memory reference store (PGlite).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { buildCompany, type BuiltCompany } from '../../../test/support/factories.ts';
import { DbTelegramLinkStore } from './db-link-store.ts';
import { InMemoryTelegramLinkStore } from './in-memory-link-store.ts';
import { hashLinkCode } from './link-codes.ts';
import type { TelegramLinkStore } from './telegram-ports.ts';

let testDb: TestDatabase;
let company: BuiltCompany;
before(async () => {
  testDb = await createTestDatabase('pglite');
  company = await buildCompany(testDb.database.db, { managers: 2 });
});
after(async () => {
  await testDb?.drop();
});

async function scenario(store: TelegramLinkStore): Promise<unknown[]> {
  const now = new Date('2026-11-23T10:00:00Z');
  const [m1, m2] = company.managers;
  const code = (userId: string, text: string, expiresAt: Date) => ({ codeHash: hashLinkCode(text), companyId: company.companyId, userId, role: 'manager' as const, createdAt: now, expiresAt, usedAt: null });
  const out: unknown[] = [];
  await store.saveCode(code(m1!.id, 'AAAA2222', new Date(now.getTime() + 60_000)));
  await store.saveCode(code(m2!.id, 'BBBB3333', new Date(now.getTime() - 1)));
  const consumed = await store.consumeCode(hashLinkCode('AAAA2222'), now);
  out.push(consumed.status, consumed.status === 'consumed' ? consumed.code.userId : null);
  out.push((await store.consumeCode(hashLinkCode('AAAA2222'), now)).status);
  out.push((await store.consumeCode(hashLinkCode('BBBB3333'), now)).status);
  out.push((await store.consumeCode(hashLinkCode('CCCC4444'), now)).status);
  const link = { companyId: company.companyId, userId: m1!.id, role: 'manager' as const, chatId: 77, telegramUserId: 77, username: null, linkedAt: now, active: true, inactiveReason: null };
  await store.saveLink(link);
  out.push((await store.findLinkByChat(77))?.userId, (await store.findActiveLinksByUser(company.companyId, m1!.id)).length);
  // the same chat linked by another user: it moves
  await store.saveLink({ ...link, userId: m2!.id });
  out.push((await store.findLinkByChat(77))?.userId, (await store.findActiveLinksByUser(company.companyId, m1!.id)).length);
  await store.deactivateChat(77, 'blocked');
  out.push((await store.findActiveLinksByUser(company.companyId, m2!.id)).length, (await store.findLinkByChat(77))?.active);
  return out;
}

test('DbTelegramLinkStore behaves like the in-memory reference store', async () => {
  const reference = await scenario(new InMemoryTelegramLinkStore());
  assert.deepEqual(reference.slice(0, 5), ['consumed', company.managers[0]!.id, 'already_used', 'expired', 'not_found']);
  assert.deepEqual(await scenario(new DbTelegramLinkStore(testDb.database.db)), reference);
});
