// REST client for the parts of amoCRM API v4 that give us deals and payments:
// GET /api/v4/leads?with=contacts (pages through `_links.next`) and GET /api/v4/contacts for phones.
// The OAuth access token — a fixed one, or one kept fresh by AmoOAuth (amocrm-oauth.ts), refreshed
// once and retried when amoCRM answers 401 — is only ever put in the Authorization header: it is not
// in errors, not in `JSON.stringify(client)` and never logged.
import { AppError } from '../../../domain/errors.ts';
import type { CrmDealRecord } from '../deal-record.ts';
import { mapAmoLead, type AmoContact, type AmoLead, type AmoPage } from './amocrm-mapper.ts';

export interface AmoCrmClientOptions {
  /** https://<subdomain>.amocrm.ru (or .kommo.com); tests pass a local server */
  baseUrl: string;
  subdomain: string;
  /** a fixed access token, or a source that refreshes it (AmoOAuth) */
  accessToken: string | AccessTokenSource;
  /** the account currency: amoCRM lead prices carry none */
  currency: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** leads per page, at most 250 */
  pageSize?: number;
}

/** What the client needs from AmoOAuth: the current token, and a new one after a 401. */
export interface AccessTokenSource {
  accessToken(): Promise<string>;
  refresh(rejected: string): Promise<{ accessToken: string }>;
}

export interface ListLeadsFilter {
  /** only leads updated at or after this instant (incremental sync) */
  updatedSince?: Date;
}

const CONTACTS_PER_REQUEST = 50;

export class AmoCrmClient {
  readonly subdomain: string;
  readonly currency: string;
  readonly #baseUrl: URL;
  readonly #tokens: AccessTokenSource | null;
  readonly #token: string;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;
  readonly #pageSize: number;

  constructor(options: AmoCrmClientOptions) {
    if (!options.accessToken) throw new AppError('amocrm_not_configured', 'amoCRM access token is empty: connect the integration again.', { status: 400 });
    this.subdomain = options.subdomain;
    this.currency = options.currency;
    this.#baseUrl = new URL(options.baseUrl);
    this.#tokens = typeof options.accessToken === 'string' ? null : options.accessToken;
    this.#token = typeof options.accessToken === 'string' ? options.accessToken : '';
    this.#fetch = options.fetch ?? fetch;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#pageSize = Math.min(Math.max(options.pageSize ?? 250, 1), 250);
  }

