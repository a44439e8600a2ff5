// Factories for integration tests: a fresh company with its people, and calls with transcripts
// written straight into the database (ingestion and speech-to-text are tested on their own).
// Rows are written inside withTenant, so row-level security checks them as it checks the app.
import { randomBytes } from 'node:crypto';
import type { AppDb } from '../../src/db/database.ts';
import { calls, clients, transcripts, type CallStatus } from '../../src/db/schema/calls.ts';
import { withTenant } from '../../src/db/tenant.ts';
import { createCompany, createUser } from '../../src/companies/companies.service.ts';
import type { Turn } from '../../src/domain/transcript.ts';

export const FACTORY_PASSWORD = 'factory-password';

export interface BuiltPerson {
  id: string;
  email: string;
  password: string;
  name: string;
}

export interface BuiltCompany {
  companyId: string;
  name: string;
  headOfSales: BuiltPerson;
  integrator: BuiltPerson;
  managers: BuiltPerson[];
}

export async function buildCompany(db: AppDb, options: { name?: string; managers?: number } = {}): Promise<BuiltCompany> {
  const tag = randomBytes(4).toString('hex');
  const company = await createCompany(db, { name: options.name ?? `Тестовая компания ${tag}`, averageCheck: 100_000 });
  const person = async (role: 'head_of_sales' | 'integrator' | 'manager', name: string, key: string): Promise<BuiltPerson> => {
    const email = `${key}.${tag}@factory.test`;
    const user = await createUser(db, company.id, { email, name, role, password: FACTORY_PASSWORD });
    return { id: user.id, email: user.email, password: FACTORY_PASSWORD, name };
  };
  const headOfSales = await person('head_of_sales', 'Руководитель Отдела', 'rop');
  const integrator = await person('integrator', 'Интегратор Внедренцев', 'integrator');
  const managers: BuiltPerson[] = [];
  for (let i = 0; i < (options.managers ?? 2); i++) managers.push(await person('manager', `Менеджер ${i + 1}`, `manager${i + 1}`));
  return { companyId: company.id, name: company.name, headOfSales, integrator, managers };
}

export interface CallSpec {
  managerId?: string | null;
  /** null: a call without a transcript yet */
  turns: Turn[] | null;
  startedAt?: Date;
  status?: CallStatus;
  clientPhone?: string;
  clientName?: string;
  isReference?: boolean;
  language?: string;
  durationSeconds?: number;
}

export async function buildCall(db: AppDb, companyId: string, spec: CallSpec): Promise<{ id: string; clientId: string | null }> {
  return withTenant(db, companyId, async (tx) => {
    let clientId: string | null = null;
    if (spec.clientPhone || spec.clientName) {
      const [client] = await tx
        .insert(clients)
        .values({ companyId, phoneE164: spec.clientPhone ?? null, name: spec.clientName ?? null, managerId: spec.managerId ?? null })
        .returning({ id: clients.id });
      clientId = client!.id;
    }
    const [call] = await tx
      .insert(calls)
      .values({
        companyId,
        managerId: spec.managerId ?? null,
        clientId,
        clientPhone: spec.clientPhone ?? null,
        startedAt: spec.startedAt ?? new Date(),
        durationSeconds: spec.durationSeconds ?? 180,
        status: spec.status ?? (spec.turns ? 'transcribed' : 'received'),
        isReference: spec.isReference ?? false,
      })
      .returning({ id: calls.id });
    if (spec.turns) await tx.insert(transcripts).values({ callId: call!.id, companyId, language: spec.language ?? 'ru', turns: spec.turns, source: 'import' });
    return { id: call!.id, clientId };
  });
}

/** Turns from "M: …" / "C: …" lines: the dialogues in tests stay readable. */
export function dialogue(...lines: string[]): Turn[] {
  return lines.map((line) => {
    const match = /^([MC]):\s*(.*)$/s.exec(line);
    if (!match) throw new Error(`dialogue line must start with "M:" or "C:": ${line}`);
    return { speaker: match[1] === 'M' ? 'manager' : 'client', text: match[2]! };
  });
}
