// The manager's own home: weak stages and the call-quality trend (GET /api/v1/me/quality).
import { REPORT_TEXTS, type Locale } from './report-texts.ts';
import { useReport, type ManagerCardResponse } from './report-api.ts';
import { LoadState } from './load-state.tsx';
import { QualityTrendChart, StageSuccessList } from './quality-sections.tsx';

export function ManagerHome({ locale }: { locale: Locale }) {
  const t = REPORT_TEXTS[locale];
  const { data, error, loading, reload } = useReport<ManagerCardResponse>('/api/v1/me/quality');
  return (
    <div className="stack">
      <header className="page-header"><div><h1>{t.myQuality}</h1></div></header>
      <LoadState locale={locale} loading={loading} error={error} onRetry={reload} />
      {data && (
        <>
          <StageSuccessList card={data} locale={locale} />
          <QualityTrendChart card={data} locale={locale} />
        </>
      )}
    </div>
  );
}
