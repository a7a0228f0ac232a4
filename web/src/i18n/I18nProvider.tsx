import { defaultLocale, hasCatalogue, locales, uiText, type Locale, type UiKey } from '@devplat/common';
import { setRequestLocale } from '../api/client.js';
import { loadCatalogue } from './catalogues.js';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

/** Only the chosen language is remembered in the browser — never a token. */
const STORAGE_KEY = 'devplat.locale';

/** The language chosen in this browser before (main.tsx loads its phrases before the first render). */
export function storedLocale(): Locale {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return locales.find((locale) => locale === value) ?? defaultLocale;
  } catch {
    return defaultLocale;
  }
}

export type Translate = (key: UiKey, values?: Record<string, string | number>) => string;

interface I18n {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: Translate;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  // The language shown: the stored one once its phrases are loaded (main.tsx waits for them up to
  // a second), zh-CN until then.
  const [locale, setLocaleState] = useState<Locale>(() => {
    const stored = storedLocale();
    const initial = hasCatalogue(stored) ? stored : defaultLocale;
    setRequestLocale(initial);
    return initial;
  });

  /** Shows `next` once its phrases are loaded; a chunk that fails to load leaves the language as it is. */
  const show = useCallback(async (next: Locale) => {
    await loadCatalogue(next).catch(() => undefined);
    if (!hasCatalogue(next)) return;
    // Calls from now on ask for messages in the new language (Accept-Language).
    setRequestLocale(next);
    setLocaleState(next);
  }, []);

  useEffect(() => {
    const stored = storedLocale();
    if (!hasCatalogue(stored)) void show(stored);
  }, [show]);

  const setLocale = useCallback(
    (next: Locale) => {
      try {
        window.localStorage.setItem(STORAGE_KEY, next);
      } catch {
        // Storage may be unavailable (private mode); the choice then lasts for this page only.
      }
      void show(next);
    },
    [show],
  );

  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = uiText('app.title', locale);
  }, [locale]);

  const value = useMemo<I18n>(
    () => ({ locale, setLocale, t: (key, values) => uiText(key, locale, values) }),
    [locale, setLocale],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
