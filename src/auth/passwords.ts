// Password hashing: argon2id (the library's default algorithm) with OWASP-recommended cost.
import { hash, verify } from '@node-rs/argon2';
import { invalid } from '../domain/errors.ts';

const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 };
export const MIN_PASSWORD_LENGTH = 8;

export async function hashPassword(password: string): Promise<string> {
  assertPasswordStrength(password);
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

export function assertPasswordStrength(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw invalid(`The password must be at least ${MIN_PASSWORD_LENGTH} characters long.`, { field: 'password' });
  }
  if (password.length > 256) throw invalid('The password is too long (256 characters at most).', { field: 'password' });
}

/** A constant hash to verify against when the e-mail is unknown, so timing does not reveal it. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hash('not-a-real-password', OPTIONS);
  return dummyHash;
}
