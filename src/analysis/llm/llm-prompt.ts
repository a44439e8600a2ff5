// Builds the grounded prompt for the llm engine: the rules every call is judged by (5 stages, the
// lost-client rules), the company's knowledge retrieved for *this* call, and the numbered
// transcript. Retrieval is by stem overlap (the same Snowball stems the builtin engine uses), so
// a company with hundreds of corrections and long reference calls still yields a bounded prompt.
import type { Correction, CompanyKnowledge, ReferenceCall } from '../../domain/knowledge.ts';
import { STAGES, STAGE_TITLES } from '../../domain/stages.ts';
import type { Turn } from '../../domain/transcript.ts';
import { cosine, normalizeText, stemBag } from '../language/index.ts';
import type { Bag } from '../language/index.ts';

export type PromptLanguage = 'ru' | 'en';

export interface PromptLimits {
  /** reference-call excerpts put in the prompt */
  referenceExcerpts: number;
  /** turns per reference excerpt */
  excerptTurns: number;
  corrections: number;
  expertRules: number;
  objections: number;
  /** characters per knowledge item (a script stage, a rule, a handling) */
  itemChars: number;
}

export const DEFAULT_PROMPT_LIMITS: PromptLimits = { referenceExcerpts: 3, excerptTurns: 6, corrections: 8, expertRules: 30, objections: 20, itemChars: 600 };

export interface LlmPrompt {
  system: string;
  user: string;
}

const SPEAKER: Record<PromptLanguage, Record<Turn['speaker'], string>> = {
  ru: { manager: 'Менеджер', client: 'Клиент' },
  en: { manager: 'Manager', client: 'Client' },
};

const SYSTEM: Record<PromptLanguage, string> = {
  ru: `Ты — эксперт по качеству продаж. Оцени телефонный звонок менеджера по 5 этапам продаж и реши, потерян ли клиент.
Этапы (ключи): greeting — приветствие (представился, назвал компанию, уточнил удобство разговора); needs — выявление потребностей (открытые вопросы о задаче, сроках, бюджете, ЛПР); presentation — презентация (решение под названные потребности, выгоды, а не перечень); objections — обработка возражений (выслушал, уточнил, ответил по методике компании, клиент вернулся к позитиву); closing — закрытие (договорённость о конкретном следующем шаге: дата, время, действие).
Оценка каждого этапа 0-10 только для этапов, которые были в звонке, или чьё отсутствие и есть ошибка (например, нет попытки закрытия). За что снимаются баллы — перечисли в deductions с причиной на русском. Суди по скрипту компании, экспертным правилам, правкам руководителя отдела продаж и эталонным звонкам ниже; правки руководителя важнее твоего мнения.
Клиент потерян (outcome = lost), если: клиент отказался («нет», «не актуально», «не хочу»); возражение осталось не отработанным и клиент ушёл; звонок закончился без согласованного конкретного следующего шага. «Я подумаю», «перезвоню сам», «скиньте на почту» без даты и действия — потерян (no_next_step). «Нет проблем», «почему нет», «нет, всё понятно», «не вопрос» — это НЕ отказ. Успех (success): клиент согласился купить или на конкретный следующий шаг (встреча, замер, демонстрация, счёт или договор с согласия клиента, созвон в согласованное время с понятной целью).
Для потерянного клиента укажи этап потери, причину (refusal | unhandled_objection | no_next_step | no_need | bad_opening) и слова клиента.
Доказательства: номер реплики из транскрипта в квадратных скобках и точная цитата из этой реплики, без пересказа. Ответ — только JSON по схеме.`,
  en: `You are a sales-quality expert. Score a sales phone call by the 5 sales stages and decide whether the client was lost.
Stages (keys): greeting — the manager introduced themself and the company and checked it is a good time; needs — needs discovery (open questions about the task, timing, budget, decision maker); presentation — a solution tied to the stated needs, benefits rather than a feature list; objections — objection handling (listened, clarified, answered the company's way, the client came back positive); closing — agreement on a concrete next step (date, time, action).
Score 0-10 only the stages that occurred, or whose absence is the mistake (e.g. no closing attempt at all). List what lowered a score in deductions, with the reason in English. Judge against the company's script, expert rules, the head of sales' corrections and the reference calls below; the head of sales' corrections outweigh your own opinion.
The client is lost (outcome = lost) when: the client refuses ("no", "not interested", "don't want it"); an objection is left unhandled and the client leaves; the call ends without an agreed concrete next step. "I'll think about it", "I'll call you back", "just email me" without a date and an action is lost (no_next_step). "No problem", "why not", "no, that's clear" are NOT refusals. Success: the client agrees to buy or to a concrete next step (a meeting, a visit, a demo, an invoice or contract the client agreed to, a call at an agreed time with an agreed purpose).
For a lost client give the stage where they were lost, the reason (refusal | unhandled_objection | no_next_step | no_need | bad_opening) and the client's own words.
Evidence: the turn number shown in square brackets in the transcript and an exact quote from that turn, not a paraphrase. Answer only with JSON matching the schema.`,
};

