import { localeNames, locales, type Locale } from '@devplat/common';
import { theme } from 'antd';
import { loadCatalogue } from './catalogues.js';
import { useI18n } from './I18nProvider.js';

/**
 * 中文 | English, on every page; `onSwitch` lets a signed-in page tell the server too. Two radio
 * buttons in the look of antd's small Segmented, without it (~3.5 KB gzip on every signed-out
 * page, docs/decisions.md "Console bundle").
 */
const preloadOthers = (shown: Locale) => {
  for (const other of locales) if (other !== shown) void loadCatalogue(other).catch(() => undefined);
};

export function LanguageSwitch({ onSwitch }: { onSwitch?: (locale: Locale) => void } = {}) {
  const { locale, setLocale, t } = useI18n();
  const { token } = theme.useToken();
  return (
    <div
      role="radiogroup"
      aria-label={t('language.label')}
      data-testid="language-switch"
      // The other language's phrases start loading when the switch is pointed at or focused, so a
      // click shows them at once.
      onPointerEnter={() => preloadOthers(locale)}
      onFocus={() => preloadOthers(locale)}
      style={{
        display: 'inline-flex',
        padding: 2,
        gap: 2,
        background: token.colorBgLayout,
        borderRadius: token.borderRadiusSM,
      }}
    >
      {locales.map((value) => {
        const selected = value === locale;
        return (
          <button
            key={value}
            type="button"
            role="radio"
            aria-checked={selected}
            lang={value}
            data-testid={`language-${value}`}
            onClick={() => {
              if (selected) return;
              setLocale(value);
              onSwitch?.(value);
            }}
            style={{
              border: 0,
              cursor: selected ? 'default' : 'pointer',
              padding: `0 ${token.paddingXS}px`,
              minHeight: token.controlHeightSM - 4,
              font: 'inherit',
              fontSize: token.fontSize,
              color: selected ? token.colorText : token.colorTextSecondary,
              background: selected ? token.colorBgContainer : 'transparent',
              borderRadius: token.borderRadiusXS,
              boxShadow: selected ? token.boxShadowTertiary : 'none',
            }}
          >
            {localeNames[value]}
          </button>
        );
      })}
    </div>
  );
}