  /** Every lead matching the filter, following `_links.next` page by page. */
  async *listLeads(filter: ListLeadsFilter = {}): AsyncGenerator<AmoLead> {
    const first = new URL('/api/v4/leads', this.#baseUrl);
    first.searchParams.set('with', 'contacts');
    first.searchParams.set('limit', String(this.#pageSize));
    first.searchParams.set('page', '1');
    if (filter.updatedSince) first.searchParams.set('filter[updated_at][from]', String(Math.floor(filter.updatedSince.getTime() / 1000)));
    let next: URL | null = first;
    const visited = new Set<string>();
    while (next) {
      if (visited.has(next.href)) throw new AppError('amocrm_bad_response', 'amoCRM returned a pagination loop (the same next page twice).', { status: 502 });
      visited.add(next.href);
      const page: AmoPage<'leads', AmoLead> | null = await this.#get<AmoPage<'leads', AmoLead>>(next);
      for (const lead of page?._embedded?.leads ?? []) yield lead;
      next = page?._links?.next?.href ? this.#sameOrigin(page._links.next.href) : null;
    }
  }

  async getLead(id: number): Promise<AmoLead | null> {
    const url = new URL(`/api/v4/leads/${encodeURIComponent(String(id))}`, this.#baseUrl);
    url.searchParams.set('with', 'contacts');
    return this.#get<AmoLead>(url);
  }

  async getContacts(ids: readonly number[]): Promise<Map<number, AmoContact>> {
    const contacts = new Map<number, AmoContact>();
    const unique = [...new Set(ids)];
    for (let start = 0; start < unique.length; start += CONTACTS_PER_REQUEST) {
      const url = new URL('/api/v4/contacts', this.#baseUrl);
      for (const id of unique.slice(start, start + CONTACTS_PER_REQUEST)) url.searchParams.append('filter[id][]', String(id));
      url.searchParams.set('limit', String(CONTACTS_PER_REQUEST));
      const page = await this.#get<AmoPage<'contacts', AmoContact>>(url);
      for (const contact of page?._embedded?.contacts ?? []) contacts.set(contact.id, contact);
    }
    return contacts;
  }

  /** Leads mapped to deal records, with their contacts' phones. */
  async fetchDeals(filter: ListLeadsFilter = {}): Promise<CrmDealRecord[]> {
    const leads: AmoLead[] = [];
    for await (const lead of this.listLeads(filter)) if (!lead.is_deleted) leads.push(lead);
    const contacts = await this.getContacts(leads.flatMap((lead) => (lead._embedded?.contacts ?? []).map((contact) => contact.id)));
    return leads.map((lead) => mapAmoLead(lead, contacts, { subdomain: this.subdomain, currency: this.currency }));
  }

  /** One lead (e.g. after a webhook) mapped to a deal record, or null when it no longer exists. */
  async fetchDeal(id: number): Promise<CrmDealRecord | null> {
    const lead = await this.getLead(id);
    if (!lead) return null;
    const contacts = await this.getContacts((lead._embedded?.contacts ?? []).map((contact) => contact.id));
    return mapAmoLead(lead, contacts, { subdomain: this.subdomain, currency: this.currency });
  }

  toJSON(): Record<string, string> {
    return { baseUrl: this.#baseUrl.origin, subdomain: this.subdomain, currency: this.currency };
  }

  /** Pagination links are absolute; following one to another host would hand it our token. */
  #sameOrigin(href: string): URL {
    const url = new URL(href, this.#baseUrl);
    if (url.origin !== this.#baseUrl.origin) {
      throw new AppError('amocrm_bad_response', `amoCRM pagination points to another host (${url.host}); refusing to send the token there.`, { status: 502 });
    }
    return url;
  }

  async #get<T>(url: URL): Promise<T | null> {
    const token = this.#tokens ? await this.#tokens.accessToken() : this.#token;
    let response = await this.#send(url, token);
    if (response.status === 401 && this.#tokens) {
      // revoked or expired earlier than announced: one refresh, one retry
      await response.body?.cancel();
      response = await this.#send(url, (await this.#tokens.refresh(token)).accessToken);
    }
    if (response.status === 204 || response.status === 404) {
      await response.body?.cancel();
      return null; // amoCRM answers 204 No Content for an empty list
    }
    if (!response.ok) {
      const detail = (await response.text().catch(() => '')).slice(0, 300);
      throw httpError(response.status, url.pathname, detail, response.headers.get('retry-after'));
    }
    try {
      return (await response.json()) as T;
    } catch (error) {
      throw new AppError('amocrm_bad_response', `amoCRM sent something that is not JSON for ${url.pathname}.`, { status: 502, cause: error });
    }
  }

  async #send(url: URL, token: string): Promise<Response> {
    try {
      return await this.#fetch(url, {
        headers: { authorization: `Bearer ${token}`, accept: 'application/hal+json, application/json' },
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (error) {
      throw new AppError('amocrm_unreachable', `amoCRM did not answer (${url.pathname}): ${(error as Error).name}. Retry later.`, { status: 502, retryable: true, cause: error });
    }
  }
}

function httpError(status: number, path: string, detail: string, retryAfter: string | null): AppError {
  const details = { httpStatus: status, path, ...(detail ? { body: detail } : {}) };
  if (status === 401) {
    return new AppError('amocrm_unauthorized', 'amoCRM rejected the access token (401): refresh the token or reconnect the integration.', { status: 502, details });
  }
  if (status === 402) return new AppError('amocrm_payment_required', 'The amoCRM account is not paid (402): the API is closed until it is.', { status: 502, details });
  if (status === 403) return new AppError('amocrm_forbidden', 'amoCRM denied access (403): the integration user needs rights to deals and contacts.', { status: 502, details });
  if (status === 429) {
    const seconds = retryAfter && Number.isFinite(Number(retryAfter)) ? Number(retryAfter) : 1;
    return new AppError('amocrm_rate_limited', `amoCRM rate limit hit (429): retry in ${seconds} s.`, { status: 503, retryable: true, details: { ...details, retryAfterSeconds: seconds } });
  }
  const retryable = status >= 500;
  return new AppError('amocrm_http_error', `amoCRM answered ${status} for ${path}.${retryable ? ' Retry later.' : ''}`, { status: 502, retryable, details });
}
