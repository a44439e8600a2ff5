// Feedback after a training session: for each weak stage, what to do better, quoting the manager's
// own words from the session and the company's own way (script, objection handling, expert rules).
// The scores come from a CallAnalysis of the session transcript made by the analysis engine.
import type { CallAnalysis, StageAssessment } from '../domain/call-analysis.ts';
import type { CompanyKnowledge } from '../domain/knowledge.ts';
import { STAGES, STAGE_TITLES } from '../domain/stages.ts';
import type { Stage } from '../domain/stages.ts';
import type { Scenario } from './scenarios.ts';
import { trainerLanguage } from './trainer-types.ts';
import type { ClientOutcome, ClientTurnReason, TrainerLanguage } from './trainer-types.ts';

export interface SessionTurn {
  speaker: 'manager' | 'client';
  text: string;
  /** from the client's ClientTurn: the weak stage that turn pressed on, and why */
  pressedStage?: Stage;
  reason?: string;
}

export interface StageFeedback {
  stage: Stage;
  title: string;
  score?: number;
  /** the manager's own words that show the problem */
  managerQuote?: string;
  /** how the company does it: script, objection handling or an expert rule */
  companyWay?: string;
  deductions: string[];
  advice: string;
  text: string;
}

export interface SessionFeedback {
  language: TrainerLanguage;
  outcome: ClientOutcome | 'unfinished';
  summary: string;
  stages: StageFeedback[];
  strengths: string[];
  text: string;
}

export interface SessionFeedbackInput {
  turns: readonly SessionTurn[];
  analysis: CallAnalysis;
  knowledge: CompanyKnowledge;
  scenario?: Scenario;
  outcome?: ClientOutcome;
}

// Client reactions that show the manager's previous words failed the stage.
const FAILURE_REASONS = new Set<string>([
  'greeting_unclear', 'needs_skipped', 'needs_closed_question', 'presentation_not_tied', 'evasive_answer', 'objection_same_answer',
  'objection_needs_specifics', 'early_next_step', 'closing_stall', 'closing_needs_time', 'no_next_step', 'patience_exhausted',
] satisfies ClientTurnReason[]);

const ADVICE: Record<TrainerLanguage, Record<Stage, string>> = {
  ru: {
    greeting: 'В первой фразе представьтесь, назовите компанию и причину звонка и спросите, удобно ли говорить.',
    needs: 'До презентации задайте 2–3 открытых вопроса («как», «что», «почему», «расскажите») и дослушайте ответ.',
    presentation: 'Стройте презентацию от потребности клиента: «Вы сказали, что…, поэтому для вас…».',
    objections: 'Не уговаривайте общими словами: уточните, что стоит за возражением, и ответьте по сути — конкретным предложением.',
    closing: 'Не соглашайтесь на «я подумаю»: предложите конкретный следующий шаг с датой и временем.',
  },
  en: {
    greeting: 'In the first sentence introduce yourself, name the company and the reason for the call, and ask if it is a good time.',
    needs: 'Before presenting, ask 2-3 open questions ("how", "what", "why", "tell me") and listen to the answer.',
    presentation: 'Build the presentation on the client\'s need: "You said that…, so for you…".',
    objections: 'Do not persuade with general words: find out what is behind the objection and answer to the point with a concrete offer.',
    closing: 'Do not accept "I will think about it": propose a concrete next step with a date and a time.',
  },
};

/** A deduction that ends its own sentence must not get a second full stop ("перезвона.."). */
function trimEnd(text: string): string {
  return text.trim().replace(/[.;]+$/, '');
}

const PHRASES = {
  ru: {
    stage: (title: string, score?: number) => `Этап «${title}»${score === undefined ? '' : ` (${score}/10)`}.`,
    youSaid: (quote: string) => `Вы сказали: «${quote}».`,
    companyWay: (way: string) => `Как принято в компании: ${way}`,
    deductions: (list: string[]) => `За что сняты баллы: ${list.map(trimEnd).join('; ')}.`,
    next: (advice: string) => `В следующий раз: ${advice}`,
    agreed: 'Клиент согласился на следующий шаг.',
    left: (title?: string) => (title ? `Клиент ушёл на этапе «${title}».` : 'Клиент ушёл без договорённости.'),
    unfinished: 'Разговор не доведён до конца.',
    weak: (titles: string[]) => (titles.length > 0 ? `Над чем поработать: ${titles.join(', ')}.` : 'Слабых этапов в этой сессии нет.'),
    strength: (title: string, score: number) => `Хорошо получилось: «${title}» (${score}/10).`,
  },
  en: {
    stage: (title: string, score?: number) => `Stage "${title}"${score === undefined ? '' : ` (${score}/10)`}.`,
    youSaid: (quote: string) => `You said: "${quote}".`,
    companyWay: (way: string) => `The company's way: ${way}`,
    deductions: (list: string[]) => `Points were taken off for: ${list.map(trimEnd).join('; ')}.`,
    next: (advice: string) => `Next time: ${advice}`,
    agreed: 'The client agreed to a next step.',
    left: (title?: string) => (title ? `The client left at the "${title}" stage.` : 'The client left without an agreement.'),
    unfinished: 'The conversation was not finished.',
    weak: (titles: string[]) => (titles.length > 0 ? `What to work on: ${titles.join(', ')}.` : 'No weak stages in this session.'),
    strength: (title: string, score: number) => `Done well: "${title}" (${score}/10).`,
  },
} as const;

