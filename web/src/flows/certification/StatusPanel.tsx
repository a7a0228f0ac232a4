import type { CertificationView } from '../../api/types.js';
import { Alert, Button, Card, Flex, Tag, Typography } from 'antd';
import { ownFileUrl } from '../../api/upload.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { EntitlementsView } from './EntitlementsView.js';
import { formatDate, stateColor } from './format.js';
import { SubmissionDetails } from './SubmissionDetails.js';

/** After submitting: pending (expected date, 修改), rejected (the reason, 修改), approved (read-only, entitlements). */
export function StatusPanel({ view, onEdit }: { view: CertificationView; onEdit: () => void }) {
  const { locale, t } = useI18n();
  const { status, current } = view;
  const editable = status.state === 'pending' || status.state === 'rejected';
  return (
    <Flex vertical gap={16} data-testid="cert-status" data-state={status.state}>
      {status.state === 'pending' && (
        <Alert
          type="info"
          showIcon
          title={t('certification.pending.title')}
          description={
            <span data-testid="cert-deadline" data-deadline={status.deadline ?? ''}>
              {t('certification.pending.desc', { date: status.deadline ? formatDate(status.deadline, locale) : '—' })}
            </span>
          }
        />
      )}
      {status.state === 'rejected' && (
        <Alert
          type="error"
          showIcon
          title={t('certification.rejected.title')}
          description={
            <Flex vertical gap={4}>
              <Typography.Text>
                {t('certification.rejected.reason')}:{' '}
                <Typography.Text strong data-testid="cert-reject-reason" style={{ whiteSpace: 'pre-wrap' }}>
                  {status.rejectReason ?? ''}
                </Typography.Text>
              </Typography.Text>
              <Typography.Text type="secondary">{t('certification.rejected.desc')}</Typography.Text>
            </Flex>
          }
        />
      )}
      {status.state === 'approved' && (
        <Alert
          type="success"
          showIcon
          title={t('certification.approved.title')}
          description={t('certification.approved.desc')}
        />
      )}
      {current && (
        <Card
          title={
            <Flex gap={8} align="center">
              {t('certification.info')}
              <Tag color={stateColor[status.state]} data-testid="cert-state-tag">
                {t(`certification.state.${status.state}`)}
              </Tag>
            </Flex>
          }
          extra={
            editable && (
              <Button type="primary" onClick={onEdit} data-testid="cert-edit">
                {t('certification.edit')}
              </Button>
            )
          }
        >
          <SubmissionDetails
            submission={current}
            testId="cert-details"
            files={({ id }, label) => (
              <img
                key={id}
                src={ownFileUrl(id)}
                alt={label}
                title={label}
                style={{ maxWidth: 200, maxHeight: 140, objectFit: 'contain', border: '1px solid #f0f0f0' }}
              />
            )}
          />
        </Card>
      )}
      {view.entitlements && (
        <Card>
          <EntitlementsView entitlements={view.entitlements} />
        </Card>
      )}
    </Flex>
  );
}
