// Status messages: errors are announced to screen readers at once, confirmations politely.
import type { ReactNode } from 'react';
import { errorMessage } from '../api/error-message.ts';
import { useI18n } from '../i18n/i18n.tsx';

export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t, format } = useI18n();
  if (error === undefined || error === null) return null;
  return (
    <div className="alert alert-error" role="alert">
      <span>{errorMessage(error, t, format)}</span>
      {onRetry && <button type="button" className="button button-small" onClick={onRetry}>{t('common.retry')}</button>}
    </div>
  );
}

export function SuccessNote({ children }: { children: ReactNode }) {
  if (!children) return null;
  return <div className="alert alert-success" role="status">{children}</div>;
}

export function LoadingNote() {
  const { t } = useI18n();
  return <p className="muted" role="status">{t('app.loading')}</p>;
}
