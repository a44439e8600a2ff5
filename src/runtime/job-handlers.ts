// Registers every feature's job handlers on the queue and keeps each company's schedules
// (weekly report on Mondays 09:00 and a daily sabotage scan, in the company's time zone).
import type { Database } from '../db/database.ts';
import { companies } from '../db/schema/companies.ts';
import { asSystem } from '../db/tenant.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { Config } from '../config.ts';
import { createAnalysisEngine } from '../analysis/engine-registry.ts';
import { runReanalysisJob } from '../knowledge/reanalysis.service.ts';
import { afterCallAnalysed, registerRecommendationHandlers } from '../recommendations/recommendation-handlers.ts';
import { registerIngestionHandlers } from '../calls/pipeline-handlers.ts';
import { runSabotageScanJob, runWeeklyReportJob } from '../reports/weekly-report.service.ts';
import { telegramSenderFromConfig } from '../notifications/notifications.service.ts';
import { sweepRecommendations } from '../recommendations/reminders.service.ts';

export interface HandlerDeps {
  config: Config;
  database: Database;
  jobs: JobQueue;
}

export const WEEKLY_REPORT_CRON = '0 9 * * 1';
export const SABOTAGE_SCAN_CRON = '0 10 * * *';

export function registerJobHandlers(deps: HandlerDeps): void {
  const { database, jobs, config } = deps;
  jobs.work('company.reanalyse', async (payload, job) => runReanalysisJob(database.db, createAnalysisEngine(config), payload, job.id));
  registerIngestionHandlers(jobs, { db: database.db, config, onAnalysed: (companyId, callId) => afterCallAnalysed(database.db, jobs, companyId, callId) });
  registerRecommendationHandlers(jobs, { db: database.db, config });
  const sender = telegramSenderFromConfig(database.db, config);
  jobs.work('report.weekly', (payload) => runWeeklyReportJob(payload, { db: database.db, sender }));
  jobs.work('sabotage.scan', async (payload) => {
    // the daily pass also catches reminders whose jobs were lost and payments imported after a verdict,
    // so overdue recommendations are current when the scan looks at them
    const swept = await sweepRecommendations({ db: database.db, telegram: sender }, payload.companyId);
    return { swept, sabotage: await runSabotageScanJob(payload, { db: database.db, sender }) };
  });
}

/** Idempotent: re-running replaces each company's schedules with the same key. */
export async function ensureCompanySchedules(deps: HandlerDeps): Promise<number> {
  const rows = await asSystem(deps.database.db, (tx) => tx.select({ id: companies.id, timezone: companies.timezone }).from(companies));
  for (const company of rows) {
    await deps.jobs.schedule('report.weekly', WEEKLY_REPORT_CRON, { companyId: company.id }, { tz: company.timezone });
    await deps.jobs.schedule('sabotage.scan', SABOTAGE_SCAN_CRON, { companyId: company.id }, { tz: company.timezone });
  }
  return rows.length;
}
