// The frame of pages shown before sign-in: a centred card with the product name and the
// language switch, so a person can read the form in their language.
import { useEffect } from 'react';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { LanguageSwitch } from '../layout/language-switch.tsx';

export function PublicLayout({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  useEffect(() => {
    document.title = `${t('app.name')} · ${t('app.tagline')}`;
  }, [t]);
  return (
    <div className="public">
      <header className="public-header">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">M</span>
          <span className="brand-name">{t('app.name')}</span>
        </div>
        <LanguageSwitch />
      </header>
      <main id="main" className="public-main">
        <div className="card public-card">{children}</div>
        <p className="muted public-tagline">{t('app.tagline')}</p>
      </main>
    </div>
  );
}
