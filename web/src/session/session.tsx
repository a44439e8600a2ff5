// Who is signed in. Loads GET /me on start, signs in and out, and keeps the interface language in
// step with the user's saved choice (PATCH /me) — or with localStorage before sign-in.
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { api, ApiError, onUnauthorized } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { Locale } from '../i18n/locale.ts';

export type SessionState =
  | { status: 'loading' }
  | { status: 'unreachable'; error: unknown }
  | { status: 'signedOut' }
  | { status: 'signedIn'; user: Me };

interface SessionValue {
  state: SessionState;
  signIn(email: string, password: string): Promise<Me>;
  signOut(): Promise<void>;
  /** After accepting an invite the server has already set the cookie and returned the user. */
  adopt(user: Me): void;
  updateMe(patch: { name?: string; locale?: Locale }): Promise<Me>;
  changeLocale(locale: Locale): Promise<void>;
  reload(): void;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const { setLocale } = useI18n();
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  const adopt = useCallback((user: Me) => {
    setState({ status: 'signedIn', user });
    setLocale(user.locale);
  }, [setLocale]);

  useEffect(() => {
    const controller = new AbortController();
    api.get<{ user: Me }>('/me', { signal: controller.signal, expectUnauthorized: true })
      .then(({ user }) => adopt(user))
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        if (error instanceof ApiError && error.status === 401) setState({ status: 'signedOut' });
        else setState({ status: 'unreachable', error });
      });
    return () => controller.abort();
  }, [adopt, attempt]);

  useEffect(() => {
    onUnauthorized(() => setState({ status: 'signedOut' }));
    return () => onUnauthorized(undefined);
  }, []);

  const signIn = useCallback(async (email: string, password: string) => {
    const { user } = await api.post<{ user: Me }>('/auth/login', { email, password }, { expectUnauthorized: true });
    adopt(user);
    return user;
  }, [adopt]);

  const signOut = useCallback(async () => {
    try {
      await api.post('/auth/logout', undefined, { expectUnauthorized: true });
    } finally {
      // Even if the request failed, the person asked to leave: show the sign-in page.
      setState({ status: 'signedOut' });
    }
  }, []);

  const updateMe = useCallback(async (patch: { name?: string; locale?: Locale }) => {
    const { user } = await api.patch<{ user: Me }>('/me', patch);
    adopt(user);
    return user;
  }, [adopt]);

  const changeLocale = useCallback(async (locale: Locale) => {
    setLocale(locale); // switch at once; the account is updated in the background
    if (state.status === 'signedIn') await updateMe({ locale });
  }, [setLocale, state.status, updateMe]);

  const reload = useCallback(() => {
    setState({ status: 'loading' });
    setAttempt((value) => value + 1);
  }, []);

  const value = useMemo<SessionValue>(
    () => ({ state, signIn, signOut, adopt, updateMe, changeLocale, reload }),
    [state, signIn, signOut, adopt, updateMe, changeLocale, reload],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}

/** For pages rendered inside the signed-in shell, where a user always exists. */
export function useUser(): Me {
  const { state } = useSession();
  if (state.status !== 'signedIn') throw new Error('useUser needs a signed-in session');
  return state.user;
}
