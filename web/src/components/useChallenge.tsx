import { useQuery } from '@tanstack/react-query';
import type { WidgetMethods } from 'altcha/types';
import type {} from 'altcha/types/react';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { queries } from '../api/queries.js';

/** The widget's module (./altcha.ts), fetched once, the first time a form turns the challenge on. */
let widgetModule: Promise<unknown> | null = null;
const loadWidget = () => (widgetModule ??= import('./altcha.js'));

/** How long a send waits for the background solution before it goes without one (and is refused). */
const WAIT_MS = 60_000;

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

  useEffect(() => {
    if (!enabled) return;
    let live = true;
    void loadWidget().then(() => live && setLoaded(true));
    return () => {
      live = false;
    };
  }, [enabled]);

  useEffect(() => {
    const element = ref.current;
    if (!enabled || !loaded || !element) return;
    const onState = (event: Event) => {
      const { state, payload } = (event as CustomEvent<{ state: string; payload?: string }>).detail;
      if (state === 'verified' && payload) {
        solved.current = payload;
        for (const resolve of waiting.current.splice(0)) resolve(payload);
      } else if (state === 'expired' || state === 'error') {
        // A stale or failed challenge: fetch and solve a fresh one.
        solved.current = null;
        window.setTimeout(() => void element.verify(), state === 'error' ? 2000 : 0);
      }
    };
    element.addEventListener('statechange', onState);
    return () => element.removeEventListener('statechange', onState);
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
