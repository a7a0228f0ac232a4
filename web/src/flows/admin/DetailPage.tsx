import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Collapse, Descriptions, Flex, Result, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { errorCodeOf } from '../../api/client.js';
import { queries } from '../../api/queries.js';
import type { ReviewDetail } from '../../api/types.js';
import { ErrorAlert, useErrorText } from '../../api/ErrorAlert.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { stateColor } from '../certification/format.js';
import { SubmissionDetails } from '../certification/SubmissionDetails.js';
import { useMe } from '../layout/session.js';
import { formatTime } from '../../components/format.js';
import { DecisionBar } from './DecisionBar.js';
import { ResetSecondFactorButton } from '../second-factor/ResetSecondFactorButton.js';
import { DisableButton } from './DisableButton.js';
import { IdentityReveal } from './IdentityReveal.js';
import { StaffFile } from './StaffFile.js';

function stateOf(s: ReviewDetail['history'][number]) {
  return s.decision ?? 'pending';
}

/** One application: account, current submission with its documents, 查看完整号码, decisions, history. */
export function DetailPage() {
  const { accountId = '' } = useParams();
  const { locale, t } = useI18n();
  const me = useMe();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { data: detail, error: loadError, refetch } = useQuery(queries.reviewDetail(accountId));
  const [actionError, setActionError] = useState<unknown>(null);
  const reload = () => void refetch();
  const setDetail = (next: ReviewDetail) => queryClient.setQueryData(queries.reviewDetail(accountId).queryKey, next);
  const failed = (failure: unknown) => {
    setActionError(failure);
    // Someone else decided, or the developer edited: show the news and the application as it is now.
    if (errorCodeOf(failure) === 'certification.already_decided') reload();
  };

  const back = <Link to="/admin">{t('admin.back')}</Link>;
  if (!detail) {
    return <Card extra={back}>{loadError ? <Result status="warning" title={errorText(loadError)} /> : <Spin />}</Card>;
  }
  const [current, ...older] = detail.history;
  const state = detail.state;

  return (
    <Flex vertical gap={16}>
      <Card
        title={
          <Flex gap={8} align="center">
            <span data-testid="page-title">{t('admin.detail.title')}</span>
            <Tag color={stateColor[state]} data-testid="detail-state" data-state={state}>
              {t(`certification.state.${state}`)}
            </Tag>
            {detail.overdue && <Tag color="red">{t('admin.overdue')}</Tag>}
          </Flex>
        }
        extra={back}
      >
        <ErrorAlert error={actionError} testId="detail-error" />
        {detail.conflict && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="detail-conflict"
            message={t(`admin.conflict.${detail.conflict.state}`)}
            description={
              <Link to={`/admin/certifications/${detail.conflict.accountId}`} data-testid="detail-conflict-link">
                {t('admin.conflict.open')}
              </Link>
            }
          />
        )}
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2 }}
          title={t('admin.account')}
          items={[
            { key: 'username', label: t('personal.username'), children: detail.account.username },
            { key: 'phone', label: t('personal.phone'), children: detail.account.phone ?? '—' },
            { key: 'email', label: t('personal.email'), children: detail.account.email ?? '—' },
            {
              key: 'status',
              label: t('admin.account.status'),
              children: (
                <span data-testid="detail-account-status">
                  {detail.account.status === 'active' || detail.account.status === 'disabled'
                    ? t(`admin.account.status.${detail.account.status}`)
                    : detail.account.status}
                </span>
              ),
            },
          ]}
        />
        {me.role === 'admin' && detail.account.status !== 'disabled' && (
          <DisableButton
            accountId={detail.account.id}
            onFailed={failed}
            onDone={() => {
              void message.success(t('admin.disable.done'));
              reload();
            }}
          />
        )}
        {me.role === 'admin' && current?.decision === 'approved' && (
          <ResetSecondFactorButton
            accountId={detail.account.id}
            onDone={() => void message.success(t('admin.sfReset.done'))}
          />
        )}
      </Card>
      {current && (
        <Card
          title={t('admin.current')}
          extra={
            current.decision === null && (
              <DecisionBar
                detail={detail}
                onFailed={failed}
                onDecided={(next, decision) => {
                  setActionError(null);
                  setDetail(next);
                  void message.success(t(`admin.decided.${decision}`));
                }}
              />
            )
          }
        >
          <SubmissionDetails
            submission={current}
            testId="detail-current"
            identity={
              <IdentityReveal key={detail.version} accountId={detail.account.id} masked={current.identityMasked} />
            }
            files={(file, label) => <StaffFile key={file.id} file={file} label={label} />}
            extra={[
              { key: 'consent', label: t('admin.consentVersion'), children: current.consentVersion },
              ...(current.rejectReason !== null
                ? [
                    {
                      key: 'reason',
                      label: t('certification.rejected.reason'),
                      children: (
                        <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{current.rejectReason}</Typography.Text>
                      ),
                    },
                  ]
                : []),
              ...(current.decidedAt
                ? [
                    {
                      key: 'decidedAt',
                      label: t('certification.decidedAt'),
                      children: formatTime(current.decidedAt, locale),
                    },
                  ]
                : []),
            ]}
          />
        </Card>
      )}
      {older.length > 0 && (
        <Card title={t('admin.history')}>
          <Collapse
            data-testid="detail-history"
            items={older.map((s) => ({
              key: s.id,
              label: (
                <Flex gap={8}>
                  {formatTime(s.submittedAt, locale)}
                  <Tag color={stateColor[stateOf(s)]}>{t(`certification.state.${stateOf(s)}`)}</Tag>
                </Flex>
              ),
              children: (
                <SubmissionDetails
                  submission={s}
                  identity={
                    <IdentityReveal accountId={detail.account.id} submissionId={s.id} masked={s.identityMasked} />
                  }
                  files={(file, label) => <StaffFile key={file.id} file={file} label={label} />}
                  extra={
                    s.rejectReason !== null
                      ? [
                          {
                            key: 'reason',
                            label: t('certification.rejected.reason'),
                            children: (
                              <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{s.rejectReason}</Typography.Text>
                            ),
                          },
                        ]
                      : []
                  }
                />
              ),
            }))}
          />
        </Card>
      )}
      {!current && <Button onClick={reload}>{t('session.retry')}</Button>}
    </Flex>
  );
}
