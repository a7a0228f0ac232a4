import { App, Button, Flex, Layout, Menu, Space, Spin, Typography, type MenuProps } from 'antd';
import { Suspense, useState, type ReactNode } from 'react';
import { Outlet, useNavigate } from 'react-router-dom';
import { api } from '../../api/endpoints.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { LanguageSwitch } from '../../i18n/LanguageSwitch.js';
import { leaveBlocked } from './leaveGuard.js';
import { useForgetSession, useMe } from './session.js';

interface Props {
  theme: 'light' | 'dark';
  /** Above the navigation. */
  title: ReactNode;
  selected: string;
  items: MenuProps['items'];
  /** On the header's left; without it the header's items sit on the right. */
  brand?: ReactNode;
  /** Shown after the username. */
  badge?: ReactNode;
}

/**
 * A signed-in frame, shared by the developer console and the review console: navigation on the
 * left, the account, language and log-out on top, the page below.
 */
export function ConsoleFrame({ theme, title, selected, items, brand, badge }: Props) {
  const { t } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const forgetSession = useForgetSession();
  const { modal } = App.useApp();
  /** The menu's navigation, asking first while a form has unsaved edits (leaveGuard.ts). */
  const go = (to: string) => {
    if (!leaveBlocked()) return navigate(to);
    modal.confirm({
      title: t('leave.title'),
      content: t('leave.content'),
      okText: t('leave.ok'),
      cancelText: t('leave.cancel'),
      onOk: () => navigate(to),
    });
  };
  const [leaving, setLeaving] = useState(false);

  const logOut = async () => {
    setLeaving(true);
    try {
      await api.logOut();
    } catch {
      // Signed out or not, the visitor asked to leave: the next page asks the server again.
    }
    forgetSession();
    navigate('/login', { replace: true });
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={0} theme={theme}>
        <Typography.Title
          level={5}
          style={{ padding: '20px 24px 8px', margin: 0, ...(theme === 'dark' ? { color: '#fff' } : {}) }}
        >
          {title}
        </Typography.Title>
        <Menu theme={theme} mode="inline" selectedKeys={[selected]} onClick={({ key }) => void go(key)} items={items} />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', paddingInline: 24 }}>
          <Flex justify={brand ? 'space-between' : 'flex-end'} align="center" style={{ height: '100%' }}>
            {brand}
            <Space size="middle">
              <Typography.Text data-testid="header-username">{me.username}</Typography.Text>
              {badge}
              <LanguageSwitch />
              <Button data-testid="logout-button" loading={leaving} onClick={() => void logOut()}>
                {t('header.logout')}
              </Button>
            </Space>
          </Flex>
        </Layout.Header>
        <Layout.Content style={{ margin: 24 }}>
          {/* The page's own chunk loads inside the frame, which stays. */}
          <Suspense fallback={<Spin />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
