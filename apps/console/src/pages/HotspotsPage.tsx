import { ReloadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Flex,
  Row,
  Segmented,
  Skeleton,
  Space,
  Table,
  type TableProps,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { errorMessage, isAbort } from '../api/index.ts';
import { type Hotspot, type Hotspots, insightApi } from '../api/insight.ts';
import { type ChartOption, EChart, escapeHtml } from '../components/EChart.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { useI18n } from '../i18n.ts';
import { useFilters, useRegion, useRegionLink } from '../region.ts';
import { formatDateTime, ZONE } from '../time.ts';

type Period = 'thisMonth' | 'lastMonth' | 'last3Months' | 'custom';
const PERIODS: readonly Period[] = ['thisMonth', 'lastMonth', 'last3Months', 'custom'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const FMT = 'YYYY-MM-DD';

type Load = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ok'; data: Hotspots };

/** The dates a period covers, as Beijing calendar days (`custom` reads them from the URL). */
function periodRange(period: Period, from: string, to: string, today: Dayjs): [string, string] {
  switch (period) {
    case 'lastMonth': {
      const m = today.subtract(1, 'month');
      return [m.startOf('month').format(FMT), m.endOf('month').format(FMT)];
    }
    case 'last3Months':
      return [today.subtract(3, 'month').add(1, 'day').format(FMT), today.format(FMT)];
    case 'custom':
      if (DATE.test(from) && DATE.test(to)) return [from, to];
      return [today.startOf('month').format(FMT), today.format(FMT)];
    default:
      return [today.startOf('month').format(FMT), today.format(FMT)];
  }
}

/** Every day from `from` to `to` inclusive (the trend's x axis: days without cases count 0). */
function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let d = dayjs(from);
  const end = dayjs(to);
  while (!d.isAfter(end, 'day') && out.length < 400) {
    out.push(d.format(FMT));
    d = d.add(1, 'day');
  }
  return out;
}

function growthText(growth: number): string {
  const pct = Math.round(growth * 100);
  return `${pct > 0 ? '+' : ''}${pct}%`;
}

const WORD_COLORS = ['#b5232b', '#d4380d', '#d46b08', '#ad8b00', '#389e0d', '#08979c', '#1d39c4', '#531dab'];

/**
 * Key-term weights: within a hotspot the terms come best first, so a term's weight falls with its
 * rank; across hotspots each counts by its heat.
 */
function termWeights(items: Hotspot[]): { term: string; weight: number }[] {
  const w = new Map<string, number>();
  for (const h of items) {
    const n = h.keyTerms.length;
    h.keyTerms.forEach((term, i) => {
      w.set(term, (w.get(term) ?? 0) + Math.max(h.heat, 0.1) * ((n - i) / n));
    });
  }
  return [...w.entries()].map(([term, weight]) => ({ term, weight })).sort((a, b) => b.weight - a.weight);
}

/** `/hotspots`: the period's topics in the caller's scope, ranked by heat, with trend and key terms. */
export default function HotspotsPage() {
  const { t } = useI18n();
  const region = useRegion();
  const link = useRegionLink();
  const [filters, setFilters] = useFilters(['period', 'from', 'to'] as const);
  const period: Period = (PERIODS as readonly string[]).includes(filters.period)
    ? (filters.period as Period)
    : 'thisMonth';
  const today = dayjs().tz(ZONE);
  const todayKey = today.format(FMT);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `today` is re-derived from `todayKey`
  const [from, to] = useMemo(
    () => periodRange(period, filters.from, filters.to, today),
    [period, filters.from, filters.to, todayKey],
  );
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [selected, setSelected] = useState<string | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` re-runs the request on retry
  useEffect(() => {
    const ctrl = new AbortController();
    setLoad({ state: 'loading' });
    setSelected(null);
    insightApi.hotspots({ region, from, to }, ctrl.signal).then(
      (data) => setLoad({ state: 'ok', data }),
      (err) => {
        if (!isAbort(err)) setLoad({ state: 'error', message: errorMessage(err) });
      },
    );
    return () => ctrl.abort();
  }, [region, from, to, attempt]);

  const data = load.state === 'ok' ? load.data : null;
  const items = useMemo(() => (data ? [...data.items].sort((a, b) => b.heat - a.heat) : []), [data]);

  const trend = useMemo<ChartOption | null>(() => {
    if (!data || !items.length) return null;
    const days = daysBetween(data.from, data.to);
    const top = items.slice(0, 5);
    return {
      color: WORD_COLORS,
      tooltip: {
        trigger: 'axis',
        // Topic labels come from citizens' text: escape them, never let ECharts read them as HTML.
        formatter: (params: unknown) => {
          const list = (Array.isArray(params) ? params : [params]) as {
            axisValue?: string;
            seriesName?: string;
            value?: number;
            marker?: string;
          }[];
          const head = `<b>${escapeHtml(String(list[0]?.axisValue ?? ''))}</b>`;
          const rows = list.map(
            (p) =>
              `${typeof p.marker === 'string' ? p.marker : ''}${escapeHtml(
                t('common.pair', { label: String(p.seriesName ?? ''), value: Number(p.value ?? 0) }),
              )}`,
          );
          return [head, ...rows].join('<br/>');
        },
      },
      legend: {
        top: 0,
        data: top.map((h) => h.label),
        textStyle: { width: 140, overflow: 'truncate' },
      },
      grid: { left: 16, right: 24, top: 56, bottom: 8, containLabel: true },
      xAxis: { type: 'category', boundaryGap: false, data: days },
      yAxis: { type: 'value', minInterval: 1 },
      series: top.map((h) => {
        const byDay = new Map(h.daily.map((d) => [d.date, d.count]));
        return {
          type: 'line' as const,
          name: h.label,
          symbolSize: 5,
          data: days.map((d) => byDay.get(d) ?? 0),
        };
      }),
    };
  }, [data, items, t]);

  const words = useMemo(() => {
    const chosen = selected ? items.filter((h) => h.label === selected) : items;
    const list = termWeights(chosen).slice(0, 24);
    const max = list[0]?.weight ?? 1;
    const min = list[list.length - 1]?.weight ?? 0;
    return list.map((w, i) => ({
      ...w,
      size: Math.round(12 + (max > min ? (w.weight - min) / (max - min) : 1) * 14),
      color: WORD_COLORS[i % WORD_COLORS.length],
    }));
  }, [items, selected]);

  const columns: TableProps<Hotspot>['columns'] = [
    {
      title: t('hotspots.rank'),
      key: 'rank',
      width: 64,
      render: (_: unknown, _h: Hotspot, i: number) => i + 1,
    },
    {
      title: t('hotspots.label'),
      dataIndex: 'label',
      render: (label: string, h) => (
        <Space size={4} wrap>
          <Typography.Text strong data-testid="hotspot-label">
            {label}
          </Typography.Text>
          {h.warning && (
            <Tag color="red" data-testid="hotspot-warning">
              {t('hotspots.warning')}
            </Tag>
          )}
        </Space>
      ),
    },
    { title: t('hotspots.count'), dataIndex: 'count', width: 80, align: 'right' },
    {
      title: t('hotspots.growth'),
      dataIndex: 'growth',
      width: 110,
      align: 'right',
      render: (g: number, h) => (
        <Tooltip title={t('hotspots.growthHint', { mean: Math.round(h.historyMean * 10) / 10 })}>
          <Typography.Text type={g > 0 ? 'danger' : g < 0 ? 'success' : undefined}>
            {growthText(g)}
          </Typography.Text>
        </Tooltip>
      ),
    },
    {
      title: t('hotspots.places'),
      dataIndex: 'places',
      render: (places: string[]) =>
        places.length ? (
          <Space size={[0, 4]} wrap>
            {places.map((p) => (
              <Tag key={p}>{p}</Tag>
            ))}
          </Space>
        ) : (
          t('common.none')
        ),
    },
    {
      title: t('hotspots.heat'),
      dataIndex: 'heat',
      width: 80,
      align: 'right',
      render: (heat: number) => heat.toFixed(2),
    },
    {
      title: t('hotspots.representative'),
      dataIndex: 'representative',
      render: (rep: Hotspot['representative']) =>
        rep ? (
          <Link to={link(`/cases/${encodeURIComponent(rep.id)}`)} onClick={(e) => e.stopPropagation()}>
            {rep.title}
          </Link>
        ) : (
          t('common.none')
        ),
    },
  ];

  const periodPicker = (
    <Space wrap>
      <Segmented<Period>
        data-testid="hotspots-period"
        value={period}
        options={PERIODS.map((p) => ({ value: p, label: t(`hotspots.${p}`) }))}
        onChange={(p) => {
          if (p === 'custom') setFilters({ period: p, from, to });
          else setFilters({ period: p === 'thisMonth' ? null : p, from: null, to: null });
        }}
      />
      {period === 'custom' && (
        <DatePicker.RangePicker
          data-testid="hotspots-range"
          allowClear={false}
          value={[dayjs(from), dayjs(to)]}
          disabledDate={(d) => d.isAfter(today, 'day')}
          onChange={(range) => {
            const [a, b] = range ?? [];
            if (a && b) setFilters({ period: 'custom', from: a.format(FMT), to: b.format(FMT) });
          }}
        />
      )}
    </Space>
  );

  return (
    <>
      <PageTitle title={t('nav.hotspots')} extra={periodPicker} />
      {load.state === 'error' ? (
        <Alert
          type="error"
          showIcon
          title={t('common.loadFailed')}
          description={load.message}
          data-testid="hotspots-error"
          action={
            <Button icon={<ReloadOutlined />} onClick={() => setAttempt((a) => a + 1)}>
              {t('common.retry')}
            </Button>
          }
        />
      ) : !data ? (
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      ) : (
        <Flex vertical gap={16}>
          <Alert
            type="info"
            showIcon
            data-testid="hotspots-definition"
            title={
              <Space wrap size={16}>
                <span>
                  {t('common.pair', {
                    label: t('hotspots.period'),
                    value: t('hotspots.range', { from: data.from, to: data.to }),
                  })}
                </span>
                {data.asOf && (
                  <span data-testid="hotspots-as-of">
                    {t('common.pair', { label: t('hotspots.asOf'), value: formatDateTime(data.asOf) })}
                  </span>
                )}
                <span>{t('common.pair', { label: t('hotspots.definition'), value: data.heatFormula })}</span>
              </Space>
            }
          />
          {items.length === 0 ? (
            <Card>
              <Empty
                data-testid="hotspots-empty"
                description={
                  <Flex vertical gap={4}>
                    <Typography.Text strong>{t('hotspots.empty')}</Typography.Text>
                    <Typography.Text type="secondary">{t('hotspots.emptyHint')}</Typography.Text>
                  </Flex>
                }
              />
            </Card>
          ) : (
            <>
              <Card title={t('hotspots.list')}>
                <Table<Hotspot>
                  data-testid="hotspots-table"
                  size="middle"
                  rowKey={(h) => h.caseIds[0] ?? h.label}
                  columns={columns}
                  dataSource={items}
                  pagination={false}
                  scroll={{ x: 900 }}
                  rowClassName={() => 'hotspot-row'}
                  onRow={(h) => ({
                    onClick: () => setSelected((s) => (s === h.label ? null : h.label)),
                    style: {
                      cursor: 'pointer',
                      background: selected === h.label ? 'rgba(181, 35, 43, 0.06)' : undefined,
                    },
                  })}
                />
              </Card>
              <Row gutter={[16, 16]}>
                <Col xs={24} xl={15}>
                  <Card title={t('hotspots.trend')} style={{ height: '100%' }}>
                    {trend && (
                      <EChart
                        option={trend}
                        height={340}
                        testId="hotspots-trend"
                        onClick={(e) => {
                          const name = (e as unknown as { seriesName?: string }).seriesName;
                          if (name) setSelected(name);
                        }}
                      />
                    )}
                  </Card>
                </Col>
                <Col xs={24} xl={9}>
                  <Card
                    title={t('hotspots.words')}
                    style={{ height: '100%' }}
                    extra={
                      selected ? (
                        <Tag closable onClose={() => setSelected(null)} style={{ maxWidth: 200 }}>
                          <Typography.Text ellipsis style={{ maxWidth: 160 }}>
                            {selected}
                          </Typography.Text>
                        </Tag>
                      ) : (
                        <Typography.Text type="secondary">{t('hotspots.wordsAll')}</Typography.Text>
                      )
                    }
                  >
                    <Flex vertical gap={12}>
                      <Flex wrap gap={8} align="center" justify="center" data-testid="hotspots-words">
                        {words.map((w) => (
                          <Tag
                            key={w.term}
                            bordered={false}
                            style={{
                              fontSize: w.size,
                              lineHeight: 1.4,
                              padding: '2px 8px',
                              margin: 0,
                              color: w.color,
                              background: `${w.color}14`,
                            }}
                            data-weight={w.weight.toFixed(2)}
                          >
                            {w.term}
                          </Tag>
                        ))}
                      </Flex>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('hotspots.wordsHint')}
                      </Typography.Text>
                    </Flex>
                  </Card>
                </Col>
              </Row>
            </>
          )}
        </Flex>
      )}
    </>
  );
}
