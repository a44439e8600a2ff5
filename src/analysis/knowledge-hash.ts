// A stable hash of the company knowledge an analysis was made with: canonical JSON (sorted keys,
// undefined dropped) through SHA-256, so that a re-analysis after the knowledge changed is traceable.
import { createHash } from 'node:crypto';
import type { CompanyKnowledge } from '../domain/knowledge.ts';

const cache = new WeakMap<CompanyKnowledge, string>();

function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    // a transcript (an array of turns) in one native call when every element is written as JSON.stringify writes it
    if (allWrittenAsJson(value)) return JSON.stringify(value);
    return `[${value.map((v) => (v === undefined ? 'null' : canonical(v))).join(',')}]`;
  }
  // a flat record already in key order (a transcript turn: speaker, text) is what JSON.stringify
  // writes, natively and much faster: the reference calls make up most of a company's knowledge
  if (isSortedFlatRecord(value as Record<string, unknown>)) return JSON.stringify(value);
  // a flat record in another order (an objection: id, text, handling) too, given its keys sorted:
  // JSON.stringify writes the listed keys in the list's order and leaves out undefined values
  if (isFlatRecord(value as Record<string, unknown>)) return JSON.stringify(value, Object.keys(value).sort(byCodeUnits));
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => byCodeUnits(a, b));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

function allWrittenAsJson(list: unknown[]): boolean {
  for (let i = 0; i < list.length; i++) if (!(i in list) || !writtenAsJson(list[i])) return false; // a hole is written differently
  return true;
}

/** An array element that canonical() writes as JSON.stringify does: a string, number, boolean, null, undefined (null in an array) or a flat record in key order. */
function writtenAsJson(v: unknown): boolean {
  const t = typeof v;
  if (v === null || t === 'string' || t === 'number' || t === 'boolean' || t === 'undefined') return true;
  return t === 'object' && !Array.isArray(v) && isSortedFlatRecord(v as Record<string, unknown>);
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A plain object with only strings, numbers, booleans, null or undefined as its own values, in any key order. */
function isFlatRecord(record: Record<string, unknown>): boolean {
  if (Object.getPrototypeOf(record) !== Object.prototype) return false;
  for (const key in record) {
    if (!Object.hasOwn(record, key)) return false;
    const v = record[key];
    const t = typeof v;
    if (v !== null && t !== 'string' && t !== 'number' && t !== 'boolean' && t !== 'undefined') return false;
  }
  return true;
}

/** Keys in canonical order and only strings, numbers, booleans, null or undefined as values (which JSON.stringify writes as canonical() does). */
function isSortedFlatRecord(record: Record<string, unknown>): boolean {
  if (Object.getPrototypeOf(record) !== Object.prototype) return false;
  let previous: string | null = null;
  for (const key in record) {
    if (!Object.hasOwn(record, key)) return false;
    if (previous !== null && !(previous < key)) return false;
    const v = record[key];
    const t = typeof v;
    if (v !== null && t !== 'string' && t !== 'number' && t !== 'boolean' && t !== 'undefined') return false;
    previous = key;
  }
  return true;
}

/**
 * Corrections of kind 'recommendation' («эта рекомендация неверна») steer the recommendation writer,
 * not the call analysis, so they stay out of the hash: rejecting a recommendation must not make
 * every stored analysis look stale.
 */
export function knowledgeHash(k: CompanyKnowledge): string {
  const hit = cache.get(k);
  if (hit) return hit;
  const analysed = { ...k, corrections: k.corrections.filter((c) => c.kind !== 'recommendation') };
  const text = canonical(analysed);
  // a server loads the same knowledge afresh for every call: the digest of a text seen lately is kept
  let hash = digests.get(text);
  if (hash === undefined) {
    hash = `sha256:${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
    if (digests.size >= DIGESTS_LIMIT) digests.delete(digests.keys().next().value ?? '');
    digests.set(text, hash);
  }
  cache.set(k, hash);
  return hash;
}

// canonical text → hash, for knowledge objects that are new but not new in content; bounded (the texts are kilobytes)
const digests = new Map<string, string>();
const DIGESTS_LIMIT = 64;
