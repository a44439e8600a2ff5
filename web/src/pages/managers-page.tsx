// Managers with their 5-stage scores. The people come from GET /users now; the stage columns stay
// empty until calls are analysed, and the note says what makes them fill in.
import { Link } from 'react-router';
import type { CompanyUser } from '../api/types.ts';
import { EmptyState } from '../components/empty-state.tsx';
import { ErrorAlert, LoadingNote } from '../components/feedback.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { useApiData } from '../components/use-api-data.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/ru.ts';

const stages: readonly MessageKey[] = ['stage.greeting', 'stage.needs', 'stage.presentation', 'stage.objections', 'stage.closing'];

export function ManagersPage() {
  const { t, format } = useI18n();
  const users = useApiData<{ users: CompanyUser[] }>('/users');
  const managers = users.data?.users.filter((user) => user.role === 'manager') ?? [];

  return (
    <>
      <PageHeader title={t('managers.title')} subtitle={t('managers.subtitle')} />
      <ErrorAlert error={users.error} onRetry={users.reload} />
      {users.loading && <LoadingNote />}
      {users.data && managers.length === 0 && (
        <EmptyState title={t('managers.empty.title')} body={t('managers.empty.body')}
          action={{ label: t('managers.empty.action'), to: '/settings/invites' }} />
      )}
      {managers.length > 0 && (
        <>
          <div className="alert alert-info">
            <span>{t('managers.stagesPending')}</span>
            <Link className="button button-small" to="/settings/users">{t('managers.setExtensions')}</Link>
          </div>
          <div className="table-wrap card">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('managers.column.manager')}</th>
                  <th scope="col">{t('managers.column.extensions')}</th>
                  {stages.map((stage) => <th scope="col" key={stage} className="numeric">{t(stage)}</th>)}
                  <th scope="col">{t('managers.column.lastSignIn')}</th>
                </tr>
              </thead>
              <tbody>
                {managers.map((manager) => (
                  <tr key={manager.id}>
                    <th scope="row">
                      <div className="cell-title">{manager.name}</div>
                      <div className="cell-sub">{manager.email}</div>
                    </th>
                    <td>{manager.extensions.length > 0 ? manager.extensions.join(', ') : <span className="muted">{t('managers.noExtensions')}</span>}</td>
                    {stages.map((stage) => <td key={stage} className="numeric muted" title={t('common.noData')}>—</td>)}
                    <td>{manager.lastSignInAt ? format.dateTime(manager.lastSignInAt) : <span className="muted">{t('users.neverSignedIn')}</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
