import { Alert, Button, DatePicker, Empty, List, message, Popover, Select, Space, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { type AppointmentItem, api, errorMessage, type ShiftItem, type StationItem } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { useI18n } from '../i18n.ts';
import { useFilters, useRegion } from '../region.ts';
import '../time.ts';

const ATTENDANCE: Record<string, { text: string; color: string }> = {
  pending: { text: '待签到', color: 'default' },
  present: { text: '已进站', color: 'green' },
  late: { text: '迟到', color: 'orange' },
  absent: { text: '缺席', color: 'red' },
};

/** `/rota`: a station's reception shifts; define a "15th of each month" rule, publish it, confirm presence. */
export default function RotaPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const region = useRegion();
  const [filters, setFilters] = useFilters(['station'] as const);
  const [stations, setStations] = useState<StationItem[]>([]);
  const [shifts, setShifts] = useState<ShiftItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [range, setRange] = useState<[string, string]>([
    dayjs().format('YYYY-MM-DD'),
    dayjs().endOf('year').format('YYYY-MM-DD'),
  ]);
  const station = filters.station || '';

  useEffect(() => {
    api.stations({ region, limit: 100 }).then(
      (p) => setStations(p.items),
      (e) => setError(errorMessage(e)),
    );
  }, [region]);

  // Bookings people made on the public page (预约代表): part of each shift's visitor register.
  const [bookings, setBookings] = useState<AppointmentItem[]>([]);
  const load = useCallback(() => {
    if (!station) return setShifts(null);
    api.shifts({ station }).then(
      (r) => setShifts(r.items),
      (e) => setError(errorMessage(e)),
    );
    api.stationAppointments(station).then(
      (r) => setBookings(r.items),
      () => setBookings([]),
    );
  }, [station]);
  const requests = bookings.filter((b) => b.status === 'requested');
  useEffect(load, [load]);

  const publish = async () => {
    setError(null);
    try {
      const deps = await api.deputies({ limit: 100, station } as never);
      const rule = await api.createRule(station, {
        rule: { kind: 'monthly', day: 15 },
        startTime: '09:00',
        endTime: '11:30',
        perShift: 1,
        deputyIds: deps.items.map((d) => d.id),
      });
      const out = await api.publishRule(rule.id, { from: range[0], to: range[1] });
      message.success(`已发布 ${out.shifts} 个接待日`);
      load();
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <>
      <PageTitle
        title={t('nav.rota')}
        extra={
          <Space wrap>
            <Select
              data-testid="rota-station"
              aria-label={t('rota.station')}
              showSearch
              optionFilterProp="label"
              style={{ width: 280 }}
              placeholder={t('rota.station')}
              value={station || undefined}
              onChange={(v: string) => setFilters({ station: v })}
              options={stations.map((s) => ({ value: s.id, label: s.name }))}
            />
            {can('rota.manage') && station && (
              <>
                <DatePicker.RangePicker
                  value={[dayjs(range[0]), dayjs(range[1])]}
                  onChange={(v) =>
                    v?.[0] && v[1] && setRange([v[0].format('YYYY-MM-DD'), v[1].format('YYYY-MM-DD')])
                  }
                />
                <Button type="primary" data-testid="rota-publish" onClick={publish}>
                  {t('rota.newRule')} · {t('rota.publish')}
                </Button>
                <Button href={`/api/stations/${station}/rota.xlsx`}>上墙排班表 xlsx</Button>
                <Button href={`/p/stations/${station}`} target="_blank">
                  公开页
                </Button>
              </>
            )}
          </Space>
        }
      />
      {error && (
        <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="rota-error" />
      )}
      {requests.length > 0 && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="rota-booking-requests"
          title={`${requests.length} 位群众申请另约时间`}
          description={
            <List
              size="small"
              dataSource={requests}
              renderItem={(b) => (
                <List.Item>
                  {b.date} {b.preferredTime} · {b.visitorName}（{b.phone}）{b.topic && ` · ${b.topic}`} ·
                  预约号 {b.reference}
                </List.Item>
              )}
            />
          }
        />
      )}
      <Table
        data-testid="rota-table"
        rowKey="id"
        dataSource={shifts ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description={station ? t('rota.empty') : '请选择联络站'} /> }}
        columns={[
          { title: '日期', dataIndex: 'date' },
          {
            title: '群众预约',
            key: 'bookings',
            render: (_: unknown, s: ShiftItem) => {
              const mine = bookings.filter((b) => b.shiftId === s.id && b.status === 'booked');
              if (!mine.length) return <span style={{ color: '#8c8c8c' }}>—</span>;
              return (
                <Popover
                  title="预约登记"
                  content={
                    <List
                      size="small"
                      dataSource={mine}
                      renderItem={(b) => (
                        <List.Item>
                          {b.visitorName}（{b.phone}）{b.topic && ` · ${b.topic}`} · {b.reference}
                        </List.Item>
                      )}
                    />
                  }
                >
                  <Tag color="blue" data-testid={`bookings-${s.id}`}>
                    {mine.length} 人
                  </Tag>
                </Popover>
              );
            },
          },
          { title: '时间', render: (_: unknown, s: ShiftItem) => `${s.startTime}–${s.endTime}` },
          {
            title: '接待代表',
            render: (_: unknown, s: ShiftItem) => (
              <Space wrap>
                {s.deputies.map((d) => (
                  <Space key={d.id} size={4}>
                    {d.name}
                    <Tag color={ATTENDANCE[d.attendance]?.color}>
                      {ATTENDANCE[d.attendance]?.text ?? d.attendance}
                    </Tag>
                    {can('rota.checkin') &&
                      d.attendance === 'pending' &&
                      s.date === dayjs().format('YYYY-MM-DD') && (
                        <Button
                          size="small"
                          data-testid={`confirm-${d.id}`}
                          onClick={() =>
                            api.confirmPresence(s.id, d.id).then(load, (e) => setError(errorMessage(e)))
                          }
                        >
                          确认到站
                        </Button>
                      )}
                  </Space>
                ))}
              </Space>
            ),
          },
        ]}
      />
    </>
  );
}
