// Company settings: name, time zone, average check and currency (the money report uses them).
import { useState } from 'react';
import type { FormEvent } from 'react';
import { api } from '../api/client.ts';
import type { Company } from '../api/types.ts';
import { ErrorAlert, LoadingNote, SuccessNote } from '../components/feedback.tsx';
import { useApiData } from '../components/use-api-data.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { isLocale, locales } from '../i18n/locale.ts';

// The currencies of the product's first markets; a company's current one is always offered too.
const currencies = ['RUB', 'KZT', 'BYN', 'UZS', 'KGS', 'AMD', 'GEL', 'AZN', 'USD', 'EUR', 'CNY', 'AED', 'TRY'];

function timeZones(current: string): string[] {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return known.includes(current) ? known : [current, ...known];
}

export function CompanySettings() {
  const company = useApiData<Company>('/company');
  if (company.error) return <ErrorAlert error={company.error} onRetry={company.reload} />;
  if (!company.data) return <LoadingNote />;
  return <CompanyForm initial={company.data} onSaved={(saved) => company.setData(() => saved)} />;
}

function CompanyForm({ initial, onSaved }: { initial: Company; onSaved(company: Company): void }) {
  const { t, format } = useI18n();
  const [name, setName] = useState(initial.name);
  const [timezone, setTimezone] = useState(initial.timezone);
  const [averageCheck, setAverageCheck] = useState(String(initial.averageCheck));
  const [currency, setCurrency] = useState(initial.currency);
  const [language, setLanguage] = useState(initial.language);
  const [industry, setIndustry] = useState(initial.industry ?? '');
  const [product, setProduct] = useState(initial.product ?? '');
  const [goLiveAt, setGoLiveAt] = useState(initial.goLiveAt ? initial.goLiveAt.slice(0, 10) : '');
  const [baselineMonth, setBaselineMonth] = useState(initial.baselineMonth ?? '');
  const [error, setError] = useState<unknown>(undefined);
  const [saved, setSaved] = useState(false);
  const [saving, setSaving] = useState(false);
  const amount = Number(averageCheck.replace(',', '.'));

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaving(true);
    setSaved(false);
    setError(undefined);
    try {
      const company = await api.patch<Company>('/company', {
        name: name.trim(), timezone, averageCheck: amount, currency, language,
        industry: industry.trim() || null, product: product.trim() || null,
        goLiveAt: goLiveAt || null, baselineMonth: baselineMonth || null,
      });
      onSaved(company);
      setSaved(true);
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="card form form-narrow" onSubmit={handleSubmit}>
      <div className="field">
        <label htmlFor="company-name">{t('company.name')}</label>
        <input id="company-name" className="input" required value={name} onChange={(event) => setName(event.currentTarget.value)} />
      </div>
      <div className="field">
        <label htmlFor="company-timezone">{t('company.timezone')}</label>
        <select id="company-timezone" className="select" aria-describedby="company-timezone-hint"
          value={timezone} onChange={(event) => setTimezone(event.currentTarget.value)}>
          {timeZones(initial.timezone).map((zone) => <option key={zone} value={zone}>{zone}</option>)}
        </select>
        <p id="company-timezone-hint" className="hint">{t('company.timezoneHint')}</p>
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor="company-average-check">{t('company.averageCheck')}</label>
          <input id="company-average-check" className="input" inputMode="decimal" required pattern="[0-9]+([.,][0-9]{1,2})?"
            aria-describedby="company-average-check-hint" value={averageCheck}
            onChange={(event) => setAverageCheck(event.currentTarget.value)} />
        </div>
        <div className="field">
          <label htmlFor="company-currency">{t('company.currency')}</label>
          <select id="company-currency" className="select" value={currency} onChange={(event) => setCurrency(event.currentTarget.value)}>
            {(currencies.includes(initial.currency) ? currencies : [initial.currency, ...currencies]).map((code) => (
              <option key={code} value={code}>{code}</option>
            ))}
          </select>
        </div>
      </div>
      <p id="company-average-check-hint" className="hint">
        {t('company.averageCheckHint')}
        {Number.isFinite(amount) && amount >= 0 && <> · <strong>{format.money(amount, currency)}</strong></>}
      </p>
      <div className="field">
        <label htmlFor="company-language">{t('company.language')}</label>
        <select id="company-language" className="select" value={language}
          onChange={(event) => { const next = event.currentTarget.value; if (isLocale(next)) setLanguage(next); }}>
          {locales.map((value) => <option key={value} value={value}>{t(`language.${value}`)}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor="company-industry">{t('company.industry')}</label>
        <input id="company-industry" className="input" maxLength={200} value={industry} onChange={(event) => setIndustry(event.currentTarget.value)} />
      </div>
      <div className="field">
        <label htmlFor="company-product">{t('company.product')}</label>
        <textarea id="company-product" className="input textarea" rows={3} maxLength={1000} aria-describedby="company-product-hint"
          value={product} onChange={(event) => setProduct(event.currentTarget.value)} />
        <p id="company-product-hint" className="hint">{t('company.productHint')}</p>
      </div>
      <fieldset className="fieldset">
        <legend>{t('company.effectTitle')}</legend>
        <div className="field-row">
          <div className="field">
            <label htmlFor="company-go-live">{t('company.goLiveAt')}</label>
            <input id="company-go-live" className="input" type="date" aria-describedby="company-go-live-hint"
              value={goLiveAt} onChange={(event) => setGoLiveAt(event.currentTarget.value)} />
          </div>
          <div className="field">
            <label htmlFor="company-baseline">{t('company.baselineMonth')}</label>
            <input id="company-baseline" className="input" type="month" placeholder="2026-09" pattern="\d{4}-\d{2}" aria-describedby="company-baseline-hint"
              value={baselineMonth} onChange={(event) => setBaselineMonth(event.currentTarget.value)} />
          </div>
        </div>
        <p id="company-go-live-hint" className="hint">{t('company.goLiveAtHint')}</p>
        <p id="company-baseline-hint" className="hint">{t('company.baselineMonthHint')}</p>
      </fieldset>
      <ErrorAlert error={error} />
      {saved && <SuccessNote>{t('company.saved')}</SuccessNote>}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={saving}>{saving ? t('common.saving') : t('common.save')}</button>
      </div>
    </form>
  );
}
