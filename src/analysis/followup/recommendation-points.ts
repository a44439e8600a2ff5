// Splits a recommendation into the points a manager must carry out: one point per instruction
// ("уточните…", "предложите…", "назначьте…"), each with the kind of act it asks for and the
// concepts that carry its meaning. Context sentences ("Клиент ушёл на возражении «дорого».")
// are not points. Works for Russian imperatives, Russian "рекомендуется + infinitive" and
// English imperatives.
import { normalizeText } from '../language/text.ts';
import { contentStems } from '../language/stem.ts';
import { affirmedConceptIds, conceptWords, findConcepts } from './concepts.ts';
import { hasConcreteTime, hasNumber } from './time-expressions.ts';

export type PointKind = 'callback' | 'ask' | 'offer' | 'schedule' | 'explain' | 'apologize' | 'acknowledge' | 'avoid' | 'say';

export interface RecommendationPoint {
  text: string;
  kind: PointKind;
  /** lexicon concepts that carry the point's meaning */
  concepts: string[];
  /** concepts named by the instruction verb itself ("пригласите" → invite): they show the act, not the content */
  verbConcepts: string[];
  /** content stems the lexicon does not cover (names of products, specific nouns) */
  stems: string[];
  /** the point asks for a day or an hour ("конкретную дату и время") */
  needsTime: boolean;
  /** the point carries a quantity (a price, a term) the manager must state */
  needsNumber: boolean;
  /** the point asks the manager to introduce themselves */
  needsIntroduction: boolean;
  /** conditional ("если неудобно — …"): done or not, it does not decide the verdict */
  optional: boolean;
  /** the point is the heart of the recommendation: skipping it means not applied */
  main: boolean;
  /** quoted examples inside the point, e.g. a phrasing to avoid */
  quotes: string[];
  /** the concepts grouped by the words that name them: one group is met by any of its concepts */
  conceptGroups: string[][];
  /** "предложите A или B": each a point of its own; carrying out either carries out this one */
  alternatives: RecommendationPoint[];
  /** concepts the point itself names as ruled out ("нельзя руководить компанией"): a manager saying them so carries them */
  ruledOut?: string[];
}

const VERB_KINDS: [RegExp, PointKind][] = [
  [/^(перезвон|позвон|свяжит|наберит|call|ring|phone)/u, 'callback'],
  [/^(извин|попрос.*прощ|apolog)/u, 'apologize'],
  // "признайте, что опасения серьёзные": the act is empathy or a concession, whatever the words
  [/^(призна|согласит|посочувств|acknowledge|admit|validate|recogni[sz]e)/u, 'acknowledge'],
  [/^(уточн|спрос|узна|выясн|задай|поинтерес|выйдит|ask|find|clarify|check|learn|discover)/u, 'ask'],
  [/^(назнач|договор|зафикс|запиш|согласу|schedule|book|arrange|agree|fix|set)/u, 'schedule'],
  [/^(предлож|пригла|пришл|отправ|вышл|подготов|дайт|предостав|offer|invite|suggest|propose|send|prepare|give)/u, 'offer'],
];

const RU_INFINITIVE_LEAD = /^(рекомендуется|рекомендую|рекомендуем|нужно|надо|следует|стоит|необходимо|советую|советуем)$/u;
const NOT_A_LEAD_AFTER = new Set(['не', 'сколько', 'столько', 'что', 'это', 'дорого', 'дешево', 'чего', 'ничего']);

/** The lead is followed by its infinitive, with at most one modifier in between ("стоит сразу перезвонить"). */
function leadsToInfinitive(ws: Word[], k: number): boolean {
  for (let i = k + 1; i <= k + 2 && i < ws.length; i++) {
    const w = ws[i]?.norm ?? '';
    if (w.length >= 4 && /(ть|ти)(ся)?$/u.test(w)) return true;
    if (!MODIFIERS.has(w) && !/^(бы|еще|вам|ему|ей|им)$/u.test(w)) return false;
  }
  return false;
}
const NOT_IMPERATIVE = new Set(['сайте', 'визите', 'защите', 'кредите', 'лимите', 'элите', 'орбите', 'депозите', 'аппетите', 'транзите',
  'граните', 'бюджете', 'пакете', 'билете', 'совете', 'ответе', 'предмете', 'объекте', 'проекте', 'контексте', 'тексте', 'интернете',
  'кабинете', 'портрете', 'секрете', 'минуте', 'маршруте', 'институте', 'статуте', 'расчете', 'отчете', 'счете', 'учете', 'свете', 'цвете']);
