// Questions in an unpunctuated (speech-recognition) Russian turn that has no interrogative word for
// text.ts to find: a choice offered at the end of the turn ("одной машиной привезете или
// несколькими"), a short "а …" that asks about what it names ("а цена-то", "понятно а жилье"), a
// turn that ends by asking whether something suits ("в восемь вечера удобно") or whether something
// was done ("тарифы удалось посмотреть", or opening with it: "успели вы посмотреть"), "what would…"
// ("что бы это было"), and a turn opened by "то есть" that checks what it understood ("то есть я без
// машины останусь").
// Tried and left out, as they cost more than they gave on the eval sets: a turn-final tag ("…
// правильно", "…да"), a verb to "вы" ending the turn ("…клиентов угощаете"), "ну что бронируем",
// "это что …".

// "а да", "а понятно", "а здравствуйте": a short "а…" that answers, agrees or greets
const NOT_ASKING_AFTER_A = new Set(['да', 'ну', 'нет', 'понятно', 'ясно', 'хорошо', 'ок', 'здравствуйте', 'вот', 'то', 'так', 'это', 'я',
  'ладно', 'спасибо', 'поняла', 'понял', 'угу', 'ага', 'слушаю', 'помню']);

/** One-word turns that acknowledge what was said: a complete clause of their own (run-on-clauses.ts reads them too). */
export const ACKNOWLEDGEMENT_WORDS = ['понятно', 'ясно', 'хорошо', 'отлично', 'понял', 'поняла', 'ладно', 'спасибо'] as const;
// before "а …": also the listener's murmurs and a "так" that closes the last answer
const ACKNOWLEDGEMENTS = new Set<string>([...ACKNOWLEDGEMENT_WORDS, 'понимаю', 'угу', 'ага', 'так']);
const SUITS = new Set(['удобно', 'подходит', 'устроит', 'подойдет', 'устраивает']);
const NOT_BEFORE_SUITS = new Set(['мне', 'нам', 'вполне', 'очень', 'не', 'все', 'тоже', 'да', 'так', 'более', 'менее', 'вам', 'было', 'будет', 'это', 'если', 'когда', 'как']);

const CHECKS = new Set(['удалось', 'получилось', 'успели', 'смогли']);

/** Does an unpunctuated Russian turn (as normalizeText gives it) ask something by one of these forms? */
export function asksInRunOn(normalized: string): boolean {
  const words = normalized.split(' ');
  const n = words.length;
  if (words[0] === 'а' && n >= 2 && n <= 4 && !NOT_ASKING_AFTER_A.has(words[1] ?? '')) return true;
  // "понятно а качество устраивает": the same after the acknowledgement of an answer
  const a = words.lastIndexOf('а');
  if (a > 0 && n - a >= 2 && n - a <= 4 && ACKNOWLEDGEMENTS.has(words[a - 1] ?? '') && !NOT_ASKING_AFTER_A.has(words[a + 1] ?? '')) return true;
  // "в восемь вечера удобно": the turn ends by asking whether it suits
  if (n >= 3 && SUITS.has(words[n - 1] ?? '') && !NOT_BEFORE_SUITS.has(words[n - 2] ?? '')) return true;
  // "…тарифы удалось посмотреть", "…что бы это было": a check on what was done, or a "what would"
  const tail = words.slice(Math.max(0, n - 5));
  if (tail.slice(0, -1).some((w, i) => CHECKS.has(w) || (w === 'что' && tail[i + 1] === 'бы'))) return true;
  // "успели вы посмотреть …": the same check opening the turn, put to the listener
  if (CHECKS.has(words[0] ?? '') && words.slice(1, 3).some((w) => w === 'вы' || w === 'вам')) return true;
  // "то есть я без машины останусь": a turn opened by "то есть" checks what it understood
  if (words[0] === 'то' && words[1] === 'есть' && n >= 4) return true;
  // "или" among the last words, not in a condition ("если … или …") nor a listing "либо … либо"
  if (n < 4 || !words.slice(Math.max(0, n - 5), n - 1).includes('или')) return false;
  return !words.slice(Math.max(0, n - 8)).some((w) => w === 'если' || w === 'либо');
}
