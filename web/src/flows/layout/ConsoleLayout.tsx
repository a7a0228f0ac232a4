import { AppstoreOutlined, UserOutlined } from '@ant-design/icons';
import { useLocation } from 'react-router-dom';
import { useI18n } from '../../i18n/I18nProvider.js';
import { ConsoleFrame } from './ConsoleFrame.js';

const sections = [
  { key: '/apps', label: 'nav.apps', icon: <AppstoreOutlined /> },
  { key: '/personal', label: 'nav.personal', icon: <UserOutlined /> },
] as const;

/** The signed-in frame: navigation on the left, account, language and log-out on top. */
export function ConsoleLayout() {
  const { t } = useI18n();
  const { pathname } = useLocation();
  // Certification is reached from 个人中心 and belongs to it in the navigation.
  const section = pathname.startsWith('/certification') ? '/personal' : pathname;
  const selected = sections.find((s) => section.startsWith(s.key))?.key ?? '/apps';

  return (
    <ConsoleFrame
      theme="light"
      title={t('app.brand')}
      selected={selected}
      items={sections.map((s) => ({
        key: s.key,
        icon: s.icon,
        label: <span data-testid={`nav-${s.key.slice(1)}`}>{t(s.label)}</span>,
      }))}
    />
  );
}
