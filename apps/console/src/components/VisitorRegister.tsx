/**
 * The visitor register of a shift (接待选民登记簿) with the shift's bookings from the public page:
 * rows are added, linked to cases or registered as opinions. Shown in the shift drawer.
 */
import { Alert, Button, Empty, Flex, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { errorMessage } from '../api/index.ts';
import { networkApi, type ShiftDetail } from '../api/network.ts';
import { useAuth } from '../auth.tsx';
import { type MessageKey, useI18n } from '../i18n.ts';
import type { ReceptionDraft } from '../pages/CaseNewPage.tsx';
import { useRegionLink } from '../region.ts';
import { type BookingState, bookingRegisterRow, bookingState, type ShiftBooking } from '../shift-bookings.ts';
import { formatDateTime } from '../time.ts';

/** A case to link to a visitor-register row, found by number or words. */
function CaseSearch({ onPick, testId }: { onPick: (id: string) => void; testId?: string }) {
  const { t } = useI18n();
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const search = (q: string) => {
    if (!q.trim()) return setOptions([]);
    networkApi.findCases(q.trim()).then(
      (p) => setOptions(p.items.map((c) => ({ value: c.id, label: `${c.number} ${c.title}` }))),
      () => setOptions([]),
    );
  };
  return (
    <Select
      data-testid={testId}
      showSearch
      filterOption={false}
      onSearch={search}
      onChange={onPick}
      options={options}
      placeholder={t('net.reg.findCase')}
      style={{ width: 260 }}
      notFoundContent={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('net.reg.typeToFind')} />}
    />
  );
}

/** What the intake form takes over from a row of the register (登记为意见). */
function receptionDraft(shift: ShiftDetail, r: ShiftDetail['receptions'][number]): ReceptionDraft {
  return {
    id: r.id,
    stationId: shift.stationId,
    visitorName: r.visitorName,
    summary: r.summary,
    deputyId: r.deputyId,
    deputyName: r.deputyName,
    receivedAt: r.receivedAt,
  };
}

const BOOKING_COLOR: Record<BookingState, string> = {
  booked: 'blue',
  arrived: 'green',
  cancelled: 'default',
  requested: 'gold',
};

/**
 * The shift's bookings from the public page (预约), part of its register: who is expected and
 * about what; "到站登记" carries a booking into the register's form, whose row then marks it come.
 */
function ShiftBookings({
  shift,
  writable,
  onArrive,
}: {
  shift: ShiftDetail;
  writable: boolean;
  onArrive: (b: ShiftBooking) => void;
}) {
  const { t } = useI18n();
  return (
    <div data-testid="reg-bookings" style={{ marginBottom: 16 }}>
      <h4 style={{ margin: '0 0 4px' }}>
        {t('net.book.title')}
        {shift.bookings.length > 0 && `（${shift.bookings.length}）`}
      </h4>
      {shift.bookings.length > 0 && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {t('net.book.hint')}
        </Typography.Paragraph>
      )}
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={shift.bookings}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('net.book.empty')} />,
        }}
        columns={[
          { title: t('net.book.reference'), dataIndex: 'reference' },
          {
            title: t('net.book.visitor'),
            render: (_: unknown, b: ShiftBooking) => `${b.visitorName}（${b.phone}）`,
          },
          { title: t('net.book.topic'), dataIndex: 'topic', render: (v: string) => v || '—' },
          {
            title: t('net.book.state'),
            render: (_: unknown, b: ShiftBooking) => {
              const state = bookingState(b, shift.receptions);
              return (
                <Space size={4} wrap>
                  <Tag color={BOOKING_COLOR[state]} data-testid={`booking-state-${b.reference}`}>
                    {t(`net.book.state.${state}` as MessageKey)}
                  </Tag>
                  {writable && state === 'booked' && (
                    <Button
                      size="small"
                      data-testid={`booking-arrive-${b.reference}`}
                      onClick={() => onArrive(b)}
                    >
                      {t('net.book.arrive')}
                    </Button>
                  )}
                </Space>
              );
            },
          },
        ]}
      />
    </div>
  );
}

