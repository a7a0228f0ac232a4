import { AuditOutlined } from '@ant-design/icons';
import { Tag, Typography } from 'antd';
import { useI18n } from '../../i18n/I18nProvider.js';
import { ConsoleFrame } from '../layout/ConsoleFrame.js';
import { useMe } from '../layout/session.js';

/** The review console's frame: its own navigation, the staff member and their role, language, log-out. */
export function AdminLayout() {
  const { t } = useI18n();
  const me = useMe();

  return (
    <ConsoleFrame
      theme="dark"
      title={t('admin.title')}
      selected="/admin"
      items={[
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
