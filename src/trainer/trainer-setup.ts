// Setting up one training session: which scenario, which client character, which AI client and
// which voice. The transport (WebSocket voice loop) calls this once per session and then only
// talks to the returned TrainerClient and the TTS port.
import { AppError } from '../domain/errors.ts';
import type { CompanyKnowledge } from '../domain/knowledge.ts';
import type { Stage } from '../domain/stages.ts';
import { builtinTrainerClient } from './builtin/builtin-client.ts';
import { createLlmClient } from './llm/llm-client.ts';
import type { LlmChatConfig } from './llm/llm-client.ts';
import { choosePersona } from './personas/choose-persona.ts';
import type { Persona } from './personas/persona.ts';
import { generateScenarios, mergeScenarios } from './scenarios.ts';
import type { Scenario, ScenarioEdit } from './scenarios.ts';
import { trainerLanguage } from './trainer-types.ts';
import type { TrainerClient, TrainerLanguage } from './trainer-types.ts';

export interface TrainerSessionPlanInput {
  knowledge: CompanyKnowledge;
  /** the integrator's stored scenario edits */
  edits?: readonly ScenarioEdit[];
  /** the manager's weak stages from analysed calls, weakest first */
  weakStages: readonly Stage[];
  scenarioId?: string | null;
  personaId?: string | null;
  seed?: number;
}

export interface TrainerSessionPlan {
  scenario: Scenario;
  persona: Persona;
  language: TrainerLanguage;
  weakStages: Stage[];
}

/** Which scenario trains the weakest stage best: objections → an objection scenario, and so on. */
function pickScenario(scenarios: readonly Scenario[], weakStages: readonly Stage[], seed: number): Scenario | undefined {
  const enabled = scenarios.filter((s) => s.enabled);
  const weakest = weakStages[0];
  const byKind = (kind: Scenario['kind']): Scenario[] => enabled.filter((s) => s.kind === kind);
  const preferred = weakest === 'objections' ? byKind('objection')
    : weakest === 'needs' || weakest === 'presentation' ? byKind('presentation')
      : byKind('script');
  const pool = preferred.length > 0 ? preferred : enabled;
  return pool[Math.abs(Math.trunc(seed)) % Math.max(1, pool.length)];
}

export function planTrainerSession(input: TrainerSessionPlanInput): TrainerSessionPlan {
  const seed = input.seed ?? 0;
  const { scenarios } = mergeScenarios(generateScenarios(input.knowledge), input.edits ?? []);
  let scenario: Scenario | undefined;
  if (input.scenarioId) {
    scenario = scenarios.find((s) => s.id === input.scenarioId);
    if (!scenario) throw new AppError('trainer.scenario_not_found', `Scenario "${input.scenarioId}" does not exist for this company; pick one from the list.`, { status: 404 });
  } else {
    scenario = pickScenario(scenarios, input.weakStages, seed);
  }
  if (!scenario) throw new AppError('trainer.no_scenarios', 'Every trainer scenario of this company is disabled; enable one in the scenario settings.', { status: 409 });
  const persona = choosePersona({ personaId: input.personaId ?? null, weakStages: input.weakStages, targetStages: scenario.targetStages, seed });
  return { scenario, persona, language: trainerLanguage(scenario.language), weakStages: [...input.weakStages] };
}

export interface TrainerClientSettings {
  /** 'builtin' (default, offline) or 'llm' (needs `chat`) */
  engine?: string;
  chat?: LlmChatConfig;
}

export function createTrainerClient(settings: TrainerClientSettings, plan: TrainerSessionPlan & { knowledge: CompanyKnowledge; seed?: number }): TrainerClient {
  const engine = settings.engine ?? 'builtin';
  const options = { scenario: plan.scenario, persona: plan.persona, knowledge: plan.knowledge, weakStages: plan.weakStages, language: plan.language, ...(plan.seed === undefined ? {} : { seed: plan.seed }) };
  if (engine === 'builtin') return builtinTrainerClient(options);
  if (engine === 'llm') {
    if (!settings.chat) throw new AppError('trainer.llm_not_configured', 'The trainer is set to the llm client but no chat server is configured: set MENTOR_LLM_BASE_URL and MENTOR_LLM_MODEL, or use the builtin client.', { status: 500 });
    return createLlmClient({ ...options, chat: settings.chat });
  }
  throw new AppError('trainer.unknown_engine', `Trainer client "${engine}" does not exist; use builtin or llm.`, { status: 500 });
}

/** An espeak-ng voice that matches the character (a woman's voice for Anna); other engines keep theirs. */
export function voiceForPersona(persona: Persona, ttsProvider: string, language: TrainerLanguage): string | undefined {
  if (ttsProvider !== 'espeak') return undefined;
  return `${language === 'en' ? 'en-us' : 'ru'}+${persona.gender === 'female' ? 'f3' : 'm3'}`;
}
