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
  engine: string;
}

export interface FollowUpChecker {
  readonly name: string;
  check(input: FollowUpInput): Promise<FollowUpVerdict>;
}
