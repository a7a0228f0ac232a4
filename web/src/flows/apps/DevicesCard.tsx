import { ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Popconfirm, Table, Tag, type ButtonProps } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type HTMLAttributes } from 'react';
import { ErrorAlert } from '../../api/ErrorAlert.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import type { Device } from '../../api/types.js';
import { appsApi } from './api.js';
import { ScrollRegion } from '../../components/ScrollRegion.js';
import { formatTime } from './format.js';

const PAGE_SIZE = 20;

const kindColor: Record<Device['kind'], string> = { device: 'default', gateway: 'blue', sub_device: 'cyan' };

/** 设备: what the app registered through the open API; remove (a gateway with its sub-devices). */
export function DevicesCard({ appId, onChanged }: { appId: string; onChanged: () => void }) {
  const { locale, t } = useI18n();
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  // One page of the app's devices and gateways, filtered and paged by the server; each gateway
  // comes with its sub-devices, shown nested under it (open unless the person folds it).
  const devices = useQuery({
    queryKey: ['devices', 'of-app', appId, page],
    queryFn: () => appsApi.appDevices(appId, page, PAGE_SIZE),
    placeholderData: keepPreviousData,
  });
  const [folded, setFolded] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<unknown>(null);
  const expanded = (devices.data?.items ?? [])
    .filter((d) => d.kind === 'gateway' && !folded.has(d.deviceId))
    .map((d) => d.deviceId);

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
      <ScrollRegion label={t('devices.title')}>
        <Table<Device>
          data-testid="devices-table"
          rowKey="deviceId"
          size="middle"
          loading={devices.isFetching}
          dataSource={devices.data?.items ?? []}
          expandable={{
            childrenColumnName: 'subDevices',
            expandedRowKeys: expanded,
            onExpand: (open, d) =>
              setFolded((before) => {
                const next = new Set(before);
                if (open) next.delete(d.deviceId);
                else next.add(d.deviceId);
                return next;
              }),
          }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: devices.data?.total ?? 0,
            hideOnSinglePage: true,
            showSizeChanger: false,
            onChange: setPage,
          }}
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
            {
              key: 'createdAt',
              title: t('devices.column.createdAt'),
              render: (_, d) => formatTime(d.createdAt, locale),
            },
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
      </ScrollRegion>
    </Card>
  );
}
