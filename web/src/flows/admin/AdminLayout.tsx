import { AuditOutlined } from '@ant-design/icons';
import { Button, Flex, Layout, Menu, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Outlet, useNavigate } from 'react-router-dom';
import { api } from '../../api/endpoints.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { LanguageSwitch } from '../../i18n/LanguageSwitch.js';
import { useMe } from '../layout/session.js';

/** The review console's frame: its own navigation, the staff member and their role, language, log-out. */
export function AdminLayout() {
  const { locale, t } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const [leaving, setLeaving] = useState(false);

  const logOut = async () => {
    setLeaving(true);
    try {
      await api.logOut(locale);
    } catch {
      // Signed out or not, the next page asks the server again.
    }
    navigate('/login', { replace: true });
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={0} theme="dark">
        <Typography.Title level={5} style={{ padding: '20px 24px 8px', margin: 0, color: '#fff' }}>
          {t('admin.title')}
        </Typography.Title>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={['/admin']}
          onClick={({ key }) => navigate(key)}
          items={[
            {
              key: '/admin',
              icon: <AuditOutlined />,
              label: <span data-testid="nav-admin-queue">{t('admin.nav.queue')}</span>,
            },
          ]}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', paddingInline: 24 }}>
          <Flex justify="space-between" align="center" style={{ height: '100%' }}>
            <Typography.Text strong>{t('app.brand')}</Typography.Text>
            <Space size="middle">
              <Typography.Text data-testid="header-username">{me.username}</Typography.Text>
              <Tag color="purple" data-testid="header-role">
                {t(me.role === 'admin' ? 'admin.role.admin' : 'admin.role.reviewer')}
              </Tag>
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
