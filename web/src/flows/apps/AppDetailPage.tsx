import { ArrowLeftOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Flex, Popconfirm, Result, Space, Typography, type ButtonProps } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { errorCodeOf } from '../../api/client.js';
import { ErrorAlert, useErrorText } from '../../api/ErrorAlert.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { queries } from '../../api/queries.js';
import type { AppFields } from '../../api/types.js';
import { appsApi } from './api.js';
import { AppFormModal } from './AppFormModal.js';
import { DevicesCard } from './DevicesCard.js';
import { formatTime, industryLabel, quotaText } from './format.js';
import { KeysCard } from './KeysCard.js';

/** /apps/:appId — the app (edit, delete), its keys and its devices. */
export function AppDetailPage() {
  const { appId = '' } = useParams();
  const { locale, t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const app = useQuery(queries.app(appId));
  const quota = useQuery(queries.quota());
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const errorText = useErrorText();

  const back = (
    <Link to="/apps" data-testid="app-back">
      <Space size={4}>
        <ArrowLeftOutlined />
        {t('apps.back')}
      </Space>
    </Link>
  );

  const code = errorCodeOf(app.error);
  if (code === 'app.not_found' || code === 'request.invalid') {
    return <Result status="404" title={<span data-testid="app-not-found">{errorText(app.error)}</span>} extra={back} />;
  }

  const save = async (fields: AppFields) => {
    await appsApi.update(appId, fields);
    setEditing(false);
    void message.success(t('apps.saved'));
    void queryClient.invalidateQueries({ queryKey: queries.app(appId).queryKey, exact: true });
  };

  const remove = async () => {
    setError(null);
    try {
      await appsApi.remove(appId);
      void message.success(t('apps.deleted'));
      navigate('/apps', { replace: true });
    } catch (failure) {
      setError(failure);
    }
  };

  const info = app.data;
  return (
    <Flex vertical gap={16}>
      {back}
      <ErrorAlert error={error ?? app.error ?? quota.error} testId="app-error" />
      <Card loading={app.isPending}>
        {/* Title and buttons wrap onto two lines on a phone instead of overlapping. */}
        <Flex justify="space-between" align="center" gap={12} wrap style={{ marginBottom: 16 }}>
          <Typography.Title
            level={4}
            style={{ margin: 0, minWidth: 0, overflowWrap: 'anywhere' }}
            data-testid="page-title"
          >
            {info?.name ?? t('apps.info.title')}
          </Typography.Title>
          {info && (
            <Space>
              <Button data-testid="app-edit" onClick={() => setEditing(true)}>
                {t('apps.edit')}
              </Button>
              <Popconfirm
                title={t('apps.delete.confirm', { name: info.name })}
                description={t('apps.delete.desc')}
                okButtonProps={{ 'data-testid': 'app-delete-confirm', danger: true } as ButtonProps}
                onConfirm={remove}
              >
                <Button danger data-testid="app-delete">
                  {t('apps.delete')}
                </Button>
              </Popconfirm>
            </Space>
          )}
        </Flex>
        {info && (
          <Descriptions
            column={{ xs: 1, md: 2 }}
            items={[
              {
                key: 'appId',
                label: t('apps.column.appId'),
                children: (
                  <Typography.Text copyable data-testid="app-detail-id">
                    {info.appId}
                  </Typography.Text>
                ),
              },
              { key: 'industry', label: t('apps.column.industry'), children: industryLabel(info.industry, t) },
              { key: 'createdAt', label: t('apps.column.createdAt'), children: formatTime(info.createdAt, locale) },
              { key: 'updatedAt', label: t('apps.info.updatedAt'), children: formatTime(info.updatedAt, locale) },
              {
                key: 'description',
                label: t('apps.info.description'),
                span: 'filled',
                children: <span data-testid="app-detail-description">{info.description || '—'}</span>,
              },
              ...(quota.data
                ? [
                    {
                      key: 'quota',
                      label: t('apps.quota'),
                      children: <span data-testid="device-quota">{quotaText(quota.data, t)}</span>,
                    },
                  ]
                : []),
            ]}
          />
        )}
      </Card>
      <KeysCard appId={appId} />
      <DevicesCard appId={appId} onChanged={() => void quota.refetch()} />
      {info && (
        <AppFormModal mode="edit" open={editing} initial={info} onClose={() => setEditing(false)} onSubmit={save} />
      )}
    </Flex>
  );
}
