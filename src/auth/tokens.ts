// Opaque secrets (session cookies, invite links, API tokens, Telegram codes): random, shown once,
// stored only as a SHA-256 hash so a database leak does not leak working credentials.
import { createHash, randomBytes } from 'node:crypto';

export function newToken(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
