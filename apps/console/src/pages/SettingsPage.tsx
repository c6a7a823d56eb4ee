import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { ApiError, errorMessage, isAbort } from '../api/index.ts';
import {
  type Limit,
  type LimitItem,
  type LimitList,
  type RatingOutcome,
  settingsApi,
  type WorkflowSettings,
} from '../api/settings.ts';
import { PageTitle } from '../components/PageTitle.tsx';
import { useI18n } from '../i18n.ts';

/** A refusal's own words: the server explains a bad limit in `detail`. */
function refusal(err: unknown): string {
  if (err instanceof ApiError && err.problem?.detail && err.problem.detail !== err.message) {
    return `${err.message}：${err.problem.detail}`;
  }
  return errorMessage(err);
}

/**
 * `/settings` (administrator): the county's deadline limits by handling level × urgency and its
 * rating rules, each shown with where the value in force comes from and the default. Every change
 * is audited on the server and applies to new referrals and feedback only.
 */
export default function SettingsPage() {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const [limits, setLimits] = useState<LimitList | null>(null);
  const [workflow, setWorkflow] = useState<WorkflowSettings | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [refresh, setRefresh] = useState(0);
  const [editing, setEditing] = useState<LimitItem | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [limitForm] = Form.useForm<Limit>();
  const [ratingForm] = Form.useForm<{
    ratingWaitDays: number | null;
    ratingTimeoutCountsAs: RatingOutcome | '';
  }>();

  // biome-ignore lint/correctness/useExhaustiveDependencies: `refresh` re-reads after a write
  useEffect(() => {
    const ctrl = new AbortController();
    setLoadError(null);
    Promise.all([
      settingsApi.limits(undefined, ctrl.signal),
      settingsApi.workflow(undefined, ctrl.signal),
    ]).then(
      ([l, w]) => {
        setLimits(l);
        setWorkflow(w);
        ratingForm.setFieldsValue({
          ratingWaitDays: w.own.ratingWaitDays,
          ratingTimeoutCountsAs: w.own.ratingTimeoutCountsAs ?? '',
        });
      },
      (err) => {
        if (!isAbort(err)) setLoadError(errorMessage(err));
      },
    );
    return () => ctrl.abort();
  }, [refresh]);

  const levelLabel = (l: string) => label('departmentLevel', l);
  const urgencyLabel = (u: string) =>
    t(u === 'urgent' ? 'settings.urgency.urgent' : 'settings.urgency.normal');
  const outcomeLabel = (o: RatingOutcome) =>
    t(o === 'satisfied' ? 'settings.outcome.satisfied' : 'settings.outcome.basically_satisfied');
  const sourceTag = (source: string | null) => {
    if (source === null) return <Tag>{t('settings.sourceDefault')}</Tag>;
    if (source === limits?.settingsRegion) return <Tag color="blue">{t('settings.sourceOwn')}</Tag>;
    return <Tag color="purple">{t('settings.sourceAbove')}</Tag>;
  };

  const openEdit = (item: LimitItem) => {
    setSaveError(null);
    setEditing(item);
  };

  const saveLimit = async () => {
    if (!editing) return;
    const values = await limitForm.validateFields();
    setBusy(true);
    setSaveError(null);
    try {
      await settingsApi.setLimit(editing.level, editing.urgency, values);
      void message.success(t('settings.saved'));
      setEditing(null);
      setRefresh((x) => x + 1);
    } catch (err) {
      setSaveError(refusal(err));
    } finally {
      setBusy(false);
    }
  };

  const restore = async (item: LimitItem) => {
    try {
      await settingsApi.removeLimit(item.level, item.urgency);
      void message.success(t('settings.restored'));
      setRefresh((x) => x + 1);
    } catch (err) {
      void message.error(refusal(err));
    }
  };

  const saveRating = async () => {
    const v = ratingForm.getFieldsValue();
    setBusy(true);
    try {
      await settingsApi.setWorkflow({
        ...(v.ratingWaitDays ? { ratingWaitDays: v.ratingWaitDays } : {}),
        ...(v.ratingTimeoutCountsAs ? { ratingTimeoutCountsAs: v.ratingTimeoutCountsAs } : {}),
      });
      void message.success(t('settings.saved'));
      setRefresh((x) => x + 1);
    } catch (err) {
      void message.error(refusal(err));
    } finally {
      setBusy(false);
    }
  };

  const sourceText = (source: string | null) =>
    source === null
      ? t('settings.sourceDefault')
      : source === workflow?.settingsRegion
        ? t('settings.sourceOwn')
        : t('settings.sourceAbove');

  return (
    <>
      <PageTitle title={t('settings.title')} />
      <Typography.Paragraph type="secondary">{t('settings.intro')}</Typography.Paragraph>
      {loadError && <Alert type="error" showIcon message={loadError} style={{ marginBottom: 16 }} />}
      {limits && (
        <Typography.Paragraph strong>
          {t('settings.region', { name: limits.regionName })}
        </Typography.Paragraph>
      )}
      <Card title={t('settings.limits')} style={{ marginBottom: 16 }}>
        <Table<LimitItem>
          data-testid="deadline-limits"
          rowKey={(r) => `${r.level}/${r.urgency}`}
          loading={!limits && !loadError}
          dataSource={limits?.items ?? []}
          pagination={false}
          size="middle"
          columns={[
            { title: t('settings.level'), dataIndex: 'level', render: levelLabel },
            { title: t('settings.urgency'), dataIndex: 'urgency', render: urgencyLabel },
            { title: t('settings.accept'), dataIndex: 'acceptWorkingDays' },
            { title: t('settings.reply'), dataIndex: 'replyWorkingDays' },
            { title: t('settings.warn'), dataIndex: 'warnWorkingDays' },
            {
              title: t('settings.source'),
              dataIndex: 'source',
              render: (s: string | null, r) => (
                <Space direction="vertical" size={0}>
                  {sourceTag(s)}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('settings.defaultValue', {
                      accept: r.default.acceptWorkingDays,
                      reply: r.default.replyWorkingDays,
                      warn: r.default.warnWorkingDays,
                    })}
                  </Typography.Text>
                </Space>
              ),
            },
            {
              key: 'actions',
              render: (_: unknown, r) => (
                <Space>
                  <Button
                    size="small"
                    data-testid={`edit-${r.level}-${r.urgency}`}
                    onClick={() => openEdit(r)}
                  >
                    {t('settings.edit')}
                  </Button>
                  {r.source !== null && r.source === limits?.settingsRegion && (
                    <Popconfirm
                      title={t('settings.restoreConfirm', {
                        level: levelLabel(r.level),
                        urgency: urgencyLabel(r.urgency),
                      })}
                      onConfirm={() => restore(r)}
                    >
                      <Button size="small" danger>
                        {t('settings.restore')}
                      </Button>
                    </Popconfirm>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Card title={t('settings.rating')}>
        {workflow && (
          <Form form={ratingForm} layout="vertical" style={{ maxWidth: 520 }} onFinish={saveRating}>
            <Form.Item
              name="ratingWaitDays"
              label={t('settings.ratingWait')}
              extra={`${t('settings.ratingWaitHelp')} ${t('settings.inForce', {
                value: workflow.ratingWaitDays,
                source: sourceText(workflow.sources.ratingWaitDays),
              })}`}
            >
              <InputNumber
                min={1}
                max={60}
                precision={0}
                data-testid="rating-wait"
                placeholder={t('settings.followDefault', { value: workflow.defaults.ratingWaitDays })}
                style={{ width: 260 }}
              />
            </Form.Item>
            <Form.Item
              name="ratingTimeoutCountsAs"
              label={t('settings.ratingOutcome')}
              extra={t('settings.inForce', {
                value: outcomeLabel(workflow.ratingTimeoutCountsAs),
                source: sourceText(workflow.sources.ratingTimeoutCountsAs),
              })}
            >
              <Select
                style={{ width: 260 }}
                data-testid="rating-outcome"
                options={[
                  {
                    value: '',
                    label: t('settings.followDefault', {
                      value: outcomeLabel(workflow.defaults.ratingTimeoutCountsAs),
                    }),
                  },
                  { value: 'satisfied', label: outcomeLabel('satisfied') },
                  { value: 'basically_satisfied', label: outcomeLabel('basically_satisfied') },
                ]}
              />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="rating-save">
              {t('settings.save')}
            </Button>
          </Form>
        )}
        {workflow && (
          <Descriptions size="small" column={1} style={{ marginTop: 24 }}>
            <Descriptions.Item label={t('settings.attachments')}>
              {t('settings.attachmentsValue', {
                mb: Math.round((workflow.maxAttachmentBytes / 1024 / 1024) * 10) / 10,
              })}
            </Descriptions.Item>
          </Descriptions>
        )}
      </Card>
      <Modal
        open={editing !== null}
        title={
          editing
            ? t('settings.editTitle', {
                level: levelLabel(editing.level),
                urgency: urgencyLabel(editing.urgency),
              })
            : ''
        }
        okText={t('settings.save')}
        cancelText={t('settings.cancel')}
        confirmLoading={busy}
        onOk={saveLimit}
        onCancel={() => setEditing(null)}
        destroyOnClose
      >
        {saveError && <Alert type="error" showIcon message={saveError} style={{ marginBottom: 16 }} />}
        {editing && (
          <Typography.Paragraph type="secondary">
            {t('settings.defaultValue', {
              accept: editing.default.acceptWorkingDays,
              reply: editing.default.replyWorkingDays,
              warn: editing.default.warnWorkingDays,
            })}
          </Typography.Paragraph>
        )}
        <Form
          form={limitForm}
          layout="vertical"
          preserve={false}
          key={editing ? `${editing.level}/${editing.urgency}` : 'none'}
          initialValues={
            editing
              ? {
                  acceptWorkingDays: editing.acceptWorkingDays,
                  replyWorkingDays: editing.replyWorkingDays,
                  warnWorkingDays: editing.warnWorkingDays,
                }
              : undefined
          }
        >
          <Form.Item name="acceptWorkingDays" label={t('settings.accept')} rules={[{ required: true }]}>
            <InputNumber min={1} max={60} precision={0} data-testid="limit-accept" />
          </Form.Item>
          <Form.Item name="replyWorkingDays" label={t('settings.reply')} rules={[{ required: true }]}>
            <InputNumber min={1} max={120} precision={0} data-testid="limit-reply" />
          </Form.Item>
          <Form.Item name="warnWorkingDays" label={t('settings.warn')} rules={[{ required: true }]}>
            <InputNumber min={0} max={119} precision={0} data-testid="limit-warn" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
