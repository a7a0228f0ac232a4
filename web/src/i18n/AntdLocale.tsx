import { ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useEffect, useState, type ReactNode } from 'react';
import { useI18n } from './I18nProvider.js';

/**
 * antd's default palette, darkened where its text falls below WCAG AA's 4.5:1 (axe-core's
 * color-contrast): the primary blue (#1677ff is 4.1:1 on white), secondary and tertiary text,
 * and the status colours used as text in tags and danger buttons.
 *
 * Tags: a preset colour (`<Tag color="green">`) writes its text in the palette's 7th shade on its
 * 1st; for green, cyan, orange, gold, lime, yellow and volcano that is 2–4.4:1, so their 7th shade
 * is the palette's 8th or 9th here (≥ 5:1 on the 1st). A status tag (`success`, `warning`,
 * `error`, `processing`) writes the status colour on its `…Bg`, which antd derives from the
 * status seed: from the darkened seeds that would be a grey (#adb8a5 under #237804, 2.7:1), so the
 * backgrounds and borders are antd's light defaults. Every pair is ≥ 4.5:1 (measured by axe-core
 * in web/e2e/walkthrough.test.ts, which excludes no element).
 */
const TAG_TEXT = {
  green: '#237804',
  cyan: '#006d75',
  orange: '#ad4e00',
  volcano: '#ad2102',
  gold: '#874d00',
  lime: '#3f6600',
  yellow: '#876800',
} as const;

/**
 * Both spellings of a palette shade: antd's styles read `green7`, and its CSS variables are named
 * after both `green7` and the older `green-7` (--ant-green-7); the later one written would win.
 */
const tagText = Object.fromEntries(
  Object.entries(TAG_TEXT).flatMap(([colour, text]) => [
    [`${colour}7`, text],
    [`${colour}-7`, text],
  ]),
);

const theme = {
  token: {
    ...tagText,
    colorSuccessBg: '#f6ffed',
    colorSuccessBorder: '#b7eb8f',
    colorWarningBg: '#fffbe6',
    colorWarningBorder: '#ffe58f',
    colorErrorBg: '#fff2f0',
    colorErrorBorder: '#ffccc7',
    colorInfoBg: '#e6f4ff',
    colorInfoBorder: '#91caff',
    colorPrimary: '#0958d9',
    colorInfo: '#0958d9',
    colorLink: '#0958d9',
    colorError: '#cf1322',
    colorSuccess: '#237804',
    colorWarning: '#ad4e00',
    colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextDescription: 'rgba(0, 0, 0, 0.62)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.55)',
    colorTextQuaternary: 'rgba(0, 0, 0, 0.6)',
  },
};

/** With motion turned off: antd's `motion` token switches off every animation of its components. */
const stillTheme = { token: { ...theme.token, motion: false } };

const REDUCED_MOTION = '(prefers-reduced-motion: reduce)';

/** Whether the visitor's system asks for less motion (WCAG 2.3.3), followed as it changes. */
function usePrefersReducedMotion(): boolean {
  const [reduced, setReduced] = useState(() => window.matchMedia?.(REDUCED_MOTION).matches ?? false);
  useEffect(() => {
    const query = window.matchMedia?.(REDUCED_MOTION);
    if (!query) return;
    const follow = () => setReduced(query.matches);
    query.addEventListener('change', follow);
    return () => query.removeEventListener('change', follow);
  }, []);
  return reduced;
}

/**
 * antd's own texts (pagination, empty states…) follow the console's language; its dialogs,
 * pop-ups and menus open without animation when the system asks for reduced motion. antd's App
 * (message, modal) is the signed-in frame's (ConsoleFrame), not the signed-out pages'.
 */
export function AntdLocale({ children }: { children: ReactNode }) {
  const { locale } = useI18n();
  const reducedMotion = usePrefersReducedMotion();
  return (
    <ConfigProvider locale={locale === 'en' ? enUS : zhCN} theme={reducedMotion ? stillTheme : theme}>
      {children}
    </ConfigProvider>
  );
}
