// Sections whose data comes later (calls, lost clients, trainer, knowledge): each shows an empty
// state that tells the person what to do next, phrased for their role.
import { EmptyState } from '../components/empty-state.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { useUser } from '../session/session.tsx';

export function TrainerPage() {
  const { t } = useI18n();
  const user = useUser();
  const body = user.role === 'manager' ? t('trainer.empty.bodyManager') : t('trainer.empty.bodyLead');
  // Only the integrator edits the knowledge base, so only they get the link to it.
  const action = user.role === 'integrator' ? { label: t('trainer.empty.action'), to: '/knowledge' } : undefined;
  return (
    <>
      <PageHeader title={t('trainer.title')} />
      <EmptyState title={t('trainer.empty.title')} body={body} action={action} />
    </>
  );
}

export function NotFoundPage({ home }: { home: string }) {
  const { t } = useI18n();
  return (
    <EmptyState title={t('notFound.title')} body={t('notFound.body')} action={{ label: t('notFound.action'), to: home }} />
  );
}
