// The forms of the questions a recommendation lists ("спросите, сколько ему лет, занимался ли он
// раньше и что ему нравится") and of the questions the manager put. A manager who asks a question
// of every listed form, one after another, has run the listed questions in his own words even when
// he names none of their subjects ("Сколько ему сейчас?", "А чем он увлекается?", "Пробовал когда-нибудь?").
import { normalizeText } from '../language/text.ts';

export type QuestionForm = 'how_many' | 'what' | 'which' | 'when' | 'where' | 'how' | 'who' | 'why' | 'yes_no';

const WH_FORMS: [QuestionForm, RegExp][] = [
  ['how_many', /^(сколько|how many|how much)$/u],
  ['what', /^(что|чем|чего|чему|what)$/u],
  ['which', /^(какой|какая|какое|какие|каким|какую|каких|каком|which)$/u],
  ['when', /^(когда|when)$/u],
  ['where', /^(где|куда|откуда|where)$/u],
  ['how', /^(как|how)$/u],
  ['who', /^(кто|кого|кому|who|whom)$/u],
  ['why', /^(почему|зачем|why)$/u],
];
const YES_NO = /(^|\s)(ли|whether)(\s|$)/u;

function whForm(word: string): QuestionForm | null {
  for (const [form, re] of WH_FORMS) if (re.test(word)) return form;
  return null;
}

/**
 * The questions an instruction lists, one form per clause: "сколько …, занимался ли … и что …" gives
 * how_many, yes_no, what. A clause names its form by its first question word, or by "ли".
 */
export function listedQuestionForms(instruction: string): QuestionForm[] {
  const clauses = normalizeText(instruction).split(/\s*(?:[,;:—–]|\s(?:и|а также|and)\s)\s*/u);
  const forms: QuestionForm[] = [];
  for (const clause of clauses) {
    const words = clause.split(/\s+/u);
    const wh = words.slice(0, 3).map(whForm).find((f) => f !== null) ?? null;
    if (wh) forms.push(wh);
    else if (YES_NO.test(clause)) forms.push('yes_no');
  }
  return forms;
}

/** The form of one question the manager asked: its first question word, or yes/no without one. */
export function questionForm(question: string): QuestionForm {
  for (const w of normalizeText(question).split(/[^\p{L}-]+/u)) {
    const f = whForm(w);
    if (f) return f;
  }
  return 'yes_no';
}

/** Every listed form is met by a question of its own among the manager's, each question used once. */
export function formsCovered(listed: readonly QuestionForm[], asked: readonly QuestionForm[]): boolean {
  const left = [...asked];
  for (const f of listed) {
    const at = left.indexOf(f);
    if (at < 0) return false;
    left.splice(at, 1);
  }
  return true;
}
