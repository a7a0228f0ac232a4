import { FIELD_LIMITS, type DeveloperType } from '@devplat/common';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, Flex, Grid, Input, List, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { queries } from '../../api/queries.js';
import type { QueueItem, QueueQuery } from '../../api/types.js';
import { ErrorAlert } from '../../api/ErrorAlert.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { formatDate, stateColor } from '../certification/format.js';
import { ScrollRegion } from '../../components/ScrollRegion.js';
import { formatTime } from '../../components/format.js';

const PAGE_SIZE = 20;
const states = ['pending', 'approved', 'rejected'] as const;
const types = ['enterprise', 'personal'] as const;

/** The filters live in the address, so 返回列表 and reloads keep them. */
function queryOf(params: URLSearchParams): QueueQuery {
  const state = states.find((s) => s === params.get('state'));
  const type = types.find((s) => s === params.get('type'));
  const page = Math.max(1, Math.min(10_000, Number(params.get('page')) || 1));
  return { state, type, q: params.get('q') ?? undefined, page, pageSize: PAGE_SIZE };
}

const nowrap = { whiteSpace: 'nowrap' } as const;

function StateTag({ row }: { row: QueueItem }) {
  const { t } = useI18n();
  return <Tag color={stateColor[row.state]}>{t(`certification.state.${row.state}`)}</Tag>;
}

/** The deadline matters only while pending: a decided row shows none. */
function Deadline({ row }: { row: QueueItem }) {
  const { locale, t } = useI18n();
  if (row.state !== 'pending') return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Flex gap={8} align="center">
      <span data-testid="queue-deadline">{formatDate(row.deadline, locale)}</span>
      {row.overdue && (
        <Tag color="red" data-testid="queue-overdue">
          {t('admin.overdue')}
        </Tag>
      )}
    </Flex>
  );
}

function OpenLink({ row }: { row: QueueItem }) {
  const { t } = useI18n();
  return (
    <Link to={`/admin/certifications/${row.accountId}`} data-testid="queue-open">
      {t('admin.open')}
    </Link>
  );
}

/** 认证审核: the queue as the server orders it (pending first, by deadline), overdue flagged. */
export function QueuePage() {
  const { locale, t } = useI18n();
  const [params, setParams] = useSearchParams();
  const query = queryOf(params);
  // The page shown stays while the next filter or page loads.
  const {
    data,
    error,
    isFetching: loading,
  } = useQuery({
    ...queries.reviewQueue(query),
    placeholderData: keepPreviousData,
  });

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [name, value] of Object.entries(changes)) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  };

  const narrow = Grid.useBreakpoint().md === false;
  const pagination = {
    current: data?.page ?? query.page,
    pageSize: PAGE_SIZE,
    total: data?.total ?? 0,
    showSizeChanger: false,
    onChange: (page: number) => update({ page: page > 1 ? String(page) : undefined }),
  };
  // Short columns keep to one line ("操作", not "操/作").
  const noWrap = { onHeaderCell: () => ({ style: nowrap }), onCell: () => ({ style: nowrap }) };

  const columns: TableColumnsType<QueueItem> = [
    {
      title: t('admin.col.name'),
      key: 'name',
      render: (_, row) => (
        <Typography.Text data-testid="queue-name" ellipsis style={{ maxWidth: 240 }}>
          {row.name}
        </Typography.Text>
      ),
    },
    {
      title: t('admin.col.account'),
      key: 'account',
      render: (_, row) => (
        <Flex vertical>
          <Typography.Text>{row.username}</Typography.Text>
          <Typography.Text type="secondary">{[row.phone, row.email].filter(Boolean).join(' · ')}</Typography.Text>
        </Flex>
      ),
    },
    { ...noWrap, title: t('admin.col.type'), key: 'type', render: (_, row) => t(`certification.type.${row.type}`) },
    { ...noWrap, title: t('admin.col.state'), key: 'state', render: (_, row) => <StateTag row={row} /> },
    {
      ...noWrap,
      title: t('admin.col.submittedAt'),
      key: 'submittedAt',
      render: (_, row) => formatTime(row.submittedAt, locale),
    },
    { ...noWrap, title: t('admin.col.deadline'), key: 'deadline', render: (_, row) => <Deadline row={row} /> },
    { ...noWrap, title: t('admin.col.action'), key: 'action', render: (_, row) => <OpenLink row={row} /> },
  ];

  return (
    <Card>
      <Typography.Title level={4} data-testid="page-title" style={{ marginTop: 0 }}>
        {t('admin.queue.title')}
      </Typography.Title>
      <Flex gap={12} wrap style={{ marginBottom: 16 }}>
        <Select<string>
          data-testid="queue-filter-state"
          aria-label={t('admin.filter.state')}
          style={{ width: 160 }}
          value={query.state ?? ''}
          onChange={(value) => update({ state: value || undefined })}
          options={[
            { value: '', label: `${t('admin.filter.state')}: ${t('admin.filter.all')}` },
            ...states.map((s) => ({ value: s, label: t(`certification.state.${s}`) })),
          ]}
        />
        <Select<string>
          data-testid="queue-filter-type"
          aria-label={t('admin.filter.type')}
          style={{ width: 180 }}
          value={query.type ?? ''}
          onChange={(value) => update({ type: value || undefined })}
          options={[
            { value: '', label: `${t('admin.filter.type')}: ${t('admin.filter.all')}` },
            ...types.map((s: DeveloperType) => ({ value: s, label: t(`certification.type.${s}`) })),
          ]}
        />
        <Input.Search
          data-testid="queue-search"
          aria-label={t('admin.search')}
          allowClear
          maxLength={FIELD_LIMITS.reviewSearch.max}
          style={{ width: 280 }}
          placeholder={t('admin.search')}
          defaultValue={query.q}
          onSearch={(value) => update({ q: value.trim() || undefined })}
        />
      </Flex>
      <ErrorAlert error={error} testId="queue-error" />
      {narrow ? (
        // On a phone: one card per application instead of a table wider than the screen.
        <List<QueueItem>
          data-testid="queue-table"
          loading={loading}
          dataSource={data?.items ?? []}
          pagination={pagination}
          renderItem={(row) => (
            <List.Item key={row.accountId}>
              <Card size="small" style={{ width: '100%' }}>
                <Flex vertical gap={4}>
                  <Flex justify="space-between" align="center" gap={8}>
                    <Typography.Text strong data-testid="queue-name" ellipsis>
                      {row.name}
                    </Typography.Text>
                    <StateTag row={row} />
                  </Flex>
                  <Typography.Text type="secondary">
                    {[t(`certification.type.${row.type}`), row.username].join(' · ')}
                  </Typography.Text>
                  <Typography.Text type="secondary">{formatTime(row.submittedAt, locale)}</Typography.Text>
                  <Flex justify="space-between" align="center">
                    <Deadline row={row} />
                    <OpenLink row={row} />
                  </Flex>
                </Flex>
              </Card>
            </List.Item>
          )}
        />
      ) : (
        <ScrollRegion label={t('admin.queue.title')}>
          <Table<QueueItem>
            rowKey="accountId"
            data-testid="queue-table"
            loading={loading}
            columns={columns}
            dataSource={data?.items ?? []}
            pagination={pagination}
          />
        </ScrollRegion>
      )}
    </Card>
  );
}
