import { DeleteOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Calendar,
  Card,
  DatePicker,
  Flex,
  Form,
  Input,
  Popconfirm,
  Select,
  Table,
  Tabs,
  Tag,
  Typography,
  Upload,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { type CalendarDay, type CalendarKind, type CalendarStatus, calendarApi } from '../api/calendar.ts';
import { errorMessage, isAbort } from '../api/index.ts';
import { decodeUpload, parseCalendarLines } from '../calendar-lines.ts';
import { CalendarWarning } from '../components/CalendarWarning.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { useI18n } from '../i18n.ts';

const KIND_COLOR: Record<CalendarKind, string> = { holiday: 'red', workday: 'blue' };

/**
 * `/calendar` (administrator): the official holiday calendar by year. Days are entered one by one
 * or pasted from the State Council notice; a wrong day is deleted. Every change is audited on the
 * server and the deadlines use it at once.
 */
export default function CalendarPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const [status, setStatus] = useState<CalendarStatus | null>(null);
  const [refresh, setRefresh] = useState(0);
  const [days, setDays] = useState<CalendarDay[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [pasted, setPasted] = useState('');
  const [month, setMonth] = useState<Dayjs>(dayjs());
  const [form] = Form.useForm<{ date: Dayjs; kind: CalendarKind; name: string }>();

  const thisYear = status ? Number(status.today.slice(0, 4)) : dayjs().year();
  const year = Number(params.get('year')) || thisYear;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `refresh` re-reads after a write
  useEffect(() => {
    const ctrl = new AbortController();
    setDays(null);
    setLoadError(null);
    calendarApi.days(year, ctrl.signal).then(
      (r) => setDays(r.items),
      (err) => {
        if (!isAbort(err)) setLoadError(errorMessage(err));
      },
    );
    return () => ctrl.abort();
  }, [year, refresh]);

  useEffect(() => {
    setMonth((m) => (m.year() === year ? m : dayjs(`${year}-01-01`)));
  }, [year]);

  const years = useMemo(() => {
    const set = new Set([thisYear, thisYear + 1, year, ...(status?.years.map((y) => y.year) ?? [])]);
    return [...set].sort((a, b) => b - a);
  }, [status, thisYear, year]);

  const byDate = useMemo(() => new Map((days ?? []).map((d) => [d.date, d])), [days]);
  const counts = status?.years.find((y) => y.year === year);
  const weekdays = t('calendar.weekdays').split(',');
  const kindLabel = (k: CalendarKind) => t(k === 'holiday' ? 'calendar.holiday' : 'calendar.workday');
  const parsed = useMemo(() => parseCalendarLines(pasted), [pasted]);

  const save = async (entries: CalendarDay[]) => {
    setBusy(true);
    setSaveError(null);
    try {
      const r = await calendarApi.add(entries);
      void message.success(t('calendar.added', { n: r.added }));
      setRefresh((x) => x + 1);
      return true;
    } catch (err) {
      setSaveError(errorMessage(err));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const remove = async (d: CalendarDay) => {
    try {
      await calendarApi.remove(d.date);
      void message.success(t('calendar.deleted', { date: d.date }));
      setRefresh((x) => x + 1);
    } catch (err) {
      void message.error(errorMessage(err));
    }
  };

  return (
    <>
      <PageTitle
        title={t('calendar.title')}
        extra={
          <Select
            data-testid="calendar-year"
            value={year}
            style={{ width: 120 }}
            aria-label={t('calendar.year')}
            options={years.map((y) => ({ value: y, label: t('calendar.yearOption', { year: y }) }))}
            onChange={(y) => setParams({ year: String(y) })}
          />
        }
      />
      <CalendarWarning refresh={refresh} onStatus={setStatus} />
      <Typography.Paragraph type="secondary">{t('calendar.intro')}</Typography.Paragraph>
      <Typography.Paragraph strong data-testid="calendar-summary">
        {counts
          ? t('calendar.summary', { year, holidays: counts.holidays, workdays: counts.workdays })
          : t('calendar.notLoaded', { year })}
      </Typography.Paragraph>
      {counts && !counts.complete && (
        <Typography.Paragraph type="warning" data-testid="calendar-incomplete">
          {t('calendar.incomplete', { dates: counts.missing.join('、') })}
        </Typography.Paragraph>
      )}

      {saveError && (
        <Alert
          type="error"
          showIcon
          closable
          title={saveError}
          data-testid="calendar-save-error"
          style={{ marginBottom: 12 }}
          onClose={() => setSaveError(null)}
        />
      )}

      <Flex gap={16} wrap style={{ marginBottom: 16 }}>
        <Card title={t('calendar.addOne')} style={{ flex: '1 1 360px' }}>
          <Form
            form={form}
            layout="inline"
            initialValues={{ kind: 'holiday' }}
            onFinish={async (v) => {
              if (await save([{ date: v.date.format('YYYY-MM-DD'), kind: v.kind, name: v.name.trim() }])) {
                form.resetFields(['date']);
              }
            }}
          >
            <Form.Item name="date" rules={[{ required: true, message: t('calendar.dateRequired') }]}>
              <DatePicker data-testid="calendar-add-date" aria-label={t('calendar.date')} />
            </Form.Item>
            <Form.Item name="kind">
              <Select
                data-testid="calendar-add-kind"
                style={{ width: 120 }}
                options={(['holiday', 'workday'] as const).map((k) => ({ value: k, label: kindLabel(k) }))}
              />
            </Form.Item>
            <Form.Item
              name="name"
              rules={[{ required: true, whitespace: true, message: t('calendar.nameRequired') }]}
            >
              <Input
                data-testid="calendar-add-name"
                maxLength={40}
                style={{ width: 140 }}
                placeholder={t('calendar.namePlaceholder')}
              />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="calendar-add-submit">
              {t('calendar.add')}
            </Button>
          </Form>
        </Card>

        <Card title={t('calendar.paste')} style={{ flex: '1 1 420px' }}>
          <Typography.Paragraph type="secondary" style={{ whiteSpace: 'pre-line' }}>
            {t('calendar.pasteHint')}
          </Typography.Paragraph>
          <Input.TextArea
            data-testid="calendar-paste"
            rows={6}
            value={pasted}
            onChange={(e) => setPasted(e.target.value)}
            style={{ fontFamily: 'monospace' }}
          />
          {parsed.problems.length > 0 && (
            <Alert
              type="warning"
              showIcon
              data-testid="calendar-paste-problems"
              style={{ marginTop: 8 }}
              title={t('calendar.badLines')}
              description={parsed.problems.map((p) => (
                <div key={p.line}>{t('calendar.lineNo', { n: p.line, text: p.text })}</div>
              ))}
            />
          )}
          <Flex gap={8} align="center" style={{ marginTop: 8 }}>
            <Upload
              accept=".csv,.txt,text/csv,text/plain"
              showUploadList={false}
              beforeUpload={async (file) => {
                setPasted(decodeUpload(await file.arrayBuffer()));
                return Upload.LIST_IGNORE;
              }}
            >
              <Button icon={<UploadOutlined />} data-testid="calendar-upload">
                {t('calendar.upload')}
              </Button>
            </Upload>
            <Button
              type="primary"
              data-testid="calendar-paste-submit"
              loading={busy}
              disabled={parsed.days.length === 0 || parsed.problems.length > 0}
              onClick={async () => {
                if (await save(parsed.days)) setPasted('');
              }}
            >
              {t('calendar.submitPaste')}
            </Button>
            {parsed.days.length > 0 && (
              <Typography.Text type="secondary">
                {t('calendar.preview', { n: parsed.days.length })}
              </Typography.Text>
            )}
          </Flex>
        </Card>
      </Flex>

      {loadError && <Alert type="error" showIcon title={t('common.loadFailed')} description={loadError} />}

      <Tabs
        items={[
          {
            key: 'list',
            label: t('calendar.tabList'),
            children: (
              <div data-testid="calendar-table">
                <Table<CalendarDay>
                  rowKey="date"
                  size="small"
                  loading={days === null && !loadError}
                  dataSource={days ?? []}
                  pagination={false}
                  locale={{ emptyText: t('calendar.empty') }}
                  onRow={(d) => ({ 'data-date': d.date }) as React.HTMLAttributes<HTMLElement>}
                  columns={[
                    { title: t('calendar.date'), dataIndex: 'date' },
                    {
                      title: t('calendar.weekday'),
                      key: 'weekday',
                      render: (_: unknown, d) => weekdays[dayjs(d.date).day()],
                    },
                    {
                      title: t('calendar.kind'),
                      dataIndex: 'kind',
                      render: (k: CalendarKind) => <Tag color={KIND_COLOR[k]}>{kindLabel(k)}</Tag>,
                    },
                    { title: t('calendar.name'), dataIndex: 'name' },
                    {
                      title: '',
                      key: 'actions',
                      render: (_: unknown, d) => (
                        <Popconfirm
                          title={t('calendar.deleteConfirm', {
                            date: d.date,
                            name: d.name,
                            kind: kindLabel(d.kind),
                          })}
                          okText={t('calendar.delete')}
                          okButtonProps={{ danger: true, 'data-testid': 'calendar-delete-ok' }}
                          cancelText={t('action.cancel')}
                          onConfirm={() => remove(d)}
                        >
                          <Button
                            danger
                            size="small"
                            icon={<DeleteOutlined />}
                            data-testid={`calendar-delete-${d.date}`}
                          >
                            {t('calendar.delete')}
                          </Button>
                        </Popconfirm>
                      ),
                    },
                  ]}
                />
              </div>
            ),
          },
          {
            key: 'month',
            label: t('calendar.tabMonth'),
            children: (
              <Calendar
                value={month}
                onPanelChange={(d) => setMonth(d)}
                onChange={(d) => {
                  setMonth(d);
                  if (d.year() !== year) setParams({ year: String(d.year()) });
                }}
                cellRender={(current, info) => {
                  if (info.type !== 'date') return info.originNode;
                  const d = byDate.get(current.format('YYYY-MM-DD'));
                  return d ? (
                    <Tag color={KIND_COLOR[d.kind]} style={{ marginInlineEnd: 0 }}>
                      {d.kind === 'holiday' ? d.name : `${d.name}·${t('calendar.workday')}`}
                    </Tag>
                  ) : null;
                }}
              />
            ),
          },
        ]}
      />
    </>
  );
}
