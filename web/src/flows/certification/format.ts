import { formatPhoneNational, type CertificationState, type Locale } from '@devplat/common';

/** A calendar date from the server (YYYY-MM-DD, China Standard Time) in the console's language. */
export function formatDate(day: string, locale: Locale): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return day;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

/** +8613800138000 → 138 0013 8000, +865921234567 → 0592-1234567; other numbers stay in E.164. */
export const nationalPhone = formatPhoneNational;

export const stateColor: Record<CertificationState, string> = {
  unsubmitted: 'default',
  pending: 'processing',
  approved: 'success',
  rejected: 'error',
};
