import type { Me } from '@devplat/common';
import { Button, Flex, Result, Spin } from 'antd';
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { ApiError } from '../../api/client.js';
import { api } from '../../api/endpoints.js';
import { useI18n } from '../../i18n/I18nProvider.js';

const SessionContext = createContext<Me | null>(null);

/** The signed-in account; only inside <RequireSession>. */
export function useMe(): Me {
  const me = useContext(SessionContext);
  if (!me) throw new Error('useMe outside RequireSession');
  return me;
}

type State = { kind: 'loading' } | { kind: 'signedIn'; me: Me } | { kind: 'signedOut' } | { kind: 'failed' };

/** Asks GET /api/v1/me; a 401 sends the visitor to /login. */
export function RequireSession({ children }: { children: ReactNode }) {
  const { locale, t } = useI18n();
  const location = useLocation();
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
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
    case 'signedIn':
      return <SessionContext.Provider value={state.me}>{children}</SessionContext.Provider>;
  }
}

/** On the signed-out pages: someone already signed in goes straight to App management. */
export function RedirectIfSignedIn({ children }: { children: ReactNode }) {
  const { locale } = useI18n();
  const localeRef = useRef(locale);
  localeRef.current = locale;
  const [signedIn, setSignedIn] = useState(false);
  useEffect(() => {
    let current = true;
    api.me(localeRef.current).then(
      () => current && setSignedIn(true),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [localeRef]);
  return signedIn ? <Navigate to="/apps" replace /> : children;
}
