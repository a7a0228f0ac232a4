import { Flex, theme } from 'antd';
import type { ReactNode } from 'react';
import { LanguageSwitch } from '../../i18n/LanguageSwitch.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { Text, Title } from '../../components/text.js';

/** The frame of the signed-out pages (log in, register, forgot password). */
export function AuthShell({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useI18n();
  // A plain panel in the card's colours, not antd's Card: Card brings Tabs (its tabList) with it,
  // which no signed-out page uses (web/bundle-budget.json).
  const { token } = theme.useToken();
  // The page's base text as antd's App and Layout give the signed-in console (font, colour, the
  // layout's background), without them: they bring message, modal and notification along.
  return (
    <div
      style={{
        minHeight: '100vh',
        background: token.colorBgLayout,
        color: token.colorText,
        fontFamily: token.fontFamily,
        fontSize: token.fontSize,
        lineHeight: token.lineHeight,
      }}
    >
      <header style={{ height: 64, paddingInline: 50 }}>
        <Flex justify="space-between" align="center" style={{ height: '100%' }}>
          <Text strong style={{ fontSize: 16 }}>
            {t('app.brand')}
          </Text>
          <LanguageSwitch />
        </Flex>
      </header>
      <main>
        <Flex justify="center" style={{ padding: '48px 16px' }}>
          <section
            style={{
              width: '100%',
              maxWidth: 440,
              padding: token.paddingLG,
              background: token.colorBgContainer,
              border: `${token.lineWidth}px ${token.lineType} ${token.colorBorderSecondary}`,
              borderRadius: token.borderRadiusLG,
            }}
          >
            <Title level={3} data-testid="page-title" style={{ marginTop: 0 }}>
              {title}
            </Title>
            {children}
          </section>
        </Flex>
      </main>
    </div>
  );
}
