// Judges a manager's reply by meaning, the way the builtin client needs it: did this answer really
// address the objection (the company's handling: shared stems and concepts, a concrete offer, a
// question back), or was it evasive? Was it an introduction, a presentation, a next step?
import type { TrainerLanguage } from '../trainer-types.ts';
import { conceptsOf, contentStems, countOpenQuestions, findWhen, hasConcreteOffer, isQuestion, tokenize } from './text-signals.ts';
import type { WhenSignal } from './text-signals.ts';

export type ObjectionVerdict = 'addressed' | 'clarifying' | 'vague' | 'evasive';

export interface ObjectionJudgement {
  verdict: ObjectionVerdict;
  /** stems and concepts the reply shares with the company's handling (beyond the objection's own words) */
  matched: string[];
  concrete: boolean;
  questionBack: boolean;
}

// Phrases that sound like an answer and say nothing: reassurance instead of substance.
const EVASIVE = /(поверьте|не переживайте|не волнуйтесь|все так говорят|это не дорого|не так уж дорого|у нас (самый |самое |самые )?лучш|качественн\p{L}* (продукт|товар|услуг)|доверьтесь|вам понравится|точно понравится|это того стоит|нормальн\p{L}* цен|trust me|don't worry|do not worry|it's worth it|it is worth it|best on the market|you'll love it|you will love it|everyone says that|it's not expensive|it is not expensive)/iu;

const NEXT_STEP_CONCEPTS = new Set(['meeting', 'time']);

function difference<T>(a: Set<T>, b: Set<T>): Set<T> {
  return new Set([...a].filter((x) => !b.has(x)));
}

export function judgeObjectionAnswer(reply: string, objection: { text: string; handling: string }, language: TrainerLanguage): ObjectionJudgement {
  const objectionStems = contentStems(objection.text, language);
  const objectionConcepts = conceptsOf(objection.text);
  // Repeating the client's own words ("понимаю, что дорого") is not handling: only what the
  // handling adds beyond the objection counts.
  const handlingStems = difference(contentStems(objection.handling, language), objectionStems);
  // Meeting and time words are next-step signals, not an answer to the objection.
  const handlingConcepts = difference(difference(conceptsOf(objection.handling), objectionConcepts), NEXT_STEP_CONCEPTS);
  const replyStems = contentStems(reply, language);
  const replyConcepts = conceptsOf(reply);
  const matchedStems = [...handlingStems].filter((s) => replyStems.has(s));
  const matchedConcepts = [...handlingConcepts].filter((c) => replyConcepts.has(c)).map((c) => `#${c}`);
  const matched = [...matchedStems, ...matchedConcepts];
  const concrete = hasConcreteOffer(reply);
  const questionBack = isQuestion(reply, language);
  const evasiveWords = EVASIVE.test(reply);

  let score = matched.length;
  if (handlingStems.size === 0 && handlingConcepts.size === 0) {
    // No handling written yet: judge by substance alone (new concepts the objection did not name).
    score = difference(difference(replyConcepts, objectionConcepts), NEXT_STEP_CONCEPTS).size;
  }
  let verdict: ObjectionVerdict;
  if (score >= 2 && (concrete || questionBack || score >= 3)) verdict = 'addressed';
  else if (score >= 1 && (concrete || questionBack) && !evasiveWords) verdict = 'addressed';
  else if (score >= 1 && !evasiveWords) verdict = 'vague';
  // Only an open question digs into the objection ("С чем сравниваете?"); "Ну так что, берёте?" is pressure.
  else if (questionBack && countOpenQuestions(reply, language) > 0 && !evasiveWords) verdict = 'clarifying';
  else verdict = 'evasive';
  return { verdict, matched, concrete, questionBack };
}

const GREETING = /(здравствуй|добрый (день|вечер|утро)|доброе утро|приветствую|привет|алло|hello|hi\b|good (morning|afternoon|evening))/iu;
const INTRODUCTION = /(меня зовут|это [А-ЯЁ]\p{L}+|я [А-ЯЁ]\p{L}+|компани|из\s+«?[А-ЯЁA-Z]|my name is|this is [A-Z]|calling from|from [A-Z]|company)/u;
const PURPOSE = /(по поводу|звоню|вы оставлял|оставили заявк|ваш\p{L}* заявк|интересовал|удобно (сейчас )?говорить|calling (about|regarding)|you (left|requested|asked)|regarding|is it a good time)/iu;

