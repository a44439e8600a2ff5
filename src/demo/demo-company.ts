// Creates the demo company (a head of sales, an integrator, 5 managers) with its knowledge and,
// on creation, ten weeks of calls, deals and payments (demo-seed.ts) so every screen has real
// trends on first start. Idempotent: does nothing when the demo company already exists.
import { eq } from 'drizzle-orm';
import type { AppDb } from '../db/database.ts';
import { companies } from '../db/schema/companies.ts';
import { expertRules, objections, scriptStages } from '../db/schema/knowledge.ts';
import { asSystem, withTenant } from '../db/tenant.ts';
import { STAGES } from '../domain/stages.ts';
import { createCompany, insertUser } from '../companies/companies.service.ts';
import { seedDemoActivity, type DemoSeedSummary, type SeedDemoOptions } from './demo-seed.ts';
import { DEMO_COMPANY, DEMO_EXPERT_RULES, DEMO_OBJECTIONS, DEMO_PASSWORD, DEMO_PEOPLE, DEMO_SCRIPT } from './demo-content.ts';

export interface DemoSignIns {
  companyId: string;
  created: boolean;
  password: string;
  headOfSales: { email: string; password: string };
  integrator: { email: string; password: string };
  managers: { email: string; password: string; name: string }[];
  /** what the first start generated; null when the company existed or was created without activity */
  activity: DemoSeedSummary | null;
}

export function demoSignIns(companyId: string, created: boolean, activity: DemoSeedSummary | null = null): DemoSignIns {
  return {
    companyId,
    created,
    activity,
    password: DEMO_PASSWORD,
    headOfSales: { email: DEMO_PEOPLE.headOfSales.email, password: DEMO_PASSWORD },
    integrator: { email: DEMO_PEOPLE.integrator.email, password: DEMO_PASSWORD },
    managers: DEMO_PEOPLE.managers.map((m) => ({ email: m.email, password: DEMO_PASSWORD, name: m.name })),
  };
}

export async function findDemoCompany(db: AppDb): Promise<string | null> {
  const row = await asSystem(db, async (tx) => (await tx.select({ id: companies.id }).from(companies).where(eq(companies.slug, DEMO_COMPANY.slug)).limit(1))[0]);
  return row?.id ?? null;
}

export interface EnsureDemoOptions {
  /**
   * weeks of generated calls, deals and payments (default); false = the company and its knowledge
   * only — what test servers use, so suites see just the calls they create
   */
  activity?: boolean | SeedDemoOptions;
}

export async function ensureDemoCompany(db: AppDb, options: EnsureDemoOptions = {}): Promise<DemoSignIns> {
  const existing = await findDemoCompany(db);
  if (existing) return demoSignIns(existing, false);
  const company = await createCompany(db, { ...DEMO_COMPANY, isDemo: true });
  await withTenant(db, company.id, async (tx) => {
    await insertUser(tx, company.id, { ...DEMO_PEOPLE.headOfSales, password: DEMO_PASSWORD });
    await insertUser(tx, company.id, { ...DEMO_PEOPLE.integrator, password: DEMO_PASSWORD });
    for (const manager of DEMO_PEOPLE.managers) {
      await insertUser(tx, company.id, { email: manager.email, name: manager.name, role: 'manager', password: DEMO_PASSWORD, extensions: [manager.extension] });
    }
    await tx.insert(scriptStages).values(STAGES.map((stage) => ({ companyId: company.id, stage, text: DEMO_SCRIPT[stage] })));
    await tx.insert(objections).values(DEMO_OBJECTIONS.map((o, position) => ({ companyId: company.id, ...o, position })));
    await tx.insert(expertRules).values(DEMO_EXPERT_RULES.map((r) => ({ companyId: company.id, ...r })));
  });
  const activity = options.activity ?? true;
  const summary = activity === false ? null : await seedDemoActivity(db, company.id, activity === true ? {} : activity);
  return demoSignIns(company.id, true, summary);
}
