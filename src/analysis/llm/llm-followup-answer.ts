// Turns the model's follow-up answer into a verdict that can be trusted as far as the transcript
// allows. Every numbered point must be answered (else the answer is refused and asked again).
// Evidence must be a real turn of the *manager* quoting words that turn contains (a quote one turn
// off is moved to the turn that has it; a quote found only in a client turn or nowhere is dropped).
// A point claimed done with no verified manager quote is counted as not done, with a warning: the
// check never says "applied" on words nobody said. The verdict rule is the builtin checker's, so
// "applied" means the same whichever checker decided.
import type { Evidence } from '../../domain/call-analysis.ts';
import type { FollowUpVerdict } from '../../domain/follow-up.ts';
import type { Turn } from '../../domain/transcript.ts';
import { decideApplied } from '../followup/followup-checker.ts';
import type { RecommendationPoint } from '../followup/recommendation-points.ts';
import { renderVerdict } from '../followup/verdict-explanation.ts';
import { EvidenceChecker } from './llm-answer.ts';
import type { LlmFollowUpAnswer } from './llm-followup-schema.ts';
import { InvalidLlmAnswerError } from './llm-structured-call.ts';

export const LLM_FOLLOW_UP_ENGINE = 'llm';

const NOT_QUOTED: Record<'ru' | 'en', string> = {
  ru: 'модель не привела слов менеджера, которые это показывают',
  en: 'the model quoted no manager words that show it',
};

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}

export function answerToVerdict(answer: LlmFollowUpAnswer, points: RecommendationPoint[], turns: Turn[], language: 'ru' | 'en'): FollowUpVerdict {
  const byNumber = new Map<number, LlmFollowUpAnswer['points'][number]>();
  const warnings: string[] = [];
  for (const p of answer.points) {
    if (!Number.isInteger(p.point) || p.point < 1 || p.point > points.length) { warnings.push(`llm: an answer for point ${p.point}, which does not exist, was ignored`); continue; }
    if (byNumber.has(p.point)) { warnings.push(`llm: point ${p.point} was answered twice; the first answer is kept`); continue; }
    byNumber.set(p.point, p);
  }
  const unanswered = points.map((_, i) => i + 1).filter((n) => !byNumber.has(n));
  if (unanswered.length > 0) throw new InvalidLlmAnswerError(`the answer skips point(s) ${unanswered.join(', ')}`);

  const checker = new EvidenceChecker(turns);
  let clientQuotes = 0;
  let unproven = 0;
  const decided = points.map((point, i) => {
    const answered = byNumber.get(i + 1)!;
    const evidence: Evidence[] = [];
    for (const e of answered.evidence) {
      const verified = checker.check(e);
      if (!verified) continue;
      if (turns[verified.turn]?.speaker !== 'manager') { clientQuotes += 1; continue; }
      evidence.push(verified);
    }
    // a warning heeded needs no quote; anything else claimed done must be shown in the manager's words
    let done = answered.done;
    let reason = answered.reason.trim();
    if (done && point.kind !== 'avoid' && point.kind !== 'callback' && evidence.length === 0) {
      done = false;
      unproven += 1;
      reason = NOT_QUOTED[language];
    }
    return { point, done, evidence, reason };
  });
  if (checker.dropped > 0) warnings.push(`llm: dropped ${checker.dropped} evidence quote(s) not found in the transcript`);
  if (checker.moved > 0) warnings.push(`llm: moved ${checker.moved} evidence quote(s) to the turn that contains them`);
  if (clientQuotes > 0) warnings.push(`llm: dropped ${clientQuotes} evidence quote(s) from client turns (only the manager's words show a point done)`);
  if (unproven > 0) warnings.push(`llm: ${unproven} point(s) claimed done without a verified manager quote were counted as not done`);

  const hasManager = turns.some((t) => t.speaker === 'manager');
  const decision = decideApplied(decided.map((d) => ({ point: d.point, done: d.done, credit: d.done ? 1 : 0 })));
  const applied = hasManager && decision.applied;
  const shown = decided.filter((d) => d.point.kind !== 'callback');
  const explanation = renderVerdict({
    language,
    applied,
    clientAgreed: answer.clientAgreed,
    noManagerTurns: !hasManager,
    points: shown.map((d) => ({
      text: d.point.text,
      done: d.done,
      main: d.point.main,
      counted: !d.point.optional && (d.point.kind !== 'avoid' || !d.done),
      evidence: d.evidence,
      why: d.reason || (language === 'ru' ? 'модель не объяснила' : 'the model gave no reason'),
    })),
  });
  return {
    applied,
    confidence: Math.round(clamp01(answer.confidence) * 100) / 100,
    points: shown.map((d) => ({ point: d.point.text, done: d.done, evidence: d.evidence })),
    explanation,
    clientAgreed: answer.clientAgreed,
    engine: LLM_FOLLOW_UP_ENGINE,
    warnings,
  };
}
