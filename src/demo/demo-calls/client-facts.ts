// Who the demo clients are: fictional names, settlements, streets, houses and what heats them now.
// Every client of the demo is composed from these lists by the seeded generator; none is a real
// person, and the phone numbers are in the +7 999 range that Russian operators leave unassigned.
import type { Random } from './seeded-random.ts';

const FIRST_NAMES_MALE = ['Алексей', 'Виктор', 'Павел', 'Роман', 'Константин', 'Геннадий', 'Артём', 'Николай', 'Юрий', 'Михаил', 'Станислав', 'Вадим', 'Тимур', 'Олег', 'Борис', 'Григорий', 'Леонид', 'Фёдор'];
const FIRST_NAMES_FEMALE = ['Светлана', 'Наталья', 'Татьяна', 'Ирина', 'Галина', 'Людмила', 'Вера', 'Ксения', 'Марина', 'Евгения', 'Алла', 'Лариса', 'Дарья', 'Полина', 'Жанна', 'Вероника'];
const PATRONYMICS_MALE = ['Андреевич', 'Викторович', 'Сергеевич', 'Павлович', 'Игоревич', 'Николаевич', 'Олегович', 'Михайлович'];
const PATRONYMICS_FEMALE = ['Андреевна', 'Викторовна', 'Сергеевна', 'Павловна', 'Игоревна', 'Николаевна', 'Олеговна', 'Михайловна'];

/** Made-up settlements around a made-up regional centre. */
const SETTLEMENTS = ['Сосновый Бор', 'Берёзовка', 'Кленовое', 'Ясная Поляна-2', 'Заречье', 'Луговое', 'Ольховка', 'Красная Горка', 'Малиновка',
  'Родниковый', 'Озёрки', 'Светлый Ключ', 'Дубрава', 'Вишнёвый посёлок', 'КП «Северный склон»', 'СНТ «Рассвет»', 'КП «Тихая гавань»', 'Липовая Роща'];
const STREETS = ['Садовая', 'Луговая', 'Полевая', 'Сиреневая', 'Рябиновая', 'Лесная', 'Солнечная', 'Центральная', 'Школьная', 'Весенняя', 'Кедровая', 'Яблоневая', 'Речная', 'Трудовая'];

export type HeatingNow = 'stove' | 'old_gas_boiler' | 'electric' | 'nothing' | 'solid_fuel';
export type GasStatus = 'connected' | 'coming' | 'none';

/** How the client describes the current heating, by kind. */
export const HEATING_WORDS: Record<HeatingNow, readonly string[]> = {
  stove: ['печка дровяная, топим сами', 'старая кирпичная печь, на два этажа не хватает', 'печь и пара электрических обогревателей'],
  old_gas_boiler: ['стоит газовый котёл, ему лет двадцать, уже еле живой', 'старый напольный котёл, шумит и течёт', 'котёл ещё советский, трубы ржавые'],
  electric: ['электрокотёл, но за свет платим по двенадцать тысяч зимой', 'электрические конвекторы в каждой комнате', 'электричество, счета огромные'],
  nothing: ['дом только построили, отопления нет вообще', 'коробка стоит, внутри пока ничего', 'дом новый, отопление ещё не делали'],
  solid_fuel: ['твердотопливный котёл, устали уголь носить', 'котёл на дровах, ночью встаём подкидывать', 'котёл на угле, хотим уйти от него'],
};

export const GAS_WORDS: Record<GasStatus, readonly string[]> = {
  connected: ['газ к дому подведён', 'газ заведён в дом', 'газ подключили прошлой осенью'],
  coming: ['газ обещают подвести к весне', 'газ по улице тянут, до дома ещё не дошли', 'газификацию посёлка заканчивают этой зимой'],
  none: ['газа в посёлке нет и не будет', 'газа у нас нет', 'газ далеко, только электричество'],
};

export interface ClientFacts {
  name: string;
  /** how the manager addresses the client: first name and patronymic */
  address: string;
  female: boolean;
  settlement: string;
  street: string;
  houseNumber: number;
  area: number;
  floors: number;
  heating: HeatingNow;
  heatingWords: string;
  gas: GasStatus;
  gasWords: string;
  /** price the manager names, in thousands of roubles */
  estimate: number;
  phone: string;
}

export function composeClient(random: Random, serial: number): ClientFacts {
  const female = random.chance(0.45);
  const first = random.pick(female ? FIRST_NAMES_FEMALE : FIRST_NAMES_MALE);
  const patronymic = random.pick(female ? PATRONYMICS_FEMALE : PATRONYMICS_MALE);
  const heating = random.pick<HeatingNow>(['stove', 'old_gas_boiler', 'electric', 'nothing', 'solid_fuel']);
  const gas = heating === 'old_gas_boiler' ? 'connected' : random.weighted<GasStatus>({ connected: 5, coming: 2, none: 3 });
  const area = random.pick([85, 96, 110, 120, 128, 140, 150, 160, 175, 180, 200, 220, 240, 260, 300]);
  const floors = area >= 150 ? random.int(1, 2) + (area >= 240 ? 1 : 0) : 1;
  // a roughly proportional estimate, so a bigger house hears a bigger number
  const estimate = Math.round((120 + area * 0.75 + (gas === 'none' ? 20 : 0)) / 10) * 10;
  // the +7 999 range is not assigned to subscribers; the serial keeps phones unique within the demo
  const phone = `+7999${String(1000000 + serial * 7919 % 9000000).padStart(7, '0').slice(-7)}`;
  return {
    name: `${first} ${patronymic}`,
    address: `${first} ${patronymic}`,
    female,
    settlement: random.pick(SETTLEMENTS),
    street: random.pick(STREETS),
    houseNumber: random.int(1, 64),
    area,
    floors,
    heating,
    heatingWords: random.pick(HEATING_WORDS[heating]),
    gas,
    gasWords: random.pick(GAS_WORDS[gas]),
    estimate,
    phone,
  };
}

const DAYS = ['в понедельник', 'во вторник', 'в среду', 'в четверг', 'в пятницу', 'в субботу'];
const TIMES = ['в 9:00', 'в 10:00', 'в 11:00', 'в 12:30', 'в 14:00', 'в 15:30', 'в 17:00', 'в 18:00'];

export interface VisitSlots {
  first: string;
  second: string;
}

/** Two concrete options for the engineer's visit: different days, different hours. */
export function visitSlots(random: Random): VisitSlots {
  const d1 = random.int(0, DAYS.length - 1);
  const d2 = (d1 + random.int(1, DAYS.length - 1)) % DAYS.length;
  const t1 = random.pick(TIMES);
  let t2 = random.pick(TIMES);
  if (t2 === t1) t2 = TIMES[(TIMES.indexOf(t1) + 3) % TIMES.length]!;
  return { first: `${DAYS[d1]} ${t1}`, second: `${DAYS[d2]} ${t2}` };
}
