import { App } from 'antd';
import { useEffect, useRef } from 'react';
import { useBlocker } from 'react-router-dom';
import { useI18n } from '../../i18n/I18nProvider.js';

/**
 * "Leave this page?" for a form with unsaved edits. Inside the console react-router's blocker
 * (the console runs on a data router, App.tsx) holds every navigation to another page — a link,
 * a menu item, the browser's Back — until the visitor confirms; closing or reloading the tab asks
 * through the browser's own beforeunload dialog. Going to /login is never held (the session is
 * over: log-out, or ended elsewhere).
 */
export function useLeaveGuard(active: boolean): void {
  const { t } = useI18n();
  const { modal } = App.useApp();
  const blocker = useBlocker(
    // To /login the session is over (log-out, or ended elsewhere): nothing is held back.
    ({ currentLocation, nextLocation }) =>
      active && currentLocation.pathname !== nextLocation.pathname && nextLocation.pathname !== '/login',
  );
  const current = useRef(blocker);
  current.current = blocker;

  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    const dialog = modal.confirm({
      title: t('leave.title'),
      content: t('leave.content'),
      okText: t('leave.ok'),
      cancelText: t('leave.cancel'),
      okButtonProps: { 'data-testid': 'leave-ok' },
      cancelButtonProps: { 'data-testid': 'leave-cancel' },
      onOk: () => current.current.proceed?.(),
      onCancel: () => current.current.reset?.(),
    });
    return () => dialog.destroy();
  }, [blocker.state, modal, t]);

  useEffect(() => {
    if (!active) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [active]);
}
