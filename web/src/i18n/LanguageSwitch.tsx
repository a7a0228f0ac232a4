import { localeNames, locales, type Locale } from '@devplat/common';
import { Segmented } from 'antd';
import { useI18n } from './I18nProvider.js';

/** 中文 | English, on every page. */
export function LanguageSwitch() {
  const { locale, setLocale, t } = useI18n();
  return (
    <Segmented<Locale>
      aria-label={t('language.label')}
      data-testid="language-switch"
      size="small"
      value={locale}
      onChange={setLocale}
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
