// The shapes GET /api/v1/calls and GET /api/v1/calls/:id answer with (see src/server/routes/calls.routes.ts).
import type { StageKey } from './call-texts.ts';

export type CallStatus = 'received' | 'transcribing' | 'transcribed' | 'analysing' | 'analysed' | 'failed' | 'unassigned';

export interface CallItem {
  id: string;
  startedAt: string;
  durationSeconds: number | null;
  direction: string;
  source: string;
  status: CallStatus;
  errorCode: string | null;
  errorMessage: string | null;
  isReference: boolean;
  clientPhone: string | null;
  manager: { id: string; name: string } | null;
  client: { id: string; name: string | null; phone: string | null } | null;
  analysis: { outcome: 'success' | 'lost'; confidence: number; lossStage: string | null; lossReason: string | null; scores: Record<string, number> } | null;
}

export interface Turn {
  speaker: 'manager' | 'client';
  text: string;
  start?: number;
  end?: number;
  lowConfidence?: boolean;
}

export interface Evidence {
  turn: number;
  text: string;
}

export interface StageAssessment {
  stage: StageKey;
  score: number;
  evidence: Evidence[];
  deductions: { points: number; reason: string; code: string; turn?: number }[];
  span?: { from: number; to: number };
}

export interface AnalysisResult {
  engine: string;
  engineVersion: string;
  outcome: 'success' | 'lost';
  confidence: number;
  stages: StageAssessment[];
  weakStages: StageKey[];
  loss: { stage: StageKey; reason: string; clientWords: Evidence[]; explanation: string } | null;
  nextStep: { text: string; turn: number; when?: string } | null;
  warnings: string[];
}

export interface Correction {
  id: string;
  kind: string;
  stage: string | null;
  outcome: string | null;
  score: number | null;
  target: string | null;
  comment: string;
  createdBy: { id: string; name: string } | null;
  createdAt: string;
}

export interface CallDetail {
  call: CallItem;
  transcript: { language: string; source: string; turns: Turn[] } | null;
  analysis: { id: string; engine: string; engineVersion: string; createdAt: string; result: AnalysisResult } | null;
  corrections: Correction[];
}
