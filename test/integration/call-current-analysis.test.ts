// The current analysis' outcome and stage scores that the database copies onto each call
// (drizzle/0004_call_current_analysis.sql), and the managers' comparison that reads them. The copy
// must follow every writer: the analyse step, a re-analysis, a refused analysis, an analysis
// updated in place, bulk inserts, deletions. Runs on PGlite and PostgreSQL, as the tenant role.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq, inArray } from 'drizzle-orm';
import { analyses, calls } from '../../src/db/schema/calls.ts';
import { companies } from '../../src/db/schema/companies.ts';
import { withTenant } from '../../src/db/tenant.ts';
import { analyseCall } from '../../src/calls/analyse-call.ts';
import { createBuiltinEngine } from '../../src/analysis/builtin/builtin-engine.ts';
import { CannotAnalyseError, type CallAnalysis, type CallAnalysisEngine } from '../../src/domain/call-analysis.ts';
import { STAGES, type Stage } from '../../src/domain/stages.ts';
import { stageSuccessByManager, type ScoredCall } from '../../src/domain/stage-success.ts';
import { listManagers } from '../../src/reports/managers.service.ts';
import { createTestDatabase, engines, type TestDatabase } from '../support/database.ts';
import { buildCall, buildCompany, dialogue, type BuiltCompany } from '../support/factories.ts';

const CALL = dialogue(
  'M: Добрый день! Меня зовут Анна, компания ТеплоСфера. Вам удобно говорить?',
  'C: Да, слушаю.',
  'M: Вы оставляли заявку на котёл. Какая площадь дома и есть ли газ?',
  'C: Дом сто двадцать метров, газ есть.',
  'M: Отлично, подойдёт газовый котёл, монтаж за три дня, гарантия пять лет. Стоимость сто восемьдесят тысяч.',
  'C: Дорого. Я подумаю.',
  'M: Хорошо, до свидания.',
);

type Copy = { outcome: string | null; scores: Record<Stage, number | null> };

async function copyOf(db: TestDatabase['database']['db'], companyId: string, callId: string): Promise<Copy> {
  const [row] = await withTenant(db, companyId, (tx) => tx.select().from(calls).where(and(eq(calls.companyId, companyId), eq(calls.id, callId))));
  const num = (value: string | null | undefined): number | null => (value === null || value === undefined ? null : Number(value));
  return {
    outcome: row?.analysisOutcome ?? null,
    scores: { greeting: num(row?.scoreGreeting), needs: num(row?.scoreNeeds), presentation: num(row?.scorePresentation), objections: num(row?.scoreObjections), closing: num(row?.scoreClosing) },
  };
}

const none: Copy = { outcome: null, scores: { greeting: null, needs: null, presentation: null, objections: null, closing: null } };
const copyFrom = (analysis: CallAnalysis): Copy => ({
  outcome: analysis.outcome,
  scores: Object.fromEntries(STAGES.map((stage) => [stage, analysis.stages.find((s) => s.stage === stage)?.score ?? null])) as Copy['scores'],
});

/** An engine that returns what it is told (the thing under test is the copy, not the engine). */
function scripted(version: string, outcome: 'success' | 'lost', scores: Partial<Record<Stage, number>>): CallAnalysisEngine {
  return {
    name: 'scripted',
    version,
    analyze: async () => ({
      engine: 'scripted', engineVersion: version, knowledgeHash: 'k', language: 'ru', outcome, confidence: 0.9,
      stages: Object.entries(scores).map(([stage, score]) => ({ stage: stage as Stage, score: score!, evidence: [], deductions: [] })),
      weakStages: [], loss: null, nextStep: null, warnings: [],
    }) as unknown as CallAnalysis,
  };
}

const refusing: CallAnalysisEngine = { name: 'refusing', version: '1', analyze: async () => { throw new CannotAnalyseError('one_speaker', 'cannot analyse: one speaker'); } };

