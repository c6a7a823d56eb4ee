import {
  AlertOutlined,
  CalendarOutlined,
  FileTextOutlined,
  HomeOutlined,
  ReloadOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { Alert, Button, Card, Col, Empty, Flex, Row, Skeleton, Statistic, Typography } from 'antd';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, CATEGORY_KEY, type Dashboard, errorMessage, isAbort, type Permission } from '../api/index.ts';
import { useAuth } from '../auth.tsx';
import { CalendarWarning } from '../components/CalendarWarning.tsx';
import { type ChartOption, EChart, escapeHtml } from '../components/EChart.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { type I18n, useI18n } from '../i18n.ts';
import { useRegion, useRegionLink } from '../region.ts';

type Load = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ok'; data: Dashboard };

/** Attendance rate in percent from the counts (the definition shown under the chart). */
function ratePercent(a: Dashboard['attendance'][number]): number {
  if (a.assigned > 0) return Math.round((a.attendedEnough / a.assigned) * 1000) / 10;
  return 0;
}

function StatCard({
  testId,
  title,
  value,
  icon,
  to,
  danger,
}: {
  testId: string;
  title: string;
  value: number;
  icon: ReactNode;
  to?: string;
  danger?: boolean;
}) {
  const card = (
    <Card hoverable={!!to} style={{ height: '100%' }}>
      <Statistic
        title={title}
        value={value}
        prefix={icon}
        styles={{ content: danger && value > 0 ? { color: '#cf1322' } : undefined }}
      />
    </Card>
  );
  return to ? (
    <Link to={to} data-testid={testId} data-value={value} style={{ display: 'block', height: '100%' }}>
      {card}
    </Link>
  ) : (
    <div data-testid={testId} data-value={value} style={{ height: '100%' }}>
      {card}
    </div>
  );
}

function ChartCard({ title, children, extra }: { title: string; children: ReactNode; extra?: ReactNode }) {
  return (
    <Card title={title} style={{ height: '100%' }}>
      {children}
      {extra}
    </Card>
  );
}

function NoData({ t }: { t: I18n['t'] }) {
  return (
    <Flex align="center" justify="center" style={{ height: 300 }}>
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.noData')} />
    </Flex>
  );
}

