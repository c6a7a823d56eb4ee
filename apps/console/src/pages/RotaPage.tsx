import { Alert, Button, DatePicker, Empty, List, message, Popover, Select, Space, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { type AppointmentItem, api, errorMessage, type ShiftItem, type StationItem } from '../api/index.ts';
import { useAuth } from '../auth.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { RotaRuleModal } from '../components/RotaRuleModal.tsx';
import { AttendanceTag, ShiftDrawer } from '../components/ShiftDrawer.tsx';
import { useI18n } from '../i18n.ts';
import { useFilters, useRegion } from '../region.ts';
import { shanghaiToday } from '../time.ts';

/**
 * `/rota`: a station's reception shifts over a period; define and publish a rule, confirm
 * presence, and open a shift for swaps, substitutes and its visitor register.
 */
export default function RotaPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const region = useRegion();
  const [filters, setFilters] = useFilters(['station', 'from', 'to', 'shift'] as const);
  const [stations, setStations] = useState<StationItem[]>([]);
  const [shifts, setShifts] = useState<ShiftItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [ruleOpen, setRuleOpen] = useState(false);
  const station = filters.station || '';
  const from = filters.from || dayjs().startOf('month').format('YYYY-MM-DD');
  const to = filters.to || dayjs().endOf('year').format('YYYY-MM-DD');

  const searchStations = useCallback(
    (q?: string) =>
      api.stations({ region, limit: 100, q: q || undefined }).then(
        (p) => setStations(p.items),
        (e) => setError(errorMessage(e)),
      ),
    [region],
  );
  useEffect(() => {
    void searchStations();
  }, [searchStations]);

  // Bookings people made on the public page (预约代表): part of each shift's visitor register.
  const [bookings, setBookings] = useState<AppointmentItem[]>([]);
  const load = useCallback(() => {
    if (!station) return setShifts(null);
    api.shifts({ station, from, to }).then(
      (r) => setShifts(r.items),
      (e) => setError(errorMessage(e)),
    );
    api.stationAppointments(station).then(
      (r) => setBookings(r.items),
      () => setBookings([]),
    );
  }, [station, from, to]);
  const requests = bookings.filter((b) => b.status === 'requested');
  useEffect(load, [load]);

  const today = shanghaiToday();
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
              filterOption={false}
              onSearch={(q) => void searchStations(q)}
              style={{ width: 280 }}
              placeholder={t('rota.station')}
              value={station || undefined}
              onChange={(v: string) => setFilters({ station: v })}
              options={stations.map((s) => ({ value: s.id, label: s.name }))}
            />
            <DatePicker.RangePicker
              aria-label={t('net.rule.period')}
              value={[dayjs(from), dayjs(to)]}
              onChange={(v) =>
                v?.[0] &&
                v[1] &&
                setFilters({ from: v[0].format('YYYY-MM-DD'), to: v[1].format('YYYY-MM-DD') })
              }
            />
            {can('rota.manage') && station && (
              <Button type="primary" data-testid="rota-publish" onClick={() => setRuleOpen(true)}>
                {t('net.rule.title')}
              </Button>
            )}
            {station && (
              <>
                <Button href={`/api/stations/${station}/rota.xlsx?from=${from}&to=${to}`}>
                  {t('net.rota.wall')}
                </Button>
                <Button href={`/p/stations/${station}`} target="_blank">
                  {t('net.rota.public')}
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
          title={t('net.book.requests', { n: requests.length })}
          description={
            <List
              size="small"
              dataSource={requests}
              renderItem={(b) => (
                <List.Item>
                  {b.date} {b.preferredTime} · {b.visitorName}（{b.phone}）{b.topic && ` · ${b.topic}`} ·{' '}
                  {t('net.book.reference')} {b.reference}
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
        pagination={shifts && shifts.length > 50 ? { pageSize: 50 } : false}
        locale={{ emptyText: <Empty description={station ? t('rota.empty') : t('net.rota.pickStation')} /> }}
        onRow={(s) => ({ onClick: () => setFilters({ shift: s.id }), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('net.shift.date'), dataIndex: 'date' },
          {
            title: t('net.book.title'),
            key: 'bookings',
            render: (_: unknown, s: ShiftItem) => {
              const mine = bookings.filter((b) => b.shiftId === s.id && b.status === 'booked');
              if (!mine.length) return <span style={{ color: '#8c8c8c' }}>—</span>;
              return (
                <Popover
                  title={t('net.book.title')}
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
                    {t('net.book.shiftCount', { n: mine.length })}
                  </Tag>
                </Popover>
              );
            },
          },
          { title: t('net.shift.time'), render: (_: unknown, s: ShiftItem) => `${s.startTime}–${s.endTime}` },
          {
            title: t('net.shift.deputies'),
            render: (_: unknown, s: ShiftItem) => (
              <Space wrap>
                {s.deputies.map((d) => (
                  <Space key={d.id} size={4}>
                    {d.name}
                    <AttendanceTag value={d.attendance} />
                    {can('rota.checkin') && d.attendance === 'pending' && s.date === today && (
                      <Button
                        size="small"
                        data-testid={`confirm-${d.id}`}
                        onClick={(e) => {
                          e.stopPropagation();
                          api.confirmPresence(s.id, d.id).then(load, (err) => setError(errorMessage(err)));
                        }}
                      >
                        {t('net.shift.confirm')}
                      </Button>
                    )}
                  </Space>
                ))}
              </Space>
            ),
          },
          {
            title: '',
            render: (_: unknown, s: ShiftItem) => (
              <Button size="small" type="link" data-testid={`shift-open-${s.date}`}>
                {t('net.rota.open')}
              </Button>
            ),
          },
        ]}
      />
      {station && (
        <RotaRuleModal
          stationId={station}
          open={ruleOpen}
          onClose={() => setRuleOpen(false)}
          onPublished={(out) => {
            setRuleOpen(false);
            void message.success(t('net.rule.published', { n: out.shifts }));
            for (const w of out.warnings) void message.warning(w);
            load();
          }}
        />
      )}
      <ShiftDrawer id={filters.shift || null} onClose={() => setFilters({ shift: null })} onChanged={load} />
    </>
  );
}
