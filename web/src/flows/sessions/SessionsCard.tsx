import { App, Button, Card, Popconfirm, Table, Tag, Tooltip, type ButtonProps } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api } from '../../api/endpoints.js';
import { ErrorAlert } from '../../api/ErrorAlert.js';
import { queries } from '../../api/queries.js';
import type { SessionInfo } from '../../api/types.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { ScrollRegion } from '../../components/ScrollRegion.js';
import { describeUserAgent, formatTime } from '../../components/format.js';

/** Where the new-device notice links to (server: SESSIONS_ROUTE in platform/known-devices.ts). */
export const SESSIONS_ANCHOR = 'sessions';

/** 登录设备: the account's live sessions; 退出 one, or 退出其他所有设备. */
export function SessionsCard({ onChanged }: { onChanged: () => void }) {
  const { locale, t } = useI18n();
  const { message } = App.useApp();
  const query = useQuery(queries.sessions());
  const sessions = query.data?.sessions;
  const [actionError, setError] = useState<unknown>(null);
  const error = actionError ?? query.error;
  // Opened from the new-device notice's link (/personal#sessions): scrolled into view once loaded.
  useEffect(() => {
    if (sessions && window.location.hash === `#${SESSIONS_ANCHOR}`)
      document.getElementById(SESSIONS_ANCHOR)?.scrollIntoView({ block: 'start' });
  }, [sessions]);

  const run = async (action: () => Promise<unknown>, done: string) => {
    setError(null);
    try {
      await action();
      void message.success(done);
    } catch (failure) {
      setError(failure);
    }
    onChanged();
  };

  const others = sessions?.filter((s) => !s.current).length ?? 0;
  return (
    <Card
      id={SESSIONS_ANCHOR}
      title={t('sessions.title')}
      extra={
        <Popconfirm
          title={t('sessions.endOthers.confirm')}
          onConfirm={() => run(() => api.endOtherSessions(), t('sessions.endOthers.done'))}
          okButtonProps={{ 'data-testid': 'sessions-end-others-confirm' } as ButtonProps}
        >
          <Button danger disabled={others === 0} data-testid="sessions-end-others">
            {t('sessions.endOthers')}
          </Button>
        </Popconfirm>
      }
    >
      <ErrorAlert error={error} testId="sessions-error" />
      <ScrollRegion label={t('sessions.title')}>
        <Table<SessionInfo>
          data-testid="sessions-table"
          rowKey="id"
          size="middle"
          loading={query.isPending}
          dataSource={sessions ?? []}
          pagination={false}
          columns={[
            {
              key: 'device',
              title: t('sessions.device'),
              render: (_, s) => (
                <span data-testid={s.current ? 'session-current' : 'session-other'}>
                  <Tooltip title={s.userAgent}>{describeUserAgent(s.userAgent, t)}</Tooltip>
                  {s.current && (
                    <Tag color="blue" style={{ marginInlineStart: 8 }}>
                      {t('sessions.current')}
                    </Tag>
                  )}
                </span>
              ),
            },
            { key: 'ip', title: t('sessions.ip'), render: (_, s) => s.ip ?? '—' },
            { key: 'created', title: t('sessions.createdAt'), render: (_, s) => formatTime(s.createdAt, locale) },
            { key: 'seen', title: t('sessions.lastSeenAt'), render: (_, s) => formatTime(s.lastSeenAt, locale) },
            {
              key: 'action',
              title: t('sessions.action'),
              render: (_, s) =>
                s.current ? null : (
                  <Popconfirm
                    title={t('sessions.end.confirm')}
                    onConfirm={() => run(() => api.endSession(s.id), t('sessions.end.done'))}
                  >
                    <Button type="link" danger data-testid="session-end" style={{ paddingInline: 0 }}>
                      {t('sessions.end')}
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
