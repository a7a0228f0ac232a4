import { AuditOutlined, DashboardOutlined } from '@ant-design/icons';
import { useLocation } from 'react-router-dom';
import { Tag, Typography } from 'antd';
import { useI18n } from '../../i18n/I18nProvider.js';
import { ConsoleFrame } from '../layout/ConsoleFrame.js';
import { useMe } from '../layout/session.js';

/** The review console's frame: its own navigation, the staff member and their role, language, log-out. */
export function AdminLayout() {
  const { t } = useI18n();
  const me = useMe();
  const { pathname } = useLocation();

  return (
    <ConsoleFrame
      theme="dark"
      title={t('admin.title')}
      selected={pathname === '/admin/overview' ? '/admin/overview' : '/admin'}
      items={[
        {
          key: '/admin/overview',
          icon: <DashboardOutlined />,
          label: <span data-testid="nav-admin-overview">{t('admin.nav.overview')}</span>,
        },
        {
          key: '/admin',
          icon: <AuditOutlined />,
          label: <span data-testid="nav-admin-queue">{t('admin.nav.queue')}</span>,
        },
      ]}
      brand={<Typography.Text strong>{t('app.brand')}</Typography.Text>}
      badge={
        <Tag color="purple" data-testid="header-role">
          {t(me.role === 'admin' ? 'admin.role.admin' : 'admin.role.reviewer')}
        </Tag>
      }
    />
  );
}
