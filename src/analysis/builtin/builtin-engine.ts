// The builtin call-analysis engine: offline, deterministic, pure. Transcript + company knowledge →
// CallAnalysis. Pipeline: validate → per-turn speech acts → stage segmentation → outcome → stage
// scores (script, objections, expert rules, reference calls) → the head of sales' corrections.
import type { AnalysisInput, CallAnalysis, CallAnalysisEngine, StageAssessment } from '../../domain/call-analysis.ts';
import { emptyKnowledge } from '../../domain/knowledge.ts';
import { STAGES, STAGE_TITLES, stageIndex } from '../../domain/stages.ts';
import type { Stage } from '../../domain/stages.ts';
import { knowledgeHash } from '../knowledge-hash.ts';
import { cosine } from '../language/index.ts';
import { applyCorrections } from './corrections.ts';
import { applyExpertRules } from './expert-rules.ts';
import { indexKnowledge } from './knowledge-index.ts';
import type { Lang } from './messages.ts';
import { scoreClosing, scoreObjections, stageEpisodes } from './objection-tracker.ts';
import { detectOutcome } from './outcome-detector.ts';
import type { OutcomeVerdict } from './outcome-detector.ts';
import { deduct, finalize, managerBag, managerTurns } from './scoring-context.ts';
import type { Draft, ScoringContext } from './scoring-context.ts';
import { answersToClient, needsQuestions, scoreGreeting, scoreNeeds, scorePresentation } from './stage-scorer.ts';
import { segmentStages, turnsOf } from './stage-segmenter.ts';
import { extractFeatures } from './turn-features.ts';
import type { TurnFeatures } from './turn-features.ts';
import { validateTranscript } from './validate.ts';

export const BUILTIN_ENGINE_VERSION = '1.0.0';
export const WEAK_STAGE_MAX_SCORE = 5;

