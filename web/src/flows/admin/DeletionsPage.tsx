import { ACCOUNT_DELETION } from '@devplat/common';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Flex, Popconfirm, Table, Typography, type ButtonProps, type TableColumnsType } from 'antd';
import { ErrorAlert } from '../../api/ErrorAlert.js';
import { formatTime } from '../../components/format.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { deletionApi, type PendingDeletionItem } from '../account-deletion/api.js';
import { useMe } from '../layout/session.js';

const pendingDeletionsQuery = () => ({ queryKey: ['admin', 'deletions'], queryFn: deletionApi.pending });

/**
 * 注销申请 (staff): accounts pending deletion, the soonest erase first, contacts masked. Admins
 * may erase a request at once (it was verified by every factor when it was made); audited.
 */
export function DeletionsPage() {
  const { locale, t } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { data, error, isFetching } = useQuery(pendingDeletionsQuery());
  const erase = useMutation({
    mutationFn: (item: PendingDeletionItem) => deletionApi.erase(item.id),
    onSuccess: () => {
      void message.success(t('admin.deletions.erased'));
      void queryClient.invalidateQueries({ queryKey: pendingDeletionsQuery().queryKey });
    },
  });

  const columns: TableColumnsType<PendingDeletionItem> = [
    {
      title: t('admin.deletions.username'),
      key: 'username',
      render: (_, row) => <span data-testid="deletion-username-cell">{row.username}</span>,
    },
    {
      title: t('admin.deletions.contacts'),
      key: 'contacts',
      render: (_, row) => [row.phone, row.email].filter(Boolean).join(' / '),
    },
    {
      title: t('admin.deletions.requestedAt'),
      key: 'requestedAt',
      render: (_, row) => formatTime(row.requestedAt, locale),
    },
    {
      title: t('admin.deletions.eraseAfter'),
      key: 'eraseAfter',
      render: (_, row) => formatTime(row.eraseAfter, locale),
    },
    ...(me.role === 'admin'
      ? [
          {
            title: '',
            key: 'action',
            render: (_: unknown, row: PendingDeletionItem) => (
              <Popconfirm
                title={t('admin.deletions.erase.confirm', { username: row.username })}
                onConfirm={() => erase.mutateAsync(row)}
                okButtonProps={{ danger: true, 'data-testid': 'deletion-erase-confirm' } as ButtonProps}
              >
                <Button type="link" danger data-testid="deletion-erase">
                  {t('admin.deletions.erase')}
                </Button>
              </Popconfirm>
            ),
          },
        ]
      : []),
  ];

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={4} data-testid="page-title" style={{ margin: 0 }}>
        {t('admin.deletions.title')}
      </Typography.Title>
      <Card>
        <Typography.Paragraph type="secondary">
          {t('admin.deletions.hint', { days: ACCOUNT_DELETION.coolingOffDays })}
        </Typography.Paragraph>
        <ErrorAlert error={error ?? erase.error} testId="deletions-error" />
        <Table<PendingDeletionItem>
          data-testid="deletions-table"
          rowKey="id"
          size="middle"
          loading={isFetching}
          columns={columns}
          dataSource={data?.items ?? []}
          pagination={false}
          locale={{ emptyText: t('admin.deletions.empty') }}
          scroll={{ x: 'max-content' }}
        />
      </Card>
    </Flex>
  );
}
