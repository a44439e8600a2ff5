// The company's audit log: who did what and when (sign-ins, invitations, tokens, settings).
import type { AuditEntry } from '../api/types.ts';
import { ErrorAlert, LoadingNote } from '../components/feedback.tsx';
import { useApiData } from '../components/use-api-data.ts';
import { isMessageKey, useI18n } from '../i18n/i18n.tsx';
import type { Translate } from '../i18n/i18n.tsx';

// The server names the person, or the kind of actor when no person did it.
function actorLabel(actor: string, t: Translate): string {
  const key = `audit.actor.${actor}`;
  return isMessageKey(key) ? t(key) : actor;
}

function actionLabel(action: string, t: Translate): string {
  const key = `audit.action.${action}`;
  return isMessageKey(key) ? t(key) : action;
}

function detailsText(details: Record<string, unknown> | null | undefined): string {
  if (!details || Object.keys(details).length === 0) return '';
  return Object.entries(details)
    .map(([name, value]) => `${name}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');
}

export function AuditLog() {
  const { t, format } = useI18n();
  const audit = useApiData<{ entries: AuditEntry[] }>('/audit?limit=200');
  if (audit.error) return <ErrorAlert error={audit.error} onRetry={audit.reload} />;
  if (!audit.data) return <LoadingNote />;
  return (
    <section className="stack">
      <p className="muted">{t('audit.intro')}</p>
      {audit.data.entries.length === 0 ? <p className="muted">{t('audit.empty')}</p> : (
        <div className="table-wrap card">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('audit.column.at')}</th>
                <th scope="col">{t('audit.column.actor')}</th>
                <th scope="col">{t('audit.column.action')}</th>
                <th scope="col">{t('audit.column.details')}</th>
                <th scope="col">{t('audit.column.ip')}</th>
              </tr>
            </thead>
            <tbody>
              {audit.data.entries.map((entry) => (
                <tr key={entry.id}>
                  <td className="nowrap">{format.dateTime(entry.at)}</td>
                  <td>{actorLabel(entry.actor, t)}</td>
                  <td title={entry.action}>{actionLabel(entry.action, t)}</td>
                  <td className="details-cell"><code>{detailsText(entry.details)}</code></td>
                  <td className="nowrap muted">{entry.ip ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