/** A proposal of a next step that asks for the client's answer: a question, a named day, or "давайте / предлагаю" (as the segmenter reads the closing's start). */
function isClosingProposal(f: TurnFeatures): boolean {
  return f.speaker === 'manager' && f.proposal
    && (f.question || f.anchors.some((a) => a.kind === 'day' || a.kind === 'date') || /давайте|предлагаю|let's|how about/u.test(f.normalized));
}

/** Which stages to judge: those that occurred up to the loss, plus a missing stage whose absence is the mistake. */
function stagesToScore(ctx: ScoringContext): Map<Stage, number[]> {
  const { seg, verdict } = ctx;
  // a loss blamed on an earlier stage (an offer made without any needs discovery) is still judged on the stages it went through
  const lossAt = verdict.loss ? Math.max(stageIndex(verdict.loss.stage), verdict.reached ? stageIndex(verdict.reached) : 0) : STAGES.length - 1;
  const out = new Map<Stage, number[]>();
  for (const s of STAGES) {
    const turns = turnsOf(seg, s);
    const managerSpoke = turns.some((i) => ctx.features[i]?.speaker === 'manager');
    if (stageIndex(s) > lossAt && s !== 'objections') continue;
    if (s === 'objections' ? stageEpisodes(ctx).length > 0 && (verdict.outcome === 'success' || stageIndex('objections') <= lossAt || verdict.loss?.stage === 'closing') : managerSpoke) out.set(s, turns);
  }
  if (verdict.loss?.stage === 'greeting') return new Map([['greeting', [...out.values()].flat().sort((a, b) => a - b)]]);
  const reachedBeyondNeeds = out.has('presentation') || out.has('closing') || out.has('objections');
  if (!out.has('needs') && reachedBeyondNeeds && needsQuestions(ctx).length === 0) out.set('needs', []);
  if (!out.has('needs') && needsQuestions(ctx).length > 0 && lossAt >= stageIndex('needs')) out.set('needs', []);
  if (!out.has('closing') && verdict.loss?.stage === 'closing') out.set('closing', []);
  // a call that ended in agreement had a closing, however early in a short call it came: from the manager's
  // first proposal of the next step (or the client's commitment) to the end
  if (!out.has('closing') && verdict.outcome === 'success') {
    const from = ctx.features.find((f) => f.index > seg.greetingEnd && isClosingProposal(f))?.index ?? verdict.commitment?.turn;
    if (from !== undefined) out.set('closing', ctx.features.filter((f) => f.index >= from).map((f) => f.index));
  }
  // lost earlier, but late in the call the manager made a real proposal of a next step and it was turned down: the closing was tried and failed
  if (!out.has('closing') && verdict.loss && stageIndex(verdict.loss.stage) >= stageIndex('presentation')) {
    const earliest = Math.max(seg.greetingEnd + 1, Math.floor(ctx.features.length * 0.4));
    const attempts = ctx.features.filter((f) => f.index >= earliest && isClosingProposal(f)).map((f) => f.index);
    if (attempts.length > 0) out.set('closing', attempts);
  }
  // the offer described while answering an objection or while closing ("у нас в подписке сервис включён…") is a
  // presentation too: a statement naming the offer or the price, or any long statement, a long one ending in a question
  // included (as the segmenter reads one)
  if (!out.has('presentation') && lossAt >= stageIndex('presentation')) {
    const pitched = ctx.features.filter((f) => f.speaker === 'manager' && f.index > seg.greetingEnd && (!f.question || f.words >= 25)
      && ((f.words >= 10 && (f.offer || f.price)) || f.words >= 18)).map((f) => f.index);
    // no pitch, but the client asked about the offer and the manager answered: those answers were the presentation
    const answers = pitched.length > 0 ? pitched : answersToClient(ctx);
    if (pitched.length > 0 || answers.length >= 2) out.set('presentation', answers);
  }
  // a client who got the offer and kept asking about it (terms, guarantees, what if…) was voicing doubts; in a call
  // that ended in agreement the manager's answers to them were the objection handling
  if (!out.has('objections') && verdict.outcome === 'success') {
    const pitchStart = seg.stageOf.indexOf('presentation');
    const doubts = pitchStart < 0 ? [] : answersToClient(ctx).filter((i) => i > pitchStart);
    if (doubts.length >= 2) out.set('objections', doubts);
  }
  return new Map([...out.entries()].sort(([a], [b]) => stageIndex(a) - stageIndex(b)));
}

function scoreStage(ctx: ScoringContext, stage: Stage, turns: number[]): Draft {
  switch (stage) {
    case 'greeting': return scoreGreeting(ctx, turns);
    case 'needs': return scoreNeeds(ctx, turns);
    case 'presentation': return scorePresentation(ctx, turns);
    case 'objections': return scoreObjections(ctx, turns);
    case 'closing': return scoreClosing(ctx, turns);
  }
}

/** A small pull toward the company's reference calls: far from all of them costs half a point. */
function compareWithReference(ctx: ScoringContext, drafts: Map<Stage, Draft>, turnsByStage: Map<Stage, number[]>): void {
  for (const [stage, d] of drafts) {
    const refs = ctx.index.referenceStages[stage];
    const turns = turnsByStage.get(stage) ?? [];
    const mine = managerTurns(ctx, turns);
    if (refs.length === 0 || mine.reduce((s, f) => s + f.words, 0) < 15) continue;
    const bag = managerBag(ctx, turns);
    const best = Math.max(...refs.map((r) => cosine(bag, r)));
    if (best < 0.04) deduct(d, 'script.unlike_reference', 0.5, ctx.lang, mine[0]?.index);
  }
}

function explain(verdict: OutcomeVerdict, lang: Lang): string {
  if (!verdict.loss) return '';
  const title = STAGE_TITLES[lang][verdict.loss.stage];
  const said = verdict.loss.clientWords[0]?.text ?? '';
  const why: Record<string, [string, string]> = {
    refusal: ['клиент отказался', 'the client refused'],
    unhandled_objection: ['возражение клиента не отработано', 'the client’s objection was not handled'],
    no_next_step: ['разговор закончился без конкретного следующего шага', 'the call ended without a concrete next step'],
    no_need: ['у клиента нет потребности', 'the client has no need'],
    bad_opening: ['клиент потерян в первые секунды разговора', 'the client was lost in the opening'],
  };
  const [ru, en] = why[verdict.loss.reason] ?? ['', ''];
  return lang === 'en' ? `Lost at "${title}": ${en}. Client: "${said}"` : `Клиент потерян на этапе «${title}»: ${ru}. Клиент: «${said}»`;
}

export function analyzeCall(input: AnalysisInput): CallAnalysis {
  const lang: Lang = validateTranscript(input.transcript);
  const knowledge = input.knowledge ?? emptyKnowledge('unknown');
  // silent or malformed turns carry no words; they keep their index so evidence points at the right turn
  const turns = input.transcript.turns.map((t) => (typeof t.text === 'string' ? t : { ...t, text: '' }));
  const features = extractFeatures({ language: lang, turns }, lang);
  const index = indexKnowledge(knowledge, lang);
  const seg = segmentStages(features, index.productStems);
  const verdict = detectOutcome(features, seg, lang);
  const ctx: ScoringContext = { features, seg, lang, index, verdict };
  const turnsByStage = stagesToScore(ctx);
  const drafts = new Map<Stage, Draft>();
  for (const [stage, turns] of turnsByStage) drafts.set(stage, scoreStage(ctx, stage, turns));
  applyExpertRules(ctx, knowledge.expertRules ?? [], drafts, turnsByStage);
  compareWithReference(ctx, drafts, turnsByStage);
  const stages: StageAssessment[] = [...drafts.values()].map(finalize);
  const warnings: string[] = [];
  if (input.transcript.language && input.transcript.language.slice(0, 2) !== lang) warnings.push(`declared language "${input.transcript.language}", analysed as "${lang}"`);
  if (input.transcript.turns.some((t) => t.lowConfidence)) warnings.push('some speakers were guessed (mono audio); verdicts are less certain');
  if (verdict.loss) verdict.loss.explanation = explain(verdict, lang);
  const analysis: CallAnalysis = {
    engine: 'builtin',
    engineVersion: BUILTIN_ENGINE_VERSION,
    knowledgeHash: knowledgeHash(knowledge),
    language: lang,
    outcome: verdict.outcome,
    confidence: verdict.confidence,
    stages,
    weakStages: [],
    loss: verdict.loss,
    nextStep: verdict.nextStep,
    warnings,
  };
  applyCorrections(analysis, knowledge.corrections ?? [], features, lang);
  analysis.stages.sort((a, b) => stageIndex(a.stage) - stageIndex(b.stage));
  analysis.weakStages = analysis.stages.filter((s) => s.score <= WEAK_STAGE_MAX_SCORE).map((s) => s.stage);
  return analysis;
}

export function createBuiltinEngine(): CallAnalysisEngine {
  return {
    name: 'builtin',
    version: BUILTIN_ENGINE_VERSION,
    analyze: (input) => Promise.resolve().then(() => analyzeCall(input)),
  };
}
