// amoCRM OAuth 2.0 tokens: an access token lives a day, and a refresh token is single-use — each
// refresh (POST /oauth2/access_token, grant_type=refresh_token) returns a new pair and voids the
// old refresh token. So a refresh is saved before the new access token is used, and callers in one
// process share a single refresh in flight (a second refresh with the same refresh token would be
// refused). Across processes the store serialises (e.g. a row lock held around load and save).
// Tokens and the client secret stay in private fields: not in errors, not in JSON.stringify, never
// logged.
import { AppError } from '../../../domain/errors.ts';

export interface AmoTokens {
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
}

/** Where a connection's tokens are kept (the integration's secret storage); owned by the caller. */
export interface AmoTokenStore {
  load(): Promise<AmoTokens>;
  save(tokens: AmoTokens): Promise<void>;
}

export interface AmoOAuthOptions {
  /** https://<subdomain>.amocrm.ru; tests pass a local server */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** the redirect URI registered with the integration: amoCRM checks it on every token request */
  redirectUri: string;
  store: AmoTokenStore;
  fetch?: typeof fetch;
  now?: () => Date;
  /** refresh this long before the access token expires (default 5 minutes) */
  refreshMarginMs?: number;
  timeoutMs?: number;
}

interface TokenAnswer {
  token_type?: unknown;
  expires_in?: unknown;
  access_token?: unknown;
  refresh_token?: unknown;
}

export class AmoOAuth {
  readonly #baseUrl: URL;
  readonly #clientId: string;
  readonly #clientSecret: string;
  readonly #redirectUri: string;
  readonly #store: AmoTokenStore;
  readonly #fetch: typeof fetch;
  readonly #now: () => Date;
  readonly #marginMs: number;
  readonly #timeoutMs: number;
  /** the refresh in flight, shared by every caller that needs a token meanwhile */
  #refreshing: Promise<AmoTokens> | null = null;

  constructor(options: AmoOAuthOptions) {
    if (!options.clientId || !options.clientSecret || !options.redirectUri) {
      throw new AppError('amocrm_not_configured', 'amoCRM OAuth needs the integration ID, its secret key and the redirect URI from the amoCRM integration settings.', { status: 400 });
    }
    this.#baseUrl = new URL(options.baseUrl);
    this.#clientId = options.clientId;
    this.#clientSecret = options.clientSecret;
    this.#redirectUri = options.redirectUri;
    this.#store = options.store;
    this.#fetch = options.fetch ?? fetch;
    this.#now = options.now ?? (() => new Date());
    this.#marginMs = options.refreshMarginMs ?? 5 * 60_000;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** A usable access token: the stored one, or a fresh one when it expires within the margin. */
  async accessToken(): Promise<string> {
    if (this.#refreshing) return (await this.#refreshing).accessToken;
    const tokens = await this.#store.load();
    if (tokens.expiresAt.getTime() - this.#now().getTime() > this.#marginMs) return tokens.accessToken;
    return (await this.refresh(tokens.accessToken)).accessToken;
  }

  /**
   * Exchanges the stored refresh token for a new pair and saves it. `rejected`: the access token
   * amoCRM just refused; when the store already holds another one (someone refreshed meanwhile),
   * that one is used instead of spending the refresh token again.
   */
  refresh(rejected?: string): Promise<AmoTokens> {
    this.#refreshing ??= this.#refresh(rejected).finally(() => {
      this.#refreshing = null;
    });
    return this.#refreshing;
  }

  toJSON(): Record<string, string> {
    return { baseUrl: this.#baseUrl.origin, clientId: this.#clientId };
  }

  async #refresh(rejected: string | undefined): Promise<AmoTokens> {
    const stored = await this.#store.load();
    if (rejected !== undefined && stored.accessToken !== rejected && stored.expiresAt.getTime() - this.#now().getTime() > this.#marginMs) return stored;
    const url = new URL('/oauth2/access_token', this.#baseUrl);
    let response: Response;
    try {
      response = await this.#fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ client_id: this.#clientId, client_secret: this.#clientSecret, grant_type: 'refresh_token', refresh_token: stored.refreshToken, redirect_uri: this.#redirectUri }),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (error) {
      throw new AppError('amocrm_unreachable', `amoCRM did not answer the token refresh: ${(error as Error).name}. Retry later.`, { status: 502, retryable: true, cause: error });
    }
    const text = await response.text().catch(() => '');
    if (response.status === 400 || response.status === 401 || response.status === 403) {
      // amoCRM answers 400/401 for a revoked, expired or already used refresh token, or a wrong
      // secret or redirect URI: nothing but a new authorisation helps
      throw new AppError('amocrm_reauthorize_required', 'amoCRM refused to refresh the access token (the refresh token was used, revoked or is older than three months, or the integration keys changed): connect the amoCRM integration again.', {
        status: 502,
        details: { httpStatus: response.status, ...problemHint(text) },
      });
    }
    if (!response.ok) {
      throw new AppError('amocrm_http_error', `amoCRM answered ${response.status} to the token refresh.${response.status >= 500 ? ' Retry later.' : ''}`, { status: 502, retryable: response.status >= 500 || response.status === 429, details: { httpStatus: response.status } });
    }
    const tokens = parseTokens(text, this.#now());
    // saved before anyone uses it: the old refresh token is void from now on
    await this.#store.save(tokens);
    return tokens;
  }
}

function parseTokens(text: string, now: Date): AmoTokens {
  let answer: TokenAnswer;
  try {
    answer = JSON.parse(text) as TokenAnswer;
  } catch {
    answer = {};
  }
  const { access_token: accessToken, refresh_token: refreshToken, expires_in: expiresIn } = answer;
  if (typeof accessToken !== 'string' || !accessToken || typeof refreshToken !== 'string' || !refreshToken || typeof expiresIn !== 'number' || !(expiresIn > 0)) {
    throw new AppError('amocrm_bad_response', 'amoCRM answered the token refresh without access_token, refresh_token and expires_in.', { status: 502, retryable: true });
  }
  return { accessToken, refreshToken, expiresAt: new Date(now.getTime() + expiresIn * 1000) };
}

/** amoCRM's problem+json `hint`/`title` (they never carry tokens), for the integrator. */
function problemHint(text: string): Record<string, string> {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const pick = (key: string): Record<string, string> => (typeof body[key] === 'string' ? { [key]: (body[key] as string).slice(0, 200) } : {});
    return { ...pick('hint'), ...pick('title') };
  } catch {
    return {};
  }
}
