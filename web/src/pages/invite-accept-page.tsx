// Accepting an invitation (/invite/:token): the person sets a name and password and is signed in.
// A missing, expired or used invitation says what to do instead.
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../api/client.ts';
import { errorMessage } from '../api/error-message.ts';
import type { Me, PublicInvite } from '../api/types.ts';
import { ErrorAlert, LoadingNote } from '../components/feedback.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { homePath } from '../layout/navigation.ts';
import { useSession } from '../session/session.tsx';
import { PublicLayout } from './public-layout.tsx';

export function InviteAcceptPage() {
  const { token = '' } = useParams();
  const { t, format } = useI18n();
  const [invite, setInvite] = useState<PublicInvite | undefined>(undefined);
  const [loadError, setLoadError] = useState<unknown>(undefined);

  useEffect(() => {
    const controller = new AbortController();
    api.get<PublicInvite>(`/invites/${encodeURIComponent(token)}`, { signal: controller.signal, expectUnauthorized: true })
      .then(setInvite)
      .catch((failure: unknown) => {
        if (!controller.signal.aborted) setLoadError(failure);
      });
    return () => controller.abort();
  }, [token]);

  if (loadError !== undefined) {
    return (
      <PublicLayout>
        <h1>{t('invite.unavailable')}</h1>
        <div className="alert alert-error" role="alert">{errorMessage(loadError, t, format)}</div>
        <Link className="button button-primary button-block" to="/sign-in">{t('invite.toSignIn')}</Link>
      </PublicLayout>
    );
  }
  if (!invite) {
    return <PublicLayout><LoadingNote /></PublicLayout>;
  }
  return (
    <PublicLayout>
      <h1>{t('invite.title', { company: invite.companyName })}</h1>
      <p className="muted">{t('invite.summary', { role: t(`role.${invite.role}`), date: format.dateTime(invite.expiresAt) })}</p>
      <AcceptForm token={token} invite={invite} />
    </PublicLayout>
  );
}

function AcceptForm({ token, invite }: { token: string; invite: PublicInvite }) {
  const { t, locale } = useI18n();
  const { adopt, updateMe } = useSession();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [email, setEmail] = useState(invite.email ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const [submitting, setSubmitting] = useState(false);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitting(true);
    setError(undefined);
    try {
      const { user } = await api.post<{ user: Me }>(`/invites/${encodeURIComponent(token)}/accept`,
        { name: name.trim(), email: email.trim(), password }, { expectUnauthorized: true });
      adopt(user);
      // A new account has no language preference yet: keep the one the person read this form in.
      if (user.locale !== locale) await updateMe({ locale }).catch(() => undefined);
      await navigate(homePath(user.role), { replace: true });
    } catch (failure) {
      setError(failure);
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <form className="form" onSubmit={handleSubmit}>
      <div className="field">
        <label htmlFor="invite-name">{t('invite.name')}</label>
        <input id="invite-name" className="input" autoComplete="name" required autoFocus
          value={name} onChange={(event) => setName(event.currentTarget.value)} />
      </div>
      <div className="field">
        <label htmlFor="invite-email">{t('invite.email')}</label>
        <input id="invite-email" className="input" type="email" autoComplete="username" required
          readOnly={Boolean(invite.email)} value={email} onChange={(event) => setEmail(event.currentTarget.value)} />
      </div>
      <div className="field">
        <label htmlFor="invite-password">{t('invite.password')}</label>
        <input id="invite-password" className="input" type="password" autoComplete="new-password" required minLength={8}
          aria-describedby="invite-password-hint" value={password} onChange={(event) => setPassword(event.currentTarget.value)} />
        <p id="invite-password-hint" className="hint">{t('common.passwordRule')} {t('invite.passwordHint')}</p>
      </div>
      <ErrorAlert error={error} />
      <button type="submit" className="button button-primary button-block" disabled={submitting}>
        {submitting ? t('invite.submitting') : t('invite.submit')}
      </button>
    </form>
  );
}
