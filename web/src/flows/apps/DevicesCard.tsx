import { ReloadOutlined } from '@ant-design/icons';
import { App, Alert, Button, Card, Popconfirm, Table, Tag, type ButtonProps } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState, type HTMLAttributes } from 'react';
import { ErrorAlert } from '../../api/ErrorAlert.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import type { Device } from '../../api/types.js';
import { appsApi } from './api.js';
import { formatTime } from './format.js';

const PAGE = 100;
/** GET /devices lists every app's devices; this many are read at most to pick out one app's. */
const MAX_READ = 5_000;

interface AppDevices {
  items: Device[];
  truncated: boolean;
}

/** The app's devices, newest first: the owner's list, page by page, filtered by AppID. */
async function devicesOf(appId: string): Promise<AppDevices> {
  const items: Device[] = [];
  for (let page = 1; ; page++) {
    const body = await appsApi.devices(page, PAGE);
    items.push(...body.items.filter((d) => d.appId === appId));
    const read = (page - 1) * PAGE + body.items.length;
    if (body.items.length < PAGE || read >= body.total) return { items, truncated: false };
    if (read >= MAX_READ) return { items, truncated: true };
  }
}

const kindColor: Record<Device['kind'], string> = { device: 'default', gateway: 'blue', sub_device: 'cyan' };

/** 设备: what the app registered through the open API; remove (a gateway with its sub-devices). */
export function DevicesCard({ appId, onChanged }: { appId: string; onChanged: () => void }) {
  const { locale, t } = useI18n();
  const { message } = App.useApp();
  const devices = useQuery({ queryKey: ['devices', 'of-app', appId], queryFn: () => devicesOf(appId) });
  const [error, setError] = useState<unknown>(null);

  const remove = async (deviceId: string) => {
    setError(null);
    try {
      const { removed } = await appsApi.removeDevice(deviceId);
      void message.success(t('devices.removed', { count: removed }));
    } catch (failure) {
      setError(failure);
    }
    void devices.refetch();
    onChanged();
  };

  return (
    <Card
      title={t('devices.title')}
      extra={
        <Button icon={<ReloadOutlined />} data-testid="devices-refresh" onClick={() => void devices.refetch()}>
          {t('devices.refresh')}
        </Button>
      }
    >
      <ErrorAlert error={error ?? devices.error} testId="devices-error" />
      {devices.data?.truncated && (
        <Alert type="info" showIcon title={t('devices.truncated', { count: MAX_READ })} style={{ marginBottom: 16 }} />
      )}
      <Table<Device>
        data-testid="devices-table"
        rowKey="deviceId"
        size="middle"
        loading={devices.isPending}
        dataSource={devices.data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('devices.empty') }}
        onRow={(d) => ({ 'data-testid': `device-row-${d.deviceId}` }) as HTMLAttributes<HTMLElement>}
        columns={[
          {
            key: 'deviceId',
            title: t('devices.column.deviceId'),
            render: (_, d) => <span data-testid="device-id">{d.deviceId}</span>,
          },
          { key: 'name', title: t('devices.column.name'), render: (_, d) => d.name },
          { key: 'model', title: t('devices.column.model'), render: (_, d) => d.model },
          {
            key: 'kind',
            title: t('devices.column.kind'),
            render: (_, d) => (
              <Tag color={kindColor[d.kind]} data-testid="device-kind" data-kind={d.kind}>
                {t(`devices.kind.${d.kind}`)}
              </Tag>
            ),
          },
          { key: 'gateway', title: t('devices.column.gateway'), render: (_, d) => d.gatewayId ?? '—' },
          { key: 'createdAt', title: t('devices.column.createdAt'), render: (_, d) => formatTime(d.createdAt, locale) },
          {
            key: 'actions',
            title: t('devices.column.actions'),
            render: (_, d) => (
              <Popconfirm
                title={t('devices.remove.confirm', { deviceId: d.deviceId })}
                description={d.kind === 'gateway' ? t('devices.remove.gateway') : undefined}
                okButtonProps={{ 'data-testid': 'device-remove-confirm', danger: true } as ButtonProps}
                onConfirm={() => remove(d.deviceId)}
              >
                <Button size="small" danger data-testid="device-remove">
                  {t('devices.remove')}
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
    </Card>
  );
}
