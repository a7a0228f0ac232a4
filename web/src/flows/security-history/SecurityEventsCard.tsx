import { Card, Table, Tag } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../../api/ErrorAlert.js';
import { queries } from '../../api/queries.js';
import type { SecurityEvent } from '../../api/types.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { ScrollRegion } from '../../components/ScrollRegion.js';
import { describeUserAgent, eventLabel, formatTime } from '../../components/format.js';

const PAGE_SIZE = 10;

/** 安全记录: the account's own security events, newest first, a page at a time. */
export function SecurityEventsCard() {
  const { locale, t } = useI18n();
  const [page, setPage] = useState(1);
  // The rows of the page before stay on screen while the next one loads.
  const {
    data,
    isFetching: loading,
    error,
  } = useQuery({
    ...queries.securityEvents(page, PAGE_SIZE),
    placeholderData: keepPreviousData,
  });

  return (
    <Card title={t('history.title')}>
      <ErrorAlert error={error} testId="history-error" />
      <ScrollRegion label={t('history.title')}>
        <Table<SecurityEvent>
          data-testid="history-table"
          rowKey={(e, i) => `${e.at}-${e.event}-${i ?? 0}`}
          size="middle"
          loading={loading}
          dataSource={data?.items ?? []}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: data?.total ?? 0,
            showSizeChanger: false,
            onChange: setPage,
          }}
          columns={[
            { key: 'at', title: t('history.at'), render: (_, e) => formatTime(e.at, locale) },
            {
              key: 'event',
              title: t('history.event'),
              render: (_, e) => <span data-testid="history-event">{eventLabel(e.event, t)}</span>,
            },
            {
              key: 'outcome',
              title: t('history.outcome'),
              render: (_, e) => (
                <Tag color={e.outcome === 'success' ? 'green' : 'red'}>{t(`history.outcome.${e.outcome}`)}</Tag>
              ),
            },
            // Staff actions name the platform's reviewer instead of the reviewer's own IP and browser.
            {
              key: 'ip',
              title: t('sessions.ip'),
              onCell: (e) => ({ colSpan: e.actor === 'staff' ? 2 : 1 }),
              render: (_, e) =>
                e.actor === 'staff' ? (
                  <span data-testid="history-by-staff">{t('history.byStaff')}</span>
                ) : (
                  (e.ip ?? '—')
                ),
            },
            {
              key: 'device',
              title: t('sessions.device'),
              onCell: (e) => ({ colSpan: e.actor === 'staff' ? 0 : 1 }),
              render: (_, e) => describeUserAgent(e.userAgent, t),
            },
          ]}
        />
      </ScrollRegion>
    </Card>
  );
}
