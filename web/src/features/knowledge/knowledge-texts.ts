// Texts of the knowledge screens (script, objections, expert rules), Russian first.
import type { Locale } from '../../i18n/locale.ts';

const ru = {
  title: 'Знания компании',
  subtitle: 'Скрипт по этапам, возражения и правила эксперта — по ним AI оценивает звонки, пишет рекомендации и играет клиента в тренажёре',
  script: 'Скрипт по этапам',
  scriptHint: 'Что менеджер должен сделать на каждом этапе. Оценка этапа сравнивает звонок с этим текстом и с эталонными звонками.',
  saveScript: 'Сохранить скрипт',
  scriptSaved: 'Скрипт сохранён. Новые звонки оцениваются по нему.',
  objections: 'Возражения и как их отрабатывать',
  objection: 'Возражение клиента',
  handling: 'Как отвечает компания',
  add: 'Добавить',
  save: 'Сохранить',
  remove: 'Удалить',
  noObjections: 'Возражений пока нет. Добавьте частые возражения клиентов и ответ компании на каждое — по ним строятся сценарии тренажёра.',
  rules: 'Правила эксперта',
  rule: 'Правило',
  stage: 'Этап',
  anyStage: 'Весь звонок',
  noRules: 'Правил пока нет. Например: «Всегда предлагать две конкретные даты встречи».',
  reference: 'Эталонные звонки отмечаются на странице звонка кнопкой «Сделать эталонным».',
  readOnly: 'Менять знания могут интегратор и руководитель отдела продаж.',
  stages: { greeting: 'Приветствие', needs: 'Выявление потребностей', presentation: 'Презентация', objections: 'Обработка возражений', closing: 'Закрытие' },
};

export type KnowledgeTexts = typeof ru;

const en: KnowledgeTexts = {
  title: 'Company knowledge',
  subtitle: 'The script per stage, objections and expert rules: the AI scores calls, writes recommendations and plays the trainer client by them',
  script: 'Script per stage',
  scriptHint: 'What the manager must do at each stage. A stage score compares the call with this text and with reference calls.',
  saveScript: 'Save the script',
  scriptSaved: 'Script saved. New calls are scored against it.',
  objections: 'Objections and how to handle them',
  objection: "Client's objection",
  handling: "The company's answer",
  add: 'Add',
  save: 'Save',
  remove: 'Delete',
  noObjections: "No objections yet. Add the clients' frequent objections and the company's answer to each: trainer scenarios are built from them.",
  rules: 'Expert rules',
  rule: 'Rule',
  stage: 'Stage',
  anyStage: 'Whole call',
  noRules: 'No rules yet. For example: "Always offer two concrete meeting times".',
  reference: 'Reference calls are marked on the call page with "Mark as reference".',
  readOnly: 'The integrator and the head of sales can change the knowledge.',
  stages: { greeting: 'Greeting', needs: 'Needs discovery', presentation: 'Presentation', objections: 'Objection handling', closing: 'Closing' },
};

export function knowledgeTexts(locale: Locale): KnowledgeTexts {
  return locale === 'en' ? en : ru;
}
