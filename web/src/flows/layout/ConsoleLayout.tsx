import { AppstoreOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Flex, Layout, Menu, Space, Typography } from 'antd';
import { useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { api } from '../../api/endpoints.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { LanguageSwitch } from '../../i18n/LanguageSwitch.js';
import { useMe } from './session.js';

const sections = [
  { key: '/apps', label: 'nav.apps', icon: <AppstoreOutlined /> },
  { key: '/personal', label: 'nav.personal', icon: <UserOutlined /> },
] as const;

/** The signed-in frame: navigation on the left, account, language and log-out on top. */
export function ConsoleLayout() {
  const { locale, t } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const [leaving, setLeaving] = useState(false);
  // Certification is reached from 个人中心 and belongs to it in the navigation.
  const section = pathname.startsWith('/certification') ? '/personal' : pathname;
  const selected = sections.find((s) => section.startsWith(s.key))?.key ?? '/apps';

  const logOut = async () => {
    setLeaving(true);
    try {
      await api.logOut(locale);
    } catch {
      // Signed out or not, the visitor asked to leave: the next page asks the server again.
    }
    navigate('/login', { replace: true });
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={0} theme="light">
        <Typography.Title level={5} style={{ padding: '20px 24px 8px', margin: 0 }}>
          {t('app.brand')}
        </Typography.Title>
        <Menu
          mode="inline"
          selectedKeys={[selected]}
          onClick={({ key }) => navigate(key)}
          items={sections.map((s) => ({
            key: s.key,
            icon: s.icon,
            label: <span data-testid={`nav-${s.key.slice(1)}`}>{t(s.label)}</span>,
          }))}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', paddingInline: 24 }}>
          <Flex justify="flex-end" align="center" style={{ height: '100%' }}>
            <Space size="middle">
              <Typography.Text data-testid="header-username">{me.username}</Typography.Text>
              <LanguageSwitch />
              <Button data-testid="logout-button" loading={leaving} onClick={() => void logOut()}>
                {t('header.logout')}
              </Button>
            </Space>
          </Flex>
        </Layout.Header>
        <Layout.Content style={{ margin: 24 }}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
