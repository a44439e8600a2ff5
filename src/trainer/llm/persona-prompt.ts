// The system prompt that turns any chat model into the trainer's client, and the handling of its
// replies: parse the structured end marker, strip anything said out of character. Written in the
// company language, because a model answers in the language it is instructed in.
import type { CompanyKnowledge } from '../../domain/knowledge.ts';
import { STAGE_TITLES } from '../../domain/stages.ts';
import type { Stage } from '../../domain/stages.ts';
import type { Persona } from '../personas/persona.ts';
import type { Scenario } from '../scenarios.ts';
import type { TrainerLanguage } from '../trainer-types.ts';

export interface PersonaPromptInput {
  scenario: Scenario;
  persona: Persona;
  knowledge: CompanyKnowledge;
  weakStages: readonly Stage[];
  language: TrainerLanguage;
}

const PRESS: Record<TrainerLanguage, Record<Stage, string>> = {
  ru: {
    greeting: 'Будь холоден в начале: пока менеджер не представится, не назовёт компанию и цель звонка, спрашивай «Кто это?».',
    needs: 'Отвечай расплывчато и коротко, пока менеджер не задаст хорошие открытые вопросы («как», «что», «почему», «расскажите»); настоящую потребность раскрывай только после этого.',
    presentation: 'Если презентация не связана с твоей потребностью, спрашивай «И что мне это даёт?».',
    objections: 'Повторяй возражение снова и жёстче, пока менеджер не ответит по сути, как принято в компании; общие слова и «поверьте» не принимай.',
    closing: 'В конце тяни: «я подумаю». Соглашайся только на конкретный следующий шаг с датой и временем.',
  },
  en: {
    greeting: 'Be cold at first: until the manager introduces themselves, names the company and the reason for the call, ask "Who is this?".',
    needs: 'Give vague, short answers until the manager asks good open questions ("how", "what", "why", "tell me"); reveal your real need only then.',
    presentation: 'If the presentation is not tied to your need, ask "And what does that give me?".',
    objections: 'Raise the objection again and harder until the manager answers to the point, the company\'s way; do not accept general words or "trust me".',
    closing: 'At the end stall: "I will think about it". Agree only to a concrete next step with a date and a time.',
  },
};

export function buildPersonaPrompt(input: PersonaPromptInput): string {
  const { scenario, persona, knowledge, weakStages, language } = input;
  const p = persona.temperament.params;
  const objections = scenario.objections.length > 0 ? scenario.objections : knowledge.objections;
  if (language === 'en') {
    return [
      `You are ${persona.name.en}, ${persona.role.en}. ${persona.description.en}`,
      `Temperament: ${persona.temperament.title.en}. Answer in ${p.verbosity === 1 ? 'one short sentence' : p.verbosity === 2 ? 'one or two sentences' : 'two or three sentences'}.`,
      `A sales manager of ${knowledge.name || 'the company'} is calling you about ${knowledge.product ?? 'their offer'}. Situation: ${scenario.situation}`,
      `Your real need (tell it only when asked good questions): ${scenario.clientNeed}`,
      objections.length > 0 ? `Objections you raise, one at a time, and the answer that would convince you:\n${objections.map((o) => `- "${o.text}" — convinced by: ${o.handling || 'a concrete, to-the-point answer'}`).join('\n')}` : '',
      weakStages.length > 0 ? `The manager is weak at: ${weakStages.map((s) => STAGE_TITLES.en[s]).join(', ')}. Press on it:\n${weakStages.map((s) => `- ${PRESS.en[s]}`).join('\n')}` : 'Follow a normal sales call: greeting, needs, presentation, objections, closing.',
      'Rules: you are a real person on the phone. Stay in character always. Never say or hint that you are an AI, a bot, a model or a program, never mention instructions or role-play. If asked personal or off-topic questions ("how old are you?", "are you a bot?"), deflect briefly in character and return to your concern. Speak only your own words: no stage directions, no names before lines, no lists.',
      'If the manager keeps answering evasively, lose patience and end the call politely.',
      'Reply with JSON only: {"reply": "<your words>", "status": "continue" | "agreed" | "left"}. Use "agreed" when you accept a concrete next step, "left" when you end the call without one.',
    ].filter(Boolean).join('\n\n');
  }
  return [
    `Ты — ${persona.name.ru}, ${persona.role.ru}. ${persona.description.ru}`,
    `Темперамент: ${persona.temperament.title.ru}. Отвечай ${p.verbosity === 1 ? 'одной короткой фразой' : p.verbosity === 2 ? 'одной-двумя фразами' : 'двумя-тремя фразами'}, разговорным русским языком.`,
    `Тебе звонит менеджер компании «${knowledge.name || 'компания'}» по поводу: ${knowledge.product ?? 'их предложение'}. Ситуация: ${scenario.situation}`,
    `Твоя настоящая потребность (расскажи её, только если тебя хорошо расспросят): ${scenario.clientNeed}`,
    objections.length > 0 ? `Возражения, которые ты высказываешь по одному, и ответ, который тебя убедит:\n${objections.map((o) => `- «${o.text}» — убедит: ${o.handling || 'конкретный ответ по сути'}`).join('\n')}` : '',
    weakStages.length > 0 ? `Слабые этапы менеджера: ${weakStages.map((s) => STAGE_TITLES.ru[s]).join(', ')}. Дави на них:\n${weakStages.map((s) => `- ${PRESS.ru[s]}`).join('\n')}` : 'Веди обычный звонок по скрипту: приветствие, потребности, презентация, возражения, закрытие.',
    'Правила: ты живой человек, разговор идёт по телефону. Всегда оставайся в роли. Никогда не говори и не намекай, что ты ИИ, бот, модель или программа, не упоминай инструкции и ролевую игру. На личные и посторонние вопросы («сколько вам лет?», «а вы бот?») коротко отшутись или уклонись в характере и вернись к своему вопросу. Говори только свои слова: без ремарок, без имён перед репликой, без списков.',
    'Если менеджер раз за разом уходит от ответа, теряй терпение и вежливо заканчивай разговор.',
    'Отвечай только JSON: {"reply": "<твои слова>", "status": "continue" | "agreed" | "left"}. "agreed" — ты согласился на конкретный следующий шаг, "left" — ты закончил разговор без него.',
  ].filter(Boolean).join('\n\n');
}

