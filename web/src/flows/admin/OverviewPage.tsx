import { useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Spin, Statistic, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { queries } from '../../api/queries.js';
import { ErrorAlert } from '../../api/ErrorAlert.js';
import { useI18n, type Translate } from '../../i18n/I18nProvider.js';
import { DailyChart } from './DailyChart.js';

/** 2 h 5 min / 3 d 4 h; under a minute as 1 min. */
function duration(seconds: number | null, t: Translate): string {
  if (seconds === null) return '—';
  const minutes = Math.max(1, Math.round(seconds / 60));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days > 0) return t('admin.overview.duration.dh', { d: days, h: hours });
  if (hours > 0) return t('admin.overview.duration.hm', { h: hours, m: minutes % 60 });
  return t('admin.overview.duration.m', { m: minutes });
}

/** 工作台: the queue at a glance, and 30 days of submissions and decisions. */
export function OverviewPage() {
  const { t } = useI18n();
  const { data, error } = useQuery(queries.reviewOverview());

  const stats = data
    ? [
        { key: 'pending', value: data.pending, link: '/admin?state=pending' },
        { key: 'overdue', value: data.overdue, link: '/admin?state=pending', danger: data.overdue > 0 },
        { key: 'decidedThisWeek', value: data.decidedThisWeek },
        { key: 'median', value: duration(data.medianReviewSeconds, t) },
      ]
    : [];
  return (
    <Card title={<span data-testid="page-title">{t('admin.overview.title')}</span>}>
      <ErrorAlert error={error} testId="overview-error" />
      {!data && !error && <Spin />}
      {data && (
        <>
          <Row gutter={[16, 16]}>
            {stats.map((s) => (
              <Col key={s.key} xs={12} md={6}>
                <Card size="small">
                  <Statistic
                    title={t(`admin.overview.${s.key}` as Parameters<Translate>[0])}
                    value={s.value}
                    styles={{ content: s.danger ? { color: '#cf1322' } : {} }}
                    data-testid={`overview-${s.key}`}
                  />
                  {s.link && <Link to={s.link}>{t('admin.overview.toQueue')}</Link>}
                </Card>
              </Col>
            ))}
          </Row>
          <Typography.Title level={5} style={{ marginTop: 24 }}>
            {t('admin.overview.chart.title')}
          </Typography.Title>
          <DailyChart days={data.days} />
        </>
      )}
    </Card>
  );
}
