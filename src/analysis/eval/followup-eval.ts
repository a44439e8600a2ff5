// Scores the follow-up checker on a dataset's followups.jsonl (see ../shared/eval/FORMAT.md).
// Owned by the follow-up work; the eval runner calls it.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CompanyKnowledge } from '../../domain/knowledge.ts';
import { emptyKnowledge } from '../../domain/knowledge.ts';
import type { FollowUpChecker } from '../../domain/follow-up.ts';
import type { Turn } from '../../domain/transcript.ts';
import { AppError } from '../../domain/errors.ts';
import { createBuiltinFollowUpChecker } from '../followup/followup-checker.ts';

export interface FollowUpEvalResult {
  followups: number;
  accuracy: number | null;
  failures: { id: string; expected: boolean; got: boolean; explanation: string }[];
  /** follow-ups a non-builtin checker could not judge itself (its verdict engine ends in "→builtin") */
  fellBack: number;
}

interface FollowUpRow {
  id: string;
  company: string;
  language?: string;
  recommendation: string;
  turns: Turn[];
  labels: { applied: boolean };
}

function parseRow(line: string, lineNo: number, file: string): FollowUpRow {
  let row: unknown;
  try {
    row = JSON.parse(line);
  } catch (cause) {
    throw new AppError('eval_bad_followup', `${file}:${lineNo} is not valid JSON`, { cause });
  }
  const r = row as Partial<FollowUpRow>;
  if (typeof r.id !== 'string' || typeof r.recommendation !== 'string' || !Array.isArray(r.turns) || typeof r.labels?.applied !== 'boolean') {
    throw new AppError('eval_bad_followup', `${file}:${lineNo} needs id, recommendation, turns and labels.applied (see eval/FORMAT.md)`);
  }
  return r as FollowUpRow;
}

export async function evaluateFollowUps(
  dir: string,
  knowledge: Map<string, CompanyKnowledge>,
  checker: FollowUpChecker = createBuiltinFollowUpChecker(),
): Promise<FollowUpEvalResult> {
  const file = join(dir, 'followups.jsonl');
  if (!existsSync(file)) return { followups: 0, accuracy: null, failures: [], fellBack: 0 };
  const lines = (await readFile(file, 'utf8')).split('\n');
  const failures: FollowUpEvalResult['failures'] = [];
  let total = 0;
  let correct = 0;
  let fellBack = 0;
  for (const [i, raw] of lines.entries()) {
    if (raw.trim() === '') continue;
    const row = parseRow(raw, i + 1, file);
    const language = row.language ?? knowledge.get(row.company)?.language ?? 'ru';
    const verdict = await checker.check({
      recommendation: row.recommendation,
      transcript: { language, turns: row.turns },
      knowledge: knowledge.get(row.company) ?? emptyKnowledge(row.company, '', language),
    });
    total++;
    if (verdict.engine.endsWith('→builtin')) fellBack++;
    if (verdict.applied === row.labels.applied) correct++;
    else failures.push({ id: row.id, expected: row.labels.applied, got: verdict.applied, explanation: verdict.explanation });
  }
  return { followups: total, accuracy: total === 0 ? null : correct / total, failures, fellBack };
}