const HEADINGS: Record<PromptLanguage, Record<'company' | 'script' | 'objections' | 'rules' | 'corrections' | 'references' | 'transcript' | 'none', string>> = {
  ru: { company: 'Компания', script: 'Скрипт компании по этапам', objections: 'Возражения и как компания их отрабатывает', rules: 'Экспертные правила', corrections: 'Правки руководителя отдела продаж к прошлым анализам', references: 'Фрагменты эталонных звонков компании', transcript: 'Транскрипт звонка (номер реплики в скобках)', none: 'нет' },
  en: { company: 'Company', script: 'Company script per stage', objections: 'Objections and how the company handles them', rules: 'Expert rules', corrections: "The head of sales' corrections of earlier analyses", references: "Excerpts from the company's reference calls", transcript: 'Call transcript (turn number in brackets)', none: 'none' },
};

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

function bagOf(texts: Iterable<string>, lang: PromptLanguage): Bag {
  let joined = '';
  for (const t of texts) joined += ` ${t}`;
  return stemBag(normalizeText(joined), lang);
}

export function numberedTranscript(turns: Turn[], lang: PromptLanguage): string {
  return turns.map((t, i) => `[${i}] ${SPEAKER[lang][t.speaker] ?? t.speaker}: ${typeof t.text === 'string' ? t.text.replace(/\s+/g, ' ').trim() : ''}`).join('\n');
}

interface Window { turns: Turn[]; bag: Bag }
// A company's reference calls are the same for every call it analyses: stem their windows once.
const windowCache = new WeakMap<ReferenceCall, { key: string; windows: Window[] }>();

function referenceWindows(ref: ReferenceCall, size: number, lang: PromptLanguage): Window[] {
  const key = `${size}:${lang}:${ref.turns.length}`;
  const hit = windowCache.get(ref);
  if (hit?.key === key) return hit.windows;
  const step = Math.max(1, Math.floor(size / 2));
  const windows: Window[] = [];
  for (let from = 0; from < ref.turns.length; from += step) {
    const turns = ref.turns.slice(from, from + size);
    windows.push({ turns, bag: bagOf(turns.map((t) => (typeof t.text === 'string' ? t.text : '')), lang) });
    if (from + size >= ref.turns.length) break;
  }
  windowCache.set(ref, { key, windows });
  return windows;
}

/** The reference-call windows most alike to this call, best first. */
export function relevantReferenceExcerpts(refs: ReferenceCall[], callBag: Bag, lang: PromptLanguage, limits: PromptLimits): Turn[][] {
  const size = Math.max(2, limits.excerptTurns);
  const scored: { score: number; turns: Turn[]; ref: string }[] = [];
  for (const ref of refs) {
    for (const w of referenceWindows(ref, size, lang)) scored.push({ score: cosine(w.bag, callBag), turns: w.turns, ref: ref.id });
  }
  scored.sort((a, b) => b.score - a.score);
  // at most two windows of one reference call, so several good calls are shown rather than one
  const perRef = new Map<string, number>();
  const out: Turn[][] = [];
  for (const s of scored) {
    if (out.length >= limits.referenceExcerpts) break;
    const used = perRef.get(s.ref) ?? 0;
    if (used >= 2) continue;
    perRef.set(s.ref, used + 1);
    out.push(s.turns);
  }
  return out;
}

