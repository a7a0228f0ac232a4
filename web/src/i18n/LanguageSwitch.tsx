import { localeNames, locales, type Locale } from '@devplat/common';
import { Segmented } from 'antd';
import { useI18n } from './I18nProvider.js';

/** 中文 | English, on every page; `onSwitch` lets a signed-in page tell the server too. */
export function LanguageSwitch({ onSwitch }: { onSwitch?: (locale: Locale) => void } = {}) {
  const { locale, setLocale, t } = useI18n();
  return (
    <Segmented<Locale>
      aria-label={t('language.label')}
      data-testid="language-switch"
      size="small"
      value={locale}
      onChange={(next) => {
        setLocale(next);
        onSwitch?.(next);
      }}
      options={locales.map((value) => ({
        value,
        label: (
          <span lang={value} data-testid={`language-${value}`}>
            {localeNames[value]}
          </span>
        ),
      }))}
    />
  );
}
