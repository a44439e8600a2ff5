// Questions in an unpunctuated (speech-recognition) Russian turn that has no interrogative word for
// text.ts to find: a choice offered at the end of the turn ("одной машиной привезете или
// несколькими") and a short turn opened by "а" that asks about what it names ("а цена-то").
// Tried and left out, as they cost more than they gave on the eval sets: a turn-final tag ("…
// правильно", "…да"), a verb to "вы" ending the turn ("…клиентов угощаете").

// "а да", "а понятно", "а здравствуйте": a short "а…" that answers, agrees or greets
const NOT_ASKING_AFTER_A = new Set(['да', 'ну', 'нет', 'понятно', 'ясно', 'хорошо', 'ок', 'здравствуйте', 'вот', 'то', 'так', 'это', 'я',
  'ладно', 'спасибо', 'поняла', 'понял', 'угу', 'ага', 'слушаю', 'помню']);

/** Does an unpunctuated Russian turn (as normalizeText gives it) ask something by these two forms? */
export function asksInRunOn(normalized: string): boolean {
  const words = normalized.split(' ');
  const n = words.length;
  if (words[0] === 'а' && n >= 2 && n <= 4 && !NOT_ASKING_AFTER_A.has(words[1] ?? '')) return true;
  // "или" among the last words, not in a condition ("если … или …") nor a listing "либо … либо"
  if (n < 4 || !words.slice(Math.max(0, n - 5), n - 1).includes('или')) return false;
  return !words.slice(Math.max(0, n - 8)).some((w) => w === 'если' || w === 'либо');
}
