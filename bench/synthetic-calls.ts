// Synthetic 10-minute calls (~1,500 words) for the analysis benches: the same generator everywhere,
// so figures and golden snapshots refer to the same inputs.
import type { Turn } from '../src/domain/transcript.ts';

const MANAGER = ['Добрый день, меня зовут Ирина, компания Север. Удобно сейчас говорить?', 'Подскажите, сколько у вас сотрудников и как сейчас это устроено?',
  'Понимаю. А что больше всего не устраивает в текущем решении?', 'Смотрите, для вашего объёма подойдёт тариф Стандарт: обслуживание включено, выезд инженера в течение суток, стоимость около двухсот рублей в день.',
  'Давайте я приеду и покажу на месте — во вторник в десять или в среду в три?', 'Записала: вторник, десять утра. Пришлю напоминание накануне.'];
const CLIENT = ['Да, слушаю.', 'Человек тридцать, сейчас всё делаем сами, но постоянно что-то ломается.', 'Долго чинят и дорого выходит, честно говоря.',
  'Ну, звучит интересно, но надо понять по деньгам.', 'Во вторник в десять подойдёт.', 'Хорошо, спасибо, до встречи.'];

export function syntheticCall(seed: number): Turn[] {
  const turns: Turn[] = [];
  let words = 0;
  let i = seed;
  while (words < 1500) {
    const m = MANAGER[i % MANAGER.length] ?? '';
    const c = CLIENT[(i * 7) % CLIENT.length] ?? '';
    turns.push({ speaker: 'manager', text: `${m} ${i % 3 === 0 ? 'Кстати, вариант номер ' + (i % 50) + '.' : ''}` }, { speaker: 'client', text: c });
    words += m.split(' ').length + c.split(' ').length;
    i++;
  }
  return turns;
}
