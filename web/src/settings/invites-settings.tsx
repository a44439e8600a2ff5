// Invitations: create a link for a role (optionally bound to an e-mail), copy it, see who accepted.
import { useState } from 'react';
import type { FormEvent } from 'react';
import { api } from '../api/client.ts';
import type { CreatedInvite, Invite, Role } from '../api/types.ts';
import { CopyField } from '../components/copy-field.tsx';
import { ErrorAlert, LoadingNote } from '../components/feedback.tsx';
import { useApiData } from '../components/use-api-data.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useUser } from '../session/session.tsx';

// A head of sales brings in managers and other heads; only an integrator invites integrators.
function invitableRoles(role: Role): Role[] {
  return role === 'integrator' ? ['manager', 'head_of_sales', 'integrator'] : ['manager', 'head_of_sales'];
}

export function InvitesSettings() {
  const { t } = useI18n();
  const invites = useApiData<{ invites: Invite[] }>('/invites');
  return (
    <section className="stack">
      <p className="muted">{t('invites.intro')}</p>
      <CreateInviteForm onCreated={invites.reload} />
      <h2 className="section-title">{t('invites.listTitle')}</h2>
      <ErrorAlert error={invites.error} onRetry={invites.reload} />
      {invites.loading && !invites.data && <LoadingNote />}
      {invites.data && <InviteList invites={invites.data.invites} />}
    </section>
  );
}

function CreateInviteForm({ onCreated }: { onCreated(): void }) {
  const { t, format } = useI18n();
  const user = useUser();
  const options = invitableRoles(user.role);
  const [role, setRole] = useState<Role>('manager');
  const [email, setEmail] = useState('');
  const [created, setCreated] = useState<CreatedInvite | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [submitting, setSubmitting] = useState(false);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitting(true);
    setError(undefined);
    setCreated(undefined);
    try {
      const body = email.trim() ? { role, email: email.trim() } : { role };
      setCreated(await api.post<CreatedInvite>('/invites', body));
      setEmail('');
      onCreated();
    } catch (failure) {
      setError(failure);
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <form className="card form" onSubmit={handleSubmit}>
      <div className="field-row">
        <div className="field">
          <label htmlFor="invite-role">{t('invites.role')}</label>
          <select id="invite-role" className="select" value={role}
            onChange={(event) => setRole(options.find((option) => option === event.currentTarget.value) ?? 'manager')}>
            {options.map((option) => <option key={option} value={option}>{t(`role.${option}`)}</option>)}
          </select>
        </div>
        <div className="field field-grow">
          <label htmlFor="invite-email">{t('invites.email')}</label>
          <input id="invite-email" className="input" type="email" aria-describedby="invite-email-hint"
            value={email} onChange={(event) => setEmail(event.currentTarget.value)} />
        </div>
      </div>
      <p id="invite-email-hint" className="hint">{t('invites.emailHint')}</p>
      <ErrorAlert error={error} />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={submitting}>
          {submitting ? t('invites.creating') : t('invites.create')}
        </button>
      </div>
      {created && (
        <div className="created-secret" role="status">
          <p>{t('invites.created', { date: format.dateTime(created.expiresAt) })}</p>
          <CopyField label={t('invites.link')} value={absoluteUrl(created.url)} />
        </div>
      )}
    </form>
  );
}

// The server may return a path (/invite/…) or a full URL; a person needs something to paste.
function absoluteUrl(url: string): string {
  return new URL(url, window.location.origin).toString();
}

function InviteList({ invites }: { invites: Invite[] }) {
  const { t, format } = useI18n();
  if (invites.length === 0) return <p className="muted">{t('invites.empty')}</p>;
  const now = Date.now();
  return (
    <div className="table-wrap card">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('invites.column.email')}</th>
            <th scope="col">{t('invites.column.role')}</th>
            <th scope="col">{t('invites.column.status')}</th>
          </tr>
        </thead>
        <tbody>
          {invites.map((invite) => {
            const expired = !invite.acceptedAt && new Date(invite.expiresAt).getTime() < now;
            return (
              <tr key={invite.id}>
                <td>{invite.email ?? <span className="muted">{t('invites.anyEmail')}</span>}</td>
                <td>{t(`role.${invite.role}`)}</td>
                <td>
                  {invite.acceptedAt ? <span className="badge badge-success">{t('invites.status.accepted', { date: format.dateTime(invite.acceptedAt) })}</span>
                    : expired ? <span className="badge">{t('invites.status.expired', { date: format.dateTime(invite.expiresAt) })}</span>
                      : <span className="badge badge-info">{t('invites.status.pending', { date: format.dateTime(invite.expiresAt) })}</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
