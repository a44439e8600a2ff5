// TelegramLinkStore and LostClientsReader over the database. The `telegram_links` table keeps one
// row per (company, user): the pending code's hash and expiry, and the linked chat. A used code is
// kept as "used:<hash>" so a second attempt can be told "already used" rather than "not found";
// consuming is one UPDATE … WHERE code_hash = $1 AND code_expires_at > now RETURNING, so two chats
// racing with one code cannot both win. Looking a code or a chat up precedes knowing the company,
// hence asSystem for those lookups only (as for session lookups); everything else is withTenant.
import { and, desc, eq, ne, or, sql } from 'drizzle-orm';
import type { AppDb } from '../../db/database.ts';
import { clients } from '../../db/schema/calls.ts';
import { users } from '../../db/schema/companies.ts';
import { lostClients, recommendations } from '../../db/schema/outcomes.ts';
import { telegramLinks } from '../../db/schema/people.ts';
import { asSystem, withTenant } from '../../db/tenant.ts';
import { isStage } from '../../domain/stages.ts';
import { DEFAULT_LINK_CODE_TTL_MS } from './link-codes.ts';
import type { ConsumeCodeResult, LostClientSummary, LostClientsReader, RecommendationView, TelegramLink, TelegramLinkCode, TelegramLinkStore, TelegramRole } from './telegram-ports.ts';

const USED = 'used:';
const roleOf = (role: string): TelegramRole => (role === 'manager' ? 'manager' : 'head_of_sales');

type LinkRow = { companyId: string; userId: string; chatId: string | null; linkedAt: Date | null; active: string; role: string };

function toLink(row: LinkRow): TelegramLink {
  const chatId = Number(row.chatId);
  // the table keeps no Telegram user id or username: in a private chat the chat id is the user id
  return { companyId: row.companyId, userId: row.userId, role: roleOf(row.role), chatId, telegramUserId: chatId, username: null, linkedAt: row.linkedAt ?? new Date(0), active: row.active === 'active', inactiveReason: row.active === 'inactive' ? 'deactivated' : null };
}

const linkColumns = { companyId: telegramLinks.companyId, userId: telegramLinks.userId, chatId: telegramLinks.chatId, linkedAt: telegramLinks.linkedAt, active: telegramLinks.active, role: users.role };

export class DbTelegramLinkStore implements TelegramLinkStore {
  readonly #db: AppDb;
  readonly #ttlMs: number;

  constructor(db: AppDb, options: { ttlMs?: number } = {}) {
    this.#db = db;
    this.#ttlMs = options.ttlMs ?? DEFAULT_LINK_CODE_TTL_MS;
  }

  async saveCode(code: TelegramLinkCode): Promise<void> {
    // A new code replaces the pending one; an existing active link stays active until relinked.
    await withTenant(this.#db, code.companyId, (tx) =>
      tx.insert(telegramLinks)
        .values({ companyId: code.companyId, userId: code.userId, codeHash: code.codeHash, codeExpiresAt: code.expiresAt })
        .onConflictDoUpdate({ target: [telegramLinks.companyId, telegramLinks.userId], set: { codeHash: code.codeHash, codeExpiresAt: code.expiresAt } }));
  }

