import type { CertificationView } from '@devplat/common';
import { Button, Card, Flex, Result, Spin, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/endpoints.js';
import { useErrorText } from '../../api/ErrorAlert.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { CertificationForm } from './CertificationForm.js';
import { StatusPanel } from './StatusPanel.js';

type Load = { kind: 'loading' } | { kind: 'failed'; error: unknown } | { kind: 'ready'; view: CertificationView };

/** 信息登记: the form until something is submitted, then the state (edit and resubmit while not approved). */
export function CertificationPage() {
  const { locale, t } = useI18n();
  const errorText = useErrorText();
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [editing, setEditing] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const localeRef = useRef(locale);
  localeRef.current = locale;

  useEffect(() => {
    let current = true;
    api.certification(localeRef.current).then(
      (view) => current && setLoad({ kind: 'ready', view }),
      (error: unknown) => current && setLoad({ kind: 'failed', error }),
    );
    return () => {
      current = false;
    };
  }, [attempt]);

  const submitted = useCallback((view: CertificationView) => {
    setLoad({ kind: 'ready', view });
    setEditing(false);
    window.scrollTo({ top: 0 });
  }, []);

  let body;
  if (load.kind === 'loading') body = <Spin />;
  else if (load.kind === 'failed')
    body = (
      <Result
        status="warning"
        title={errorText(load.error)}
        extra={<Button onClick={() => setAttempt((n) => n + 1)}>{t('session.retry')}</Button>}
      />
    );
  else if (load.view.status.state === 'unsubmitted' || editing)
    body = (
      <CertificationForm
        view={load.view}
        onSubmitted={submitted}
        onCancel={load.view.current ? () => setEditing(false) : undefined}
      />
    );
  else body = <StatusPanel view={load.view} onEdit={() => setEditing(true)} />;

  return (
    <Card>
      <Flex justify="space-between" align="center" style={{ marginBottom: 16 }}>
        <Typography.Title level={4} data-testid="page-title" style={{ margin: 0 }}>
          {t('certification.title')}
        </Typography.Title>
        <Link to="/personal">{t('certification.back')}</Link>
      </Flex>
      {body}
    </Card>
  );
}
