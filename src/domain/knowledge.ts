// What a deployment knows about its company: the context every analysis, recommendation and
// trainer scenario is judged against. Filled by the integrator and corrected by the head of sales.
import type { Stage } from './stages.ts';
import type { Turn } from './transcript.ts';
import type { CallOutcome } from './call-analysis.ts';

export interface Objection {
  id: string;
  /** how the client says it, e.g. "Дорого" */
  text: string;
  /** how the company answers it */
  handling: string;
}

export interface ExpertRule {
  id?: string;
  stage: Stage | null;
  text: string;
}

export interface ReferenceCall {
  id: string;
  turns: Turn[];
}

/** A head of sales' correction of an earlier verdict; future analyses must respect it. */
export interface Correction {
  id: string;
  kind: 'outcome' | 'stage_score' | 'deduction' | 'recommendation';
  stage?: Stage | null;
  /** for outcome corrections: what the verdict should have been */
  outcome?: CallOutcome | null;
  score?: number | null;
  /** the deduction or the recommendation phrase that was wrong */
  target?: string | null;
  comment: string;
  /** the call excerpt the correction was made on (client/manager words), used for similarity */
  context?: Turn[];
}

export interface CompanyKnowledge {
  companyId: string;
  name: string;
  language: string;
  industry?: string;
  product?: string;
  averageCheck?: number;
  currency?: string;
  script: Partial<Record<Stage, string>>;
  objections: Objection[];
  expertRules: ExpertRule[];
  referenceCalls: ReferenceCall[];
  corrections: Correction[];
}

export function emptyKnowledge(companyId: string, name = '', language = 'ru'): CompanyKnowledge {
  return { companyId, name, language, script: {}, objections: [], expertRules: [], referenceCalls: [], corrections: [] };
}
