// Turns an API or network failure into a sentence a person can act on, in the interface language.
// Known codes get our own wording; otherwise the server's message (it is written for people).
import type { Formatters } from '../i18n/format.ts';
import type { MessageKey, Translate } from '../i18n/i18n.tsx';
import { ApiError } from './client.ts';

const messagesByCode: Record<string, MessageKey> = {
  'auth.invalid_credentials': 'signIn.invalidCredentials',
  'invite.not_found': 'invite.notFound',
  'invite.expired': 'invite.expired',
  'invite.used': 'invite.used',
  'auth.wrong_password': 'common.error.wrongPassword',
  'user.email_taken': 'common.error.emailTaken',
};

export function errorMessage(error: unknown, t: Translate, format: Formatters): string {
  if (error instanceof ApiError) {
    if (error.code === 'auth.rate_limited') {
      const seconds = Number(error.details?.['retryAfterSeconds']);
      const minutes = Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds / 60) : 1;
      return t('signIn.rateLimited', { time: format.minutes(minutes) });
    }
    const key = messagesByCode[error.code];
    if (key) return t(key);
    if (error.status === 403) return t('common.error.forbidden');
    // Input errors come with an English sentence from the server; keep it as the detail.
    if (error.code === 'invalid_input') return t('common.error.invalidInput', { details: error.message });
    if (error.status >= 500 || error.message.startsWith('HTTP ')) return t('common.error.generic');
    return error.message;
  }
  // fetch rejects with a TypeError when the server cannot be reached at all.
  if (error instanceof TypeError) return t('common.error.network');
  return t('common.error.generic');
}
