// The week/month switch of the report pages.
import { REPORT_TEXTS, type Locale } from './report-texts.ts';

export type PeriodKind = 'week' | 'month';

export function PeriodSwitch({ locale, value, onChange }: { locale: Locale; value: PeriodKind; onChange(kind: PeriodKind): void }) {
  const t = REPORT_TEXTS[locale];
  return (
    <div className="page-header-actions tabs" role="tablist">
      {(['week', 'month'] as const).map((kind) => (
        <button key={kind} type="button" role="tab" aria-selected={value === kind} className={`tab${value === kind ? ' button-primary' : ''}`} onClick={() => onChange(kind)}>
          {kind === 'week' ? t.week : t.month}
        </button>
      ))}
    </div>
  );
}