function clip(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

function sentenceEnd(text: string): string {
  return /[.!?…]$/.test(text) ? text : `${text}.`;
}

/** The manager's words that failed a stage: the analysis evidence first, then the client's reaction. */
function findQuote(stage: Stage, turns: readonly SessionTurn[], assessment?: StageAssessment): string | undefined {
  const indices = [...(assessment?.deductions.map((d) => d.turn) ?? []), ...(assessment?.evidence.map((e) => e.turn) ?? [])];
  for (const index of indices) {
    const turn = index === undefined ? undefined : turns[index];
    if (turn?.speaker === 'manager') return clip(turn.text);
  }
  for (let i = 1; i < turns.length; i += 1) {
    const reaction = turns[i];
    const words = turns[i - 1];
    if (reaction?.speaker === 'client' && reaction.pressedStage === stage && FAILURE_REASONS.has(reaction.reason ?? '') && words?.speaker === 'manager') {
      return clip(words.text);
    }
  }
  return undefined;
}

/** The objection the client actually raised in this session, with the company's handling of it. */
function raisedObjectionHandling(turns: readonly SessionTurn[], knowledge: CompanyKnowledge, scenario?: Scenario): string | undefined {
  const candidates = scenario?.objections.length ? scenario.objections : knowledge.objections;
  const clientWords = turns.filter((t) => t.speaker === 'client').map((t) => t.text.toLowerCase()).join(' ');
  const raised = candidates.find((o) => clientWords.includes(o.text.toLowerCase().replace(/[.!?…]+$/, ''))) ?? candidates[0];
  if (!raised?.handling) return undefined;
  return `«${raised.text}» → ${sentenceEnd(raised.handling)}`;
}

function companyWayFor(stage: Stage, input: SessionFeedbackInput, language: TrainerLanguage): string | undefined {
  const parts: string[] = [];
  if (stage === 'objections') {
    const handling = raisedObjectionHandling(input.turns, input.knowledge, input.scenario);
    if (handling) parts.push(language === 'en' ? handling.replace(/«|»/g, '"') : handling);
  }
  const script = input.knowledge.script[stage]?.trim();
  if (script && parts.length === 0) parts.push(sentenceEnd(script));
  const rule = input.knowledge.expertRules.find((r) => r.stage === stage);
  if (rule) parts.push(sentenceEnd(rule.text.trim()));
  return parts.length > 0 ? parts.join(' ') : undefined;
}

export function buildSessionFeedback(input: SessionFeedbackInput): SessionFeedback {
  const language = trainerLanguage(input.analysis.language || input.knowledge.language);
  const p = PHRASES[language];
  const byStage = new Map(input.analysis.stages.map((s) => [s.stage, s]));
  // The analysis decides the weak stages; a stage the client pressed on and the manager failed
  // in this session is added, because that is what the manager just experienced.
  const pressedFailures = new Set(input.turns.filter((t) => t.pressedStage && FAILURE_REASONS.has(t.reason ?? '')).map((t) => t.pressedStage as Stage));
  const weak = STAGES.filter((s) => input.analysis.weakStages.includes(s) || pressedFailures.has(s));

  const stages: StageFeedback[] = weak.map((stage) => {
    const assessment = byStage.get(stage);
    const title = STAGE_TITLES[language][stage];
    const managerQuote = findQuote(stage, input.turns, assessment);
    const companyWay = companyWayFor(stage, input, language);
    const deductions = assessment?.deductions.map((d) => d.reason) ?? [];
    const advice = ADVICE[language][stage];
    const text = [
      p.stage(title, assessment?.score),
      managerQuote ? p.youSaid(managerQuote) : '',
      deductions.length > 0 ? p.deductions(deductions) : '',
      companyWay ? p.companyWay(companyWay) : '',
      p.next(advice),
    ].filter(Boolean).join(' ');
    return {
      stage, title, deductions, advice, text,
      ...(assessment ? { score: assessment.score } : {}),
      ...(managerQuote ? { managerQuote } : {}),
      ...(companyWay ? { companyWay } : {}),
    };
  });

  const strengths = input.analysis.stages
    .filter((s) => s.score >= 8 && !weak.includes(s.stage))
    .map((s) => p.strength(STAGE_TITLES[language][s.stage], s.score));
  const outcome: SessionFeedback['outcome'] = input.outcome ?? (input.analysis.outcome === 'success' ? 'agreed' : input.analysis.loss ? 'left' : 'unfinished');
  const lossTitle = input.analysis.loss ? STAGE_TITLES[language][input.analysis.loss.stage] : undefined;
  const summary = [
    outcome === 'agreed' ? p.agreed : outcome === 'left' ? p.left(lossTitle) : p.unfinished,
    p.weak(stages.map((s) => s.title)),
  ].join(' ');
  const text = [summary, ...stages.map((s) => s.text), ...strengths].join('\n\n');
  return { language, outcome, summary, stages, strengths, text };
}
