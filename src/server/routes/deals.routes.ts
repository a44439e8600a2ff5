// Deals CSV import (preview and commit), manual payments with a receipt, and the amoCRM webhook.
// CSV arrives as multipart (field "file") or as a text/csv body; amoCRM posts form-urlencoded.
// Those two body types are parsed in an encapsulated scope so no other route is affected.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServerContext } from '../context.ts';
import { userActor } from '../plugins/auth.ts';
import { errors, errorSchema } from '../schemas.ts';
import { AppError, invalid } from '../../domain/errors.ts';
import { confirmManualPayment, importDealsFromCsv, ingestAmoWebhook } from '../../deals/deals.service.ts';

const countsSchema = z.object({ dealsCreated: z.number(), dealsUpdated: z.number(), paymentsCreated: z.number(), paymentsAlreadyImported: z.number(), clientsCreated: z.number() });
const importSchema = z.object({
  dryRun: z.boolean(), delimiter: z.string(), encoding: z.string(), columns: z.record(z.string(), z.string()), ignoredHeaders: z.array(z.string()),
  totalRows: z.number(), validRows: z.number(),
  errors: z.array(z.object({ line: z.number(), field: z.string().optional(), code: z.string(), message: z.string(), value: z.string().optional() })),
  preview: z.array(z.object({ line: z.number(), phone: z.string().nullable(), amountMinor: z.number(), currency: z.string(), status: z.string(), paidAt: z.date().nullable(), externalId: z.string() })),
  stored: countsSchema.nullable(),
});
const paymentSchema = z.object({ id: z.string(), clientId: z.string().nullable(), dealId: z.string().nullable(), amount: z.number(), currency: z.string(), paidAt: z.date(), confirmed: z.boolean(), receiptSha256: z.string().nullable(), recommendationId: z.string().nullable(), confirmedBy: z.string().nullable() });

async function csvBody(request: FastifyRequest): Promise<Buffer> {
  if (request.isMultipart()) {
    const file = await request.file();
    if (!file) throw invalid('Attach the CSV file in the "file" field.');
    return file.toBuffer();
  }
  if (Buffer.isBuffer(request.body)) return request.body;
  throw new AppError('unsupported_media_type', 'Send the CSV as multipart/form-data (field "file") or as a text/csv body.', { status: 415 });
}

export async function dealsRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const db = ctx.database.db;
  await app.register(async (scope) => {
    scope.addContentTypeParser(['text/csv', 'text/plain', 'application/x-www-form-urlencoded'], { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    const r = scope.withTypeProvider<ZodTypeProvider>();

    r.post('/api/v1/deals/import', {
      schema: { tags: ['deals'], summary: 'Import deals and payments from CSV (dryRun=true: preview only, nothing stored)', querystring: z.object({ dryRun: z.enum(['true', 'false']).default('false') }), response: { 200: importSchema, ...errors, 413: errorSchema, 415: errorSchema, 422: errorSchema } },
    }, async (request) => {
      const { companyId } = userActor(request, ['head_of_sales', 'integrator']);
      return importDealsFromCsv(db, companyId, await csvBody(request), { dryRun: request.query.dryRun === 'true' });
    });

    r.post('/api/v1/payments', {
      schema: { tags: ['deals'], summary: 'Confirm a payment by hand with its receipt (multipart: amount, paidAt, clientPhone or clientId, recommendationId?, dealId?, receipt)', response: { 200: paymentSchema, ...errors, 413: errorSchema, 422: errorSchema } },
    }, async (request) => {
      const actor = userActor(request, ['head_of_sales', 'integrator', 'manager']);
      if (!request.isMultipart()) throw new AppError('unsupported_media_type', 'Send the payment as multipart/form-data with the receipt file.', { status: 415 });
      const fields: Record<string, string> = {};
      let receipt: { bytes: Buffer; mime: string; filename: string } | null = null;
      for await (const part of request.parts()) {
        if (part.type === 'file') receipt = { bytes: await part.toBuffer(), mime: part.mimetype, filename: part.filename };
        else fields[part.fieldname] = String(part.value);
      }
      const parsed = z.object({
        amount: z.coerce.number().positive().max(1e12),
        paidAt: z.coerce.date(),
        clientId: z.uuid().optional(),
        clientPhone: z.string().max(40).optional(),
        recommendationId: z.uuid().optional(),
        dealId: z.uuid().optional(),
      }).safeParse(fields);
      if (!parsed.success) throw invalid(`Check the fields: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      if (!receipt) throw invalid('Attach the receipt (a photo or PDF of the payment document) in the "receipt" field.');
      const row = await confirmManualPayment(db, ctx.config.dataDir, actor, { ...parsed.data, receipt });
      return { ...row, amount: Number(row.amount) };
    });

    r.post('/api/v1/webhooks/amocrm/:integrationId/:secret', {
      schema: { tags: ['webhooks'], summary: 'amoCRM lead webhook (the URL carries the integration secret: amoCRM does not sign webhooks)', params: z.object({ integrationId: z.uuid(), secret: z.string().min(1).max(200) }), response: { 200: z.object({ events: z.number(), stored: countsSchema }), 400: errorSchema, 404: errorSchema } },
    }, async (request) => {
      const body = Buffer.isBuffer(request.body) ? request.body.toString('utf8') : '';
      return ingestAmoWebhook(db, request.params.integrationId, request.params.secret, body);
    });
  });
}
