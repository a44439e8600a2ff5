// Similarity of texts as bags of stems: cosine for "how alike are these two passages" and
// coverage for "how much of this script item did the manager actually say".
export type Bag = Map<string, number>;

export function cosine(a: Bag, b: Bag): number {
  if (a.size === 0 || b.size === 0) return 0;
  const small = a.size <= b.size ? a : b;
  const large = small === a ? b : a;
  let dot = 0;
  // keys and a lookup rather than entries: no [key, value] pair is allocated per stem
  for (const k of small.keys()) {
    const w = large.get(k);
    if (w !== undefined) dot += (small.get(k) ?? 0) * w;
  }
  if (dot === 0) return 0;
  let na = 0;
  let nb = 0;
  for (const v of a.values()) na += v * v;
  for (const v of b.values()) nb += v * v;
  return dot / Math.sqrt(na * nb);
}

/**
 * Share of the target's stems that appear in the source. Stems are compared by a common
 * prefix of at least 5 letters as well, so that "обслуживание" covers "обслуживать" even though
 * the stemmer keeps them apart.
 */
/** What coverage reads of its source: a bag, or just its stems. */
export interface StemSource { has(stem: string): boolean; keys(): Iterable<string> }

export function coverage(target: Iterable<string>, source: StemSource): number {
  return shareOf(target, source, { heads: null });
}

/**
 * The share of the targets (script items) of which the source covers at least `min`: coverage of
 * each, with the source's heads worked out once for all of them rather than once per item.
 */
export function coveredShare(targets: readonly Iterable<string>[], source: StemSource, min: number): number {
  const lazy: LazyHeads = { heads: null };
  let covered = 0;
  for (const t of targets) if (shareOf(t, source, lazy) >= min) covered++;
  return covered / targets.length;
}

/** The source's heads, built on the first stem that needs them (most targets are found whole). */
interface LazyHeads { heads: Set<string> | null }

function shareOf(target: Iterable<string>, source: StemSource, lazy: LazyHeads): number {
  let total = 0;
  let hit = 0;
  for (const t of target) {
    total++;
    if (source.has(t)) { hit++; continue; }
    if (t.length < 5) continue;
    lazy.heads ??= headsOf(source);
    if (lazy.heads.has(t.slice(0, 5))) hit++;
  }
  return total === 0 ? 0 : hit / total;
}

function headsOf(source: StemSource): Set<string> {
  const heads = new Set<string>();
  for (const k of source.keys()) if (k.length >= 5) heads.add(k.slice(0, 5));
  return heads;
}

export function mergeBags(bags: Iterable<Bag>): Bag {
  const out: Bag = new Map();
  // forEach rather than entries: no [key, value] pair is allocated per stem
  const add = (v: number, k: string): void => { out.set(k, (out.get(k) ?? 0) + v); };
  for (const bag of bags) bag.forEach(add);
  return out;
}

/** The stems of the bags together without their counts, for coverage: half the work of mergeBags. */
export function stemSet(bags: Iterable<Bag>): Set<string> {
  const out = new Set<string>();
  for (const bag of bags) for (const k of bag.keys()) out.add(k);
  return out;
}