/** A proper start of a call: a greeting, who is calling, and why (or asking whether it is a good time). */
export function judgeIntroduction(reply: string, companyName: string, language: TrainerLanguage): { greeted: boolean; introduced: boolean; purpose: boolean } {
  const lower = reply.toLowerCase();
  const company = companyName.trim().toLowerCase();
  return {
    greeted: GREETING.test(reply),
    introduced: INTRODUCTION.test(reply) || (company.length > 1 && lower.includes(company)),
    purpose: PURPOSE.test(reply) || isQuestion(reply, language),
  };
}

const BENEFIT = /(вы получите|позволит|поможет|для вас|вам (это|не придется|не нужно)|под вашу|ваш\p{L}* задач|экономи|сократит|you get|you'll get|you will get|helps you|will let you|for you|your (team|business|case)|saves)/iu;
const TIED = /(вы (говорили|сказали|упомянули)|как вы сказали|раз вам|если вам важн|под вашу|вашу задачу|ваш\p{L}* (задач|ситуац|случа)|you (said|mentioned|told)|as you said|for your case|your situation)/iu;

/** Is the reply a presentation, and is it tied to the need the client told? */
export function judgePresentation(reply: string, context: { presentation: string; product: string; need: string }, language: TrainerLanguage): { presented: boolean; tied: boolean } {
  const replyStems = contentStems(reply, language);
  const overlap = (text: string): number => [...contentStems(text, language)].filter((s) => replyStems.has(s)).length;
  const words = tokenize(reply).length;
  const statement = !isQuestion(reply, language) || words >= 15;
  const presented = statement && (overlap(context.presentation) >= 1 || overlap(context.product) >= 1 || BENEFIT.test(reply) || (words >= 15 && hasConcreteOffer(reply)));
  const tied = presented && (TIED.test(reply) || overlap(context.need) >= 2 || (BENEFIT.test(reply) && overlap(context.need) >= 1));
  return { presented, tied };
}

const NEXT_STEP = /(встреч|созвон|перезвон|звонок|приех|приед|замер|демонстрац|показ|договор|счет|оплат|запиш|бронир|назнач|подключ|meet|call|demo|visit|contract|invoice|book|schedule|sign)/iu;
const ACCEPTS_STALL = /(подумайте|обдумайте|думайте|перезвоните (мне|нам)?|звоните,? когда|наберите,? когда|буду ждать|ждём вашего|take your time|think it over|call me back|get back to me|let me know)/iu;

export interface NextStepJudgement {
  when: WhenSignal;
  /** a proposed action (meeting, call, contract…) */
  action: boolean;
  /** the manager lets the client go away "to think" with nothing fixed */
  acceptsStall: boolean;
}

export function judgeNextStep(reply: string, language: TrainerLanguage): NextStepJudgement {
  return { when: findWhen(reply, language), action: NEXT_STEP.test(reply) || hasConcreteOffer(reply), acceptsStall: ACCEPTS_STALL.test(reply) };
}

export function openQuestionCount(reply: string, language: TrainerLanguage): number {
  return countOpenQuestions(reply, language);
}

export type OffTopic = 'bot' | 'personal';

const BOT = /((ты|вы)\s+(что,?\s+|вообще\s+|случайно\s+)?(бот|робот|ии|нейросеть|искусственный интеллект|программа|машина|живой|живая|настоящий|настоящая|реальный|человек)(\s+человек)?\s*\?|с (ботом|роботом|нейросетью|программой)[^.!?]*\?|(^|[^\p{L}])(бот|робот|нейросеть|chatgpt|gpt)[^\p{L}]*\?|are you (a |an )?(bot|robot|ai|human|real|machine|program|person)|chat ?gpt|language model)/iu;
const PERSONAL = /(сколько (вам|тебе) лет|где (вы|ты) живе|(вы|ты) (замужем|женат)|как (у вас|у тебя) дела|как (ваши|твои) дела|какая (у вас )?погода|что (вы )?делаете вечером|ваш\p{L}* хобби|любим\p{L}* (фильм|еда|цвет|команд)|за кого болеете|how old are you|where do you live|are you married|how are you doing|what's the weather|what is the weather|your hobby|favou?rite (movie|food|color|colour|team))/iu;

/** A personal or "are you a bot" question: the client deflects in character and never breaks it. */
export function offTopicKind(reply: string): OffTopic | null {
  if (BOT.test(reply)) return 'bot';
  if (PERSONAL.test(reply)) return 'personal';
  return null;
}

const FAREWELL = /(до свидания|всего доброго|всего хорошего|до связи|хорошего дня|goodbye|bye|have a (nice|good) day)/iu;

export function isFarewell(reply: string): boolean {
  return FAREWELL.test(reply);
}
