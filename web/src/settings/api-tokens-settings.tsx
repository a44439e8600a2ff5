// API tokens for telephony and other integrations. The value is shown once, right after creation.
import { useState } from 'react';
import type { FormEvent } from 'react';
import { api } from '../api/client.ts';
import type { ApiToken, CreatedApiToken } from '../api/types.ts';
import { CopyField } from '../components/copy-field.tsx';
import { ErrorAlert, LoadingNote } from '../components/feedback.tsx';
import { useApiData } from '../components/use-api-data.ts';
import { useI18n } from '../i18n/i18n.tsx';

export function ApiTokensSettings() {
  const { t, format } = useI18n();
  const tokens = useApiData<{ tokens: ApiToken[] }>('/api-tokens');
  const [name, setName] = useState('');
  const [created, setCreated] = useState<CreatedApiToken | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);

  async function handleCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      setCreated(await api.post<CreatedApiToken>('/api-tokens', { name: name.trim() }));
      setName('');
      tokens.reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  async function revoke(token: ApiToken) {
    if (!window.confirm(t('tokens.revokeConfirm', { name: token.name }))) return;
    setError(undefined);
    try {
      await api.delete(`/api-tokens/${token.id}`);
      if (created?.id === token.id) setCreated(undefined);
      tokens.setData((current) => current && { tokens: current.tokens.filter((item) => item.id !== token.id) });
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <section className="stack">
      <p className="muted">{t('tokens.intro')}</p>
      <form className="card form" onSubmit={handleCreate}>
        <div className="field">
          <label htmlFor="token-name">{t('tokens.name')}</label>
          <input id="token-name" className="input" required maxLength={100} aria-describedby="token-name-hint"
            value={name} onChange={(event) => setName(event.currentTarget.value)} />
          <p id="token-name-hint" className="hint">{t('tokens.nameHint')}</p>
        </div>
        <ErrorAlert error={error} />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={busy}>{t('tokens.create')}</button>
        </div>
        {created && (
          <div className="created-secret" role="status">
            <p>{t('tokens.created', { name: created.name })}</p>
            <CopyField label={t('tokens.value')} value={created.token} />
            <button type="button" className="button button-small" onClick={() => setCreated(undefined)}>{t('common.done')}</button>
          </div>
        )}
      </form>
      <ErrorAlert error={tokens.error} onRetry={tokens.reload} />
      {tokens.loading && !tokens.data && <LoadingNote />}
      {tokens.data && (tokens.data.tokens.length === 0 ? <p className="muted">{t('tokens.empty')}</p> : (
        <div className="table-wrap card">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('tokens.column.name')}</th>
                <th scope="col">{t('tokens.column.created')}</th>
                <th scope="col">{t('tokens.column.lastUsed')}</th>
                <th scope="col"><span className="visually-hidden">{t('tokens.revoke')}</span></th>
              </tr>
            </thead>
            <tbody>
              {tokens.data.tokens.map((token) => (
                <tr key={token.id}>
                  <th scope="row">{token.name}</th>
                  <td>{format.dateTime(token.createdAt)}</td>
                  <td>{token.lastUsedAt ? format.dateTime(token.lastUsedAt) : <span className="muted">{t('common.never')}</span>}</td>
                  <td className="actions">
                    <button type="button" className="button button-small button-danger"
                      aria-label={t('tokens.revokeNamed', { name: token.name })} onClick={() => revoke(token)}>
                      {t('tokens.revoke')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
}
