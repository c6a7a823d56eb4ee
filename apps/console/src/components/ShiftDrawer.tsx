import {
  Alert,
  Button,
  Descriptions,
  Drawer,
  Empty,
  Flex,
  Form,
  Input,
  Modal,
  Select,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage, isAbort } from '../api/index.ts';
import { networkApi, type ShiftDetail } from '../api/network.ts';
import { useAuth } from '../auth.tsx';
import { type MessageKey, useI18n } from '../i18n.ts';
import { formatDateTime, shanghaiToday } from '../time.ts';
import { VisitorRegister } from './VisitorRegister.tsx';

const ATTENDANCE_COLOR: Record<string, string> = {
  pending: 'default',
  present: 'green',
  late: 'orange',
  absent: 'red',
};

/** Attendance tag of a deputy on a shift (待签到/已进站/迟到/缺席). */
export function AttendanceTag({ value }: { value: string }) {
  const { t } = useI18n();
  return <Tag color={ATTENDANCE_COLOR[value]}>{t(`net.att.${value}` as MessageKey)}</Tag>;
}

/** A deputy picker that searches the roster by name as the user types. */
function DeputySearch({
  value,
  onChange,
  exclude = [],
  testId,
  station,
}: {
  value?: string;
  onChange: (id: string) => void;
  exclude?: string[];
  testId?: string;
  station?: string;
}) {
  const { t } = useI18n();
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const excludeKey = exclude.join(',');
  const search = useCallback(
    (q: string) => {
      const skip = new Set(excludeKey.split(','));
      api.deputies({ q: q || undefined, limit: 50, ...(station ? { station } : {}) }).then(
        (p) =>
          setOptions(
            p.items
              .filter((d) => !skip.has(d.id))
              .map((d) => ({ value: d.id, label: `${d.name}（${d.levelLabel}·${d.regionName}）` })),
          ),
        () => setOptions([]),
      );
    },
    [excludeKey, station],
  );
  useEffect(() => search(''), [search]);
  return (
    <Select
      data-testid={testId}
      showSearch
      filterOption={false}
      onSearch={search}
      value={value}
      onChange={onChange}
      options={options}
      placeholder={t('net.pickDeputy')}
      style={{ width: '100%' }}
      notFoundContent={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('net.noMatch')} />}
    />
  );
}

