import { useQuery } from '@tanstack/react-query';
import { Card, Flex, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { queries } from '../../api/queries.js';
import type { MessageItem, MessageStatus } from '../../api/types.js';
import { ErrorAlert } from '../../api/ErrorAlert.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { formatTime } from '../../components/format.js';

const statuses = ['queued', 'sending', 'sent', 'abandoned', 'expired', 'throttled'] as const;
const statusColor: Record<MessageStatus, string> = {
  queued: 'default',
  sending: 'processing',
  sent: 'success',
  abandoned: 'error',
  expired: 'warning',
  throttled: 'warning',
};

/**
 * 消息记录 (admins, issue 9 point 8): the outbox's recent messages with the masked recipient,
 * template, status, attempts, provider and last error; the status filter lives in the address.
 */
export function MessagesPage() {
  const { locale, t } = useI18n();
  const [params, setParams] = useSearchParams();
  const status = statuses.find((s) => s === params.get('status'));
  const { data, error, isFetching } = useQuery(queries.messages(status));

  const columns: TableColumnsType<MessageItem> = [
    {
      title: t('admin.messages.col.time'),
      key: 'createdAt',
      render: (_, row) => formatTime(row.createdAt, locale),
    },
    {
      title: t('admin.messages.col.to'),
      key: 'to',
      render: (_, row) => <span data-testid="message-to">{row.to}</span>,
    },
    { title: t('admin.messages.col.template'), dataIndex: 'template', key: 'template' },
    {
      title: t('admin.messages.col.status'),
      key: 'status',
      render: (_, row) => {
        const known = statuses.find((s) => s === row.status);
        return (
          <Tag data-testid="message-status" data-status={row.status} color={known ? statusColor[known] : undefined}>
            {known ? t(`admin.messages.status.${known}`) : row.status}
          </Tag>
        );
      },
    },
    { title: t('admin.messages.col.attempts'), dataIndex: 'attempts', key: 'attempts' },
    { title: t('admin.messages.col.provider'), key: 'provider', render: (_, row) => row.provider ?? '—' },
    {
      title: t('admin.messages.col.lastError'),
      key: 'lastError',
      render: (_, row) =>
        row.lastError ? (
          <Typography.Text type="danger" ellipsis style={{ maxWidth: 280 }}>
            {row.lastError}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
  ];

  return (
    <Card title={t('admin.messages.title')}>
      <Flex vertical gap={16}>
        <Typography.Text type="secondary">{t('admin.messages.hint')}</Typography.Text>
        <Select<MessageStatus | ''>
          data-testid="messages-status-filter"
          aria-label={t('admin.messages.col.status')}
          style={{ width: 200 }}
          value={status ?? ''}
          onChange={(value) => setParams(value ? { status: value } : {})}
          options={[
            { value: '', label: t('admin.messages.allStatuses') },
            ...statuses.map((s) => ({ value: s, label: t(`admin.messages.status.${s}`) })),
          ]}
        />
        <ErrorAlert error={error} testId="messages-error" />
        <Table<MessageItem>
          data-testid="messages-table"
          rowKey="id"
          size="middle"
          loading={isFetching}
          columns={columns}
          dataSource={data?.items ?? []}
          pagination={false}
          locale={{ emptyText: t('admin.messages.empty') }}
        />
      </Flex>
    </Card>
  );
}
