import { MenuOutlined } from '@ant-design/icons';
import { App, Button, Drawer, Flex, Grid, Layout, Menu, Space, Spin, Typography, type MenuProps } from 'antd';
import { Suspense, useState, type ReactNode } from 'react';
import { Outlet, useNavigate } from 'react-router-dom';
import { api } from '../../api/endpoints.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { LanguageSwitch } from '../../i18n/LanguageSwitch.js';
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
  const [leaving, setLeaving] = useState(false);
  const [menuOpen, setMenuOpen] = useState(false);
  const narrow = Grid.useBreakpoint().lg === false;

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

  const menu = (
    <Menu
      theme={theme}
      mode="inline"
      selectedKeys={[selected]}
      onClick={({ key }) => {
        setMenuOpen(false);
        // An edited form on the page may hold this back and ask first (leaveGuard.ts).
        void navigate(key);
      }}
      items={items}
    />
  );
  const heading = (
    <Typography.Title
      level={5}
      style={{ padding: '20px 24px 8px', margin: 0, ...(theme === 'dark' ? { color: '#fff' } : {}) }}
    >
      {title}
    </Typography.Title>
  );

  // antd's App (message, modal, notification) holds the signed-in pages' toasts and confirmations;
  // the signed-out pages do without it and its ~20 KB gzip (docs/decisions.md, "Console bundle").
  return (
    <App>
      <Layout style={{ minHeight: '100vh' }}>
        {/* Below lg the navigation moves into a drawer opened from the header, so no floating
          button covers the page's title, and the brand stays in the header. */}
        {narrow ? (
          <Drawer
            placement="left"
            open={menuOpen}
            onClose={() => setMenuOpen(false)}
            size={240}
            closable={false}
            styles={{ body: { padding: 0, ...(theme === 'dark' ? { background: '#001529' } : {}) } }}
          >
            {heading}
            {menu}
          </Drawer>
        ) : (
          <Layout.Sider theme={theme}>
            {heading}
            {menu}
          </Layout.Sider>
        )}
        <Layout>
          <Layout.Header style={{ background: '#fff', paddingInline: narrow ? 12 : 24 }}>
            <Flex justify="space-between" align="center" gap={8} style={{ height: '100%' }}>
              <Flex align="center" gap={8} style={{ minWidth: 0 }}>
                {narrow && (
                  <Button
                    type="text"
                    icon={<MenuOutlined />}
                    aria-label={t('header.menu')}
                    data-testid="menu-toggle"
                    onClick={() => setMenuOpen(true)}
                  />
                )}
                {brand ?? (narrow ? <Typography.Text strong>{title}</Typography.Text> : null)}
              </Flex>
              <Space size={narrow ? 'small' : 'middle'}>
                {/* On a phone the username gives way (个人中心 shows it). */}
                {!narrow && (
                  <Typography.Text data-testid="header-username" ellipsis style={{ maxWidth: 240 }}>
                    {me.username}
                  </Typography.Text>
                )}
                {badge}
                {/* Signed in: messages to this account follow the console's language (issue 9). */}
                <LanguageSwitch onSwitch={(next) => void api.setMessageLocale(next).catch(() => undefined)} />
                <Button data-testid="logout-button" loading={leaving} onClick={() => void logOut()}>
                  {t('header.logout')}
                </Button>
              </Space>
            </Flex>
          </Layout.Header>
          <Layout.Content style={{ margin: narrow ? 12 : 24 }}>
            {/* The page's own chunk loads inside the frame, which stays. */}
            <Suspense fallback={<Spin />}>
              <Outlet />
            </Suspense>
          </Layout.Content>
        </Layout>
      </Layout>
    </App>
  );
}
