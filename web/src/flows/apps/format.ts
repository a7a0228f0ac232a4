import type { Locale } from '@devplat/common';
import type { Translate } from '../../i18n/I18nProvider.js';
import type { Quota } from '../../api/types.js';
import { INDUSTRIES, type Industry } from './api.js';

export function formatTime(iso: string, locale: Locale): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** A calendar date from the server (YYYY-MM-DD, China Standard Time) in the console's language. */
export function formatDay(day: string, locale: Locale): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return day;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

export function isIndustry(value: string): value is Industry {
  return (INDUSTRIES as readonly string[]).includes(value);
}

/** The industry's label; a value this console does not know shows as sent. */
export function industryLabel(industry: string, t: Translate): string {
  return isIndustry(industry) ? t(`apps.industry.${industry}`) : industry;
}

/** "12 / 300", or "12 / 不限" without a cap. */
export function quotaText(quota: Quota, t: Translate): string {
  return t('apps.quota.value', { used: quota.used, cap: quota.cap === null ? t('apps.quota.unlimited') : quota.cap });
}
