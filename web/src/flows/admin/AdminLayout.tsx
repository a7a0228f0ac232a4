import {
  AuditOutlined,
  DashboardOutlined,
  FileSearchOutlined,
  MailOutlined,
  UserDeleteOutlined,
} from '@ant-design/icons';
import { Tag, Typography } from 'antd';
import { useLocation } from 'react-router-dom';
import { useI18n } from '../../i18n/I18nProvider.js';
import { ConsoleFrame } from '../layout/ConsoleFrame.js';
import { useMe } from '../layout/session.js';

/** The review console's frame: its own navigation, the staff member and their role, language, log-out. */
export function AdminLayout() {
  const { t } = useI18n();
  const me = useMe();
  const { pathname } = useLocation();
  const selected =
    ['/admin/overview', '/admin/messages', '/admin/deletions', '/admin/audit'].find((p) => pathname.startsWith(p)) ??
    '/admin';

  return (
    <ConsoleFrame
      theme="dark"
      title={t('admin.title')}
      selected={selected}
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
        {
          key: '/admin/deletions',
          icon: <UserDeleteOutlined />,
          label: <span data-testid="nav-admin-deletions">{t('admin.nav.deletions')}</span>,
        },
        // The message list is for admins only (the server refuses reviewers too).
        ...(me.role === 'admin'
          ? [
              {
                key: '/admin/messages',
                icon: <MailOutlined />,
                label: <span data-testid="nav-admin-messages">{t('admin.nav.messages')}</span>,
              },
              {
                key: '/admin/audit',
                icon: <FileSearchOutlined />,
                label: <span data-testid="nav-admin-audit">{t('sec.audit.nav')}</span>,
              },
            ]
          : []),
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
