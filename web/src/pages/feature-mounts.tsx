// Feature pages mounted in the router with the interface language they need.
import { useI18n } from '../i18n/i18n.tsx';
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