  async consumeCode(codeHash: string, now: Date): Promise<ConsumeCodeResult> {
    return asSystem(this.#db, async (tx) => {
      const [won] = await tx.update(telegramLinks)
        .set({ codeHash: `${USED}${codeHash}` })
        .where(and(eq(telegramLinks.codeHash, codeHash), sql`${telegramLinks.codeExpiresAt} > ${now.toISOString()}::timestamptz`))
        .returning({ companyId: telegramLinks.companyId, userId: telegramLinks.userId, expiresAt: telegramLinks.codeExpiresAt });
      const describe = async (row: { companyId: string; userId: string; expiresAt: Date | null }, usedAt: Date | null): Promise<TelegramLinkCode> => {
        const [user] = await tx.select({ role: users.role }).from(users).where(and(eq(users.id, row.userId), eq(users.companyId, row.companyId)));
        const expiresAt = row.expiresAt ?? now;
        return { codeHash, companyId: row.companyId, userId: row.userId, role: roleOf(user?.role ?? 'manager'), createdAt: new Date(expiresAt.getTime() - this.#ttlMs), expiresAt, usedAt };
      };
      if (won) return { status: 'consumed', code: await describe(won, now) };
      const [row] = await tx.select({ companyId: telegramLinks.companyId, userId: telegramLinks.userId, expiresAt: telegramLinks.codeExpiresAt, codeHash: telegramLinks.codeHash })
        .from(telegramLinks).where(or(eq(telegramLinks.codeHash, codeHash), eq(telegramLinks.codeHash, `${USED}${codeHash}`)));
      if (!row) return { status: 'not_found' };
      if (row.codeHash?.startsWith(USED)) return { status: 'already_used', code: await describe(row, row.expiresAt) };
      return { status: 'expired', code: await describe(row, null) };
    });
  }

  async saveLink(link: TelegramLink): Promise<void> {
    const chatId = String(link.chatId);
    // A chat belongs to one user: whoever had it before (in any company) loses it.
    await asSystem(this.#db, (tx) => tx.update(telegramLinks).set({ active: 'inactive' })
      .where(and(eq(telegramLinks.chatId, chatId), or(ne(telegramLinks.companyId, link.companyId), ne(telegramLinks.userId, link.userId)))));
    await withTenant(this.#db, link.companyId, (tx) =>
      tx.insert(telegramLinks)
        .values({ companyId: link.companyId, userId: link.userId, chatId, linkedAt: link.linkedAt, active: link.active ? 'active' : 'inactive' })
        .onConflictDoUpdate({ target: [telegramLinks.companyId, telegramLinks.userId], set: { chatId, linkedAt: link.linkedAt, active: link.active ? 'active' : 'inactive' } }));
  }

  async findLinkByChat(chatId: number): Promise<TelegramLink | null> {
    const rows = await asSystem(this.#db, (tx) => tx.select(linkColumns).from(telegramLinks)
      .innerJoin(users, and(eq(users.id, telegramLinks.userId), eq(users.companyId, telegramLinks.companyId)))
      .where(eq(telegramLinks.chatId, String(chatId))).orderBy(desc(telegramLinks.linkedAt)));
    const row = rows.find((r) => r.active === 'active') ?? rows[0];
    return row ? toLink(row) : null;
  }

  async findActiveLinksByUser(companyId: string, userId: string): Promise<TelegramLink[]> {
    const rows = await withTenant(this.#db, companyId, (tx) => tx.select(linkColumns).from(telegramLinks)
      .innerJoin(users, and(eq(users.id, telegramLinks.userId), eq(users.companyId, companyId)))
      .where(and(eq(telegramLinks.companyId, companyId), eq(telegramLinks.userId, userId), eq(telegramLinks.active, 'active'))));
    return rows.filter((row) => row.chatId !== null).map(toLink);
  }

  async deactivateChat(chatId: number): Promise<void> {
    await asSystem(this.#db, (tx) => tx.update(telegramLinks).set({ active: 'inactive' }).where(eq(telegramLinks.chatId, String(chatId))));
  }
}

/** The bot's read side: a manager's own lost clients and the recommendation written for each. */
export class DbLostClientsReader implements LostClientsReader {
  readonly #db: AppDb;

  constructor(db: AppDb) {
    this.#db = db;
  }

  async listLostClients(companyId: string, managerId: string, limit: number): Promise<LostClientSummary[]> {
    return withTenant(this.#db, companyId, async (tx) => {
      const rows = await tx.select({
        id: lostClients.id, lossStage: lostClients.lossStage, reason: lostClients.reason, name: clients.name, phone: clients.phoneE164,
        status: sql<string | null>`(select r.status from recommendations r where r.lost_client_id = ${lostClients.id} and r.company_id = ${companyId} order by r.created_at desc limit 1)`,
        dueAt: sql<string | null>`(select r.due_at from recommendations r where r.lost_client_id = ${lostClients.id} and r.company_id = ${companyId} order by r.created_at desc limit 1)`,
      }).from(lostClients)
        .leftJoin(clients, and(eq(clients.id, lostClients.clientId), eq(clients.companyId, companyId)))
        .where(and(eq(lostClients.companyId, companyId), eq(lostClients.managerId, managerId)))
        .orderBy(desc(lostClients.createdAt)).limit(limit);
      return rows.map((row) => ({
        lostClientId: row.id, clientName: row.name, phone: row.phone,
        lossStage: isStage(row.lossStage) ? row.lossStage : 'closing',
        reason: row.reason,
        recommendationStatus: (row.status ?? null) as LostClientSummary['recommendationStatus'],
        dueAt: row.dueAt ? new Date(row.dueAt) : null,
      }));
    });
  }

  async getRecommendation(companyId: string, managerId: string, lostClientId: string): Promise<RecommendationView | null> {
    return withTenant(this.#db, companyId, async (tx) => {
      const [row] = await tx.select({ text: recommendations.text, script: recommendations.script, status: recommendations.status, dueAt: recommendations.dueAt, name: clients.name })
        .from(recommendations)
        .leftJoin(clients, and(eq(clients.id, recommendations.clientId), eq(clients.companyId, companyId)))
        .where(and(eq(recommendations.companyId, companyId), eq(recommendations.managerId, managerId), eq(recommendations.lostClientId, lostClientId)))
        .orderBy(desc(recommendations.createdAt)).limit(1);
      return row ? { lostClientId, clientName: row.name, text: row.text, script: row.script, status: row.status, dueAt: row.dueAt } : null;
    });
  }
}
