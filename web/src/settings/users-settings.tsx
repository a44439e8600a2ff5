// Users of the company and their phone extensions: an extension is how a call is linked to its
// manager, so it is edited right in the list.
import { useState } from 'react';
import type { FormEvent } from 'react';
import { api } from '../api/client.ts';
import type { CompanyUser } from '../api/types.ts';
import { ErrorAlert, LoadingNote, SuccessNote } from '../components/feedback.tsx';
import { useApiData } from '../components/use-api-data.ts';
import { useI18n } from '../i18n/i18n.tsx';

export function UsersSettings() {
  const { t, format } = useI18n();
  const users = useApiData<{ users: CompanyUser[] }>('/users');
  const [saved, setSaved] = useState<string | undefined>(undefined);

  if (users.error) return <ErrorAlert error={users.error} onRetry={users.reload} />;
  if (!users.data) return <LoadingNote />;
  return (
    <section className="stack">
      <p className="muted">{t('users.intro')}</p>
      {saved && <SuccessNote>{t('users.saved', { name: saved })}</SuccessNote>}
      {users.data.users.length === 0 ? <p className="muted">{t('users.empty')}</p> : (
        <div className="table-wrap card">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('users.column.name')}</th>
                <th scope="col">{t('users.column.role')}</th>
                <th scope="col">{t('users.column.extensions')}</th>
                <th scope="col">{t('users.column.lastSignIn')}</th>
                <th scope="col">{t('users.column.created')}</th>
              </tr>
            </thead>
            <tbody>
              {users.data.users.map((user) => (
                <tr key={user.id}>
                  <th scope="row">
                    <div className="cell-title">{user.name}</div>
                    <div className="cell-sub">{user.email}</div>
                  </th>
                  <td>{t(`role.${user.role}`)}</td>
                  <td>
                    <ExtensionsEditor user={user} onSaved={(updated) => {
                      users.setData((current) => current && { users: current.users.map((item) => (item.id === updated.id ? updated : item)) });
                      setSaved(updated.name);
                    }} />
                  </td>
                  <td>{user.lastSignInAt ? format.dateTime(user.lastSignInAt) : <span className="muted">{t('users.neverSignedIn')}</span>}</td>
                  <td>{format.date(user.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function parseExtensions(text: string): string[] | undefined {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  return parts.every((part) => /^\d{1,10}$/.test(part)) ? [...new Set(parts)] : undefined;
}

function ExtensionsEditor({ user, onSaved }: { user: CompanyUser; onSaved(user: CompanyUser): void }) {
  const { t } = useI18n();
  const [text, setText] = useState(user.extensions.join(', '));
  const [error, setError] = useState<unknown>(undefined);
  const [invalid, setInvalid] = useState(false);
  const [saving, setSaving] = useState(false);
  const inputId = `extensions-${user.id}`;
  const unchanged = text.trim() === user.extensions.join(', ');

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const extensions = parseExtensions(text);
    setInvalid(extensions === undefined);
    if (!extensions) return;
    setSaving(true);
    setError(undefined);
    try {
      // The server answers with the extensions as stored (normalised), which the list then shows.
      const saved = await api.put<{ extensions: string[] }>(`/users/${user.id}/extensions`, { extensions });
      onSaved({ ...user, extensions: saved.extensions });
      setText(saved.extensions.join(', '));
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="inline-form" onSubmit={handleSubmit}>
      <label htmlFor={inputId} className="visually-hidden">{t('users.extensionsFor', { name: user.name })}</label>
      <input id={inputId} className="input input-compact mono" inputMode="numeric" placeholder="101, 102"
        aria-invalid={invalid} value={text} onChange={(event) => setText(event.currentTarget.value)} />
      <button type="submit" className="button button-small" disabled={saving || unchanged}>{t('common.save')}</button>
      {invalid && <p className="field-error" role="alert">{t('users.extensionsInvalid')}</p>}
      <ErrorAlert error={error} />
    </form>
  );
}
