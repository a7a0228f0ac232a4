import { Card, Descriptions, Flex, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { ErrorAlert } from '../../api/ErrorAlert.js';
import { queries } from '../../api/queries.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { EntitlementsView } from './EntitlementsView.js';
import { formatDate, stateColor } from './format.js';
import { SubmissionDetails } from './SubmissionDetails.js';

/** 认证信息: type, state, expected decision date, the masked submission and the entitlements. */
export function CertificationCard() {
  const { locale, t } = useI18n();
  const { data: view, error } = useQuery(queries.certification());

  const state = view?.status.state ?? 'unsubmitted';
  const link =
    view && state !== 'approved' ? (
      <Link to="/certification" data-testid="certification-link">
        {t(state === 'unsubmitted' ? 'certification.go' : 'certification.edit')}
      </Link>
    ) : null;

  return (
    <Card title={t('personal.certification')} extra={link} loading={!view && !error}>
      <ErrorAlert error={error} testId="certification-card-error" />
      {view && (
        <Flex vertical gap={16}>
          <Descriptions
            size="small"
            column={{ xs: 1, md: 3 }}
            items={[
              {
                key: 'state',
                label: t('certification.state').replace(/[:：]\s*$/, ''),
                children: (
                  <Tag color={stateColor[state]} data-testid="certification-state" data-state={state}>
                    {t(`certification.state.${state}`)}
                  </Tag>
                ),
              },
              // Type and expected date are in the submission's details below: shown once.
              ...(view.status.type && !view.current
                ? [
                    {
                      key: 'type',
                      label: t('certification.type'),
                      children: t(`certification.type.${view.status.type}`),
                    },
                  ]
                : []),
              ...(state === 'pending' && view.status.deadline && !view.current
                ? [
                    {
                      key: 'deadline',
                      label: t('certification.deadline'),
                      children: (
                        <span data-testid="certification-deadline">{formatDate(view.status.deadline, locale)}</span>
                      ),
                    },
                  ]
                : []),
            ]}
          />
          {state === 'rejected' && view.status.rejectReason !== null && (
            <Typography.Text type="danger">
              {t('certification.rejected.reason')}:{' '}
              <span data-testid="certification-reason">{view.status.rejectReason}</span>
            </Typography.Text>
          )}
          {view.current && <SubmissionDetails submission={view.current} testId="certification-details" />}
          {view.entitlements && <EntitlementsView entitlements={view.entitlements} />}
        </Flex>
      )}
    </Card>
  );
}
