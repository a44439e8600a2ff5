// Feature pages mounted in the router with the interface language they need.
import { Link, useParams, useSearchParams } from 'react-router';
import { useI18n } from '../i18n/i18n.tsx';
import { useUser } from '../session/session.tsx';
import { ManagerCardPage } from '../features/report/manager-card-page.tsx';
import { ManagerHome } from '../features/report/manager-home.tsx';
import { ManagersPage } from '../features/report/managers-page.tsx';
import { ReportPage } from '../features/report/report-page.tsx';
import { WeeklyReportsPage } from '../features/report/weekly-reports-page.tsx';
import { CallPage } from '../features/calls-view/call-page.tsx';
import { CallsListPage } from '../features/calls-view/calls-list-page.tsx';
import { KnowledgePage } from '../features/knowledge/knowledge-page.tsx';
import { UploadCallsPage } from '../features/calls/upload-calls-page.tsx';
import { LostClientCardPage } from '../features/lost-clients/lost-client-card-page.tsx';
import { LostClientsPage } from '../features/lost-clients/lost-clients-page.tsx';

export function CallsRoute() {
  return <CallsListPage locale={useI18n().locale} />;
}

export function MyCallsRoute() {
  return <CallsListPage locale={useI18n().locale} mine />;
}

export function CallRoute({ mine = false }: { mine?: boolean }) {
  return <CallPage locale={useI18n().locale} mine={mine} />;
}

export function KnowledgeRoute() {
  return <KnowledgePage locale={useI18n().locale} />;
}

export function LostClientsRoute() {
  return <LostClientsPage locale={useI18n().locale} />;
}

export function LostClientCardRoute() {
  return <LostClientCardPage locale={useI18n().locale} />;
}

export function UploadCallsRoute() {
  return <UploadCallsPage />;
}

export function ReportRoute() {
  const { locale } = useI18n();
  // ?at=2026-10-15 opens the period holding that day (a shareable link to a past report)
  const at = useSearchParams()[0].get('at');
  return (
    <>
      <ReportPage locale={locale} {...(at && /^\d{4}-\d{2}-\d{2}$/.test(at) ? { at } : {})} />
      <p><Link to="/report/weekly">{locale === 'en' ? 'Weekly reports →' : 'Еженедельные отчёты →'}</Link></p>
    </>
  );
}

export function ManagersRoute() {
  return <ManagersPage locale={useI18n().locale} />;
}

export function ManagerCardRoute() {
  const { id = '' } = useParams();
  return <ManagerCardPage locale={useI18n().locale} managerId={id} />;
}

export function WeeklyReportsRoute() {
  const canFreeze = useUser().role === 'head_of_sales';
  return <WeeklyReportsPage locale={useI18n().locale} canFreeze={canFreeze} />;
}

/** The manager's home: own weak stages and quality trend above own lost clients. */
export function MyClientsRoute() {
  const { locale } = useI18n();
  return (
    <>
      <ManagerHome locale={locale} />
      <LostClientsPage locale={locale} />
    </>
  );
}
