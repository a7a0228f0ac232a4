import { Alert, Button, Flex, Spin } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { ApiError, SESSION_ENDED_EVENT } from '../../api/client.js';
import { queries } from '../../api/queries.js';
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
  // SECURITY_PROFILE=mlps: an enterprise developer owing a second factor enrols it first.
  if (me.role === 'developer') return me.mfa ? '/security-setup' : '/apps';
  return me.mfa ? '/admin/mfa' : '/admin';
}

/** Who may see a part of the console; anyone else is sent to their own home. */
export type Audience = 'developer' | 'staff';

function misplaced(me: Me, audience: Audience, pathname: string): string | null {
  if ((me.role === 'developer') !== (audience === 'developer')) return homeOf(me);
  if (audience === 'staff' && me.mfa && pathname !== '/admin/mfa') return '/admin/mfa';
  if (audience === 'developer' && Boolean(me.mfa) !== (pathname === '/security-setup')) return homeOf(me);
  return null;
}

type State = 'loading' | 'signedIn' | 'signedOut' | 'failed';

/** The cached account after a change answered with it; GET /me's certification part is kept. */
function merged(previous: Me | undefined, next: Me): Me {
  return { ...(previous ?? {}), ...next };
}

/**
 * The account (queries.me: GET /api/v1/session), once per visit (every part of the page reads
 * this one answer); nobody signed in sends the visitor to /login. Developers stay out of the review console and staff out of the
 * developer pages; staff owing their TOTP go to /admin/mfa.
 */
export function RequireSession({ children, audience = 'developer' }: { children: ReactNode; audience?: Audience }) {
  const { t } = useI18n();
  const location = useLocation();
  const queryClient = useQueryClient();
  const me = useQuery(queries.me());
  const [ended, setEnded] = useState(false);
  const setMe = useCallback(
    (next: Me) =>
      queryClient.setQueryData<Me | null>(queries.me().queryKey, (previous) => merged(previous ?? undefined, next)),
    [queryClient],
  );
  const session = useMemo(() => (me.data ? { me: me.data, setMe } : null), [me.data, setMe]);

  // Any call that finds the session gone (ended on another device, expired) leads to log-in,
  // and nothing of that account stays cached for whoever signs in next.
  useEffect(() => {
    const onEnded = () => {
      setEnded(true);
      queryClient.removeQueries();
    };
    window.addEventListener(SESSION_ENDED_EVENT, onEnded);
    return () => window.removeEventListener(SESSION_ENDED_EVENT, onEnded);
  }, [queryClient]);

  // Each navigation asks again, quietly: a page without calls of its own still notices.
  const firstPath = useRef(true);
  useEffect(() => {
    if (firstPath.current) {
      firstPath.current = false;
      return;
    }
    void queryClient.invalidateQueries({ queryKey: queries.me().queryKey, exact: true });
  }, [location.pathname, queryClient]);

  const unauthorized = me.data === null || (me.error instanceof ApiError && me.error.status === 401);
  // An answer still cached from before ("nobody" seen on the log-in page) is not trusted while asking again.
  const state: State = ended
    ? 'signedOut'
    : me.data
      ? 'signedIn'
      : me.isFetching || me.isPending
        ? 'loading'
        : unauthorized
          ? 'signedOut'
          : 'failed';

  switch (state) {
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
        // An Alert, not antd's Result: Result brings its 403/404/500 illustrations with it, and
        // this frame is on every page (web/bundle-budget.json).
        <Flex justify="center" style={{ padding: '48px 16px' }}>
          <Alert
            type="warning"
            showIcon
            title={t('session.failed')}
            action={
              <Button type="primary" onClick={() => void me.refetch()}>
                {t('session.retry')}
              </Button>
            }
          />
        </Flex>
      );
    case 'signedIn': {
      const elsewhere = misplaced(me.data!, audience, location.pathname);
      if (elsewhere) return <Navigate to={elsewhere} replace />;
      return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
    }
  }
}

/**
 * On the signed-out pages: someone already signed in goes straight to their home. The same
 * query as RequireSession (GET /session: 200 "nobody" rather than GET /me's 401), so a
 * visitor's console stays clean.
 */
export function RedirectIfSignedIn({ children }: { children: ReactNode }) {
  const me = useQuery(queries.me());
  return me.data ? <Navigate to={homeOf(me.data)} replace /> : children;
}

/**
 * After log-in, sign-up or log-out: forget every cached answer, so the next page asks the
 * server as the account that is signed in now (or as nobody).
 */
export function useForgetSession(): () => void {
  const queryClient = useQueryClient();
  return useCallback(() => queryClient.removeQueries(), [queryClient]);
}
