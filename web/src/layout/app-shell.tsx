// The signed-in frame: a left sidebar with the role's sections and a top bar with the company,
// the user, the language switch and sign-out.
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { ErrorBoundary } from '../components/error-boundary.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { useUser, useSession } from '../session/session.tsx';
import { LanguageSwitch } from './language-switch.tsx';
import { homePath, navigationFor } from './navigation.ts';

export function AppShell() {
  const { t } = useI18n();
  const user = useUser();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const location = useLocation();

  async function handleSignOut() {
    await signOut().catch(() => undefined);
    await navigate('/sign-in', { replace: true });
  }

  return (
    <div className="shell">
      <a className="skip-link" href="#main">{t('shell.skipToContent')}</a>
      <aside className="sidebar">
        <Link to={homePath(user.role)} className="brand">
          <span className="brand-mark" aria-hidden="true">M</span>
          <span className="brand-name">{t('app.name')}</span>
        </Link>
        <nav aria-label={t('nav.label')}>
          <ul className="nav-list">
            {navigationFor(user.role).map((item) => (
              <li key={item.section}>
                <NavLink to={item.path} className={({ isActive }) => (isActive ? 'nav-link active' : 'nav-link')}>
                  {t(item.label)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </aside>
      <div className="shell-main">
        <header className="topbar">
          <div className="topbar-company" data-testid="company-name">{user.company.name}</div>
          <div className="topbar-actions">
            <LanguageSwitch />
            <Link to="/settings/account" className="topbar-user" aria-label={t('shell.account', { name: user.name })}>
              <span className="avatar" aria-hidden="true">{initials(user.name)}</span>
              <span className="topbar-user-text">
                <span className="topbar-user-name">{user.name}</span>
                <span className="topbar-user-role">{t(`role.${user.role}`)}</span>
              </span>
            </Link>
            <button type="button" className="button button-ghost" onClick={handleSignOut}>{t('shell.signOut')}</button>
          </div>
        </header>
        <main id="main" className="content" tabIndex={-1}>
          <ErrorBoundary resetKey={location.pathname}
            fallback={<div className="alert alert-error" role="alert">{t('common.error.generic')}</div>}>
            <Outlet />
          </ErrorBoundary>
        </main>
      </div>
    </div>
  );
}

function initials(name: string): string {
  const letters = name.split(/\s+/).filter(Boolean).slice(0, 2).map((part) => part[0]?.toUpperCase() ?? '');
  return letters.join('') || '?';
}
