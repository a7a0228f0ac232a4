import { Card, Flex, Layout, Typography } from 'antd';
import type { ReactNode } from 'react';
import { LanguageSwitch } from '../../i18n/LanguageSwitch.js';
import { useI18n } from '../../i18n/I18nProvider.js';

/** The frame of the signed-out pages (log in, register, forgot password). */
export function AuthShell({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useI18n();
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
          <Card style={{ width: '100%', maxWidth: 440 }}>
            <Typography.Title level={3} data-testid="page-title" style={{ marginTop: 0 }}>
              {title}
            </Typography.Title>
            {children}
          </Card>
        </Flex>
      </Layout.Content>
    </Layout>
  );
}
