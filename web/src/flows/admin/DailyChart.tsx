import { Flex, Typography } from 'antd';
import { useI18n } from '../../i18n/I18nProvider.js';

export interface Day {
  date: string;
  submitted: number;
  decided: number;
}

const WIDTH = 600;
const HEIGHT = 160;
const PAD = { top: 8, right: 8, bottom: 20, left: 28 };
const COLORS = { submitted: '#1677ff', decided: '#52c41a' } as const;

/**
 * Submissions and decisions per day as two bars a day: a small SVG, no chart library. The
 * numbers are also in the bars' <title>s and in a visually plain summary for screen readers.
 */
export function DailyChart({ days }: { days: Day[] }) {
  const { t } = useI18n();
  const max = Math.max(1, ...days.flatMap((d) => [d.submitted, d.decided]));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(1, days.length);
  const bar = Math.max(1, slot / 2 - 1);
  const y = (value: number) => PAD.top + plotH - (value / max) * plotH;
  const totals = days.reduce((sum, d) => ({ s: sum.s + d.submitted, d: sum.d + d.decided }), { s: 0, d: 0 });

  return (
    <Flex vertical gap={8}>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        role="img"
        aria-label={t('admin.overview.chart.summary', { submitted: totals.s, decided: totals.d, days: days.length })}
        data-testid="overview-chart"
        style={{ maxWidth: WIDTH, display: 'block' }}
      >
        <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(0)} y2={y(0)} stroke="#d9d9d9" />
        <text x={PAD.left - 4} y={y(max) + 4} textAnchor="end" fontSize="10" fill="#595959">
          {max}
        </text>
        <text x={PAD.left - 4} y={y(0)} textAnchor="end" fontSize="10" fill="#595959">
          0
        </text>
        {days.map((d, i) => {
          const x = PAD.left + i * slot;
          return (
            <g key={d.date}>
              {(['submitted', 'decided'] as const).map((series, j) => (
                <rect
                  key={series}
                  x={x + j * (bar + 1)}
                  y={y(d[series])}
                  width={bar}
                  height={y(0) - y(d[series])}
                  fill={COLORS[series]}
                >
                  <title>{`${d.date} ${t(`admin.overview.chart.${series}`)}: ${d[series]}`}</title>
                </rect>
              ))}
              {(i === 0 || i === days.length - 1 || i % 7 === 0) && (
                <text x={x + slot / 2} y={HEIGHT - 6} textAnchor="middle" fontSize="10" fill="#595959">
                  {d.date.slice(5)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <Flex gap={16}>
        {(['submitted', 'decided'] as const).map((series) => (
          <Flex key={series} gap={6} align="center">
            <span style={{ width: 10, height: 10, background: COLORS[series], display: 'inline-block' }} />
            <Typography.Text type="secondary">{t(`admin.overview.chart.${series}`)}</Typography.Text>
          </Flex>
        ))}
      </Flex>
    </Flex>
  );
}
