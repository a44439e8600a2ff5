// Company knowledge for the trainer's tests and bench: a window company (Russian) and a software
// company (English), each with a script and objections with the company's handling.
import type { CompanyKnowledge, Objection } from '../domain/knowledge.ts';

export function buildKnowledge(overrides: Partial<CompanyKnowledge> = {}): CompanyKnowledge {
  return {
    companyId: 'company-okna',
    name: 'ОкнаПро',
    language: 'ru',
    industry: 'окна',
    product: 'пластиковые окна',
    averageCheck: 85000,
    currency: 'RUB',
    script: {
      greeting: 'Представиться, назвать компанию и причину звонка, спросить, удобно ли говорить',
      needs: 'Выяснить, какие окна нужны, сколько их, для квартиры или дома, что не устраивает в старых',
      presentation: 'Тёплые окна с гарантией 10 лет, бесплатный замер, монтаж за 3 дня',
      objections: 'Выслушать, уточнить, ответить по сути, предложить следующий шаг',
      closing: 'Назначить бесплатный замер на конкретный день и время',
    },
    objections: [
      { id: 'price', text: 'Дорого', handling: 'Уточнить, с чем сравнивает. Предложить рассрочку без переплаты на 12 месяцев; окна окупаются за счёт экономии на отоплении.' },
      { id: 'think', text: 'Мне нужно посоветоваться с женой', handling: 'Предложить приехать на замер, когда жена будет дома, и показать образцы профиля вместе.' },
    ],
    expertRules: [],
    referenceCalls: [],
    corrections: [],
    ...overrides,
  };
}

export function buildEnglishKnowledge(objections?: Objection[]): CompanyKnowledge {
  return buildKnowledge({
    companyId: 'company-crm',
    name: 'PipeCRM',
    language: 'en',
    industry: 'software',
    product: 'a CRM for small sales teams',
    currency: 'USD',
    script: {
      greeting: 'Introduce yourself and the company, ask if it is a good time',
      presentation: 'Pipeline in one screen, automatic call logging, setup in one day',
      closing: 'Book a demo with a date and time',
    },
    objections: objections ?? [
      { id: 'price', text: 'It is too expensive', handling: 'Ask what they compare it with. Offer monthly billing with no contract and a 14-day free trial; it pays off by saving two hours a day.' },
    ],
  });
}