const PREPOSITIONS = new Set(['в', 'во', 'на', 'о', 'об', 'обо', 'при', 'по', 'к']);
const EN_IMPERATIVES = /^(call|ring|phone|ask|find|clarify|check|learn|discover|schedule|book|arrange|agree|fix|set|offer|invite|suggest|propose|send|prepare|give|explain|tell|show|remind|confirm|calculate|compare|mention|name|start|begin|apologi[sz]e|say|answer|walk|offer|quote|don't|never|avoid|acknowledge|admit)$/u;
// "конкретно расскажите": an adverb of manner before the verb belongs to the verb's point
const MODIFIERS = new Set(['не', 'сразу', 'сначала', 'затем', 'потом', 'обязательно', 'также', 'еще', 'вежливо', 'прямо', 'лично', 'спокойно',
  'коротко', 'честно', 'конкретно', 'подробно', 'детально', 'четко', 'ясно', 'кратко', 'просто', 'мягко', 'тактично', 'заранее', 'дополнительно',
  'аккуратно', 'уверенно', 'открыто', 'наглядно', 'отдельно', 'внимательно', 'спокойно',
  'then', 'first', 'also', 'politely', 'briefly', 'clearly', 'do', 'not', 'never']);


/** Stems of instruction words that say nothing about the meaning itself: short ones exactly, long ones by prefix. */
const META_EXACT = new Set(('так такж след один одн две два тр трех окол как чем имен именн сраз поэт хотел вмест скольк прям очен пот перв втор нов сам нужн да течен кажд нескольк ' +
  'свое сво весь ещ ден дня дат врем котор шаг слов нуж возможн реальн back after now today befor until soon still just also onli even their them they client ' +
  'the that this these those for with from into your you our it is are be was were will would can could there ' +
  'manag specif date time call next new first').split(' '));
const META_PREFIX = /^(смож|смог|получ|провест|будут|будет|назва|существ|принят|компан|выходн|недел|утрен|вечерн|удобн|предлож|клиент|менеджер|прошл|разговор|звон|конкретн|сказа|следующ|рекоменд)/u;

function isMetaStem(stem: string): boolean {
  return META_EXACT.has(stem) || META_PREFIX.test(stem);
}

interface Word { text: string; norm: string; start: number; end: number }

function words(sentence: string): Word[] {
  const out: Word[] = [];
  for (const m of sentence.matchAll(/[\p{L}\d]+(?:[-'’][\p{L}\d]+)*/gu)) {
    out.push({ text: m[0], norm: normalizeText(m[0]), start: m.index, end: m.index + m[0].length });
  }
  return out;
}

function isImperative(ws: Word[], i: number, language: string, infinitiveMode: boolean, afterPunctuation: boolean): boolean {
  const w = ws[i];
  if (!w) return false;
  const prev = ws[i - 1]?.norm ?? '';
  if (language === 'en' || /^[a-z]/.test(w.norm)) {
    return EN_IMPERATIVES.test(w.norm) && (i === 0 || afterPunctuation || MODIFIERS.has(prev) || prev === 'and' || prev === 'then' || prev === 'to');
  }
  if (PREPOSITIONS.has(prev)) return false;
  if (/^\p{Lu}/u.test(w.text) && i > 0) return false; // a name in the middle of a sentence
  if (w.norm.length >= 5 && /(ите|йте|ьте|итесь|йтесь|ьтесь)$/u.test(w.norm) && !NOT_IMPERATIVE.has(w.norm)) return true;
  return infinitiveMode && w.norm.length >= 5 && /(ть|ти)(ся)?$/u.test(w.norm);
}

function kindOf(verb: string, negated: boolean): PointKind {
  if (negated) return 'avoid';
  for (const [re, kind] of VERB_KINDS) if (re.test(verb)) return kind;
  return /^(скаж|сказа|say)/u.test(verb) ? 'say' : 'explain';
}

function quotesOf(text: string): string[] {
  return [...text.matchAll(/«([^»]+)»|"([^"]+)"|“([^”]+)”/gu)].map((m) => (m[1] ?? m[2] ?? m[3] ?? '').trim()).filter(Boolean);
}

/** "Назовите два вечерних слота", "offer two times": naming times to choose from is scheduling. */
const NAMES_OPTIONS = /^(назов|озвуч|предлож|дайт|name|give|offer|suggest|propose)/u;
const TIME_OPTIONS = /(^|[^\p{L}])(слот\p{L}*|окн[оаи]\p{L}*|окон|времен\p{L}*|время|дат[аыуе]|дней|дня|день|slots?|times?|windows?|dates?)($|[^\p{L}])/u;
/** Words naming the options themselves: "два варианта", "другое время" */
const OPTION_WORD = /^(слот|окн|окон|времен|время|дат[аыуе]|дней|дня|день|вариант|slot|time|window|date|option)/u;
const TIME_CONCEPTS = new Set(['timeline', 'schedule_hours', 'meeting', 'call']);
const SLOT_STEMS = /^(слот|окн|окон|врем|дат|дне|дня|ден|числ|вариант|друг|ин|свобод|ближайш|будн|slot|time|window|date|option|other)/u;
/** "например в будний вечер и в воскресенье": an example of the options, not more content */
const EXAMPLE = /(?:^|[\s,(—–-])(?:например|скажем|допустим|к примеру|for example|for instance|e\.g\.|such as)(?:[\s,:]|$)/u;
/** "дату старта", "время консультации", ", когда инженер приедет": what the date is for, not more content */
const DATED_OBJECT = /(^|[^\p{L}])(слот\p{L}*|окн[оаи]\p{L}*|времен\p{L}*|время|дат\p{L}*|день|дня|вариант\p{L}*|slots?|times?|dates?|options?)((?:\s+(?!(?:на|в|во|с|со|и|или|к|по|для|до|после|через|чтобы|on|in|at|for|and|or|to)(?:\s|$))[\p{L}-]+){1,3}|,?\s+(?:когда|в которое|в который|when)\s.*)/gu;

/** An example made only of times ("например, в четверг или в субботу утром"). */
function timesOnly(text: string): boolean {
  const hits = findConcepts(text);
  return hits.every((h) => TIME_CONCEPTS.has(h.id)) && (hasConcreteTime(text) || hits.some((h) => h.id === 'schedule_hours'));
}

/** The point only asks for times to choose from: no content besides the slots themselves ("на следующий день" in an offer is content). */
function namesTimeOptions(text: string, verb: string, language: string): boolean {
  if (!NAMES_OPTIONS.test(normalizeText(verb))) return false;
  const norm = normalizeText(text);
  const example = EXAMPLE.exec(norm);
  const main = example ? norm.slice(0, example.index) : norm;
  // "два других варианта пробного урока, например в будний вечер": the example tells the options are times
  const timeExample = example !== null && timesOnly(norm.slice(example.index + example[0].length));
  if (!TIME_OPTIONS.test(main) && !(timeExample && /вариант|option/u.test(main))) return false;
  const rest = main.replace(DATED_OBJECT, '$1$2');
  if (!findConcepts(rest).every((h) => TIME_CONCEPTS.has(h.id) || OPTION_WORD.test(h.match))) return false;
  const verbStem = normalizeText(verb).slice(0, 4);
  return contentStems(rest, language).every((s) => isMetaStem(s) || hasNumber(s) || SLOT_STEMS.test(s) || s.startsWith(verbStem));
}

function buildPoint(text: string, verb: string, negated: boolean, conditional: boolean, language: string): RecommendationPoint {
  let kind = kindOf(verb, negated);
  // "скажите, что проверка бесплатная" states substance like "объясните"; "say" is for a script quoted or announced
  if (kind === 'say' && quotesOf(text).length === 0 && !/следующ|такие слова|примерно так|the following|something like/u.test(normalizeText(text))) kind = 'explain';
  if ((kind === 'explain' || kind === 'offer') && namesTimeOptions(text, verb, language)) kind = 'schedule';
  // for acts checked on their own ("пригласите", "предложите"), the verb is not part of the meaning
  const verbNorm = normalizeText(verb);
  // the meaning is read without quoted speech (kept for "say" points) and without "затем/сначала"
  const meaning = (kind === 'say' ? text : withoutLongQuotes(text)).replace(/^(\s*(не|сразу|сначала|затем|потом|также|then|first|also)\s+)+/iu, '');
  const allHits = findConcepts(meaning);
  const isVerbHit = (h: { match: string }): boolean => ['offer', 'schedule', 'ask'].includes(kind) && h.match === verbNorm;
  const hits = allHits.filter((h) => !isVerbHit(h));
  // "Предложите тариф «Старт»": a quoted product name is specific substance; a quoted phrase to avoid is not
  const covered = conceptWords(meaning);
  const nameless = meaning.replace(/(?<=[\p{L}\d,;:—–-]\s+)\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+)*/gu, ' ');
  const stems = [...new Set(contentStems(normalizeText(nameless), language)
    .filter((s) => !isMetaStem(s) && !hasNumber(s) && s !== normalizeText(verb).slice(0, s.length) && ![...covered].some((c) => c.startsWith(s) || s.startsWith(c.slice(0, 5)))))];
  const norm = normalizeText(text);
  const needsTime = kind === 'schedule' || /конкретн/u.test(norm) && /(дат|дн|день|врем|числ)/u.test(norm) || /дат\p{L}* и врем|день и время|specific (day|date|time)|date and time|exact (day|date|time)/u.test(norm);
  const needsNumber = (kind === 'explain' || kind === 'offer') && (hasNumber(withoutNames(text)) || /(назов|озвуч|name|quote)\p{L}*(\s+\p{L}+){0,2}\s+(цен|стоимост|сумм|ориентир|price|cost|fee)|ориентир\p{L}* по цен|цифр|в числах|figures|in numbers/u.test(norm));
  const concepts = [...new Set(hits.map((h) => h.id))].filter((id) => !(kind === 'callback' && id === 'call'));
  const affirmed = affirmedConceptIds(meaning);
  return {
    text: text.trim(),
    kind,
    concepts,
    conceptGroups: overlapGroups(hits.filter((h) => concepts.includes(h.id))),
    verbConcepts: allHits.filter(isVerbHit).map((h) => h.id),
    stems,
    needsTime,
    needsNumber,
    needsIntroduction: INTRODUCTION.test(norm),
    optional: conditional,
    main: false,
    quotes: quotesOf(text),
    alternatives: kind === 'offer' ? alternativesOf(text, verb, language) : [],
    ruledOut: concepts.filter((c) => !affirmed.has(c)),
  };
}

// "представьтесь", "начните с имени и названия компании", "назовите себя и компанию": the manager's own introduction
const INTRODUCTION = /представ(?:ьте|ит[еь]с|иться)|сво\p{L}* имя|назов\p{L}* себя|начн\p{L}* с (?:сво\p{L}* )?имени|назов\p{L}* (?:сво\p{L}* )?(?:имя|компани)|introduce|your name|start with your name/u;

/** "Tiggo 8", «Старт 2»: a figure inside a product name or a quote is no quantity to state. */
function withoutNames(text: string): string {
  return text.replace(/«[^»]*»/gu, ' ')
    .replace(/(?<=(?:^|\s)[A-Za-z][\w-]*)\s+\d+(?![\d.,%])/gu, ' ')
    .replace(/(?<=\p{Ll}[,]?\s+\p{Lu}[\p{L}-]*)\s+\d+(?![\d.,%])/gu, ' ');
}

/**
 * Concepts named by the same words ("поговорить с владельцем" is a call and a reference) form one
 * group: a paraphrase says one of them, and the group is met by whichever it says.
 */
function overlapGroups(hits: readonly { id: string; index: number; end: number }[]): string[][] {
  const sorted = [...hits].sort((a, b) => a.index - b.index);
  const groups: { ids: string[]; end: number }[] = [];
  for (const h of sorted) {
    const last = groups[groups.length - 1];
    if (last && h.index < last.end) { if (!last.ids.includes(h.id)) last.ids.push(h.id); last.end = Math.max(last.end, h.end); }
    else groups.push({ ids: [h.id], end: h.end });
  }
  return groups.map((g) => g.ids);
}

const OR = /\s+(?:или|либо|or)\s+/gu;

/**
 * "Предложите сопровождение за 25 000 ₽ или бесплатную проверку": either offer carries the point.
 * The verb goes with both; a tail after a comma (", чтобы сравнить") belongs to both.
 */
function alternativesOf(text: string, verb: string, language: string): RecommendationPoint[] {
  const spans = quoteSpans(text);
  const or = [...text.matchAll(OR)].find((m) => !insideQuote(spans, m.index));
  if (!or) return [];
  const first = text.slice(0, or.index);
  const after = text.slice(or.index + or[0].length);
  const comma = after.search(/[,;—–]\s/u);
  const [second, tail] = comma >= 0 ? [after.slice(0, comma), after.slice(comma)] : [after, ''];
  const verbEnd = normalizeText(first).indexOf(verb);
  // "встречу лично или по телефону": two ways of one offer, not two offers
  if (verbEnd < 0 || /^\s*(по|в|во|на|с|со|через|у|онлайн|лично|удаленно|by|at|in|on|over|online)(\s|$)/iu.test(second)) return [];
  const lead = first.slice(0, verbEnd + verb.length);
  const alts = [`${first}${tail}`, `${lead} ${second}${tail}`].map((t) => buildPoint(t, verb, false, false, language));
  // each side must name an offer of its own
  return alts.every((a) => a.kind === 'offer' && a.concepts.length + a.stems.length > 0) ? alts : [];
}

/** Character ranges inside «…» / "…" quotes, nesting-aware («Компания «Улыбка»» is one quote). */
function quoteSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  let depth = 0;
  let start = -1;
  let straight = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '«' || ch === '“') { if (depth === 0) start = i; depth++; }
    else if ((ch === '»' || ch === '”') && depth > 0) { depth--; if (depth === 0) spans.push([start, i]); }
    else if (ch === '"' && depth === 0) {
      if (!straight) { start = i; straight = true; } else { spans.push([start, i]); straight = false; }
    }
  }
  if (depth > 0 && start >= 0) spans.push([start, text.length - 1]);
  return spans;
}

function insideQuote(spans: [number, number][], at: number): boolean {
  return spans.some(([a, b]) => at > a && at < b);
}

/** Sentences, never split inside a quote: a quoted script of several sentences stays whole. */
export function splitInstructionSentences(text: string): string[] {
  const spans = quoteSpans(text);
  const out: string[] = [];
  let from = 0;
  for (const m of text.matchAll(/[.!?…]+\s+/gu)) {
    if (insideQuote(spans, m.index)) continue;
    out.push(text.slice(from, m.index + m[0].length).trim());
    from = m.index + m[0].length;
  }
  if (from < text.length) out.push(text.slice(from).trim());
  return out.filter((x) => x.length > 0);
}

/** The text with long quotes (three words or more) cut out: they are someone's words, not the point's meaning. */
function withoutLongQuotes(text: string): string {
  let out = text;
  for (const [a, b] of quoteSpans(text).reverse()) {
    if (text.slice(a + 1, b).trim().split(/\s+/).length >= 3) out = `${out.slice(0, a)} ${out.slice(b + 1)}`;
  }
  return out;
}

const CONDITION = /(^|\s)(если|при необходимости|при желании|if|when needed)(\s|$)/u;

/** The points of one sentence; none when the sentence gives no instruction. */
function sentencePoints(sentence: string, language: string): RecommendationPoint[] {
  const ws = words(sentence);
  const spans = quoteSpans(sentence);
  // "рекомендуется перезвонить": an infinitive is an instruction only after such a lead, and not after "не стоит"
  // "сколько стоит доставка" is no lead: the lead needs its infinitive right after it ("стоит перезвонить")
  const leadAt = ws.findIndex((w, k) => RU_INFINITIVE_LEAD.test(w.norm) && !insideQuote(spans, w.start) && !NOT_A_LEAD_AFTER.has(ws[k - 1]?.norm ?? '')
    && leadsToInfinitive(ws, k));
  const starts: { at: number; verb: string; negated: boolean }[] = [];
  for (let i = 0; i < ws.length; i++) {
    const infinitiveMode = leadAt >= 0 && i > leadAt;
    if (insideQuote(spans, ws[i]?.start ?? 0) || !isImperative(ws, i, language, infinitiveMode, /[,;:—–]/u.test(sentence.slice(ws[i - 1]?.end ?? 0, ws[i]?.start ?? 0)))) continue;
    let j = i;
    while (j > 0 && MODIFIERS.has(ws[j - 1]?.norm ?? '')) j--;
    const lead = ws.slice(j, i).map((w) => w.norm);
    const negated = lead.includes('не') || lead.includes('never') || lead.includes('not') || /^(avoid|don't)$/u.test(ws[i]?.norm ?? '');
    // an imperative inside a clause already started ("не критикуйте и не спорьте") joins the same point
    const prevWord = ws[j - 1];
    const gap = prevWord ? sentence.slice(prevWord.end, ws[j]?.start ?? prevWord.end) : '';
    const connector = prevWord !== undefined && /^(и|а|затем|потом|then|and)$/u.test(prevWord.norm);
    const afterCallback = starts.length > 0 && kindOf(starts[starts.length - 1]?.verb ?? '', false) === 'callback';
    if (starts.length > 0 && !/[,;:—–]/u.test(gap) && !connector && !afterCallback) continue;
    // "если неудобно — договоритесь…": the condition before the verb belongs to this point
    const clauseStart = Math.max(sentence.lastIndexOf(';', ws[j]?.start ?? 0), sentence.lastIndexOf(',', ws[j]?.start ?? 0));
    const conditionLead = sentence.slice(clauseStart + 1, ws[j]?.start ?? 0);
    if (/(^|\s)(если|if)\s/iu.test(conditionLead)) {
      const k = ws.findIndex((w) => w.start > clauseStart);
      if (k >= 0 && k < j) j = k;
    }
    starts.push({ at: j, verb: ws[i]?.norm ?? '', negated });
  }
  if (starts.length === 0) return [];
  const points: RecommendationPoint[] = [];
  starts.forEach((s, k) => {
    const from = k === 0 ? 0 : (ws[s.at]?.start ?? 0);
    const next = starts[k + 1];
    const to = next ? (ws[next.at]?.start ?? sentence.length) : sentence.length;
    let text = sentence.slice(from, to).replace(/[\s,;:—–-]*(\s(и|а|затем|потом|and|then))?[\s,;:—–-]*$/u, '');
    const before = normalizeText(sentence.slice(0, ws[s.at]?.start ?? 0));
    // the condition either precedes the first point or opens the point itself ("Если нет — предложите…")
    const opening = normalizeText(text.split(/\s/).slice(0, 3).join(' '));
    const conditional = CONDITION.test(opening) || k === 0 && CONDITION.test(before);
    text = text.trim();
    if (text.length > 0) points.push(buildPoint(text, s.verb, s.negated, conditional, language));
  });
  return points;
}

const DISPATCH_VERB = /^(пришл|отправ|вышл|скин|перешл|send|email|forward)/u;
const DISPATCH_CONCEPTS = new Set(['send', 'document', 'remote', 'call']);

/** Sending a link or a document and nothing more. */
function isDispatchOnly(p: RecommendationPoint): boolean {
  const verb = normalizeText(p.text).split(/\s+/u).find((w) => DISPATCH_VERB.test(w) || /(ите|йте|ьте)$/u.test(w)) ?? '';
  return p.kind === 'offer' && DISPATCH_VERB.test(verb) && p.concepts.every((c) => DISPATCH_CONCEPTS.has(c)) && p.stems.length <= 1;
}

/** Marks the points that decide the verdict: the offers and the scheduling, else the substance. */
function markMain(points: RecommendationPoint[]): void {
  const required = points.filter((p) => !p.optional && p.kind !== 'callback' && p.kind !== 'avoid');
  const offers = required.filter((p) => p.kind === 'offer' || p.kind === 'schedule');
  // "пришлите ссылку" after the offer and the time is follow-through, not the heart
  const substantive = offers.filter((p) => !isDispatchOnly(p));
  const decisive = substantive.length > 0 ? substantive : offers;
  const core = decisive.length > 0 ? decisive : required.filter((p) => p.kind !== 'apologize' && p.kind !== 'acknowledge');
  for (const p of core) p.main = true;
}

export function splitRecommendation(recommendation: string, language: string): RecommendationPoint[] {
  const points = splitInstructionSentences(recommendation.replace(/\n+/g, ' ')).flatMap((s) => sentencePoints(s, language));
  if (points.length === 0) {
    // no instruction at all: every sentence is something to say
    for (const s of splitInstructionSentences(recommendation)) points.push(buildPoint(s, 'say', false, false, language));
  }
  // a long quoted script next to explicit instructions illustrates them; the instructions decide
  const hasInstructions = points.some((p) => p.kind !== 'say' && p.kind !== 'callback');
  for (const p of points) if (p.kind === 'say' && hasInstructions) p.optional = true;
  markMain(points);
  return points;
}
