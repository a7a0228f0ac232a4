import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Table, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ErrorAlert } from '../../api/ErrorAlert.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { queries } from '../../api/queries.js';
import type { AppFields, AppInfo } from '../../api/types.js';
import { useMe } from '../layout/session.js';
import { appsApi } from './api.js';
import { AppFormModal } from './AppFormModal.js';
import { CertificationNotice } from './CertificationNotice.js';
import { QuotaLine } from './DeviceQuota.js';
import { formatTime, industryLabel } from './format.js';
import { ScrollRegion } from '../../components/ScrollRegion.js';
import { SecretModal, type Secret } from './SecretModal.js';

/** 应用管理: where a developer lands after log-in. Creating apps needs an approved certification. */
export function AppsPage() {
  const { locale, t } = useI18n();
  const queryClient = useQueryClient();
  // The certification comes with the session's one GET /me; no second ask.
  const certification = useMe().certification;
  const approved = certification?.state === 'approved';
  const apps = useQuery(queries.apps());
  const quota = useQuery({ ...queries.quota(), enabled: approved });
  const [creating, setCreating] = useState(false);
  // The new AppKey lives here only until the secret dialog closes.
  const [secret, setSecret] = useState<Secret | null>(null);

  const create = async (fields: AppFields) => {
    const { app, key } = await appsApi.create(fields);
    setCreating(false);
    setSecret({ kind: 'app', appId: app.appId, keyId: key.keyId, appKey: key.appKey });
    void queryClient.invalidateQueries({ queryKey: queries.apps().queryKey });
  };

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={4} data-testid="page-title" style={{ margin: 0 }}>
          {t('apps.title')}
        </Typography.Title>
        <Flex align="center" gap={16}>
          {approved && quota.data && <QuotaLine quota={quota.data} />}
          <Button
            type="primary"
            icon={<PlusOutlined />}
            disabled={!approved}
            data-testid="apps-create"
            onClick={() => setCreating(true)}
          >
            {t('apps.create')}
          </Button>
        </Flex>
      </Flex>
      <ErrorAlert error={apps.error ?? quota.error} testId="apps-error" />
      {certification && <CertificationNotice status={certification} />}
      <Card>
        <ScrollRegion label={t('nav.apps')}>
          <Table<AppInfo>
            data-testid="apps-table"
            rowKey="appId"
            loading={apps.isPending}
            dataSource={apps.data?.apps ?? []}
            pagination={false}
            locale={{
              emptyText: (
                <Empty
                  data-testid="apps-empty"
                  description={
                    <>
                      <Typography.Paragraph style={{ marginBottom: 4 }}>{t('apps.empty')}</Typography.Paragraph>
                      {approved && <Typography.Text type="secondary">{t('apps.emptyHint')}</Typography.Text>}
                    </>
                  }
                />
              ),
            }}
            columns={[
              {
                key: 'name',
                title: t('apps.column.name'),
                render: (_, app) => (
                  <Link to={`/apps/${encodeURIComponent(app.appId)}`} data-testid="app-link">
                    {app.name}
                  </Link>
                ),
              },
              {
                key: 'appId',
                title: t('apps.column.appId'),
                render: (_, app) => (
                  <Typography.Text copyable data-testid="app-row-id">
                    {app.appId}
                  </Typography.Text>
                ),
              },
              { key: 'industry', title: t('apps.column.industry'), render: (_, app) => industryLabel(app.industry, t) },
              {
                key: 'createdAt',
                title: t('apps.column.createdAt'),
                render: (_, app) => formatTime(app.createdAt, locale),
              },
              {
                key: 'actions',
                title: t('apps.column.actions'),
                render: (_, app) => <Link to={`/apps/${encodeURIComponent(app.appId)}`}>{t('apps.detail')}</Link>,
              },
            ]}
          />
        </ScrollRegion>
      </Card>
      <AppFormModal mode="create" open={creating} onClose={() => setCreating(false)} onSubmit={create} />
      <SecretModal secret={secret} onClose={() => setSecret(null)} />
    </Flex>
  );
}
