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
  // a server loads the same knowledge afresh for every call: an object equal in content to one hashed
  // lately has its hash, found by a walk that builds no canonical text (which cost as much as a tenth of such a call)
  for (const recent of snapshots) {
    if (sameContent(k, recent.copy)) {
      cache.set(k, recent.hash);
      return recent.hash;
    }
  }
  const hash = hashOf(k);
  cache.set(k, hash);
  const copy = snapshot(k);
  if (copy !== NOT_PLAIN) {
    if (snapshots.length >= SNAPSHOTS_LIMIT) snapshots.pop();
    snapshots.unshift({ copy, hash });
  }
  return hash;
}

function hashOf(k: CompanyKnowledge): string {
  const analysed = { ...k, corrections: k.corrections.filter((c) => c.kind !== 'recommendation') };
  return `sha256:${createHash('sha256').update(canonical(analysed)).digest('hex').slice(0, 32)}`;
}

// Copies of knowledge hashed lately, most recent first, each with its hash: our own copies, so that a
// caller changing its object after the call cannot make a later, different object look the same.
// Bounded: a server serves a few companies at a time, and a copy is kilobytes.
const snapshots: { copy: unknown; hash: string }[] = [];
const SNAPSHOTS_LIMIT = 16;
const NOT_PLAIN = Symbol('not plain');

/**
 * Equal in everything canonical() reads: the same primitives (NaN never equal, so it is hashed afresh),
 * arrays with the same holes, plain objects with the same keys in the same order. Anything else
 * (another prototype, a function) is not the same here, and the knowledge is simply hashed.
 */
function sameContent(a: unknown, b: unknown): boolean {
  if (a === b && (typeof a !== 'object' || a === null)) return true;
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if ((i in a) !== (i in b) || !sameContent(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b) || Object.getPrototypeOf(a) !== Object.prototype || Object.getPrototypeOf(b) !== Object.prototype) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  for (let i = 0; i < keysA.length; i++) {
    const key = keysA[i] ?? '';
    if (key !== keysB[i] || !sameContent((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}

/** A deep copy that sameContent() finds equal to the value, or NOT_PLAIN when the value holds what it never finds equal. */
function snapshot(value: unknown): unknown {
  const t = typeof value;
  if (value === null || t === 'string' || t === 'boolean' || t === 'undefined') return value;
  if (t === 'number') return Number.isNaN(value) ? NOT_PLAIN : value;
  if (t !== 'object' || value === undefined) return NOT_PLAIN;
  if (Array.isArray(value)) {
    const out: unknown[] = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) continue; // a hole stays a hole
      const v = snapshot(value[i]);
      if (v === NOT_PLAIN) return NOT_PLAIN;
      out[i] = v;
    }
    return out;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return NOT_PLAIN;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (key === '__proto__') return NOT_PLAIN; // an own key by that name would set the copy's prototype
    const v = snapshot((value as Record<string, unknown>)[key]);
    if (v === NOT_PLAIN) return NOT_PLAIN;
    out[key] = v;
  }
  return out;
}
