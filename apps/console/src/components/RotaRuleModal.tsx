import { Alert, DatePicker, Form, Input, InputNumber, Modal, Select, Space, TimePicker } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { api, type DeputyItem, errorMessage } from '../api/index.ts';
import type { ApiBody } from '../api/openapi.ts';
import { type MessageKey, useI18n } from '../i18n.ts';

const KINDS = ['monthly', 'weekly', 'nth_weekday', 'market_days'] as const;
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];

type RotaRule = ApiBody<'/api/stations/{id}/rota-rules'>['rule'];

/**
 * Defines a rota rule for a station (every week on a weekday, a day of each month, the n-th
 * weekday, market days) with its deputies, and publishes it over a period. The server expands
 * the rule, moves holiday dates to the next working day and assigns deputies fairly, or refuses
 * with the reason (no date in the period, a deputy who cannot get the required shifts).
 */
export function RotaRuleModal({
  stationId,
  open,
  onClose,
  onPublished,
}: {
  stationId: string;
  open: boolean;
  onClose: () => void;
  onPublished: (out: { shifts: number; warnings: string[] }) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const [deputies, setDeputies] = useState<DeputyItem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const kind: string = Form.useWatch('kind', form) ?? 'monthly';

  useEffect(() => {
    if (!open) return;
    setError(null);
    api.deputies({ limit: 100, station: stationId }).then(
      (p) => {
        setDeputies(p.items);
        form.setFieldValue(
          'deputyIds',
          p.items.map((d) => d.id),
        );
      },
      (e) => setError(errorMessage(e)),
    );
  }, [open, stationId, form]);

  const submit = async () => {
    const v = await form.validateFields();
    const rule: RotaRule =
      v.kind === 'weekly'
        ? { kind: 'weekly', weekday: v.weekday }
        : v.kind === 'monthly'
          ? { kind: 'monthly', day: v.day }
          : v.kind === 'nth_weekday'
            ? { kind: 'nth_weekday', n: v.n, weekday: v.weekday }
            : {
                kind: 'market_days',
                lunarDigits: String(v.digits ?? '')
                  .split(/[,，、\s]+/)
                  .filter(Boolean)
                  .map(Number),
              };
    setSaving(true);
    setError(null);
    try {
      const created = await api.createRule(stationId, {
        rule,
        startTime: v.time[0].format('HH:mm'),
        endTime: v.time[1].format('HH:mm'),
        perShift: v.perShift,
        deputyIds: v.deputyIds,
      });
      const out = await api.publishRule(created.id, {
        from: v.period[0].format('YYYY-MM-DD'),
        to: v.period[1].format('YYYY-MM-DD'),
      });
      form.resetFields();
      onPublished(out);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const weekdayOptions = WEEKDAYS.map((d) => ({ value: d, label: t(`net.rule.wd${d}` as MessageKey) }));
  return (
    <Modal
      open={open}
      width={600}
      title={t('net.rule.title')}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={saving}
      okText={t('net.rule.publish')}
      okButtonProps={{ 'data-testid': 'rule-ok' } as never}
      forceRender
    >
      {error && (
        <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="rule-error" />
      )}
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          kind: 'monthly',
          day: 15,
          weekday: 1,
          n: 1,
          perShift: 1,
          time: [dayjs('09:00', 'HH:mm'), dayjs('11:30', 'HH:mm')],
          period: [dayjs(), dayjs().endOf('year')],
        }}
      >
        <Form.Item name="kind" label={t('net.rule.kind')}>
          <Select
            data-testid="rule-kind"
            options={KINDS.map((k) => ({ value: k, label: t(`net.rule.kind.${k}` as MessageKey) }))}
          />
        </Form.Item>
        <Space wrap>
          {kind === 'monthly' && (
            <Form.Item
              name="day"
              label={t('net.rule.day')}
              rules={[{ required: true }]}
              extra={t('net.rule.dayHint')}
            >
              <InputNumber data-testid="rule-day" min={1} max={31} />
            </Form.Item>
          )}
          {kind === 'nth_weekday' && (
            <Form.Item name="n" label={t('net.rule.n')}>
              <Select
                style={{ width: 120 }}
                options={[1, 2, 3, 4, 5, -1].map((n) => ({
                  value: n,
                  label: n === -1 ? t('net.rule.last') : t('net.rule.nth', { n }),
                }))}
              />
            </Form.Item>
          )}
          {(kind === 'weekly' || kind === 'nth_weekday') && (
            <Form.Item name="weekday" label={t('net.rule.weekday')}>
              <Select style={{ width: 120 }} options={weekdayOptions} />
            </Form.Item>
          )}
          {kind === 'market_days' && (
            <Form.Item
              name="digits"
              label={t('net.rule.digits')}
              extra={t('net.rule.digitsHint')}
              rules={[
                { required: true, pattern: /^[0-9]([,，、\s]+[0-9])*$/, message: t('net.rule.digitsHint') },
              ]}
            >
              <Input style={{ width: 200 }} placeholder="1, 4, 7" />
            </Form.Item>
          )}
        </Space>
        <Space wrap>
          <Form.Item name="time" label={t('net.rule.time')} rules={[{ required: true }]}>
            <TimePicker.RangePicker format="HH:mm" minuteStep={5} />
          </Form.Item>
          <Form.Item name="perShift" label={t('net.rule.perShift')} rules={[{ required: true }]}>
            <InputNumber min={1} max={10} />
          </Form.Item>
        </Space>
        <Form.Item
          name="deputyIds"
          label={t('net.rule.deputies')}
          extra={t('net.rule.deputiesHint')}
          rules={[{ required: true, message: t('net.rule.deputiesRequired') }]}
        >
          <Select
            data-testid="rule-deputies"
            mode="multiple"
            optionFilterProp="label"
            options={deputies.map((d) => ({ value: d.id, label: d.name }))}
            notFoundContent={t('net.rule.noDeputies')}
          />
        </Form.Item>
        <Form.Item name="period" label={t('net.rule.period')} rules={[{ required: true }]}>
          <DatePicker.RangePicker />
        </Form.Item>
      </Form>
    </Modal>
  );
}