/** The visitor register of one shift (接待选民登记簿): list and add rows, link them to cases. */
export function VisitorRegister({ shift, onChanged }: { shift: ShiftDetail; onChanged: () => void }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const navigate = useNavigate();
  const regionLink = useRegionLink();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [q, setQ] = useState('');
  const arrive = (b: ShiftBooking) => {
    form.setFieldsValue(bookingRegisterRow(b));
    setNotice(t('net.book.filled'));
  };
  const add = async () => {
    const v = await form.validateFields();
    setError(null);
    try {
      await networkApi.addReception(shift.id, {
        visitorName: v.visitorName.trim(),
        summary: v.summary.trim(),
        ...(v.visitorPhone ? { visitorPhone: v.visitorPhone.trim() } : {}),
        ...(v.deputyId ? { deputyId: v.deputyId } : {}),
      });
      form.resetFields();
      setNotice(null);
      onChanged();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const link = async (receptionId: string, caseId: string | null) => {
    setError(null);
    try {
      await networkApi.linkCase(receptionId, caseId);
      onChanged();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const rows = shift.receptions.filter(
    (r) => !q || r.visitorName.includes(q) || r.summary.includes(q) || (r.deputyName ?? '').includes(q),
  );
  const writable = can('cases.create');
  return (
    <div data-testid="visitor-register">
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <h4 style={{ margin: 0 }}>{t('net.reg.title')}</h4>
        <Input.Search
          allowClear
          size="small"
          style={{ width: 180 }}
          placeholder={t('net.reg.search')}
          onSearch={setQ}
          onChange={(e) => !e.target.value && setQ('')}
        />
      </Flex>
      {error && (
        <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} data-testid="reg-error" />
      )}
      <ShiftBookings shift={shift} writable={writable} onArrive={arrive} />
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={rows}
        data-testid="reg-table"
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={q ? t('net.noMatch') : t('net.reg.empty')}
            />
          ),
        }}
        columns={[
          { title: t('net.reg.time'), dataIndex: 'receivedAt', render: (v: string) => formatDateTime(v) },
          { title: t('net.reg.visitor'), dataIndex: 'visitorName' },
          { title: t('net.reg.raised'), dataIndex: 'summary' },
          { title: t('net.reg.deputy'), dataIndex: 'deputyName', render: (n: string | null) => n ?? '—' },
          {
            title: t('net.reg.cases'),
            render: (_: unknown, r: ShiftDetail['receptions'][number]) => (
              <Space direction="vertical" size={4}>
                {r.cases.map((c) => (
                  <Space key={c.id} size={4}>
                    <Link to={`/cases/${c.id}`} data-testid={`reg-case-${c.number}`}>
                      {c.number}
                    </Link>
                    {writable && r.caseId === c.id && (
                      <Button size="small" type="link" onClick={() => void link(r.id, null)}>
                        {t('net.reg.unlink')}
                      </Button>
                    )}
                  </Space>
                ))}
                {writable && r.cases.length === 0 && (
                  <Button
                    size="small"
                    data-testid={`reg-register-${r.id}`}
                    onClick={() =>
                      navigate(regionLink('/cases/new'), { state: { reception: receptionDraft(shift, r) } })
                    }
                  >
                    {t('net.reg.toCase')}
                  </Button>
                )}
                {writable && !r.caseId && (
                  <CaseSearch testId={`reg-link-${r.id}`} onPick={(id) => void link(r.id, id)} />
                )}
              </Space>
            ),
          },
        ]}
      />
      {writable && (
        <Form form={form} layout="vertical" style={{ marginTop: 12 }} data-testid="reg-form">
          <Flex gap={8} wrap>
            <Form.Item
              name="visitorName"
              label={t('net.reg.visitor')}
              rules={[{ required: true, whitespace: true, message: t('net.reg.visitorRequired') }]}
              style={{ flex: '1 1 140px' }}
            >
              <Input data-testid="reg-name" maxLength={30} />
            </Form.Item>
            <Form.Item
              name="visitorPhone"
              label={t('net.reg.phone')}
              rules={[{ pattern: /^1[3-9]\d{9}$/, message: t('net.reg.phoneRule') }]}
              style={{ flex: '1 1 140px' }}
            >
              <Input data-testid="reg-phone" maxLength={11} />
            </Form.Item>
            <Form.Item name="deputyId" label={t('net.reg.deputy')} style={{ flex: '1 1 140px' }}>
              <Select
                data-testid="reg-deputy"
                allowClear
                options={shift.deputies.map((d) => ({ value: d.id, label: d.name }))}
              />
            </Form.Item>
          </Flex>
          <Form.Item
            name="summary"
            label={t('net.reg.raised')}
            rules={[{ required: true, whitespace: true, message: t('net.reg.raisedRequired') }]}
          >
            <Input.TextArea data-testid="reg-summary" rows={2} maxLength={2000} />
          </Form.Item>
          <Space>
            <Button type="primary" data-testid="reg-add" onClick={() => void add()}>
              {t('net.reg.add')}
            </Button>
            {notice && (
              <Typography.Text type="secondary" data-testid="reg-notice">
                {notice}
              </Typography.Text>
            )}
          </Space>
        </Form>
      )}
    </div>
  );
}
