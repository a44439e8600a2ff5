// The company's knowledge turned into stem bags once per knowledge object (cached by identity):
// script items per stage, objections with their handling, reference calls split by stage,
// the company name as the manager would say it, and the contexts of the head of sales' corrections.
import type { CompanyKnowledge } from '../../domain/knowledge.ts';
import { knowledgeHash } from '../knowledge-hash.ts';
import { STAGES } from '../../domain/stages.ts';
import type { Stage } from '../../domain/stages.ts';
import { contentStems, mergeBags, normalizeText, stemBag, tokenize } from '../language/index.ts';
import type { Bag } from '../language/index.ts';
import { segmentStages } from './stage-segmenter.ts';
import { extractFeatures } from './turn-features.ts';

export interface KnowledgeIndex {
  language: string;
  scriptItems: Record<Stage, string[][]>;
  objections: { id: string; text: Bag; handling: string[] }[];
  referenceStages: Record<Stage, Bag[]>;
  companyWords: string[];
  /** every word of the company name, short ones too ("дом", "сад"): what is not the manager's name in the opening */
  companyNameWords: Set<string>;
  /** stems that name what the company sells: product text and presentation script */
  productStems: Set<string>;
}

// Keyed by the knowledge's content hash, not the object: a server that loads the knowledge afresh
// for every call still analyses the reference calls once. Bounded so memory stays flat.
const cache = new Map<string, KnowledgeIndex>();
const CACHE_LIMIT = 256;

export function indexKnowledge(k: CompanyKnowledge, language: string): KnowledgeIndex {
  const key = `${language}:${knowledgeHash(k)}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const scriptItems = {} as Record<Stage, string[][]>;
  const referenceStages = {} as Record<Stage, Bag[]>;
  for (const s of STAGES) {
    scriptItems[s] = (k.script?.[s] ?? '').split(/[,;]|->|→|\(|\)/u)
      .map((item) => [...new Set(contentStems(normalizeText(item), language))])
      .filter((stems) => stems.length > 0);
    referenceStages[s] = [];
  }
  const productStems = new Set([...contentStems(normalizeText(`${k.product ?? ''} ${k.script?.presentation ?? ''}`), language)].filter((st) => st.length >= 4));
  for (const ref of k.referenceCalls ?? []) {
    if (!ref.turns?.length) continue;
    const features = extractFeatures({ language, turns: ref.turns }, language);
    const seg = segmentStages(features, productStems);
    for (const s of STAGES) {
      const bags = features.filter((f) => f.speaker === 'manager' && seg.stageOf[f.index] === s).map((f) => f.stems);
      if (bags.length) referenceStages[s].push(mergeBags(bags));
    }
  }
  const nameWords = tokenize(normalizeText(k.name ?? ''));
  // "СтройСнаб-Регион" is said "СтройСнаб": the first part of a hyphenated name names the company too
  const companyWords = [...new Set(nameWords.flatMap((w) => [w, w.split('-')[0] ?? w]))].filter((w) => w.length >= 4);
  const index: KnowledgeIndex = {
    language,
    scriptItems,
    objections: (k.objections ?? []).map((o) => ({
      id: o.id, text: stemBag(normalizeText(o.text), language), handling: [...new Set(contentStems(normalizeText(o.handling), language))],
    })),
    referenceStages,
    companyWords,
    companyNameWords: new Set(nameWords),
    productStems,
  };
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value ?? '');
  cache.set(key, index);
  return index;
}

/** Did the manager name the company? Also when ASR splits or glues the name ("кофе поинт"). */
export function namesCompany(index: KnowledgeIndex, normalizedManagerText: string): boolean {
  if (index.companyWords.length === 0) return false;
  const glued = normalizedManagerText.replace(/[\s«»"'-]+/gu, '');
  return index.companyWords.some((w) => normalizedManagerText.includes(w) || glued.includes(w.replace(/-/g, '')));
}
