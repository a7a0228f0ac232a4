import { Alert, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n/I18nProvider.js';
import type { CertificationStatus } from '../../api/types.js';
import { formatDay } from './format.js';

/** Before approval: why apps cannot be created yet, and the way to the certification step. */
export function CertificationNotice({ status }: { status: CertificationStatus }) {
  const { locale, t } = useI18n();
  if (status.state === 'approved') return null;

  const body = (() => {
    switch (status.state) {
      case 'unsubmitted':
        return { text: t('apps.locked.unsubmitted'), link: t('apps.locked.unsubmitted.link') };
      case 'pending':
        return {
          text: status.deadline
            ? t('apps.locked.pending', { date: formatDay(status.deadline, locale) })
            : t('apps.locked.pending.noDate'),
          link: t('apps.locked.pending.link'),
        };
      case 'rejected':
        return { text: t('apps.locked.rejected'), link: t('apps.locked.rejected.link') };
    }
  })();

  return (
    <Alert
      type={status.state === 'rejected' ? 'error' : 'info'}
      showIcon
      data-testid="apps-locked"
      data-state={status.state}
      title={t('apps.locked.title')}
      description={
        <>
          <Typography.Paragraph style={{ marginBottom: 4 }}>{body.text}</Typography.Paragraph>
          {status.state === 'rejected' && status.rejectReason !== null && (
            <Typography.Paragraph type="danger" style={{ marginBottom: 4 }}>
              {t('apps.locked.rejected.reason')}
              <span data-testid="apps-locked-reason">{status.rejectReason}</span>
            </Typography.Paragraph>
          )}
          <Link to="/certification" data-testid="apps-locked-link">
            {body.link}
          </Link>
        </>
      }
    />
  );
}
