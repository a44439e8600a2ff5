// The result of analysing one call: per-stage scores with evidence and deductions, the outcome,
// and for a lost call where and why the client was lost.
import type { Stage } from './stages.ts';
import type { Transcript } from './transcript.ts';
import type { CompanyKnowledge } from './knowledge.ts';

export type CallOutcome = 'success' | 'lost';

export type LossReason =
  | 'refusal'            // the client said no / not relevant / don't want
  | 'unhandled_objection'
  | 'no_next_step'       // the call ended without agreement on a concrete next step
  | 'no_need'            // the client has no real need
  | 'bad_opening';       // lost in the first seconds

export interface Evidence {
  turn: number; // index into transcript.turns
  text: string;
}

export interface Deduction {
  points: number; // how much it took off the score
  reason: string; // human-readable, in the company's language
  code: string;   // stable machine code, e.g. "needs.no_open_questions"
  turn?: number;
}

export interface StageAssessment {
  stage: Stage;
  score: number; // 0..10
  evidence: Evidence[];
  deductions: Deduction[];
  /** the turn range the stage covered, inclusive; absent for a stage judged by its absence */
  span?: { from: number; to: number };
}

export interface CallAnalysis {
  engine: string;        // 'builtin' | 'llm' | 'llm→builtin'
  engineVersion: string;
  knowledgeHash: string;
  language: string;
  outcome: CallOutcome;
  confidence: number;    // 0..1
  stages: StageAssessment[]; // only stages that occurred or whose absence is the mistake
  weakStages: Stage[];
  loss: null | {
    stage: Stage;
    reason: LossReason;
    /** the client's own words that show the loss */
    clientWords: Evidence[];
    explanation: string;
  };
  /** next step agreed in the call, if any ("замер в четверг в 10:00") */
  nextStep: null | { text: string; turn: number; when?: string };
  warnings: string[];
}

export interface AnalysisInput {
  transcript: Transcript;
  knowledge: CompanyKnowledge;
}

/** The engine port. `builtin` is pure and synchronous underneath; `llm` talks to a server. */
export interface CallAnalysisEngine {
  readonly name: string;
  readonly version: string;
  analyze(input: AnalysisInput): Promise<CallAnalysis>;
}

/** Raised when a transcript cannot be analysed (empty, one speaker, mojibake...). */
export class CannotAnalyseError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'CannotAnalyseError';
    this.code = code;
  }
}
