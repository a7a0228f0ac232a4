import { CHALLENGE_TTL_SECONDS } from '@devplat/common';
import { useQuery } from '@tanstack/react-query';
import type { WidgetMethods } from 'altcha/types';
import type {} from 'altcha/types/react';
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { queries } from '../api/queries.js';

/** The widget's module (./altcha.ts), fetched once, the first time a form turns the challenge on. */
let widgetModule: Promise<unknown> | null = null;
const loadWidget = () => (widgetModule ??= import('./altcha.js'));

/** How long a send waits for the background solution before it goes without one (and is refused). */
const WAIT_MS = 60_000;

/**
 * When the console fetches a fresh challenge, on its own monotonic clock: a minute before the
 * server would refuse the solution. The widget times the expiry on the device's clock against
 * the server's `expires`; a device clock a few minutes fast (or one far behind, past what
 * setTimeout can wait) made it report "expired" at once, and fetching again on each report
 * hammered GET /api/v1/challenges without end.
 */
const REFRESH_MS = (CHALLENGE_TTL_SECONDS - 60) * 1000;

/**
 * The proof-of-work challenge (ALTCHA) before a sign-up or reset code. The invisible widget
 * fetches GET /api/v1/challenges and solves it in a worker as soon as the form is shown, while the
 * person types; `take()` hands the solution to the request and starts on the next one (the
 * server accepts each solution once). With CODE_CHALLENGE=off (settings.codeChallenge false) there
 * is no widget and `take()` gives nothing.
 */
export function useChallenge(active?: boolean): { widget: ReactNode; take: () => Promise<string | undefined> } {
  // Code requests follow CODE_CHALLENGE (settings); the log-in page turns it on when asked.
  const settings = useQuery(queries.settings()).data;
  const enabled = active ?? settings?.codeChallenge ?? true;
  const [loaded, setLoaded] = useState(false);
  const ref = useRef<(HTMLElement & WidgetMethods) | null>(null);
  const solved = useRef<string | null>(null);
  const waiting = useRef<((payload: string | null) => void)[]>([]);
  /** When the current challenge was fetched (performance.now()). */
  const fetchedAt = useRef(0);

  useEffect(() => {
    if (!enabled) return;
    let live = true;
    void loadWidget().then(() => live && setLoaded(true));
    return () => {
      live = false;
    };
  }, [enabled]);

  // A layout effect: the listener is on before the widget's first fetch can answer. The widget
  // starts solving on connect (auto="onload"); a passive effect ran after paint, and on a busy
  // machine a fast solve could report "verified" before it, to nobody (the send then waited out
  // WAIT_MS: CI, with the device clock 15 minutes fast).
  useLayoutEffect(() => {
    const element = ref.current;
    if (!enabled || !loaded || !element) return;
    let timer: number | undefined;
    const refresh = (afterMs: number) => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => {
        solved.current = null;
        element.reset();
        void element.verify();
      }, afterMs);
    };
    const onState = (event: Event) => {
      const { state, payload } = (event as CustomEvent<{ state: string; payload?: string }>).detail;
      if (state === 'verifying') {
        window.clearTimeout(timer);
        fetchedAt.current = performance.now();
      } else if (state === 'verified' && payload) {
        solved.current = payload;
        for (const resolve of waiting.current.splice(0)) resolve(payload);
        // A fresh one before the server's expiry, timed here (see REFRESH_MS).
        refresh(Math.max(0, REFRESH_MS - (performance.now() - fetchedAt.current)));
      } else if (state === 'expired') {
        // The widget's own expiry, on the device's clock: only trusted once ours agrees.
        const age = performance.now() - fetchedAt.current;
        if (age >= REFRESH_MS) refresh(0);
      } else if (state === 'error') {
        // A failed fetch or solve: try again shortly.
        solved.current = null;
        refresh(2000);
      }
    };
    element.addEventListener('statechange', onState);
    return () => {
      window.clearTimeout(timer);
      element.removeEventListener('statechange', onState);
    };
  }, [enabled, loaded]);

  const take = async (): Promise<string | undefined> => {
    if (!enabled) return undefined;
    const payload =
      solved.current ??
      (await new Promise<string | null>((resolve) => {
        waiting.current.push(resolve);
        window.setTimeout(() => resolve(null), WAIT_MS);
      }));
    solved.current = null;
    ref.current?.reset();
    void ref.current?.verify();
    return payload ?? undefined;
  };

  // Rendered once its module has defined the element, so it starts solving on connect (auto="onload").
  const widget =
    enabled && loaded ? (
      <altcha-widget
        ref={(element) => {
          ref.current = element as (HTMLElement & WidgetMethods) | null;
        }}
        challenge="/api/v1/challenges"
        auto="onload"
        display="invisible"
        data-testid="challenge-widget"
      />
    ) : null;
  return { widget, take };
}