for (const { kind, skip } of await engines()) {
  describe(`current analysis copied onto calls on ${kind}`, { skip }, () => {
    let testDb: TestDatabase;
    let company: BuiltCompany;
    before(async () => {
      testDb = await createTestDatabase(kind);
      company = await buildCompany(testDb.database.db, { managers: 3 });
    });
    after(async () => {
      await testDb?.drop();
    });

    test('follows the analyse step, a re-analysis, a refused analysis and an analysis updated in place', async () => {
      const db = testDb.database.db;
      const { companyId } = company;
      const call = await buildCall(db, companyId, { managerId: company.managers[0]!.id, turns: CALL, clientPhone: '+79130000001' });
      assert.deepEqual(await copyOf(db, companyId, call.id), none, 'nothing before the first analysis');

      const first = await analyseCall(db, createBuiltinEngine(), companyId, call.id);
      assert.equal(first.status, 'analysed');
      assert.ok(first.status === 'analysed');
      assert.deepEqual(await copyOf(db, companyId, call.id), copyFrom(first.analysis));

      const v2 = scripted('2', 'success', { greeting: 6.5, needs: 10, closing: 0 });
      const second = await analyseCall(db, v2, companyId, call.id);
      assert.ok(second.status === 'analysed');
      assert.deepEqual(await copyOf(db, companyId, call.id), { outcome: 'success', scores: { greeting: 6.5, needs: 10, presentation: null, objections: null, closing: 0 } });

      const refused = await analyseCall(db, refusing, companyId, call.id);
      assert.equal(refused.status, 'failed');
      assert.deepEqual(await copyOf(db, companyId, call.id), none, 'a refused analysis leaves no verdict on show');

      // the same engine, version and knowledge again: the stored row is updated in place
      const again = await analyseCall(db, scripted('2', 'lost', { presentation: 3 }), companyId, call.id);
      assert.ok(again.status === 'analysed' && again.analysisId === second.analysisId);
      assert.deepEqual(await copyOf(db, companyId, call.id), { outcome: 'lost', scores: { greeting: null, needs: null, presentation: 3, objections: null, closing: null } });
    });

    test('follows bulk inserts, non-numeric scores, deletions, and a call deleted with its analyses', async () => {
      const db = testDb.database.db;
      const { companyId } = company;
      const made = await Promise.all([1, 2, 3].map((n) => buildCall(db, companyId, { managerId: company.managers[1]!.id, turns: null, clientPhone: `+7913000010${n}` })));
      const ids = made.map((c) => c.id);
      await withTenant(db, companyId, (tx) => tx.insert(analyses).values(ids.map((callId, i) => ({
        companyId, callId, engine: 'fixture', engineVersion: '1', knowledgeHash: 'x', outcome: i === 0 ? 'lost' as const : 'success' as const, confidence: 0.5,
        scores: { greeting: i + 4, needs: 'n/a', closing: null } as unknown as Record<string, number>, result: {} as CallAnalysis,
      }))));
      for (const [i, id] of ids.entries()) {
        assert.deepEqual(await copyOf(db, companyId, id), { outcome: i === 0 ? 'lost' : 'success', scores: { greeting: i + 4, needs: null, presentation: null, objections: null, closing: null } });
      }
      await withTenant(db, companyId, (tx) => tx.delete(analyses).where(and(eq(analyses.companyId, companyId), eq(analyses.callId, ids[0]!))));
      assert.deepEqual(await copyOf(db, companyId, ids[0]!), none);
      await withTenant(db, companyId, (tx) => tx.delete(calls).where(and(eq(calls.companyId, companyId), inArray(calls.id, ids.slice(1)))));
      const left = await withTenant(db, companyId, (tx) => tx.select({ id: analyses.id }).from(analyses).where(and(eq(analyses.companyId, companyId), inArray(analyses.callId, ids))));
      assert.equal(left.length, 0, 'the analyses went with their calls');
    });

    test('the managers comparison matches the pure stage-success function on generated calls', async () => {
      const db = testDb.database.db;
      const other = await buildCompany(db, { managers: 3 });
      const { companyId } = other;
      await db.update(companies).set({ settings: { stageSuccessThreshold: 6.5 } }).where(eq(companies.id, companyId));
      let seed = 7;
      const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
      const month = { start: Date.parse('2026-10-01T00:00:00+03:00'), end: Date.parse('2026-11-01T00:00:00+03:00') };
      const expectedCalls: ScoredCall[] = [];
      const callsPerManager = new Map<string, number>();
      const lostPerManager = new Map<string, number>();
      await withTenant(db, companyId, async (tx) => {
        for (let i = 0; i < 160; i++) {
          const managerId = other.managers[i % 3]!.id;
          // a few calls just outside the month, which must not count
          const startedAt = new Date(i % 40 === 0 ? month.end : i % 41 === 0 ? month.start - 1 : month.start + Math.floor(rnd() * (month.end - month.start)));
          const [row] = await tx.insert(calls).values({ companyId, managerId, startedAt, status: 'analysed' }).returning({ id: calls.id });
          const inMonth = startedAt.getTime() >= month.start && startedAt.getTime() < month.end;
          if (inMonth) callsPerManager.set(managerId, (callsPerManager.get(managerId) ?? 0) + 1);
          if (i % 9 === 0) continue; // not analysed yet
          const versions = i % 4 === 0 ? 2 : 1; // some were re-analysed: only the last one counts
          for (let v = 1; v <= versions; v++) {
            const scores: Partial<Record<Stage, number | null>> = {};
            for (const stage of STAGES) if (rnd() < 0.85) scores[stage] = Math.round(rnd() * 20) / 2; // 0, 0.5 … 10: 6.5 sits on the threshold
            const outcome = rnd() < 0.3 ? 'lost' as const : 'success' as const;
            if (v > 1) await tx.update(analyses).set({ isCurrent: false }).where(and(eq(analyses.companyId, companyId), eq(analyses.callId, row!.id)));
            await tx.insert(analyses).values({ companyId, callId: row!.id, engine: 'fixture', engineVersion: String(v), knowledgeHash: 'x', outcome, confidence: 0.5, scores: scores as Record<string, number>, result: {} as CallAnalysis });
            if (v === versions && inMonth) {
              expectedCalls.push({ callId: row!.id, managerId, analysedAt: startedAt, scores });
              if (outcome === 'lost') lostPerManager.set(managerId, (lostPerManager.get(managerId) ?? 0) + 1);
            }
          }
        }
      });
      const expected = stageSuccessByManager(expectedCalls, { threshold: 6.5 });
      const list = await listManagers(db, companyId, { kind: 'month', at: '2026-10-15' });
      assert.equal(list.threshold, 6.5);
      assert.equal(list.managers.length, 3);
      for (const manager of list.managers) {
        const want = expected.find((m) => m.managerId === manager.id)!;
        assert.equal(manager.calls, callsPerManager.get(manager.id), 'calls');
        assert.equal(manager.analysedCalls, want.analysedCalls, 'analysed calls');
        assert.equal(manager.lostCalls, lostPerManager.get(manager.id) ?? 0, 'lost calls');
        assert.deepEqual(manager.stages, want.stages);
        assert.deepEqual(manager.overall, want.overall);
        assert.deepEqual(manager.weakStages, want.weakStages.map((s) => s.stage));
      }
    });
  });
}
