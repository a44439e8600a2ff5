// In-memory TelegramLinkStore for tests and single-process demos; the database implementation
// must give the same answers (this file is the reference behaviour of the port).
import type { ConsumeCodeResult, TelegramLink, TelegramLinkCode, TelegramLinkStore } from './telegram-ports.ts';

export class InMemoryTelegramLinkStore implements TelegramLinkStore {
  readonly codes = new Map<string, TelegramLinkCode>();
  readonly links = new Map<number, TelegramLink>();

  async saveCode(code: TelegramLinkCode): Promise<void> {
    this.codes.set(code.codeHash, { ...code });
  }

  async consumeCode(codeHash: string, now: Date): Promise<ConsumeCodeResult> {
    // No await between the check and the write: single-threaded, so this is atomic.
    const code = this.codes.get(codeHash);
    if (!code) return { status: 'not_found' };
    if (code.usedAt) return { status: 'already_used', code: { ...code } };
    if (now.getTime() >= code.expiresAt.getTime()) return { status: 'expired', code: { ...code } };
    code.usedAt = now;
    return { status: 'consumed', code: { ...code } };
  }

  async saveLink(link: TelegramLink): Promise<void> {
    this.links.set(link.chatId, { ...link });
  }

  async findLinkByChat(chatId: number): Promise<TelegramLink | null> {
    const link = this.links.get(chatId);
    return link ? { ...link } : null;
  }

  async findActiveLinksByUser(companyId: string, userId: string): Promise<TelegramLink[]> {
    return [...this.links.values()].filter((link) => link.companyId === companyId && link.userId === userId && link.active).map((link) => ({ ...link }));
  }

  async deactivateChat(chatId: number, reason: string): Promise<void> {
    const link = this.links.get(chatId);
    if (link) this.links.set(chatId, { ...link, active: false, inactiveReason: reason });
  }
}
