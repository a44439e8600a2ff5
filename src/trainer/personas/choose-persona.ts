// Picks the client character for a session: the one the manager asked for, or the one whose
// temperament presses on the manager's weakest stage (weakStages come weakest first).
import type { Stage } from '../../domain/stages.ts';
import { AppError } from '../../domain/errors.ts';
import type { Persona } from './persona.ts';
import { PERSONAS } from './persona-library.ts';

export interface ChoosePersonaInput {
  personaId?: string | null;
  weakStages: readonly Stage[];
  /** the scenario's target stages: used when the manager has no weak stages yet */
  targetStages?: readonly Stage[];
  seed?: number;
  personas?: readonly Persona[];
}

export function choosePersona(input: ChoosePersonaInput): Persona {
  const personas = input.personas ?? PERSONAS;
  if (personas.length === 0) throw new AppError('trainer.no_personas', 'The persona library is empty: add at least one persona.', { status: 500 });
  if (input.personaId) {
    const chosen = personas.find((p) => p.id === input.personaId);
    if (!chosen) throw new AppError('trainer.persona_not_found', `Persona "${input.personaId}" does not exist; pick one from the library.`, { status: 404 });
    return chosen;
  }
  const seed = Math.abs(Math.trunc(input.seed ?? 0));
  const focus = input.weakStages.length > 0 ? input.weakStages : input.targetStages ?? [];
  for (const stage of focus) {
    // A persona whose first stressed stage is this one presses hardest; then any that stresses it.
    const primary = personas.filter((p) => p.temperament.stresses[0] === stage);
    const candidates = primary.length > 0 ? primary : personas.filter((p) => p.temperament.stresses.includes(stage));
    if (candidates.length > 0) return candidates[seed % candidates.length] as Persona;
  }
  return personas[seed % personas.length] as Persona;
}
