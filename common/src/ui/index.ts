import type { Locale } from '../errors/index.js';
import { zhCN, type UiKey } from './zh-CN.js';

export type { UiKey } from './zh-CN.js';

/** zh-CN always; English once `@devplat/common/en` is loaded (see errors/index.ts). */
const catalogues: Partial<Record<Locale, Record<UiKey, string>>> = { 'zh-CN': zhCN };

/** Makes `locale`'s phrases available (called by `@devplat/common/en`). */
export function addUiCatalogue(locale: Locale, catalogue: Record<UiKey, string>) {
  catalogues[locale] = catalogue;
}

/** Whether `locale`'s phrases and messages are loaded (zh-CN always is). */
export function hasCatalogue(locale: Locale): boolean {
  return catalogues[locale] !== undefined;
}

/** Human names of the locales, each in its own language (for the language switch). */
export const localeNames: Record<Locale, string> = { 'zh-CN': '中文', en: 'English' };

/**
 * A console phrase in the given locale, with `{name}` placeholders filled from values; in zh-CN
 * while `locale`'s catalogue is not loaded.
 */
export function uiText(key: UiKey, locale: Locale, values?: Record<string, string | number>): string {
  const template = (catalogues[locale] ?? zhCN)[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    values && values[name] !== undefined ? String(values[name]) : whole,
  );
}

/** Whether `key` is a console phrase (for names that come from the server, e.g. event names). */
export function isUiKey(key: string): key is UiKey {
  return Object.hasOwn(zhCN, key);
}

/** Every console phrase key (for the checks on the catalogues). */
export const uiKeys: readonly UiKey[] = Object.keys(zhCN) as UiKey[];

/**
 * A field's label inside an English sentence: "Enter the company name", not "Enter the Company
 * name". A first word in capitals (ID, PDF) keeps them; Chinese is left as it is.
 */
export function midSentence(label: string, locale: Locale): string {
  if (locale !== 'en') return label;
  const first = label.split(/[\s,(]/)[0] ?? '';
  if (first.length > 1 && first === first.toUpperCase()) return label;
  return label.charAt(0).toLowerCase() + label.slice(1);
}
