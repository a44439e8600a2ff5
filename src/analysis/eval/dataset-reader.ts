// Reads an evaluation dataset folder (../shared/eval/FORMAT.md): companies.json becomes
// CompanyKnowledge (with the company's reference calls as knowledge), calls.jsonl the labelled calls.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CallOutcome } from '../../domain/call-analysis.ts';
import type { CompanyKnowledge, ExpertRule } from '../../domain/knowledge.ts';
import { isStage } from '../../domain/stages.ts';
import type { Stage } from '../../domain/stages.ts';
import type { Turn } from '../../domain/transcript.ts';

export interface LabelledCall {
  id: string;
  company: string;
  language: string;
  reference: boolean;
  turns: Turn[];
  labels: {
    outcome: CallOutcome;
    lossStage: Stage | null;
    weakStages: Stage[] | null;
    stageScores: Partial<Record<Stage, number>> | null;
  };
}

export interface Dataset {
  dir: string;
  knowledge: Map<string, CompanyKnowledge>;
  calls: LabelledCall[];
}

interface RawCompany {
  id: string; name?: string; language?: string; industry?: string; product?: string; average_check?: number; currency?: string;
  script?: Record<string, string>; objections?: { id: string; text: string; handling: string }[];
  expert_rules?: { id?: string; stage?: string | null; text: string }[];
}

export function companyToKnowledge(c: RawCompany): CompanyKnowledge {
  const script: Partial<Record<Stage, string>> = {};
  for (const [k, v] of Object.entries(c.script ?? {})) if (isStage(k) && typeof v === 'string') script[k] = v;
  return {
    companyId: c.id,
    name: c.name ?? c.id,
    language: c.language ?? 'ru',
    ...(c.industry ? { industry: c.industry } : {}),
    ...(c.product ? { product: c.product } : {}),
    ...(typeof c.average_check === 'number' ? { averageCheck: c.average_check } : {}),
    ...(c.currency ? { currency: c.currency } : {}),
    script,
    objections: (c.objections ?? []).map((o) => ({ id: o.id, text: o.text, handling: o.handling })),
    expertRules: (c.expert_rules ?? []).map((r): ExpertRule => ({ ...(r.id ? { id: r.id } : {}), stage: isStage(r.stage) ? r.stage : null, text: r.text })),
    referenceCalls: [],
    corrections: [],
  };
}

function parseCall(line: string, lineNo: number): LabelledCall {
  let raw: Record<string, unknown>;
  try { raw = JSON.parse(line) as Record<string, unknown>; } catch { throw new Error(`calls.jsonl line ${lineNo}: not valid JSON`); }
  const labels = (raw.labels ?? {}) as Record<string, unknown>;
  const outcome = labels.outcome === 'lost' ? 'lost' : 'success';
  const scores = labels.stage_scores && typeof labels.stage_scores === 'object' ? labels.stage_scores as Record<string, number> : null;
  const stageScores: Partial<Record<Stage, number>> | null = scores ? {} : null;
  if (scores && stageScores) for (const [k, v] of Object.entries(scores)) if (isStage(k) && typeof v === 'number') stageScores[k] = v;
  return {
    id: String(raw.id ?? `line-${lineNo}`),
    company: String(raw.company ?? ''),
    language: String(raw.language ?? 'ru'),
    reference: raw.reference === true,
    turns: Array.isArray(raw.turns) ? raw.turns as Turn[] : [],
    labels: {
      outcome,
      lossStage: isStage(labels.loss_stage) ? labels.loss_stage : null,
      weakStages: Array.isArray(labels.weak_stages) ? (labels.weak_stages as unknown[]).filter(isStage) : null,
      stageScores,
    },
  };
}

export async function readDataset(dir: string): Promise<Dataset> {
  const companies = JSON.parse(await readFile(join(dir, 'companies.json'), 'utf8')) as RawCompany[];
  const knowledge = new Map(companies.map((c) => [c.id, companyToKnowledge(c)]));
  const text = await readFile(join(dir, 'calls.jsonl'), 'utf8');
  const calls = text.split('\n').map((l, i) => [l.trim(), i + 1] as const).filter(([l]) => l.length > 0).map(([l, i]) => parseCall(l, i));
  for (const call of calls) {
    if (!call.reference) continue;
    knowledge.get(call.company)?.referenceCalls.push({ id: call.id, turns: call.turns });
  }
  return { dir, knowledge, calls };
}
