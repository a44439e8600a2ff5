// "Not found" inside the signed-in app: also what a section of another role answers.
import { EmptyState } from '../components/empty-state.tsx';
import { useI18n } from '../i18n/i18n.tsx';

export function NotFoundPage({ home }: { home: string }) {
  const { t } = useI18n();
  return (
    <EmptyState title={t('notFound.title')} body={t('notFound.body')} action={{ label: t('notFound.action'), to: home }} />
  );
}
