// The trainer's API shapes (as the server sends them) and calls.
import { api } from '../../api/client.ts';

export type Stage = 'greeting' | 'needs' | 'presentation' | 'objections' | 'closing';
export const STAGES: readonly Stage[] = ['greeting', 'needs', 'presentation', 'objections', 'closing'];

export interface Localized { ru: string; en: string }

export interface Scenario {
  id: string;
  kind: 'objection' | 'script' | 'presentation';
  title: string;
  situation: string;
  enabled: boolean;
}

export interface Persona {
  id: string;
  name: Localized;
  role: Localized;
  description: Localized;
  temperament: { id: string; title: Localized };
  avatarSvg: string;
}

export interface Turn {
  speaker: 'manager' | 'client';
  text: string;
  at: string;
  input?: 'voice' | 'text';
  pressedStage?: Stage;
  reason?: string;
  done?: boolean;
  outcome?: 'agreed' | 'left';
}

export interface StageFeedback { stage: Stage; title: string; score?: number; text: string }

export interface Feedback {
  outcome: string;
  summary: string;
  stages: StageFeedback[];
  strengths: string[];
  text: string;
}

export interface Session {
  id: string;
  scenarioId: string | null;
  personaId: string;
  mode: 'voice' | 'text';
  status: 'active' | 'finished' | 'abandoned';
  language: 'ru' | 'en';
  weakStages: Stage[];
  turns: Turn[];
  outcome: 'agreed' | 'left' | null;
  score: number | null;
  stageScores: Partial<Record<Stage, number>>;
  feedback: Feedback | null;
  startedAt: string;
  finishedAt: string | null;
}

export interface ManagerActivity {
  managerId: string;
  name: string;
  sessions: number;
  finished: number;
  lastSessionAt: string | null;
  meanScore: number | null;
}

export const trainerApi = {
  scenarios: () => api.get<{ scenarios: Scenario[] }>('/trainer/scenarios'),
  personas: () => api.get<{ personas: Persona[] }>('/trainer/personas'),
  sessions: () => api.get<{ sessions: Session[] }>('/trainer/sessions'),
  session: (id: string) => api.get<Session>(`/trainer/sessions/${id}`),
  start: (body: { scenarioId: string | null; personaId: string | null; mode: 'voice' | 'text' }) => api.post<Session>('/trainer/sessions', body),
  turn: (id: string, text: string) => api.post<{ managerTurn: Turn; clientTurn: Turn; session: Session }>(`/trainer/sessions/${id}/turns`, { text }),
  finish: (id: string) => api.post<Session>(`/trainer/sessions/${id}/finish`),
  activity: () => api.get<{ managers: ManagerActivity[] }>('/trainer/activity'),
};
