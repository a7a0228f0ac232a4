import { useEffect } from 'react';

/**
 * "Leave this page?" for a form with unsaved edits. The console routes with BrowserRouter
 * (react-router's blocker needs a data router), so the guard covers what leaves a form in
 * practice: closing or reloading the tab (beforeunload) and the frame's navigation, which asks
 * `leaveBlocked()` before it navigates.
 */
let blocked = false;

export function leaveBlocked(): boolean {
  return blocked;
}

export function useLeaveGuard(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    blocked = true;
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      blocked = false;
      window.removeEventListener('beforeunload', onBeforeUnload);
    };
  }, [active]);
}
