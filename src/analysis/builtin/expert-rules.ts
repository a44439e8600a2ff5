// Expert rules checked by what they mean, not by their words appearing: a rule about offering two
// concrete dates counts the date/time options the manager actually offered; a rule against naming
// the price early checks the order of price and questions; a rule against criticising competitors
// looks for criticism; a rule about breaking the price down looks for a per-unit price. Any other
// rule is checked by whether its content shows up in the stage at all.
import type { ExpertRule } from '../../domain/knowledge.ts';
import type { Stage } from '../../domain/stages.ts';
import { contentStems, countTimeOptions, coverage, detectConcern, normalizeText, stemSet } from '../language/index.ts';
import type { ConcernKind } from '../language/index.ts';
import type { Draft, ScoringContext } from './scoring-context.ts';
import { deduct, managerBag, managerTurns } from './scoring-context.ts';
import { needsQuestions } from './stage-scorer.ts';

type Check = (ctx: ScoringContext, stageTurns: number[]) => number | null; // returns the offending turn, -1 if no turn, null if kept

const twoOptions: Check = (ctx, turns) => {
  const proposals = managerTurns(ctx, turns).filter((f) => f.proposal || f.anchors.length > 0);
  if (proposals.length === 0) return null;
  return Math.max(...proposals.map((f) => countTimeOptions(f.anchors))) >= 2 ? null : proposals[0]?.index ?? -1;
};
const concreteDate: Check = (ctx, turns) => {
  const proposals = managerTurns(ctx, turns).filter((f) => f.proposal);
  if (proposals.length === 0) return null;
  return proposals.some((f) => f.anchors.some((a) => a.kind !== 'vague' && a.kind !== 'part_of_day')) ? null : proposals[0]?.index ?? -1;
};
const noEarlyPrice: Check = (ctx) => {
  const questions = needsQuestions(ctx);
  const second = questions[1]?.index ?? Infinity;
  const early = ctx.features.find((f) => f.speaker === 'manager' && f.index > ctx.seg.greetingEnd && f.index < second && f.price && f.words > 6);
  return early && questions.length < 2 ? early.index : null;
};
const noCriticism: Check = (ctx) => {
  for (const e of ctx.seg.episodes) {
    if (e.kind !== 'competitor') continue;
    const hit = e.replies.find((i) => ctx.features[i]?.criticism);
    if (hit !== undefined) return hit;
  }
  return null;
};
const perUnit: Check = (ctx, turns) => {
  const mine = managerTurns(ctx, turns);
  if (!mine.some((f) => f.price)) return null;
  return ctx.features.some((f) => f.speaker === 'manager' && f.perUnit) ? null : mine[0]?.index ?? -1;
};

interface RuleCheck { kind: string; check: Check; points: number; condition: Condition | null }

/** "Если клиенту неудобно говорить, …", "На «дорого» …": the rule binds only when its situation arose. */
interface Condition { concern: ConcernKind | null; stems: string[] }

const IF_THEN = /^(?:если|когда|в случае,? если|в случае|при)\s+(.+?)(?:,\s*(?:то\s+)?|\s+[—–-]\s+|\s+то\s+)(.+)$/u;
const ON_QUOTE = /^на\s+[«"„“']([^»"“”']+)[»"“”']\s*[,:—–-]?\s*(.+)$/u;
const EN_IF_THEN = /^(?:if|when)\s+(.+?),\s*(?:then\s+)?(.+)$/u;

function splitCondition(t: string, language: string): { condition: Condition; action: string } | null {
  const m = ON_QUOTE.exec(t) ?? IF_THEN.exec(t) ?? EN_IF_THEN.exec(t);
  if (!m?.[1] || !m[2]) return null;
  return { condition: { concern: detectConcern(m[1], language)?.kind ?? null, stems: [...new Set(contentStems(m[1], language))] }, action: m[2] };
}

