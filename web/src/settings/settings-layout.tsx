// Settings: a row of tabs (one route each) above the open tab.
import { NavLink, Outlet } from 'react-router';
import { PageHeader } from '../components/page-header.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { useUser } from '../session/session.tsx';
import { tabsFor } from './settings-tabs.ts';

export function SettingsLayout() {
  const { t } = useI18n();
  const user = useUser();
  const tabs = tabsFor(user.role);
  return (
    <>
      <PageHeader title={user.role === 'manager' ? t('account.title') : t('settings.title')} />
      {tabs.length > 1 && (
        <nav className="tabs" aria-label={t('settings.title')}>
          {tabs.map((info) => (
            <NavLink key={info.tab} to={`/settings/${info.tab}`} className={({ isActive }) => (isActive ? 'tab active' : 'tab')}>
              {t(info.label)}
            </NavLink>
          ))}
        </nav>
      )}
      <Outlet />
    </>
  );
}
