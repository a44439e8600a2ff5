// amoCRM webhooks arrive as application/x-www-form-urlencoded with PHP-style keys:
//   leads[status][0][id]=3912171&leads[status][0][status_id]=142&account[subdomain]=mebelplus
// They carry no phone and no signature, so the transport should put a secret in the webhook URL,
// and the service fetches the lead with its contacts (AmoCrmClient.getLead) before storing it.
import { AppError } from '../../../domain/errors.ts';
import { amoStatus } from './amocrm-mapper.ts';
import type { CrmDealStatus } from '../deal-record.ts';

export type AmoLeadEventKind = 'add' | 'update' | 'status' | 'delete' | 'restore' | 'responsible';

export interface AmoDealEvent {
  kind: AmoLeadEventKind;
  leadId: number;
  statusId: number | null;
  status: CrmDealStatus | null;
  oldStatusId: number | null;
  pipelineId: number | null;
  /** in the account currency's major units, as amoCRM sends it; null when empty */
  price: number | null;
  responsibleUserId: number | null;
  /** last_modified / updated_at, when present */
  modifiedAt: Date | null;
}

export interface AmoWebhook {
  subdomain: string;
  accountId: number | null;
  events: AmoDealEvent[];
}

const EVENT_KINDS: readonly AmoLeadEventKind[] = ['add', 'update', 'status', 'delete', 'restore', 'responsible'];
const KEY = /^leads\[([a-z_]+)\]\[(\d+)\]\[([a-z_]+)\]$/;

const toNumber = (value: string | undefined): number | null => {
  if (value === undefined || value.trim() === '') return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
};

/** Parse a webhook body (the raw form string or already-decoded params) into lead events. */
export function parseAmoWebhook(body: string | URLSearchParams): AmoWebhook {
  const params = typeof body === 'string' ? new URLSearchParams(body) : body;
  const subdomain = params.get('account[subdomain]')?.trim() ?? '';
  if (subdomain === '') {
    throw new AppError('amocrm_webhook_invalid', 'Not an amoCRM webhook: account[subdomain] is missing.', { status: 400 });
  }
  const grouped = new Map<string, { kind: AmoLeadEventKind; fields: Record<string, string> }>();
  for (const [key, value] of params) {
    const match = KEY.exec(key);
    if (!match) continue; // contacts[…], tasks[…], custom fields: not deal events
    const [, kind = '', index = '', field = ''] = match;
    if (!(EVENT_KINDS as readonly string[]).includes(kind)) continue;
    const id = `${kind}:${index}`;
    const entry = grouped.get(id) ?? { kind: kind as AmoLeadEventKind, fields: {} };
    entry.fields[field] = value;
    grouped.set(id, entry);
  }
  const events: AmoDealEvent[] = [];
  for (const { kind, fields } of grouped.values()) {
    const leadId = toNumber(fields.id);
    if (leadId === null) throw new AppError('amocrm_webhook_invalid', `amoCRM webhook: a "${kind}" lead event has no id.`, { status: 400 });
    const statusId = toNumber(fields.status_id);
    const modified = toNumber(fields.last_modified) ?? toNumber(fields.updated_at);
    events.push({
      kind,
      leadId,
      statusId,
      status: statusId === null ? null : amoStatus(statusId),
      oldStatusId: toNumber(fields.old_status_id),
      pipelineId: toNumber(fields.pipeline_id),
      price: toNumber(fields.price),
      responsibleUserId: toNumber(fields.responsible_user_id),
      modifiedAt: modified === null ? null : new Date(modified * 1000),
    });
  }
  return { subdomain, accountId: toNumber(params.get('account[id]') ?? undefined), events };
}
