import type { Locale } from '@devplat/common';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider.js';

export interface Loaded<T> {
  data: T | null;
  error: unknown;
  /** Asks again (after a change); the previous data stays on screen meanwhile. */
  reload: () => void;
}

/**
 * Runs `load` on mount, whenever `key` changes and on `reload()`. The language is read through a
 * ref: switching it is no reason to ask again (errors are re-translated from their codes).
 */
export function useLoad<T>(load: (locale: Locale) => Promise<T>, key = ''): Loaded<T> {
  const { locale } = useI18n();
  const localeRef = useRef(locale);
  localeRef.current = locale;
  const loadRef = useRef(load);
  loadRef.current = load;
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);

  useEffect(() => {
    let current = true;
    loadRef.current(localeRef.current).then(
      (loaded) => {
        if (!current) return;
        setData(loaded);
        setError(null);
      },
      (failure: unknown) => current && setError(failure),
    );
    return () => {
      current = false;
    };
  }, [attempt, key]);

  return { data, error, reload };
}
