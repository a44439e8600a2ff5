// Errors a person can act on: a stable code, a message, whether a retry can help, and the HTTP
// status a transport should answer with. Services throw these; transports shape them.
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 423 | 429 | 500 | 502 | 503 | 504;

export class AppError extends Error {
  readonly code: string;
  readonly status: ErrorStatus;
  readonly retryable: boolean;
  readonly details?: Record<string, unknown>;

  constructor(code: string, message: string, options: { status?: ErrorStatus; retryable?: boolean; details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = options.status ?? 400;
    this.retryable = options.retryable ?? false;
    if (options.details) this.details = options.details;
  }
}

export const notFound = (what: string): AppError => new AppError('not_found', `${what} not found`, { status: 404 });
export const forbidden = (message = 'You do not have access to this'): AppError => new AppError('forbidden', message, { status: 403 });
export const invalid = (message: string, details?: Record<string, unknown>): AppError =>
  new AppError('invalid_input', message, { status: 400, ...(details ? { details } : {}) });
