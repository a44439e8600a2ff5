// Trainer scenarios, generated from the company's knowledge: one per objection, one for the script
// and one for the presentation (the spec: "сценарии равны количеству возражений в компании и
// количеству скриптов + презентаций"). The integrator may edit them; edits are stored apart and
// merged over a fresh generation, so a knowledge change still flows into the unedited fields.
import { z } from 'zod';
import type { CompanyKnowledge } from '../domain/knowledge.ts';
import { STAGES, STAGE_TITLES } from '../domain/stages.ts';
import type { Stage } from '../domain/stages.ts';
import { trainerLanguage } from './trainer-types.ts';
import type { TrainerLanguage } from './trainer-types.ts';

export const SCENARIO_KINDS = ['objection', 'script', 'presentation'] as const;
export type ScenarioKind = (typeof SCENARIO_KINDS)[number];

const StageSchema = z.enum(STAGES);

export const ScenarioObjectionSchema = z.object({
  /** the company objection it comes from; absent for one the integrator wrote into the scenario */
  objectionId: z.string().optional(),
  text: z.string().min(1),
  handling: z.string(),
});
export type ScenarioObjection = z.infer<typeof ScenarioObjectionSchema>;

export const ScenarioSchema = z.object({
  id: z.string().min(1),
  companyId: z.string().min(1),
  kind: z.enum(SCENARIO_KINDS),
  language: z.enum(['ru', 'en']),
  title: z.string().min(1),
  /** the client's situation, told to the manager before the call and played by the AI client */
  situation: z.string().min(1),
  /** what the client really needs: told only after good open questions */
  clientNeed: z.string().min(1),
  objections: z.array(ScenarioObjectionSchema),
  successCriteria: z.array(z.string().min(1)).min(1),
  targetStages: z.array(StageSchema).min(1),
  enabled: z.boolean(),
  source: z.enum(['generated', 'edited', 'custom']),
});
export type Scenario = z.infer<typeof ScenarioSchema>;

/** An integrator's edit: any field over a generated scenario, or a deletion of it. */
export const ScenarioEditSchema = ScenarioSchema.omit({ source: true }).partial().extend({
  id: z.string().min(1),
  deleted: z.boolean().optional(),
});
export type ScenarioEdit = z.infer<typeof ScenarioEditSchema>;

const TEXT = {
  ru: {
    objectionTitle: (o: string) => `Возражение «${o}»`,
    scriptTitle: 'Звонок по скрипту компании',
    presentationTitle: 'Презентация продукта',
    product: (k: CompanyKnowledge) => k.product ?? k.industry ?? 'ваше предложение',
    situationObjection: (k: CompanyKnowledge, o: string) =>
      `Клиент оставил заявку в компании «${k.name || 'компания'}» (интересует: ${TEXT.ru.product(k)}), но сомневается. Главное, что его останавливает: «${o}».`,
    situationScript: (k: CompanyKnowledge) =>
      `Клиента интересует: ${TEXT.ru.product(k)}. Он ещё не решил, нужно ли это ему, и сравнивает варианты. Менеджер ведёт звонок по скрипту компании «${k.name || 'компания'}».`,
    situationPresentation: (k: CompanyKnowledge) =>
      `Клиент слышал о компании «${k.name || 'компания'}» (${TEXT.ru.product(k)}) и хочет понять, чем это поможет именно ему и чем вы лучше других.`,
    // Nominative after a dash: reads right whatever the product's gender and number.
    need: (k: CompanyKnowledge) => `вопрос у нас такой — ${TEXT.ru.product(k)}: нужно без лишних затрат, в понятные сроки и чтобы потом не было проблем.`,
    ask: (o: string) => `Выяснить, что стоит за возражением «${o}»: задать уточняющий вопрос`,
    answer: (h: string) => (h ? `Ответить по сути, как принято в компании: ${h}` : 'Ответить по сути: конкретный аргумент или предложение, а не общие слова'),
    nextStep: 'Договориться о конкретном следующем шаге с датой и временем',
    openQuestions: 'Задать открытые вопросы и выяснить настоящую потребность клиента',
    presentTied: (p?: string) => `Связать презентацию с потребностью клиента${p ? `: ${p}` : ''}`,
    stageCriterion: (stage: Stage, text: string) => `${STAGE_TITLES.ru[stage]}: ${text}`,
    stageDefault: (stage: Stage) => `${STAGE_TITLES.ru[stage]}: пройти этап по скрипту`,
  },
  en: {
    objectionTitle: (o: string) => `Objection "${o}"`,
    scriptTitle: 'Call by the company script',
    presentationTitle: 'Product presentation',
    product: (k: CompanyKnowledge) => k.product ?? k.industry ?? 'your offer',
    situationObjection: (k: CompanyKnowledge, o: string) =>
      `The client asked ${k.name || 'the company'} about ${TEXT.en.product(k)} but hesitates. What stops them: "${o}".`,
    situationScript: (k: CompanyKnowledge) =>
      `The client is interested in ${TEXT.en.product(k)}, has not decided whether they need it and compares options. The manager follows the ${k.name || 'company'} script.`,
    situationPresentation: (k: CompanyKnowledge) =>
      `The client has heard of ${k.name || 'the company'} and wants to understand how ${TEXT.en.product(k)} helps them in particular and why you are better than others.`,
    need: (k: CompanyKnowledge) => `we are looking at ${TEXT.en.product(k)}, and it has to come without extra cost, on a clear timeline and with no trouble afterwards.`,
    ask: (o: string) => `Find out what is behind the objection "${o}": ask a clarifying question`,
    answer: (h: string) => (h ? `Answer to the point, the company's way: ${h}` : 'Answer to the point: a concrete argument or offer, not general words'),
    nextStep: 'Agree on a concrete next step with a date and time',
    openQuestions: "Ask open questions and find the client's real need",
    presentTied: (p?: string) => `Tie the presentation to the client's need${p ? `: ${p}` : ''}`,
    stageCriterion: (stage: Stage, text: string) => `${STAGE_TITLES.en[stage]}: ${text}`,
    stageDefault: (stage: Stage) => `${STAGE_TITLES.en[stage]}: go through the stage by the script`,
  },
} as const;

