// Sign-in with e-mail and password. Wrong credentials and the rate limit get their own messages.
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { ErrorAlert } from '../components/feedback.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { homePath } from '../layout/navigation.ts';
import { useSession } from '../session/session.tsx';
import { PublicLayout } from './public-layout.tsx';

export function SignInPage() {
  const { t } = useI18n();
  const { signIn } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const [submitting, setSubmitting] = useState(false);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitting(true);
    setError(undefined);
    try {
      const user = await signIn(email.trim(), password);
      const from = (location.state as { from?: string } | null)?.from;
      await navigate(from && from !== '/sign-in' ? from : homePath(user.role), { replace: true });
    } catch (failure) {
      setError(failure);
      setPassword('');
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <PublicLayout>
      <h1>{t('signIn.title')}</h1>
      <form className="form" onSubmit={handleSubmit}>
        <div className="field">
          <label htmlFor="sign-in-email">{t('signIn.email')}</label>
          <input id="sign-in-email" className="input" type="email" autoComplete="username" required autoFocus
            value={email} onChange={(event) => setEmail(event.currentTarget.value)} />
        </div>
        <div className="field">
          <label htmlFor="sign-in-password">{t('signIn.password')}</label>
          <input id="sign-in-password" className="input" type="password" autoComplete="current-password" required
            value={password} onChange={(event) => setPassword(event.currentTarget.value)} />
        </div>
        <ErrorAlert error={error} />
        <button type="submit" className="button button-primary button-block" disabled={submitting}>
          {submitting ? t('signIn.submitting') : t('signIn.submit')}
        </button>
      </form>
      <p className="muted small">{t('signIn.noAccount')}</p>
    </PublicLayout>
  );
}
