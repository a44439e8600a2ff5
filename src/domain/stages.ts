// The 5 sales stages, in order. Every score, chart and recommendation is keyed by these.
export const STAGES = ['greeting', 'needs', 'presentation', 'objections', 'closing'] as const;
export type Stage = (typeof STAGES)[number];

export const STAGE_TITLES: Record<'ru' | 'en', Record<Stage, string>> = {
  ru: {
    greeting: 'Приветствие',
    needs: 'Выявление потребностей',
    presentation: 'Презентация',
    objections: 'Обработка возражений',
    closing: 'Закрытие',
  },
  en: {
    greeting: 'Greeting',
    needs: 'Needs discovery',
    presentation: 'Presentation',
    objections: 'Objection handling',
    closing: 'Closing',
  },
};

export function isStage(value: unknown): value is Stage {
  return typeof value === 'string' && (STAGES as readonly string[]).includes(value);
}

export function stageIndex(stage: Stage): number {
  return STAGES.indexOf(stage);
}
