import { Button, Flex, Result, Spin } from 'antd';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { ApiError, SESSION_ENDED_EVENT } from '../../api/client.js';
import { api } from '../../api/endpoints.js';
import type { Me } from '../../api/types.js';
import { useI18n } from '../../i18n/I18nProvider.js';

interface Session {
  me: Me;
  /** After a change the server answered with the new Me (username, phone, email). */
  setMe: (me: Me) => void;
}

const SessionContext = createContext<Session | null>(null);

function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useMe outside RequireSession');
  return session;
}

/** The signed-in account; only inside <RequireSession>. */
export function useMe(): Me {
  return useSession().me;
}

export function useSetMe(): (me: Me) => void {
  return useSession().setMe;
}

/** Where an account belongs after log-in: staff to the review console (TOTP first), developers to 应用管理. */
export function homeOf(me: Me): string {
  if (me.role === 'developer') return '/apps';
  return me.mfa ? '/admin/mfa' : '/admin';
}

/** Who may see a part of the console; anyone else is sent to their own home. */
export type Audience = 'developer' | 'staff';

function misplaced(me: Me, audience: Audience, pathname: string): string | null {
  if ((me.role === 'developer') !== (audience === 'developer')) return homeOf(me);
  if (audience === 'staff' && me.mfa && pathname !== '/admin/mfa') return '/admin/mfa';
  return null;
}

type State = { kind: 'loading' } | { kind: 'signedIn'; me: Me } | { kind: 'signedOut' } | { kind: 'failed' };

/**
 * Asks GET /api/v1/me; a 401 sends the visitor to /login. Developers stay out of the review
 * console and staff out of the developer pages; staff owing their TOTP go to /admin/mfa.
 */
export function RequireSession({ children, audience = 'developer' }: { children: ReactNode; audience?: Audience }) {
  const { locale, t } = useI18n();
  const location = useLocation();
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  const setMe = useCallback((me: Me) => setState({ kind: 'signedIn', me }), []);
  const session = useMemo(() => (state.kind === 'signedIn' ? { me: state.me, setMe } : null), [state, setMe]);
  // The language is not a reason to ask again: read it through a ref.
  const localeRef = useRef(locale);
  localeRef.current = locale;

  useEffect(() => {
    let current = true;
    setState({ kind: 'loading' });
    api.me(localeRef.current).then(
      (me) => current && setState({ kind: 'signedIn', me }),
      (error: unknown) => {
        if (!current) return;
        setState(error instanceof ApiError && error.status === 401 ? { kind: 'signedOut' } : { kind: 'failed' });
      },
    );
    return () => {
      current = false;
    };
  }, [attempt, localeRef]);

  // Any call that finds the session gone (ended on another device, expired) leads to log-in.
  useEffect(() => {
    const ended = () => setState({ kind: 'signedOut' });
    window.addEventListener(SESSION_ENDED_EVENT, ended);
    return () => window.removeEventListener(SESSION_ENDED_EVENT, ended);
  }, []);

  // Each navigation asks again, quietly: a page without calls of its own still notices.
  const firstPath = useRef(true);
  useEffect(() => {
    if (firstPath.current) {
      firstPath.current = false;
      return;
    }
    let current = true;
    api.me(localeRef.current).then(
      (me) => current && setState((s) => (s.kind === 'signedIn' ? { kind: 'signedIn', me } : s)),
      () => undefined, // a 401 arrives through SESSION_ENDED_EVENT; other failures wait for the next call
    );
    return () => {
      current = false;
    };
  }, [location.pathname, localeRef]);

  switch (state.kind) {
    case 'loading':
      return (
        <Flex justify="center" align="center" style={{ minHeight: '100vh' }}>
          <Spin description={t('session.loading')} />
        </Flex>
      );
    case 'signedOut':
      return <Navigate to="/login" replace state={{ from: location.pathname }} />;
    case 'failed':
      return (
        <Result
          status="warning"
          title={t('session.failed')}
          extra={
            <Button type="primary" onClick={retry}>
              {t('session.retry')}
            </Button>
          }
        />
      );
    case 'signedIn': {
      const elsewhere = misplaced(state.me, audience, location.pathname);
      if (elsewhere) return <Navigate to={elsewhere} replace />;
      return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
    }
  }
}

/** On the signed-out pages: someone already signed in goes straight to their home. */
export function RedirectIfSignedIn({ children }: { children: ReactNode }) {
  const { locale } = useI18n();
  const localeRef = useRef(locale);
  localeRef.current = locale;
  const [home, setHome] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    api.me(localeRef.current).then(
      (me) => current && setHome(homeOf(me)),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [localeRef]);
  return home ? <Navigate to={home} replace /> : children;
}
