import type { ErrorCode } from './codes.js';
import { zhCN } from './zh-CN.js';

export * from './codes.js';

export type Locale = 'zh-CN' | 'en';
export const locales: readonly Locale[] = ['zh-CN', 'en'];
export const defaultLocale: Locale = 'zh-CN';

/**
 * The catalogues: zh-CN (the default) always; English once `@devplat/common/en` is loaded, which
 * the package's main entry does for the server and the console does with the language (a
 * signed-out page loads one language's phrases).
 */
const catalogues: Partial<Record<Locale, Record<ErrorCode, string>>> = { 'zh-CN': zhCN };

/** Makes `locale`'s messages available (called by `@devplat/common/en`). */
export function addErrorCatalogue(locale: Locale, catalogue: Record<ErrorCode, string>) {
  catalogues[locale] = catalogue;
}

/**
 * The translated message for a code, with `{name}` placeholders filled from details; in zh-CN
 * while `locale`'s catalogue is not loaded.
 */
export function errorMessage(code: ErrorCode, locale: Locale, details?: Record<string, unknown>): string {
  const template = (catalogues[locale] ?? zhCN)[code];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    details && details[name] !== undefined ? String(details[name]) : whole,
  );
}

/**
 * Picks the best supported locale from an Accept-Language header (RFC 9110 q-values).
 * Anything Chinese maps to zh-CN, anything English to en; default zh-CN.
 */
export function pickLocale(header: string | undefined): Locale {
  if (!header) return defaultLocale;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag: tag.toLowerCase(), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((entry) => entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const { tag } of ranked) {
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return defaultLocale;
}
