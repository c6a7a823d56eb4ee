import { Alert, Breadcrumb, Button, Drawer, Empty, Progress, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import {
  type AttendanceReport,
  type AttendanceRow,
  errorMessage,
  isAbort,
  type ShiftItem,
} from '../api/index.ts';
import { networkApi } from '../api/network.ts';
import { useI18n } from '../i18n.ts';
import { AttendanceTag } from './ShiftDrawer.tsx';

/** Where a drill-down starts: a row of the attendance table grouped `by`. */
export interface DrillStart {
  by: string;
  row: AttendanceRow;
}

/** The definition line shown next to every attendance figure. */
export function AttendanceDefinition({ report, testId }: { report: AttendanceReport; testId?: string }) {
  const { t } = useI18n();
  return (
    <Typography.Paragraph type="secondary" data-testid={testId}>
      {t('net.att.periodLine', {
        label: report.periodLabel,
        from: report.period.from,
        to: report.period.countedTo,
        n: report.required,
      })}
      {report.definition}
    </Typography.Paragraph>
  );
}

/** The shifts behind one deputy's figure in the period (optionally at one station only). */
function DeputyShifts({
  deputyId,
  station,
  period,
}: {
  deputyId: string;
  station?: string;
  period: { from: string; to: string };
}) {
  const { t } = useI18n();
  const [items, setItems] = useState<ShiftItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const ctrl = new AbortController();
    setItems(null);
    networkApi
      .shiftsOf(
        { deputy: deputyId, ...(station ? { station } : {}), from: period.from, to: period.to },
        ctrl.signal,
      )
      .then(
        (r) => setItems(r.items.filter((s) => s.status === 'published')),
        (e) => {
          if (!isAbort(e)) setError(errorMessage(e));
        },
      );
    return () => ctrl.abort();
  }, [deputyId, station, period.from, period.to]);
  if (error) return <Alert type="error" showIcon title={error} />;
  return (
    <Table
      size="small"
      rowKey="id"
      data-testid="drill-shifts"
      loading={!items}
      dataSource={items ?? []}
      pagination={false}
      locale={{
        emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('net.drill.noShifts')} />,
      }}
      columns={[
        { title: t('net.shift.date'), dataIndex: 'date' },
        { title: t('net.shift.time'), render: (_: unknown, s: ShiftItem) => `${s.startTime}–${s.endTime}` },
        { title: t('net.shift.station'), dataIndex: 'stationName' },
        {
          title: t('net.shift.attendance'),
          render: (_: unknown, s: ShiftItem) => {
            const me = s.deputies.find((d) => d.id === deputyId);
            return me ? <AttendanceTag value={me.attendance} /> : '—';
          },
        },
      ]}
    />
  );
}

/**
 * Drill-down from a figure: a level, town or station opens the deputies behind it (each with
 * their own figure), and a deputy opens the shifts behind theirs.
 */
export function AttendanceDrill({
  start,
  region,
  period,
  onClose,
}: {
  start: DrillStart | null;
  region: string | null;
  period: string;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [report, setReport] = useState<AttendanceReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [deputy, setDeputy] = useState<AttendanceRow | null>(null);
  const group = start && start.by !== 'deputy' ? start : null;

  useEffect(() => {
    setDeputy(start?.by === 'deputy' ? start.row : null);
    setReport(null);
    setError(null);
    if (!start) return;
    const ctrl = new AbortController();
    const within = start.by !== 'deputy' ? { [start.by]: start.row.key } : {};
    networkApi.attendance({ region, by: 'deputy', period, ...within }, ctrl.signal).then(setReport, (e) => {
      if (!isAbort(e)) setError(errorMessage(e));
    });
    return () => ctrl.abort();
  }, [start, region, period]);

  const range = report ? { from: report.period.from, to: report.period.countedTo } : null;
  return (
    <Drawer
      open={!!start}
      onClose={onClose}
      size={720}
      destroyOnHidden
      data-testid="attendance-drill"
      title={t('net.drill.title', { label: start?.row.label ?? '' })}
    >
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={[
          ...(group
            ? [
                {
                  key: 'g',
                  title: deputy ? (
                    <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setDeputy(null)}>
                      {group.row.label}
                    </Button>
                  ) : (
                    group.row.label
                  ),
                },
              ]
            : []),
          ...(deputy ? [{ key: 'd', title: deputy.label }] : []),
        ]}
      />
      {error && <Alert type="error" showIcon title={error} />}
      {report && <AttendanceDefinition report={report} testId="drill-definition" />}
      {deputy && (
        <Typography.Paragraph data-testid="drill-deputy-figure">
          {t('net.drill.deputyLine', {
            attended: deputy.attendedShifts,
            shifts: deputy.shifts,
            late: deputy.lateShifts,
            absent: deputy.absentShifts,
          })}
        </Typography.Paragraph>
      )}
      {deputy && range && (
        <DeputyShifts
          deputyId={deputy.key}
          station={start?.by === 'station' ? start.row.key : undefined}
          period={range}
        />
      )}
      {!deputy && (
        <Table
          size="small"
          rowKey="key"
          data-testid="drill-deputies"
          loading={!report && !error}
          dataSource={report?.items ?? []}
          pagination={report && report.items.length > 50 ? { pageSize: 50 } : false}
          onRow={(r) => ({ onClick: () => setDeputy(r), style: { cursor: 'pointer' } })}
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('attendance.empty')} />,
          }}
          columns={[
            {
              title: t('net.reg.deputy'),
              dataIndex: 'label',
              render: (l: string) => <Typography.Link>{l}</Typography.Link>,
            },
            {
              title: t('net.att.rate'),
              dataIndex: 'rate',
              render: (rate: number, r) => (
                <span data-testid={`drill-rate-${r.key}`} data-value={rate}>
                  <Progress percent={Math.round(rate * 100)} size="small" style={{ width: 120 }} />
                </span>
              ),
            },
            { title: t('net.att.shifts'), dataIndex: 'shifts', align: 'right' },
            { title: t('net.att.attended'), dataIndex: 'attendedShifts', align: 'right' },
            { title: t('net.att.late'), dataIndex: 'lateShifts', align: 'right' },
            { title: t('net.att.absent'), dataIndex: 'absentShifts', align: 'right' },
          ]}
        />
      )}
    </Drawer>
  );
}
