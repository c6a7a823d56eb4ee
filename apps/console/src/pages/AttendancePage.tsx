import { Alert, Button, Empty, Progress, Segmented, Space, Table, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { type AttendanceReport, api, errorMessage, isAbort } from '../api/index.ts';
import { AttendanceDefinition, AttendanceDrill, type DrillStart } from '../components/AttendanceDrill.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { type MessageKey, useI18n } from '../i18n.ts';
import { useFilters, useRegion } from '../region.ts';

const BY = ['level', 'town', 'station', 'deputy'] as const;
const PERIODS = ['month', 'quarter', 'half', 'year'] as const;

/**
 * `/attendance`: 进站率 by level, town, station or deputy over a period, with its definition and
 * xlsx export; a row drills down to the deputies behind it and on to their shifts.
 */
export default function AttendancePage() {
  const { t } = useI18n();
  const region = useRegion();
  const [filters, setFilters] = useFilters(['by', 'period'] as const);
  const by = filters.by || 'level';
  const period = filters.period || 'year';
  const [state, setState] = useState<{ report?: AttendanceReport; error?: string; loading: boolean }>({
    loading: true,
  });
  const [drill, setDrill] = useState<DrillStart | null>(null);

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
  const definition = r?.definition ?? '';
  const head = (key: MessageKey) => (
    <Tooltip title={definition}>
      <span>{t(key)}</span>
    </Tooltip>
  );
  return (
    <>
      <PageTitle
        title={t('nav.attendance')}
        extra={
          <Space wrap>
            <Segmented
              data-testid="attendance-by"
              value={by}
              options={BY.map((b) => ({ value: b, label: t(`net.att.by.${b}` as MessageKey) }))}
              onChange={(v) => setFilters({ by: String(v) })}
            />
            <Segmented
              data-testid="attendance-period"
              value={period}
              options={PERIODS.map((p) => ({ value: p, label: t(`net.att.period.${p}` as MessageKey) }))}
              onChange={(v) => setFilters({ period: String(v) })}
            />
            <Button href={exportHref} data-testid="attendance-export">
              {t('attendance.export')}
            </Button>
          </Space>
        }
      />
      {state.error && <Alert type="error" showIcon title={state.error} />}
      {r && <AttendanceDefinition report={r} testId="attendance-definition" />}
      <Table
        data-testid="attendance-table"
        loading={state.loading}
        rowKey="key"
        size="middle"
        dataSource={r?.items ?? []}
        pagination={r && r.items.length > 50 ? { pageSize: 50 } : false}
        onRow={(row) => ({
          onClick: () => setDrill({ by, row }),
          style: { cursor: 'pointer' },
          'data-testid': `attendance-row-${row.key}`,
        })}
        locale={{ emptyText: <Empty description={t('attendance.empty')} /> }}
        columns={[
          {
            title: t(`net.att.col.${by}` as MessageKey),
            dataIndex: 'label',
            render: (l: string) => <Typography.Link title={t('net.drill.hint')}>{l}</Typography.Link>,
          },
          { title: head('net.att.assigned'), dataIndex: 'assigned', align: 'right' },
          { title: head('net.att.enough'), dataIndex: 'attendedEnough', align: 'right' },
          {
            title: head('net.att.rate'),
            dataIndex: 'rate',
            render: (rate: number, row) => (
              <span data-testid={`rate-${row.key}`} data-value={rate}>
                <Progress percent={Math.round(rate * 100)} size="small" style={{ width: 160 }} />
              </span>
            ),
          },
          { title: t('net.att.shifts'), dataIndex: 'shifts', align: 'right' },
          { title: t('net.att.attended'), dataIndex: 'attendedShifts', align: 'right' },
          { title: t('net.att.late'), dataIndex: 'lateShifts', align: 'right' },
          { title: t('net.att.absent'), dataIndex: 'absentShifts', align: 'right' },
        ]}
      />
      <AttendanceDrill start={drill} region={region} period={period} onClose={() => setDrill(null)} />
    </>
  );
}