/** Corrections whose call excerpt, target or comment share the most words with this call. */
export function relevantCorrections(corrections: Correction[], callBag: Bag, lang: PromptLanguage, limits: PromptLimits): Correction[] {
  return corrections
    .map((c, order) => ({ c, order, score: cosine(bagOf([c.comment, c.target ?? '', ...(c.context ?? []).map((t) => t.text)], lang), callBag) }))
    // general corrections (no excerpt) still count: ties keep the newest (last entered) first
    .sort((a, b) => b.score - a.score || b.order - a.order)
    .slice(0, limits.corrections)
    .map((x) => x.c);
}

function describeCorrection(c: Correction, lang: PromptLanguage, limits: PromptLimits): string {
  const parts: string[] = [`(${c.kind}${c.stage ? `, ${c.stage}` : ''})`];
  if (c.outcome) parts.push(lang === 'ru' ? `верный исход: ${c.outcome}` : `correct outcome: ${c.outcome}`);
  if (typeof c.score === 'number') parts.push(lang === 'ru' ? `верная оценка: ${c.score}` : `correct score: ${c.score}`);
  if (c.target) parts.push(lang === 'ru' ? `неверно: «${clip(c.target, limits.itemChars)}»` : `wrong: "${clip(c.target, limits.itemChars)}"`);
  parts.push(clip(c.comment, limits.itemChars));
  const context = (c.context ?? []).slice(0, 4).map((t) => `${SPEAKER[lang][t.speaker] ?? t.speaker}: ${clip(t.text, 200)}`).join(' / ');
  if (context) parts.push(lang === 'ru' ? `в звонке: ${context}` : `in the call: ${context}`);
  return `- ${parts.join('; ')}`;
}

export function buildPrompt(knowledge: CompanyKnowledge, turns: Turn[], lang: PromptLanguage, limits: PromptLimits = DEFAULT_PROMPT_LIMITS): LlmPrompt {
  const h = HEADINGS[lang];
  const callBag = bagOf(turns.map((t) => (typeof t.text === 'string' ? t.text : '')), lang);
  const sections: string[] = [];
  const company = [knowledge.name, knowledge.industry, knowledge.product].filter((x): x is string => !!x).map((x) => clip(x, limits.itemChars));
  sections.push(`## ${h.company}\n${company.join(' — ') || h.none}`);
  const script = STAGES.filter((s) => knowledge.script?.[s]).map((s) => `- ${s} (${STAGE_TITLES[lang][s]}): ${clip(knowledge.script[s] ?? '', limits.itemChars)}`);
  sections.push(`## ${h.script}\n${script.join('\n') || h.none}`);
  const objections = (knowledge.objections ?? []).slice(0, limits.objections).map((o) => `- «${clip(o.text, 200)}» → ${clip(o.handling, limits.itemChars)}`);
  sections.push(`## ${h.objections}\n${objections.join('\n') || h.none}`);
  const rules = (knowledge.expertRules ?? []).slice(0, limits.expertRules).map((r) => `- ${r.stage ? `[${r.stage}] ` : ''}${clip(r.text, limits.itemChars)}`);
  sections.push(`## ${h.rules}\n${rules.join('\n') || h.none}`);
  const corrections = relevantCorrections(knowledge.corrections ?? [], callBag, lang, limits).map((c) => describeCorrection(c, lang, limits));
  sections.push(`## ${h.corrections}\n${corrections.join('\n') || h.none}`);
  const excerpts = relevantReferenceExcerpts(knowledge.referenceCalls ?? [], callBag, lang, limits)
    .map((ex, i) => `### ${i + 1}\n${ex.map((t) => `${SPEAKER[lang][t.speaker] ?? t.speaker}: ${clip(t.text, 400)}`).join('\n')}`);
  sections.push(`## ${h.references}\n${excerpts.join('\n') || h.none}`);
  sections.push(`## ${h.transcript}\n${numberedTranscript(turns, lang)}`);
  return { system: SYSTEM[lang], user: sections.join('\n\n') };
}
