// Routes. Public: sign-in and invitation. Everything else needs a session and is limited by role
// (see layout/navigation.ts); a section of another role answers "not found".
import type { ReactNode } from 'react';
import { BrowserRouter, Navigate, Outlet, Route, Routes, useLocation } from 'react-router';
import { I18nProvider, useI18n } from './i18n/i18n.tsx';
import { AppShell } from './layout/app-shell.tsx';
import { canOpen, homePath } from './layout/navigation.ts';
import type { Section } from './layout/navigation.ts';
import { NotFoundPage } from './pages/not-found-page.tsx';
import { TrainerPage } from './features/trainer/trainer-page.tsx';
import { CallRoute, CallsRoute, KnowledgeRoute, LostClientCardRoute, LostClientsRoute, ManagerCardRoute, ManagersRoute, MyCallsRoute, MyClientsRoute, ReportRoute, UploadCallsRoute, WeeklyReportsRoute } from './pages/feature-mounts.tsx';
import { InviteAcceptPage } from './pages/invite-accept-page.tsx';
import { SignInPage } from './pages/sign-in-page.tsx';
import { AccountSettings } from './settings/account-settings.tsx';
import { ApiTokensSettings } from './settings/api-tokens-settings.tsx';
import { AuditLog } from './settings/audit-log.tsx';
import { CompanySettings } from './settings/company-settings.tsx';
import { InvitesSettings } from './settings/invites-settings.tsx';
import { SettingsLayout } from './settings/settings-layout.tsx';
import { canOpenTab, tabsFor } from './settings/settings-tabs.ts';
import type { SettingsTab } from './settings/settings-tabs.ts';
import { UsersSettings } from './settings/users-settings.tsx';
import { SessionProvider, useSession, useUser } from './session/session.tsx';

export function App() {
  return (
    <I18nProvider>
      <SessionProvider>
        <BrowserRouter>
          <SessionGate>
            <AppRoutes />
          </SessionGate>
        </BrowserRouter>
      </SessionProvider>
    </I18nProvider>
  );
}

function AppRoutes() {
  return (
    <Routes>
      <Route path="/sign-in" element={<SignedOutOnly><SignInPage /></SignedOutOnly>} />
      <Route path="/invite/:token" element={<InviteAcceptPage />} />
      <Route element={<RequireSession />}>
        <Route element={<AppShell />}>
          <Route index element={<HomeRedirect />} />
          <Route path="report" element={<Gate section="report"><ReportRoute /></Gate>} />
          <Route path="report/weekly" element={<Gate section="report"><WeeklyReportsRoute /></Gate>} />
          <Route path="managers" element={<Gate section="managers"><ManagersRoute /></Gate>} />
          <Route path="managers/:id" element={<Gate section="managers"><ManagerCardRoute /></Gate>} />
          <Route path="lost-clients" element={<Gate section="lostClients"><LostClientsRoute /></Gate>} />
          <Route path="lost-clients/:id" element={<Gate section="lostClients"><LostClientCardRoute /></Gate>} />
          <Route path="calls" element={<Gate section="calls"><CallsRoute /></Gate>} />
          <Route path="calls/upload" element={<Gate section="calls"><UploadCallsRoute /></Gate>} />
          <Route path="calls/:id" element={<Gate section="calls"><CallRoute /></Gate>} />
          <Route path="trainer" element={<Gate section="trainer"><TrainerPage /></Gate>} />
          <Route path="knowledge" element={<Gate section="knowledge"><KnowledgeRoute /></Gate>} />
          <Route path="my-clients" element={<Gate section="myClients"><MyClientsRoute /></Gate>} />
          <Route path="my-clients/:id" element={<Gate section="myClients"><LostClientCardRoute /></Gate>} />
          <Route path="my-calls" element={<Gate section="myCalls"><MyCallsRoute /></Gate>} />
          <Route path="my-calls/:id" element={<Gate section="myCalls"><CallRoute mine /></Gate>} />
          <Route path="settings" element={<SettingsLayout />}>
            <Route index element={<SettingsHome />} />
            <Route path="company" element={<TabGate tab="company"><CompanySettings /></TabGate>} />
            <Route path="users" element={<TabGate tab="users"><UsersSettings /></TabGate>} />
            <Route path="invites" element={<TabGate tab="invites"><InvitesSettings /></TabGate>} />
            <Route path="api-tokens" element={<TabGate tab="api-tokens"><ApiTokensSettings /></TabGate>} />
            <Route path="audit" element={<TabGate tab="audit"><AuditLog /></TabGate>} />
            <Route path="account" element={<AccountSettings />} />
          </Route>
          <Route path="*" element={<NotFoundForUser />} />
        </Route>
      </Route>
    </Routes>
  );
}

/** Until GET /me answers we cannot tell which page to show; if the server is down, say so. */
function SessionGate({ children }: { children: ReactNode }) {
  const { state, reload } = useSession();
  const { t } = useI18n();
  if (state.status === 'loading') return <div className="splash" role="status">{t('app.loading')}</div>;
  if (state.status === 'unreachable') {
    return (
      <div className="splash">
        <div className="alert alert-error" role="alert">
          <span>{t('app.serverUnavailable')}</span>
          <button type="button" className="button button-small" onClick={reload}>{t('common.retry')}</button>
        </div>
      </div>
    );
  }
  return children;
}

function RequireSession() {
  const { state } = useSession();
  const location = useLocation();
  if (state.status !== 'signedIn') return <Navigate to="/sign-in" replace state={{ from: location.pathname + location.search }} />;
  return <Outlet />;
}

function SignedOutOnly({ children }: { children: ReactNode }) {
  const { state } = useSession();
  if (state.status === 'signedIn') return <Navigate to={homePath(state.user.role)} replace />;
  return children;
}

function HomeRedirect() {
  return <Navigate to={homePath(useUser().role)} replace />;
}

function Gate({ section, children }: { section: Section; children: ReactNode }) {
  return canOpen(useUser().role, section) ? children : <NotFoundForUser />;
}

function TabGate({ tab, children }: { tab: SettingsTab; children: ReactNode }) {
  return canOpenTab(useUser().role, tab) ? children : <NotFoundForUser />;
}

function SettingsHome() {
  const first = tabsFor(useUser().role)[0];
  return <Navigate to={`/settings/${first ? first.tab : 'account'}`} replace />;
}

function NotFoundForUser() {
  return <NotFoundPage home={homePath(useUser().role)} />;
}
