// The recommendation port: a free-text win-back plan for a lost client, grounded in sources.
import type { CallAnalysis } from './call-analysis.ts';
import type { CompanyKnowledge } from './knowledge.ts';
import type { Transcript } from './transcript.ts';

export type RecommendationSourceKind = 'reference_call' | 'successful_call' | 'expert_rule' | 'objection_handling' | 'script' | 'correction' | 'client_context';

export interface RecommendationSource {
  kind: RecommendationSourceKind;
  /** id of the call, rule, objection or correction it came from */
  refId?: string;
  /** the quoted excerpt */
  excerpt: string;
}

export interface RecommendationDraft {
  /** the full text shown to the manager */
  text: string;
  /** the exact words to say when calling back */
  script: string;
  sources: RecommendationSource[];
  /** what it is based on, said plainly when material was missing */
  basis: string;
  engine: string;
}

export interface SuccessfulCallExample {
  callId: string;
  transcript: Transcript;
  analysis?: CallAnalysis;
}

export interface RecommendationInput {
  transcript: Transcript;
  analysis: CallAnalysis;
  knowledge: CompanyKnowledge;
  /** the company's successful non-reference calls that retrieval found relevant */
  successfulCalls: SuccessfulCallExample[];
  clientName?: string;
  managerName?: string;
}

export interface RecommendationWriter {
  readonly name: string;
  write(input: RecommendationInput): Promise<RecommendationDraft>;
}
