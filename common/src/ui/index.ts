import type { Locale } from '../errors/index.js';
import { en } from './en.js';
import { zhCN, type UiKey } from './zh-CN.js';

export type { UiKey } from './zh-CN.js';

const catalogues: Record<Locale, Record<UiKey, string>> = { 'zh-CN': zhCN, en };

/** Human names of the locales, each in its own language (for the language switch). */
export const localeNames: Record<Locale, string> = { 'zh-CN': '中文', en: 'English' };

/** A console phrase in the given locale, with `{name}` placeholders filled from values. */
export function uiText(key: UiKey, locale: Locale, values?: Record<string, string | number>): string {
  const template = catalogues[locale][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    values && values[name] !== undefined ? String(values[name]) : whole,
  );
}

/** Whether `key` is a console phrase (for names that come from the server, e.g. event names). */
export function isUiKey(key: string): key is UiKey {
  return Object.hasOwn(zhCN, key);
}
