import { Flex, Layout, theme, Typography } from 'antd';
import type { ReactNode } from 'react';
import { LanguageSwitch } from '../../i18n/LanguageSwitch.js';
import { useI18n } from '../../i18n/I18nProvider.js';

/** The frame of the signed-out pages (log in, register, forgot password). */
export function AuthShell({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useI18n();
  // A plain panel in the card's colours, not antd's Card: Card brings Tabs (its tabList) with it,
  // which no signed-out page uses (web/bundle-budget.json).
  const { token } = theme.useToken();
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ background: 'transparent' }}>
        <Flex justify="space-between" align="center" style={{ height: '100%' }}>
          <Typography.Text strong style={{ fontSize: 16 }}>
            {t('app.brand')}
          </Typography.Text>
          <LanguageSwitch />
        </Flex>
      </Layout.Header>
      <Layout.Content>
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
            <Typography.Title level={3} data-testid="page-title" style={{ marginTop: 0 }}>
              {title}
            </Typography.Title>
            {children}
          </section>
        </Flex>
      </Layout.Content>
    </Layout>
  );
}
