import { Alert, Button, Empty, Progress, Segmented, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { type AttendanceReport, api, errorMessage, isAbort } from '../api.ts';
import { PageTitle } from '../components/PageTitle.tsx';
import { useI18n } from '../i18n.ts';
import { useFilters, useRegion } from '../region.ts';

const BY = [
  { value: 'level', label: '按层级' },
  { value: 'town', label: '按乡镇' },
  { value: 'station', label: '按联络站' },
  { value: 'deputy', label: '按代表' },
];
const PERIODS = [
  { value: 'month', label: '本月' },
  { value: 'quarter', label: '本季度' },
  { value: 'half', label: '本半年' },
  { value: 'year', label: '本年' },
];

/** `/attendance`: 进站率 by level, town, station or deputy over a period, with its definition and xlsx export. */
export default function AttendancePage() {
  const { t } = useI18n();
  const region = useRegion();
  const [filters, setFilters] = useFilters(['by', 'period'] as const);
  const by = filters.by || 'level';
  const period = filters.period || 'year';
  const [state, setState] = useState<{ report?: AttendanceReport; error?: string; loading: boolean }>({
    loading: true,
  });

  useEffect(() => {
    const ctrl = new AbortController();
    setState({ loading: true });
    api.attendance({ region, by, period }, ctrl.signal).then(
      (report) => setState({ report, loading: false }),
      (err) => {
        if (!isAbort(err)) setState({ error: errorMessage(err), loading: false });
      },
    );
    return () => ctrl.abort();
  }, [region, by, period]);

  const exportHref = `/api/attendance/export?${new URLSearchParams({ by, period, ...(region ? { region } : {}) })}`;
  const r = state.report;
  return (
    <>
      <PageTitle
        title={t('nav.attendance')}
        extra={
          <Space wrap>
            <Segmented
              data-testid="attendance-by"
              value={by}
              options={BY}
              onChange={(v) => setFilters({ by: String(v) })}
            />
            <Segmented
              data-testid="attendance-period"
              value={period}
              options={PERIODS}
              onChange={(v) => setFilters({ period: String(v) })}
            />
            <Button href={exportHref} data-testid="attendance-export">
              {t('attendance.export')}
            </Button>
          </Space>
        }
      />
      {state.error && <Alert type="error" showIcon title={state.error} />}
      {r && (
        <Typography.Paragraph type="secondary" data-testid="attendance-definition">
          {r.periodLabel}（{r.period.from} 至 {r.period.countedTo}），每名代表应进站 {r.required} 次。
          {r.definition}
        </Typography.Paragraph>
      )}
      <Table
        data-testid="attendance-table"
        loading={state.loading}
        rowKey="key"
        size="middle"
        dataSource={r?.items ?? []}
        pagination={r && r.items.length > 50 ? { pageSize: 50 } : false}
        locale={{ emptyText: <Empty description={t('attendance.empty')} /> }}
        columns={[
          { title: BY.find((b) => b.value === by)?.label.slice(1), dataIndex: 'label' },
          { title: '应进站代表', dataIndex: 'assigned', align: 'right' },
          { title: '达到要求', dataIndex: 'attendedEnough', align: 'right' },
          {
            title: '进站率',
            dataIndex: 'rate',
            render: (rate: number, row) => (
              <span data-testid={`rate-${row.key}`} data-value={rate}>
                <Progress percent={Math.round(rate * 100)} size="small" style={{ width: 160 }} />
              </span>
            ),
          },
          { title: '排班人次', dataIndex: 'shifts', align: 'right' },
          { title: '进站人次', dataIndex: 'attendedShifts', align: 'right' },
          { title: '迟到', dataIndex: 'lateShifts', align: 'right' },
          { title: '缺席', dataIndex: 'absentShifts', align: 'right' },
        ]}
      />
    </>
  );
}
