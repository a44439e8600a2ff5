// The head of sales' main screen (the spec's main report). Until calls have been analysed there are
// no figures to show, so the cards say "no data" and the empty state says how to get calls in.
import type { Company } from '../api/types.ts';
import { EmptyState } from '../components/empty-state.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { useApiData } from '../components/use-api-data.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/ru.ts';

const kpis: readonly MessageKey[] = [
  'report.kpi.conversion',
  'report.kpi.lastMonth',
  'report.kpi.difference',
  'report.kpi.returnedClients',
  'report.kpi.money',
];

export function ReportPage() {
  const { t, format } = useI18n();
  const company = useApiData<Company>('/company');

  return (
    <>
      <PageHeader title={t('report.title')} subtitle={t('report.subtitle')} />
      <section className="kpi-grid" aria-label={t('report.title')}>
        {kpis.map((key) => (
          <div className="card kpi" key={key}>
            <h2 className="kpi-label">{t(key)}</h2>
            <p className="kpi-value kpi-empty">—</p>
            <p className="kpi-note">{t('common.noData')}</p>
          </div>
        ))}
      </section>
      {company.data && (
        <p className="muted small">{t('report.averageCheck', { amount: format.money(company.data.averageCheck, company.data.currency) })}</p>
      )}
      <EmptyState
        title={t('report.empty.title')}
        body={t('report.empty.body')}
        action={{ label: t('report.empty.action'), to: '/calls' }}
      />
    </>
  );
}
