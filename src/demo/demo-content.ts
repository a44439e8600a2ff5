// The demo company's knowledge, written for Mentor: a heating-installation business. Used by
// `npm start` on an empty data folder so every screen has something real to show.
import type { Stage } from '../domain/stages.ts';

export const DEMO_PASSWORD = 'mentor-demo';

export const DEMO_COMPANY = {
  name: 'ТеплоСфера',
  slug: 'teplosfera-demo',
  timezone: 'Europe/Moscow',
  language: 'ru',
  currency: 'RUB',
  averageCheck: 240000,
  industry: 'b2c heating systems installation',
  product: 'Газовые и электрические котлы, тёплые полы, радиаторы под ключ; бесплатный выезд инженера, рассрочка, гарантия на монтаж 5 лет',
};

export const DEMO_PEOPLE = {
  headOfSales: { email: 'rop@demo.mentor', name: 'Елена Соколова', role: 'head_of_sales' as const },
  integrator: { email: 'integrator@demo.mentor', name: 'Сергей Орлов', role: 'integrator' as const },
  managers: [
    { email: 'anna@demo.mentor', name: 'Анна Смирнова', extension: '101' },
    { email: 'igor@demo.mentor', name: 'Игорь Петров', extension: '102' },
    { email: 'maria@demo.mentor', name: 'Мария Козлова', extension: '103' },
    { email: 'dmitry@demo.mentor', name: 'Дмитрий Волков', extension: '104' },
    { email: 'olga@demo.mentor', name: 'Ольга Никитина', extension: '105' },
  ],
};

export const DEMO_SCRIPT: Record<Stage, string> = {
  greeting: 'Представиться по имени, назвать компанию ТеплоСфера, уточнить, удобно ли говорить, напомнить повод звонка (заявка с сайта, звонок клиента).',
  needs: 'Узнать площадь дома и этажность, какое отопление сейчас, есть ли газ, сроки (к какому сезону), бюджет, кто принимает решение. Задать не меньше трёх открытых вопросов.',
  presentation: 'Предложить решение под ответы клиента: тип котла, тёплый пол или радиаторы. Рассказать про бесплатный выезд инженера, расчёт теплопотерь, гарантию на монтаж 5 лет, монтаж за 3 дня.',
  objections: 'Дорого → рассрочка 0% на 12 месяцев и расчёт экономии на отоплении; Подумаю → уточнить, что именно смущает; Есть другие предложения → сравнить комплектацию и гарантию; Не сезон → скидка за летний монтаж.',
  closing: 'Назначить выезд инженера на конкретный день и время, предложить два варианта. Подтвердить адрес и телефон, сказать, что будет дальше.',
};

export const DEMO_OBJECTIONS = [
  { text: 'Дорого', handling: 'Рассрочка 0% на 12 месяцев без первого взноса; расчёт, за сколько сезонов котёл окупится на экономии газа или электричества.' },
  { text: 'Я подумаю / посоветуюсь с женой', handling: 'Спросить, что именно нужно обдумать; предложить выезд инженера, на котором будет вся семья, и бесплатный расчёт — ни к чему не обязывает.' },
  { text: 'Нам уже посчитали дешевле', handling: 'Попросить смету конкурента и сравнить по пунктам: марка котла, обвязка, гарантия на монтаж, сроки; показать, где экономят.' },
  { text: 'Сейчас не сезон, займёмся осенью', handling: 'Объяснить, что осенью очередь на монтаж 4–6 недель; летом скидка 7% и монтаж за 3 дня.' },
  { text: 'Не доверяю, была плохая бригада', handling: 'Рассказать про гарантию на монтаж 5 лет по договору, фото и отзывы объектов в их посёлке, оплату по этапам.' },
];

export const DEMO_EXPERT_RULES: { stage: Stage | null; text: string }[] = [
  { stage: 'closing', text: 'Всегда предлагать два конкретных времени выезда инженера, а не спрашивать «когда вам удобно».' },
  { stage: 'needs', text: 'Не называть цену, пока не выяснены площадь дома и наличие газа.' },
  { stage: 'objections', text: 'На «дорого» сначала уточнить, с чем клиент сравнивает, и только потом предлагать рассрочку.' },
  { stage: 'greeting', text: 'Если клиенту неудобно говорить, договориться о точном времени перезвона.' },
];
