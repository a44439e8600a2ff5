// Loading and error lines shared by the report pages.
import { REPORT_TEXTS, type Locale } from './report-texts.ts';

export function LoadState({ locale, loading, error, onRetry }: { locale: Locale; loading: boolean; error: string | undefined; onRetry: () => void }) {
  const t = REPORT_TEXTS[locale];
  if (error) {
    return (
      <div className="alert alert-error" role="alert">
        <span>{t.error}: {error}</span>
        <button type="button" className="button button-small" onClick={onRetry}>{t.retry}</button>
      </div>
    );
  }
  return loading ? <p className="muted" role="status">{t.loading}</p> : null;
}
