import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Flex, Result, Spin, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { Link } from 'react-router-dom';
import { queries } from '../../api/queries.js';
import type { CertificationView } from '../../api/types.js';
import { useErrorText } from '../../api/ErrorAlert.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { CertificationForm } from './CertificationForm.js';
import { StatusPanel } from './StatusPanel.js';

/** 信息登记: the form until something is submitted, then the state (edit and resubmit while not approved). */
export function CertificationPage() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const load = useQuery(queries.certification());
  const [editing, setEditing] = useState(false);

  const submitted = useCallback(
    (view: CertificationView) => {
      queryClient.setQueryData(queries.certification().queryKey, view);
      // The session's GET /me carries the certification state too (App management reads it).
      void queryClient.invalidateQueries({ queryKey: queries.me().queryKey, exact: true });
      setEditing(false);
      window.scrollTo({ top: 0 });
    },
    [queryClient],
  );

  let body;
  if (load.isPending) body = <Spin />;
  else if (load.isError)
    body = (
      <Result
        status="warning"
        title={errorText(load.error)}
        extra={<Button onClick={() => void load.refetch()}>{t('session.retry')}</Button>}
      />
    );
  else if (load.data.status.state === 'unsubmitted' || editing)
    body = (
      <CertificationForm
        view={load.data}
        onSubmitted={submitted}
        onCancel={load.data.current ? () => setEditing(false) : undefined}
      />
    );
  else body = <StatusPanel view={load.data} onEdit={() => setEditing(true)} />;

  return (
    <Card>
      <Flex justify="space-between" align="center" style={{ marginBottom: 16 }}>
        <Typography.Title level={4} data-testid="page-title" style={{ margin: 0 }}>
          {t('certification.title')}
        </Typography.Title>
        <Link to="/personal" data-testid="certification-back">
          {t('certification.back')}
        </Link>
      </Flex>
      {body}
    </Card>
  );
}
