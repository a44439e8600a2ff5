// The follow-up check port: did the manager's next call with the client carry out the
// recommendation's meaning (not its keywords)?
import type { Transcript } from './transcript.ts';
import type { CompanyKnowledge } from './knowledge.ts';
import type { Evidence } from './call-analysis.ts';

export interface FollowUpInput {
  recommendation: string;
  transcript: Transcript;
  knowledge: CompanyKnowledge;
}

export interface FollowUpVerdict {
  applied: boolean;
  confidence: number; // 0..1
  /** the parts of the recommendation and whether each was carried out */
  points: { point: string; done: boolean; evidence: Evidence[] }[];
  explanation: string;
  /** did the client agree to the next step or pay in this call */
  clientAgreed: boolean;
  /** `builtin`, `llm`, or `llm→builtin` when the model failed and the builtin checker answered */
  engine: string;
  /** what a reader of the verdict should know about how it was reached (a fallback, dropped quotes) */
  warnings?: string[];
}

export interface FollowUpChecker {
  readonly name: string;
  check(input: FollowUpInput): Promise<FollowUpVerdict>;
}