/** Did the client bring about the rule's situation: the same kind of concern, or the situation in their own words? */
function conditionArose(ctx: ScoringContext, c: Condition): boolean {
  const client = ctx.features.filter((f) => f.speaker === 'client');
  if (c.concern) return client.some((f) => f.concern === c.concern) || ctx.seg.episodes.some((e) => e.kind === c.concern);
  if (c.stems.length === 0) return true;
  // coverage reads only which stems the client said, not how often: their set, half the work of a merged bag
  return coverage(c.stems, stemSet(client.map((f) => f.stems))) >= 0.5;
}

const classified = new WeakMap<ExpertRule, RuleCheck>();
// by language and text as well, for knowledge loaded afresh for every call; bounded, so memory stays flat
const classifiedByText = new Map<string, RuleCheck>();
const BY_TEXT_LIMIT = 1024;

/** Rules are classified once per rule object (knowledge objects live across many calls) and once per text. */
function classify(rule: ExpertRule, language: string): RuleCheck {
  let hit = classified.get(rule);
  if (!hit) {
    const key = typeof rule.text === 'string' ? `${language}:${rule.text}` : null;
    hit = key === null ? undefined : classifiedByText.get(key);
    if (!hit) {
      hit = classifyText(rule, language);
      if (classifiedByText.size >= BY_TEXT_LIMIT) classifiedByText.clear();
      if (key !== null) classifiedByText.set(key, hit);
    }
    classified.set(rule, hit);
  }
  return hit;
}

function classifyText(rule: ExpertRule, language: string): RuleCheck {
  const whole = normalizeText(rule.text).replace(/[.!]+$/u, '');
  const conditional = splitCondition(whole, language);
  return { ...classifyAction(conditional?.action ?? whole, language), condition: conditional?.condition ?? null };
}

function classifyAction(t: string, language: string): Omit<RuleCheck, 'condition'> {
  if (/(?:дв[еау]|2|нескольк|вариант)\S*\s+(?:\S+\s+){0,2}(?:дат|времен|слот|вариант)/u.test(t) || /two (?:dates|times|options)/u.test(t)) return { kind: 'two_options', check: twoOptions, points: 1.5 };
  if (/конкретн\S*\s+(?:\S+\s+){0,2}(?:дат|время|времен|день)|concrete (?:date|time)/u.test(t)) return { kind: 'concrete_date', check: concreteDate, points: 1.5 };
  if (/не\s+называ\S*\s+цен|цен\S*\s+(?:\S+\s+){0,3}(?:после|пока не)|price (?:before|only after)/u.test(t)) return { kind: 'no_early_price', check: noEarlyPrice, points: 1.5 };
  if (/не\s+(?:критик|руга|оскорбл|говорить плохо)|do not criticise|don't criticize/u.test(t)) return { kind: 'no_criticism', check: noCriticism, points: 2 };
  if (/(?:стоимост|цен|платеж)\S*\s+(?:\S+\s+){0,4}(?:одн|в день|за\s)|per (?:unit|day|cup)/u.test(t)) return { kind: 'unit_price', check: perUnit, points: 1.5 };
  const stems = [...new Set(contentStems(t, language))];
  return { kind: 'content', points: 0.5, check: (ctx, turns) => {
    if (managerTurns(ctx, turns).length === 0 || stems.length < 2) return null;
    return coverage(stems, managerBag(ctx, turns)) >= 0.15 ? null : -1;
  } };
}

/** Apply the company's expert rules to the drafts of the stages that occurred. */
export function applyExpertRules(ctx: ScoringContext, rules: readonly ExpertRule[], drafts: Map<Stage, Draft>, turnsByStage: Map<Stage, number[]>): void {
  for (const rule of rules) {
    const stage = rule.stage ?? null;
    const targets: Stage[] = stage ? [stage] : [...drafts.keys()];
    for (const s of targets) {
      const d = drafts.get(s);
      const turns = turnsByStage.get(s) ?? [];
      if (!d || turns.length === 0) continue;
      const { kind, check, points, condition } = classify(rule, ctx.lang);
      if (condition && !conditionArose(ctx, condition)) continue;
      const offending = check(ctx, turns);
      if (offending === null) continue;
      deduct(d, `rule.${kind}`, points, ctx.lang, offending >= 0 ? offending : undefined, rule.text);
    }
  }
}
