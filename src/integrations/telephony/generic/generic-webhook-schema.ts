// The payload of the generic telephony webhook: one finished call. The recording comes as a URL,
// as a file attached to the same multipart request, or not at all when a transcript is included.
import { z } from 'zod';
import { AppError } from '../../../domain/errors.ts';
import { normalizePhone } from '../../../domain/phone.ts';

const DIRECTIONS: Record<string, 'inbound' | 'outbound'> = {
  inbound: 'inbound', incoming: 'inbound', in: 'inbound',
  outbound: 'outbound', outgoing: 'outbound', out: 'outbound',
};

const transcriptTurn = z.object({
  speaker: z.enum(['manager', 'client']),
  text: z.string().min(1),
  start: z.number().nonnegative().optional(),
  end: z.number().nonnegative().optional(),
});

export const genericWebhookPayloadSchema = z.object({
  external_id: z.string().trim().min(1).max(200),
  manager_extension: z.string().trim().min(1).max(50).optional(),
  manager_id: z.string().trim().min(1).max(100).optional(),
  client_phone: z.string().trim().min(1).transform((value, context) => {
    const phone = normalizePhone(value);
    if (!phone) context.addIssue({ code: 'custom', message: `"${value}" is not a valid phone number` });
    return phone ?? value;
  }),
  direction: z.string().transform((value, context) => {
    const direction = DIRECTIONS[value.trim().toLowerCase()];
    if (!direction) context.addIssue({ code: 'custom', message: 'must be "inbound" or "outbound"' });
    return direction ?? 'inbound';
  }),
  started_at: z.iso.datetime({ offset: true }).transform((value) => new Date(value)),
  duration: z.number().int().nonnegative().max(24 * 3600),
  recording_url: z.url({ protocol: /^https?$/ }).optional(),
  /** our JSON turns, or any transcript text the importer understands (VTT, SRT, "Менеджер: …") */
  transcript: z.union([z.array(transcriptTurn).min(1), z.string().min(1)]).optional(),
  language: z.string().min(2).max(10).optional(),
}).refine((payload) => payload.manager_extension !== undefined || payload.manager_id !== undefined, {
  message: 'give manager_extension (the PBX extension) or manager_id', path: ['manager_extension'],
});

export type GenericWebhookPayload = z.output<typeof genericWebhookPayloadSchema>;

/** Validate a webhook body; `hasAttachment` tells whether a recording file came with the request. */
export function parseGenericWebhookPayload(body: unknown, options: { hasAttachment?: boolean } = {}): GenericWebhookPayload {
  const result = genericWebhookPayloadSchema.safeParse(body);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`);
    throw new AppError('webhook.invalid_payload', `The call webhook payload is invalid — ${problems.join('; ')}.`, { status: 422, details: { problems } });
  }
  const payload = result.data;
  if (!payload.recording_url && !payload.transcript && !options.hasAttachment) {
    throw new AppError('webhook.invalid_payload', 'The call webhook has nothing to analyse: give recording_url, attach the recording file, or include a transcript.', { status: 422 });
  }
  return payload;
}
