// Fixtures for the lost-client loop: a dental clinic's knowledge (script, objections, expert
// rules), lost calls that differ (price vs "I'll ask my husband"), a reference call, follow-up
// calls (meaning applied in other words / keywords only / about something else), and helpers to
// analyse a call and run the recommendation jobs without a queue.
import { randomBytes } from 'node:crypto';
import type { AppDb } from '../../src/db/database.ts';
import { calls, transcripts } from '../../src/db/schema/calls.ts';
import { expertRules, objections, scriptStages } from '../../src/db/schema/knowledge.ts';
import { withTenant } from '../../src/db/tenant.ts';
import type { Turn } from '../../src/domain/transcript.ts';
import { createBuiltinEngine } from '../../src/analysis/builtin/builtin-engine.ts';
import { analyseCall } from '../../src/calls/analyse-call.ts';
import type { JobSender } from '../../src/recommendations/recommendations.service.ts';
import { dialogue } from './factories.ts';

export async function addClinicKnowledge(db: AppDb, companyId: string): Promise<void> {
  await withTenant(db, companyId, async (tx) => {
    await tx.insert(scriptStages).values([
      { companyId, stage: 'objections', text: 'Дорого -> рассрочка без переплаты и лечение по этапам' },
      { companyId, stage: 'closing', text: 'Записать на бесплатную консультацию врача на конкретный день и время' },
    ]);
    await tx.insert(objections).values([
      { companyId, text: 'Дорого', handling: 'Рассрочка без переплаты на 12 месяцев и лечение по этапам, начиная с самого срочного', position: 0 },
      { companyId, text: 'Посоветуюсь с мужем', handling: 'Пригласить на бесплатную консультацию вдвоём, чтобы врач ответил на вопросы обоих', position: 1 },
    ]);
    await tx.insert(expertRules).values([{ companyId, stage: 'closing', text: 'Всегда называть два конкретных времени приёма' }]);
  });
}

export const PRICE_LOST = dialogue(
  'M: Добрый день, клиника «Улыбка», меня зовут Ольга. Вы оставляли заявку на лечение.',
  'C: Да, мне нужно вылечить два зуба и поставить коронку, болит уже неделю.',
  'M: Полное лечение по плану — сорок восемь тысяч.',
  'C: Ой, это слишком дорого для меня, я такие деньги не потяну.',
  'M: Понятно. Ну, если что — звоните.',
);

export const SPOUSE_LOST = dialogue(
  'M: Здравствуйте, клиника «Улыбка», Ольга. Вы интересовались имплантацией.',
  'C: Да, хочу поставить имплант вместо удалённого зуба, жевать неудобно.',
  'M: Имплант под ключ — шестьдесят тысяч, делаем за два визита.',
  'C: Мне надо посоветоваться с мужем, я сама такие решения не принимаю.',
  'M: Хорошо, советуйтесь.',
);

export const REFERENCE_CALL = dialogue(
  'M: Здравствуйте, клиника «Улыбка».',
  'C: Честно, цена кусается, не знаю, потяну ли.',
  'M: Понимаю. Давайте разобьём сумму на двенадцать месяцев без переплаты, а начнём с того зуба, который болит.',
  'C: Так можно. Давайте.',
  'M: Удобно в среду в десять или в пятницу в три?',
  'C: В пятницу в три.',
);

/** The recommendation's meaning in other words, and the client agrees to a slot. */
export const APPLIED_FOLLOW_UP = dialogue(
  'M: Ирина, здравствуйте, Ольга, «Улыбка». Вы сказали, что сумма для вас неподъёмная. Есть пара минут?',
  'C: Есть.',
  'M: Всю сумму сразу платить не нужно: разобьём на двенадцать равных платежей, сверху ни рубля. И начнём с того зуба, который болит, остальное — потом, по шагам.',
  'C: Так уже можно думать.',
  'M: Давайте врач вас бесплатно посмотрит и составит план. Удобно в среду в десять или в пятницу в три?',
  'C: В пятницу в три.',
);

/** Only the recommendation's keywords, no substance and no concrete step. */
export const KEYWORDS_FOLLOW_UP = dialogue(
  'M: Здравствуйте, «Улыбка». У нас есть рассрочка, лечение по этапам, консультация бесплатная.',
  'C: И?',
  'M: Ну, если надумаете — звоните, запишем как-нибудь.',
  'C: Ладно, подумаю.',
);

/** The client calls about something else: a receipt for the tax deduction of an earlier visit. */
export const UNRELATED_FOLLOW_UP = dialogue(
  'C: Здравствуйте, мне нужна справка для налогового вычета за прошлый год.',
  'M: Добрый день! Конечно, продиктуйте ИНН, справку подготовим за пять рабочих дней.',
  'C: Записывайте: семьсот семьдесят, дальше пришлю письмом.',
  'M: Хорошо, пришлите на почту, как будет готово — сообщим.',
);

export function uniquePhone(): string {
  return `+7916${String(parseInt(randomBytes(3).toString('hex'), 16) % 10_000_000).padStart(7, '0')}`;
}

/** A later call with an existing client (the factories' buildCall always makes a new client). */
export async function buildFollowUpCall(db: AppDb, companyId: string, spec: { clientId: string; managerId: string; turns: Turn[]; startedAt?: Date; phone?: string }): Promise<string> {
  return withTenant(db, companyId, async (tx) => {
    const [call] = await tx.insert(calls).values({
      companyId, managerId: spec.managerId, clientId: spec.clientId, clientPhone: spec.phone ?? null,
      startedAt: spec.startedAt ?? new Date(), durationSeconds: 120, status: 'transcribed', direction: 'outbound',
    }).returning({ id: calls.id });
    await tx.insert(transcripts).values({ callId: call!.id, companyId, language: 'ru', turns: spec.turns, source: 'import' });
    return call!.id;
  });
}

export async function analyse(db: AppDb, companyId: string, callId: string): Promise<'success' | 'lost'> {
  const result = await analyseCall(db, createBuiltinEngine(), companyId, callId);
  if (result.status !== 'analysed') throw new Error(`analysis failed: ${result.errorCode} ${result.errorMessage}`);
  return result.analysis.outcome;
}

export interface SentJob {
  queue: string;
  payload: Record<string, unknown>;
  options: { singletonKey?: string; startAfter?: unknown } | undefined;
}

/** A JobSender that records instead of queueing; tests run the handlers themselves. */
export function recordingSender(): JobSender & { sent: SentJob[]; take(queue: string): SentJob[] } {
  const sent: SentJob[] = [];
  const sender = {
    sent,
    send: (queue: string, payload: unknown, options?: SentJob['options']) => {
      sent.push({ queue, payload: payload as Record<string, unknown>, options });
      return Promise.resolve(`job-${sent.length}`);
    },
    take(queue: string): SentJob[] {
      const found = sent.filter((j) => j.queue === queue);
      for (const job of found) sent.splice(sent.indexOf(job), 1);
      return found;
    },
  };
  return sender as unknown as JobSender & { sent: SentJob[]; take(queue: string): SentJob[] };
}