function slug(value: string): string {
  return value.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') || 'x';
}

function objectionScenario(k: CompanyKnowledge, lang: TrainerLanguage, objection: CompanyKnowledge['objections'][number]): Scenario {
  const t = TEXT[lang];
  return {
    id: `objection-${slug(objection.id)}`,
    companyId: k.companyId,
    kind: 'objection',
    language: lang,
    title: t.objectionTitle(objection.text),
    situation: t.situationObjection(k, objection.text),
    clientNeed: t.need(k),
    objections: [{ objectionId: objection.id, text: objection.text, handling: objection.handling }],
    successCriteria: [t.ask(objection.text), t.answer(objection.handling), t.nextStep],
    targetStages: ['objections', 'closing'],
    enabled: true,
    source: 'generated',
  };
}

function scriptScenario(k: CompanyKnowledge, lang: TrainerLanguage): Scenario {
  const t = TEXT[lang];
  const criteria = STAGES.map((stage) => {
    const text = k.script[stage]?.trim();
    return text ? t.stageCriterion(stage, text) : t.stageDefault(stage);
  });
  return {
    id: 'script',
    companyId: k.companyId,
    kind: 'script',
    language: lang,
    title: t.scriptTitle,
    situation: t.situationScript(k),
    clientNeed: t.need(k),
    // The script call meets the company's most common objections, not all of them at once.
    objections: k.objections.slice(0, 2).map((o) => ({ objectionId: o.id, text: o.text, handling: o.handling })),
    successCriteria: criteria,
    targetStages: [...STAGES],
    enabled: true,
    source: 'generated',
  };
}

function presentationScenario(k: CompanyKnowledge, lang: TrainerLanguage): Scenario {
  const t = TEXT[lang];
  return {
    id: 'presentation',
    companyId: k.companyId,
    kind: 'presentation',
    language: lang,
    title: t.presentationTitle,
    situation: t.situationPresentation(k),
    clientNeed: t.need(k),
    objections: k.objections.slice(0, 1).map((o) => ({ objectionId: o.id, text: o.text, handling: o.handling })),
    successCriteria: [t.openQuestions, t.presentTied(k.script.presentation?.trim()), t.nextStep],
    targetStages: ['needs', 'presentation', 'closing'],
    enabled: true,
    source: 'generated',
  };
}

/**
 * The company's scenarios. The script scenario always exists (with no script yet it follows the
 * standard 5 stages), so a fresh company can train from day one.
 */
export function generateScenarios(knowledge: CompanyKnowledge): Scenario[] {
  const lang = trainerLanguage(knowledge.language);
  const scenarios: Scenario[] = [];
  const seen = new Set<string>();
  for (const objection of knowledge.objections) {
    if (!objection.text.trim()) continue;
    const scenario = objectionScenario(knowledge, lang, objection);
    // Two objections whose ids slug to the same text still get distinct scenario ids.
    let id = scenario.id;
    for (let n = 2; seen.has(id); n += 1) id = `${scenario.id}-${n}`;
    seen.add(id);
    scenarios.push({ ...scenario, id });
  }
  scenarios.push(scriptScenario(knowledge, lang));
  if (knowledge.script.presentation?.trim() || knowledge.product?.trim()) scenarios.push(presentationScenario(knowledge, lang));
  return scenarios;
}

export interface MergedScenarios {
  scenarios: Scenario[];
  /** edits of scenarios that no longer exist (their objection was removed) and are not complete */
  orphanEdits: ScenarioEdit[];
}

/** Applies the integrator's edits over freshly generated scenarios. */
export function mergeScenarios(generated: readonly Scenario[], edits: readonly ScenarioEdit[]): MergedScenarios {
  const byId = new Map(edits.map((e) => [e.id, e]));
  const scenarios: Scenario[] = [];
  for (const scenario of generated) {
    const edit = byId.get(scenario.id);
    byId.delete(scenario.id);
    if (!edit) {
      scenarios.push(scenario);
      continue;
    }
    if (edit.deleted) continue;
    const { deleted: _deleted, ...fields } = edit;
    const defined = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
    scenarios.push(ScenarioSchema.parse({ ...scenario, ...defined, id: scenario.id, companyId: scenario.companyId, source: 'edited' }));
  }
  const orphanEdits: ScenarioEdit[] = [];
  for (const edit of byId.values()) {
    if (edit.deleted) continue;
    // An integrator-written scenario is a complete edit with an id nothing generates.
    const custom = ScenarioSchema.safeParse({ ...edit, source: 'custom' });
    if (custom.success) scenarios.push(custom.data);
    else orphanEdits.push(edit);
  }
  return { scenarios, orphanEdits };
}