/** Swap (换班) or substitute (替班): who takes whose place, and why (a reason is required). */
function SwapModal({
  shift,
  from,
  onClose,
  onDone,
}: {
  shift: ShiftDetail;
  from: string | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const [to, setTo] = useState<string>();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    if (!from || !to) return setError(t('net.swap.pick'));
    if (!reason.trim()) return setError(t('net.swap.reasonRequired'));
    try {
      await networkApi.swap(shift.id, { fromDeputyId: from, toDeputyId: to, reason: reason.trim() });
      onDone();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <Modal
      open={!!from}
      title={t('net.swap.title', { name: shift.deputies.find((d) => d.id === from)?.name ?? '' })}
      onCancel={onClose}
      onOk={submit}
      okButtonProps={{ 'data-testid': 'swap-ok' } as never}
      destroyOnHidden
    >
      {error && (
        <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="swap-error" />
      )}
      <Form layout="vertical">
        <Form.Item label={t('net.swap.to')} required>
          <DeputySearch
            testId="swap-to"
            value={to}
            onChange={setTo}
            exclude={shift.deputies.map((d) => d.id)}
          />
        </Form.Item>
        <Form.Item label={t('net.swap.reason')} required>
          <Input
            data-testid="swap-reason"
            value={reason}
            maxLength={200}
            placeholder={t('net.swap.reasonHint')}
            onChange={(e) => setReason(e.target.value)}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** One shift in a drawer: deputies and their attendance, swaps and substitutes, the visitor register. */
export function ShiftDrawer({
  id,
  onClose,
  onChanged,
}: {
  id: string | null;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const { can } = useAuth();
  const [shift, setShift] = useState<ShiftDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [swapFrom, setSwapFrom] = useState<string | null>(null);
  const [sub, setSub] = useState<string>();
  const load = useCallback(() => {
    if (!id) return;
    const ctrl = new AbortController();
    networkApi.shift(id, ctrl.signal).then(setShift, (e) => {
      if (!isAbort(e)) setError(errorMessage(e));
    });
    return () => ctrl.abort();
  }, [id]);
  useEffect(() => {
    setShift(null);
    setError(null);
    return load();
  }, [load]);
  const changed = () => {
    load();
    onChanged();
  };
  const act = (p: Promise<unknown>) => p.then(changed, (e) => setError(errorMessage(e)));
  const today = shanghaiToday();
  const manage = can('rota.manage');

  return (
    <Drawer
      open={!!id}
      onClose={onClose}
      size={720}
      destroyOnHidden
      title={
        shift
          ? `${shift.stationName} ${shift.date} ${shift.startTime}–${shift.endTime}`
          : t('net.shift.title')
      }
      data-testid="shift-drawer"
    >
      {error && (
        <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="shift-error" />
      )}
      {!shift && !error && <Skeleton active />}
      {shift && (
        <Flex vertical gap={24}>
          <Descriptions
            size="small"
            bordered
            column={1}
            items={[
              { key: 'st', label: t('net.shift.station'), children: shift.stationName },
              {
                key: 'd',
                label: t('net.shift.date'),
                children: `${shift.date} ${shift.startTime}–${shift.endTime}`,
              },
            ]}
          />
          <div>
            <h4 style={{ margin: '0 0 8px' }}>{t('net.shift.deputies')}</h4>
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={shift.deputies}
              data-testid="shift-deputies"
              locale={{
                emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('net.shift.none')} />,
              }}
              columns={[
                { title: t('net.reg.deputy'), dataIndex: 'name' },
                {
                  title: t('net.shift.attendance'),
                  dataIndex: 'attendance',
                  render: (a: string) => <AttendanceTag value={a} />,
                },
                {
                  title: t('net.shift.checkedInAt'),
                  dataIndex: 'checkedInAt',
                  render: (v: string | null, d) =>
                    v
                      ? `${formatDateTime(v)} ${
                          d.method === 'qr' ? t('net.shift.byQr') : t('net.shift.byOfficer')
                        }`
                      : '—',
                },
                {
                  title: '',
                  render: (_: unknown, d) =>
                    d.attendance === 'pending' && (
                      <Space size={4} wrap>
                        {can('rota.checkin') && shift.date === today && (
                          <Button
                            size="small"
                            data-testid={`shift-confirm-${d.id}`}
                            onClick={() => void act(api.confirmPresence(shift.id, d.id))}
                          >
                            {t('net.shift.confirm')}
                          </Button>
                        )}
                        {manage && shift.date <= today && (
                          <Button
                            size="small"
                            danger
                            onClick={() => void act(networkApi.markAbsent(shift.id, d.id))}
                          >
                            {t('net.shift.absent')}
                          </Button>
                        )}
                        {manage && (
                          <Button
                            size="small"
                            data-testid={`shift-swap-${d.id}`}
                            onClick={() => setSwapFrom(d.id)}
                          >
                            {t('net.shift.swap')}
                          </Button>
                        )}
                      </Space>
                    ),
                },
              ]}
            />
            {manage && (
              <Flex gap={8} style={{ marginTop: 8 }}>
                <div style={{ flex: 1 }}>
                  <DeputySearch
                    testId="shift-add-deputy"
                    value={sub}
                    onChange={setSub}
                    exclude={shift.deputies.map((d) => d.id)}
                  />
                </div>
                <Button
                  disabled={!sub}
                  onClick={() => {
                    if (sub) void act(networkApi.addDeputy(shift.id, sub)).then(() => setSub(undefined));
                  }}
                >
                  {t('net.shift.addDeputy')}
                </Button>
              </Flex>
            )}
          </div>
          <div data-testid="shift-swaps">
            <h4 style={{ margin: '0 0 8px' }}>{t('net.swap.history')}</h4>
            {shift.swaps.length === 0 ? (
              <Typography.Text type="secondary">{t('net.swap.none')}</Typography.Text>
            ) : (
              <ul style={{ margin: 0, paddingLeft: 20 }}>
                {shift.swaps.map((w) => (
                  <li key={w.at + w.toDeputyId}>
                    {t('net.swap.line', {
                      at: formatDateTime(w.at),
                      from: w.fromName,
                      to: w.toName,
                      reason: w.reason,
                    })}
                  </li>
                ))}
              </ul>
            )}
          </div>
          <VisitorRegister shift={shift} onChanged={changed} />
        </Flex>
      )}
      {shift && (
        <SwapModal
          key={swapFrom ?? 'none'}
          shift={shift}
          from={swapFrom}
          onClose={() => setSwapFrom(null)}
          onDone={() => {
            setSwapFrom(null);
            changed();
          }}
        />
      )}
    </Drawer>
  );
}
