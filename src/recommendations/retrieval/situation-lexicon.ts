// Client situations a win-back recommendation is about: the objection or stall the client
// voiced. Used only to find "the same situation" in other calls ("дорого" ≈ "не потянем по
// деньгам"), on top of the general sales concepts of the follow-up checker.
import { compileFast, type CueMatcher } from '../../analysis/followup/concepts.ts';

export interface Situation {
  id: string;
  re: CueMatcher;
}

const PATTERNS: Record<string, string[]> = {
  expensive: ['дорог*', 'дороговат*', 'кусается', 'не потян*', 'не по карману', 'много ~ денег', 'бюджет* ~ нет|не', 'дешевле', 'подешевле', 'попроще', 'цен* ~ высок*|больш*',
    'expensive', 'too much', 'pricey', 'can\'t afford', 'over budget', 'cheaper'],
  think_over: ['подума*', 'обдума*', 'посовету*', 'взвес*', 'think ~ about|over|it', 'sleep on it', 'consider'],
  send_info: ['скин* ~ почт*|информаци*|предложени*', 'присл* ~ почт*|информаци*|предложени*|кп', 'на почту', 'кп', 'send ~ info*|email|proposal|details'],
  not_relevant: ['не актуальн*', 'не нужн*', 'не интересн*', 'не надо', 'нам не', 'not interested', 'don\'t need', 'no need', 'not relevant'],
  no_time: ['нет времени', 'некогда', 'занят*', 'неудобно', 'за рулем', 'на совещании', 'перезвонит* позже', 'busy', 'no time', 'bad time', 'driving', 'in a meeting'],
  has_supplier: ['уже есть', 'уже работаем', 'есть поставщик*|подрядчик*', 'нас ~ устраива*', 'свой ~ поставщик*|подрядчик*', 'already ~ have|use|work',
    'happy with', 'our current'],
  boss: ['согласова*', 'руковод*', 'директор*', 'начальств*', 'не я решаю', 'не мне решать', 'boss', 'manager decides', 'my partner', 'need approval', 'sign off'],
  later: ['позже', 'потом', 'не сейчас', 'осенью|весной|летом|зимой', 'в следующем ~ месяц*|году|квартал*', 'later', 'not now', 'next ~ month|year|quarter'],
  trust: ['не доверя*', 'боюсь', 'опасаюсь', 'развод', 'обман*', 'гарант*', 'а если ~ не', 'worried', 'risk', 'trust', 'scam', 'what if'],
  own_solution: ['куп* ~ сво*|собственн*', 'сами ~ сдела*|справим*|купим', 'своими силами', 'свой|свою ~ купим|возьмем|сделаем', 'buy our own', 'do it ourselves',
    'in-house', 'build it ourselves'],
  direct: ['напрямую', 'без посредник*', 'посредник*', 'зачем ~ брокер*|посредник*|агент*', 'directly', 'middleman', 'why ~ broker|agent'],
  urgent: ['быстр*', 'срочн*', 'к запуску|сроку|дате', 'запуск*', 'успе*', 'горит', 'не можем ждать', 'asap', 'urgent*', 'faster', 'quickly', 'deadline'],
  quality: ['не понрав*', 'качеств*', 'вкус*', 'сломает*', 'не работает', 'quality', 'break*', 'won\'t like'],
};

export const SITUATIONS: readonly Situation[] = Object.entries(PATTERNS).map(([id, patterns]) => ({ id, re: compileFast(patterns) }));

export function situationsOf(normalized: string): Set<string> {
  const out = new Set<string>();
  for (const s of SITUATIONS) if (s.re.test(normalized)) out.add(s.id);
  return out;
}
