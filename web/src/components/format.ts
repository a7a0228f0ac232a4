import { isUiKey, type Locale } from '@devplat/common';
import type { Translate } from '../i18n/I18nProvider.js';

export function formatTime(iso: string, locale: Locale): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' }).format(date);
}

const browsers: [RegExp, string][] = [
  [/Edg(?:e|A|iOS)?\/(\d+)/, 'Edge'],
  [/OPR\/(\d+)/, 'Opera'],
  [/Firefox\/(\d+)/, 'Firefox'],
  [/(?:Chrome|CriOS)\/(\d+)/, 'Chrome'],
  [/Version\/(\d+)[^ ]* .*Safari\//, 'Safari'],
];
const systems: [RegExp, string][] = [
  [/Windows/, 'Windows'],
  [/Android/, 'Android'],
  [/iPhone|iPad|iPod/, 'iOS'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/CrOS/, 'ChromeOS'],
  [/Linux/, 'Linux'],
];

/** "Chrome 130 · Linux" from a user agent; the raw text when it is not recognised. */
export function describeUserAgent(userAgent: string | null, t: Translate): string {
  if (!userAgent) return t('device.unknown');
  let browser: string | null = null;
  for (const [pattern, name] of browsers) {
    const match = pattern.exec(userAgent);
    if (match) {
      browser = `${name} ${match[1]}`;
      break;
    }
  }
  const system = systems.find(([pattern]) => pattern.test(userAgent))?.[1] ?? null;
  if (!browser && !system) return userAgent.length > 60 ? `${userAgent.slice(0, 57)}…` : userAgent;
  return [browser, system].filter(Boolean).join(' · ');
}

/** The label of a security event; an event the console does not know yet shows its raw name. */
export function eventLabel(event: string, t: Translate): string {
  const key = `event.${event}`;
  return isUiKey(key) ? t(key) : event;
}

/** The label inside an English sentence ("Enter the company name"): shared with the phrase checks. */
export { midSentence } from '@devplat/common';