export type ReplyStatus = 'continue' | 'agreed' | 'left';

export interface ParsedReply {
  text: string;
  status: ReplyStatus;
  /** true when something out of character was removed */
  stripped: boolean;
}

// A sentence that breaks the fiction: the model talking about itself or the game.
const LEAK = /(языков\p{L}* модел|искусственн\p{L}* интеллект|нейросет|виртуальн\p{L}* (ассистент|помощник)|чат-?бот|я\s*(—|-)?\s*(бот|ии|программа|ассистент)(?![\p{L}])|как (ии|бот|ассистент)(?![\p{L}])|ролев\p{L}* игр|в рамках (роли|сценария)|системн\p{L}* (промпт|инструкц)|openai|chatgpt|gpt-?\d|as an ai|an ai\b|ai (language )?model|language model|i am a (bot|chatbot|virtual assistant|program)|i'm a (bot|chatbot|virtual assistant|program)|role-?play|system prompt|my instructions|i cannot pretend|i can't pretend)/iu;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function stripDecorations(text: string, names: readonly string[]): string {
  const labels = ['клиент', 'client', 'assistant', 'ассистент', 'ai', 'ии', ...names.map(escapeRegExp)].join('|');
  return text
    .replace(new RegExp(`^\\s*(${labels})\\s*:\\s*`, 'iu'), '') // "Клиент: …"
    .replace(/\*[^*\n]{1,80}\*/g, ' ') // *улыбается*
    .replace(/\((?:[^()]{0,60})(улыба|смеё|вздыха|пауза|smil|laugh|sigh|pause)[^()]{0,60}\)/giu, ' ')
    .replace(/[`#_]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Removes sentences that break character, speaker labels (the persona's names too) and stage directions. */
export function stripOutOfCharacter(text: string, names: readonly string[] = []): { text: string; stripped: boolean } {
  const cleaned = stripDecorations(text, names);
  const kept = cleaned.split(/(?<=[.!?…])\s+/u).filter((sentence) => !LEAK.test(sentence));
  const result = kept.join(' ').trim();
  return { text: result, stripped: result !== cleaned || cleaned !== text.trim() };
}

const END_MARKER = /\[\[\s*END\s*:\s*(agreed|left)\s*\]\]/i;

function asStatus(value: unknown): ReplyStatus {
  return value === 'agreed' || value === 'left' ? value : 'continue';
}

/**
 * The model's message → the client's words and status. Accepts the JSON we asked for (also inside
 * a ```json fence), or plain text with an `[[END:agreed|left]]` marker. Returns null for output
 * nothing usable can be taken from, so the caller falls back to the builtin client.
 */
export function parseClientReply(content: unknown, names: readonly string[] = []): ParsedReply | null {
  if (typeof content !== 'string' || content.trim() === '') return null;
  let raw = content.trim();
  let status: ReplyStatus = 'continue';
  const json = raw.match(/\{[\s\S]*\}/);
  if (json) {
    try {
      const parsed = JSON.parse(json[0]) as { reply?: unknown; text?: unknown; status?: unknown };
      const reply = typeof parsed.reply === 'string' ? parsed.reply : typeof parsed.text === 'string' ? parsed.text : undefined;
      if (reply === undefined) return null;
      raw = reply;
      status = asStatus(parsed.status);
    } catch {
      // Not JSON after all: treat the whole message as words (the marker may still be there).
    }
  }
  const marker = raw.match(END_MARKER);
  if (marker) {
    status = asStatus(marker[1]?.toLowerCase());
    raw = raw.replace(END_MARKER, ' ');
  }
  const { text, stripped } = stripOutOfCharacter(raw, names);
  if (!text) return null;
  return { text, status, stripped };
}
