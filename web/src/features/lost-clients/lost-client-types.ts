// Shapes of the lost-clients API (GET /api/v1/lost-clients, /lost-clients/:id, /recommendations).
export type RecommendationStatus = 'open' | 'called' | 'verifying' | 'applied' | 'not_applied' | 'returned' | 'expired';
export type LostClientStatus = 'lost' | 'in_progress' | 'returned' | 'expired';

export interface LostClientItem {
  id: string;
  status: LostClientStatus;
  lossStage: string;
  reason: string;
  clientWords: string;
  lostAt: string;
  callId: string;
  updatedAt: string;
  client: { id: string; name: string | null; phone: string | null };
  manager: { id: string; name: string } | null;
  recommendation: { id: string; status: RecommendationStatus; dueAt: string; applied: boolean | null } | null;
}

export interface Evidence {
  turn: number;
  text: string;
}

export interface RecommendationSource {
  kind: 'reference_call' | 'successful_call' | 'expert_rule' | 'objection_handling' | 'script' | 'correction' | 'client_context';
  refId?: string;
  excerpt: string;
  callId: string | null;
}

export interface Verdict {
  callId: string;
  applied: boolean;
  clientAgreed: boolean;
  confidence: number;
  explanation: string;
  engine: string;
  checkedAt: string;
  points: { point: string; done: boolean; evidence: Evidence[] }[];
}

export interface Recommendation {
  id: string;
  lostClientId: string;
  callId: string;
  text: string;
  script: string;
  basis: string;
  engine: string;
  sources: RecommendationSource[];
  status: RecommendationStatus;
  overdue: boolean;
  dueAt: string;
  calledAt: string | null;
  verdict: Verdict | null;
  skippedCall: { callId: string; reason: string } | null;
  rejectedAt: string | null;
  rejectionComment: string | null;
  createdAt: string;
}

export interface LostClientCard {
  lostClient: LostClientItem;
  loss: { explanation: string; clientWords: Evidence[] } | null;
  calls: { id: string; startedAt: string; direction: string; manager: { id: string; name: string } | null; outcome: string | null; isLostCall: boolean }[];
  recommendations: Recommendation[];
}
