// The interface language picker, used in the top bar and on the public pages.
import { useId } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { isLocale, locales } from '../i18n/locale.ts';
import { useSession } from '../session/session.tsx';

export function LanguageSwitch() {
  const { locale, t } = useI18n();
  const { changeLocale } = useSession();
  const id = useId();
  return (
    <div className="language-switch">
      <label htmlFor={id}>{t('language.label')}</label>
      <select
        id={id}
        className="select select-compact"
        value={locale}
        onChange={(event) => {
          const next = event.currentTarget.value;
          // A failed save keeps the new language for this visit; the account keeps the old one.
          if (isLocale(next)) changeLocale(next).catch(() => undefined);
        }}
      >
        {locales.map((value) => (
          <option key={value} value={value} lang={value}>{t(`language.${value}`)}</option>
        ))}
      </select>
    </div>
  );
}