/** `/`: the figures of the caller's scope (or the narrowed town) with links into the lists. */
export default function HomePage() {
  const { t, label } = useI18n();
  const { can } = useAuth();
  const region = useRegion();
  const link = useRegionLink();
  const navigate = useNavigate();
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` re-runs the request on retry
  useEffect(() => {
    const ctrl = new AbortController();
    setLoad({ state: 'loading' });
    api.dashboard(region, ctrl.signal).then(
      (data) => setLoad({ state: 'ok', data }),
      (err) => {
        if (!isAbort(err)) setLoad({ state: 'error', message: errorMessage(err) });
      },
    );
    return () => ctrl.abort();
  }, [region, attempt]);

  const linkIf = (permission: Permission, path: string, extra?: Record<string, string>) =>
    can(permission) ? link(path, extra) : undefined;

  const data = load.state === 'ok' ? load.data : null;

  const charts = useMemo(() => {
    if (!data) return null;
    const statusNames = data.casesByStatus.map((s) => label('status', s.status, s.label));
    const byStatus: ChartOption = {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 16, right: 16, top: 24, bottom: 8 },
      xAxis: {
        type: 'category',
        data: statusNames,
        axisLabel: { interval: 0, rotate: statusNames.length > 6 ? 30 : 0 },
      },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'bar',
          name: t('home.count'),
          data: data.casesByStatus.map((s) => s.count),
          itemStyle: { color: '#b5232b' },
          barMaxWidth: 40,
          label: { show: true, position: 'top' },
        },
      ],
    };
    const byCategory: ChartOption = {
      tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
      series: [
        {
          type: 'pie',
          name: t('home.casesByCategory'),
          radius: ['38%', '65%'],
          center: ['50%', '50%'],
          avoidLabelOverlap: true,
          label: { show: true, formatter: '{b}' },
          data: data.casesByCategory.map((c) => ({ name: c.label ?? c.category, value: c.count })),
        },
      ],
    };
    const monthly: ChartOption = {
      tooltip: { trigger: 'axis' },
      legend: { data: [t('home.registered'), t('home.closed')], top: 0 },
      grid: { left: 16, right: 16, top: 36, bottom: 8 },
      xAxis: { type: 'category', boundaryGap: false, data: data.monthly.map((m) => m.month) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'line',
          name: t('home.registered'),
          data: data.monthly.map((m) => m.registered),
          itemStyle: { color: '#b5232b' },
        },
        {
          type: 'line',
          name: t('home.closed'),
          data: data.monthly.map((m) => m.closed),
          itemStyle: { color: '#389e0d' },
        },
      ],
    };
    const levels = data.attendance.map((a) => label('deputyLevel', a.level, a.label));
    const attendance: ChartOption = {
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (params: unknown) => {
          const p = (Array.isArray(params) ? params[0] : params) as { dataIndex: number };
          const a = data.attendance[p.dataIndex];
          if (!a) return '';
          return [
            `<b>${escapeHtml(levels[p.dataIndex] ?? '')}</b>`,
            escapeHtml(t('common.pair', { label: t('home.rate'), value: `${ratePercent(a)}%` })),
            escapeHtml(t('common.pair', { label: t('home.attendedEnough'), value: a.attendedEnough })),
            escapeHtml(t('common.pair', { label: t('home.assigned'), value: a.assigned })),
          ].join('<br/>');
        },
      },
      grid: { left: 16, right: 16, top: 24, bottom: 8 },
      xAxis: { type: 'category', data: levels, axisLabel: { interval: 0 } },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        {
          type: 'bar',
          name: t('home.rate'),
          data: data.attendance.map(ratePercent),
          itemStyle: { color: '#d48806' },
          barMaxWidth: 48,
          label: { show: true, position: 'top', formatter: '{c}%' },
        },
      ],
    };
    return { byStatus, byCategory, monthly, attendance };
  }, [data, label, t]);

  if (load.state === 'error') {
    return (
      <>
        <PageTitle title={t('nav.home')} />
        <Alert
          type="error"
          showIcon
          title={t('common.loadFailed')}
          description={load.message}
          data-testid="home-error"
          action={
            <Button icon={<ReloadOutlined />} onClick={() => setAttempt((a) => a + 1)}>
              {t('common.retry')}
            </Button>
          }
        />
      </>
    );
  }

  if (!data || !charts) {
    return (
      <>
        <PageTitle title={t('nav.home')} />
        <Skeleton active paragraph={{ rows: 10 }} />
      </>
    );
  }

  const stats: {
    testId: string;
    title: string;
    value: number;
    icon: ReactNode;
    to?: string;
    danger?: boolean;
  }[] = [
    {
      testId: 'home-stat-stations',
      title: t('home.stations'),
      value: data.stations,
      icon: <HomeOutlined />,
      to: linkIf('stations.read', '/stations'),
    },
    {
      testId: 'home-stat-deputies',
      title: t('home.deputies'),
      value: data.deputies,
      icon: <TeamOutlined />,
      to: linkIf('deputies.read', '/deputies'),
    },
    {
      testId: 'home-stat-open-cases',
      title: t('home.openCases'),
      value: data.openCases,
      icon: <FileTextOutlined />,
      to: linkIf('cases.read', '/cases'),
    },
    {
      testId: 'home-stat-overdue-cases',
      title: t('home.overdueCases'),
      value: data.overdueCases,
      icon: <AlertOutlined />,
      to: linkIf('cases.read', '/cases', { overdue: 'true' }),
      danger: true,
    },
    {
      testId: 'home-stat-receptions',
      title: t('home.receptions'),
      value: data.receptionsThisMonth,
      icon: <CalendarOutlined />,
    },
  ];

  const canCases = can('cases.read');

  return (
    <>
      <PageTitle
        title={t('nav.home')}
        extra={
          <Typography.Text type="secondary">{t('home.scope', { name: data.region.name })}</Typography.Text>
        }
      />
      <CalendarWarning />
      <Row gutter={[16, 16]}>
        {stats.map((s) => (
          <Col key={s.testId} flex="1 1 180px">
            <StatCard {...s} />
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={12}>
          <ChartCard title={t('home.casesByStatus')}>
            {data.casesByStatus.length ? (
              <EChart
                testId="chart-status"
                option={charts.byStatus}
                onClick={
                  canCases
                    ? (e) => {
                        const s = data.casesByStatus[e.dataIndex];
                        if (s) void navigate(link('/cases', { status: s.status }));
                      }
                    : undefined
                }
              />
            ) : (
              <NoData t={t} />
            )}
          </ChartCard>
        </Col>
        <Col xs={24} xl={12}>
          <ChartCard title={t('home.casesByCategory')}>
            {data.casesByCategory.length ? (
              <EChart
                testId="chart-category"
                option={charts.byCategory}
                onClick={
                  // Only categories sent as keys can filter the list (the filter takes keys).
                  canCases
                    ? (e) => {
                        const c = data.casesByCategory[e.dataIndex];
                        if (c && CATEGORY_KEY.test(c.category))
                          void navigate(link('/cases', { category: c.category }));
                      }
                    : undefined
                }
              />
            ) : (
              <NoData t={t} />
            )}
          </ChartCard>
        </Col>
        <Col xs={24} xl={12}>
          <ChartCard title={t('home.monthly')}>
            {data.monthly.length ? (
              <EChart testId="chart-monthly" option={charts.monthly} />
            ) : (
              <NoData t={t} />
            )}
          </ChartCard>
        </Col>
        <Col xs={24} xl={12}>
          <ChartCard
            title={t('home.attendance')}
            extra={
              <Typography.Paragraph
                type="secondary"
                style={{ margin: '8px 0 0' }}
                data-testid="attendance-definition"
              >
                {t('home.attendanceDef')}
                {data.attendancePeriod && (
                  <>
                    <br />
                    {t('home.period', { from: data.attendancePeriod.from, to: data.attendancePeriod.to })}
                  </>
                )}
              </Typography.Paragraph>
            }
          >
            {data.attendance.length ? (
              <EChart testId="chart-attendance" option={charts.attendance} height={276} />
            ) : (
              <NoData t={t} />
            )}
          </ChartCard>
        </Col>
      </Row>
    </>
  );
}
