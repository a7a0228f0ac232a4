import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Flex, Form, Radio, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider.js';

/** The longest range the server exports at once (AUDIT_EXPORT.maxDays in flows/audit-export/service.ts). */
const MAX_DAYS = 366;

interface Range {
  from: string;
  to: string;
}

/**
 * 审计导出 (admins; the MLPS 2.0 audit export of issue 15 point 6): the audit log of a time range
 * as CSV or JSON. The browser downloads the file straight from the API (a plain GET with the
 * session cookie), so the server streams it and nothing is held in the page.
 */
export function AuditExportPage() {
  const { t } = useI18n();
  const [range, setRange] = useState<Range | null>(null);
  const [format, setFormat] = useState<'csv' | 'json'>('csv');
  const href = range
    ? `/api/v1/admin/audit-events/export?${new URLSearchParams({ from: range.from, to: range.to, format }).toString()}`
    : undefined;
  return (
    <Flex vertical gap={16}>
      <Typography.Title level={4} data-testid="page-title" style={{ margin: 0 }}>
        {t('sec.audit.title')}
      </Typography.Title>
      <Card>
        <Typography.Paragraph type="secondary">{t('sec.audit.hint', { days: MAX_DAYS })}</Typography.Paragraph>
        <Form layout="vertical" requiredMark={false}>
          <Form.Item label={t('sec.audit.range')} required>
            <DatePicker.RangePicker
              showTime
              data-testid="audit-range"
              // No range longer than the server takes (the server checks it again).
              disabledDate={(day, info) => (info.from ? Math.abs(day.diff(info.from, 'day')) >= MAX_DAYS : false)}
              onChange={(values) => {
                const [from, to] = values ?? [];
                setRange(from && to ? { from: from.toISOString(), to: to.toISOString() } : null);
              }}
            />
          </Form.Item>
          <Form.Item label={t('sec.audit.format')}>
            <Radio.Group
              value={format}
              onChange={(e) => setFormat(e.target.value as 'csv' | 'json')}
              optionType="button"
              options={[
                { value: 'csv', label: 'CSV' },
                { value: 'json', label: 'JSON' },
              ]}
              data-testid="audit-format"
            />
          </Form.Item>
          <Button type="primary" icon={<DownloadOutlined />} href={href} disabled={!href} data-testid="audit-download">
            {t('sec.audit.download')}
          </Button>
          {!range && (
            <Typography.Text type="secondary" style={{ marginLeft: 12 }}>
              {t('sec.audit.range.required')}
            </Typography.Text>
          )}
        </Form>
      </Card>
    </Flex>
  );
}
