// A stable hash of the company knowledge an analysis was made with: canonical JSON (sorted keys,
// undefined dropped) through SHA-256, so that a re-analysis after the knowledge changed is traceable.
import { createHash } from 'node:crypto';
import type { CompanyKnowledge } from '../domain/knowledge.ts';

const cache = new WeakMap<CompanyKnowledge, string>();

function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonical(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
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
  const hash = `sha256:${createHash('sha256').update(canonical(analysed)).digest('hex').slice(0, 32)}`;
  cache.set(k, hash);
  return hash;
}
