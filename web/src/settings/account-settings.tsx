// The person's own account: name, interface language and password. Every role has it.
import { useState } from 'react';
import type { FormEvent } from 'react';
import { api } from '../api/client.ts';
import { ErrorAlert, SuccessNote } from '../components/feedback.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { isLocale, locales } from '../i18n/locale.ts';
import { useSession, useUser } from '../session/session.tsx';

export function AccountSettings() {
  return (
    <div className="settings-columns">
      <ProfileForm />
      <PasswordForm />
    </div>
  );
}

function ProfileForm() {
  const { t, locale } = useI18n();
  const user = useUser();
  const { updateMe, changeLocale } = useSession();
  const [name, setName] = useState(user.name);
  const [error, setError] = useState<unknown>(undefined);
  const [saved, setSaved] = useState(false);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(undefined);
    setSaved(false);
    try {
      await updateMe({ name: name.trim() });
      setSaved(true);
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <form className="card form" onSubmit={handleSubmit} aria-labelledby="profile-title">
      <h2 id="profile-title" className="section-title">{t('account.profile')}</h2>
      <dl className="facts">
        <dt>{t('account.email')}</dt><dd>{user.email}</dd>
        <dt>{t('account.role')}</dt><dd>{t(`role.${user.role}`)}</dd>
      </dl>
      <div className="field">
        <label htmlFor="account-name">{t('account.name')}</label>
        <input id="account-name" className="input" required autoComplete="name" value={name} onChange={(event) => setName(event.currentTarget.value)} />
      </div>
      <div className="field">
        <label htmlFor="account-language">{t('language.label')}</label>
        <select id="account-language" className="select" value={locale} aria-describedby="account-language-hint"
          onChange={(event) => {
            const next = event.currentTarget.value;
            if (isLocale(next)) changeLocale(next).catch((failure: unknown) => setError(failure));
          }}>
          {locales.map((value) => <option key={value} value={value} lang={value}>{t(`language.${value}`)}</option>)}
        </select>
        <p id="account-language-hint" className="hint">{t('account.languageHint')}</p>
      </div>
      <ErrorAlert error={error} />
      {saved && <SuccessNote>{t('account.nameSaved')}</SuccessNote>}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={name.trim() === user.name}>{t('common.save')}</button>
      </div>
    </form>
  );
}

function PasswordForm() {
  const { t } = useI18n();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirmPassword, setConfirmPassword] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const [mismatch, setMismatch] = useState(false);
  const [changed, setChanged] = useState(false);
  const [busy, setBusy] = useState(false);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setChanged(false);
    setError(undefined);
    setMismatch(newPassword !== confirmPassword);
    if (newPassword !== confirmPassword) return;
    setBusy(true);
    try {
      // A wrong current password answers 401: that is a message here, not an expired session.
      await api.post('/auth/password', { currentPassword, newPassword }, { expectUnauthorized: true });
      setCurrentPassword('');
      setNewPassword('');
      setConfirmPassword('');
      setChanged(true);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card form" onSubmit={handleSubmit} aria-labelledby="password-title">
      <h2 id="password-title" className="section-title">{t('account.password')}</h2>
      <div className="field">
        <label htmlFor="current-password">{t('account.currentPassword')}</label>
        <input id="current-password" className="input" type="password" autoComplete="current-password" required
          value={currentPassword} onChange={(event) => setCurrentPassword(event.currentTarget.value)} />
      </div>
      <div className="field">
        <label htmlFor="new-password">{t('account.newPassword')}</label>
        <input id="new-password" className="input" type="password" autoComplete="new-password" required minLength={8}
          aria-describedby="new-password-hint" value={newPassword} onChange={(event) => setNewPassword(event.currentTarget.value)} />
        <p id="new-password-hint" className="hint">{t('common.passwordRule')}</p>
      </div>
      <div className="field">
        <label htmlFor="confirm-password">{t('account.confirmPassword')}</label>
        <input id="confirm-password" className="input" type="password" autoComplete="new-password" required
          aria-invalid={mismatch} value={confirmPassword} onChange={(event) => setConfirmPassword(event.currentTarget.value)} />
        {mismatch && <p className="field-error" role="alert">{t('account.passwordMismatch')}</p>}
      </div>
      <ErrorAlert error={error} />
      {changed && <SuccessNote>{t('account.passwordChanged')}</SuccessNote>}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>{t('account.changePassword')}</button>
      </div>
    </form>
  );
}
