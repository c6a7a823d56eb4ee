import { ArrowLeftOutlined, UploadOutlined } from '@ant-design/icons';
import { CASE_CHANNELS, type CaseChannel } from '@lianluo/domain/cases';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Flex,
  Form,
  Input,
  Row,
  Select,
  Space,
  Typography,
  Upload,
} from 'antd';
import type { UploadFile } from 'antd/es/upload/interface';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import {
  api,
  type CategoryItem,
  type CreateCaseBody,
  errorMessage,
  isAbort,
  newIdempotencyKey,
  type StationItem,
} from '../api/index.ts';
import { useAuth } from '../auth.tsx';
import { type LinkTarget, linkToTarget } from '../components/CommonIssueLink.tsx';
import { IntakeAssist, type ShownSuggestion } from '../components/IntakeAssist.tsx';
import { CoordinateFields, PersonFields } from '../components/IntakeFields.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { useI18n } from '../i18n.ts';
import { useRegion, useRegionLink } from '../region.ts';
import { formatDateTime } from '../time.ts';

/** The channels staff register an opinion from: all but Open311, which arrives through its own API. */
const CHANNELS: readonly CaseChannel[] = CASE_CHANNELS.filter((c) => c !== 'open311');

const CONTENT_MAX = 2000;

/** A title from the opinion's first sentence when none was typed (the register needs one). */
function titleFrom(content: string): string {
  const first =
    content
      .trim()
      .split(/[。！？!?\n]/u)[0]
      ?.trim() || content.trim();
  return first.length > 40 ? `${first.slice(0, 40)}…` : first;
}
const MAX_FILE_MB = 20;

/** A row of a shift's visitor register the opinion is registered from (接待登记 → 登记为意见). */
export interface ReceptionDraft {
  id: string;
  stationId: string;
  visitorName: string;
  summary: string;
  deputyId: string | null;
  deputyName: string | null;
  receivedAt: string;
}

interface Values {
  channel: CaseChannel;
  stationId: string;
  regionCode: string;
  title?: string;
  content: string;
  categoryKey?: string;
  address?: string;
  personName?: string;
  personPhone?: string;
  personIdNumber?: string;
  latitude?: number | null;
  longitude?: number | null;
  deputyIds?: string[];
  anonymous?: boolean;
  consentPublish?: boolean;
}

/** The station's deputies offered in the picker (代表). */
type DeputyOption = { id: string; name: string; levelLabel?: string };

/**
 * `/cases/new` (登记意见): a station officer, deputy or office registers an opinion. The
 * Idempotency-Key is made once per form, so pressing "登记" again after a network error cannot
 * register the same opinion twice; it changes only when the form starts over.
 */
export default function CaseNewPage() {
  const { t, label } = useI18n();
  const { me } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  // From the visitor register: the station, the visitor and what they raised, the deputy who
  // received them; the case keeps the register row it came from.
  const reception = (useLocation().state as { reception?: ReceptionDraft } | null)?.reception ?? null;
  const region = useRegion();
  const link = useRegionLink();
  const [form] = Form.useForm<Values>();
  const keyRef = useRef(newIdempotencyKey());
  const [stations, setStations] = useState<StationItem[]>([]);
  const [categories, setCategories] = useState<CategoryItem[]>([]);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const anonymous = Form.useWatch('anonymous', form);
  const stationId = Form.useWatch('stationId', form);
  const title = Form.useWatch('title', form) ?? '';
  const content = Form.useWatch('content', form) ?? '';
  const regionCode = Form.useWatch('regionCode', form);
  const personPhone = Form.useWatch('personPhone', form);
  const categoryKey = Form.useWatch('categoryKey', form);
  // What the assistance panel shows: recorded with the case (accepted or changed), and the
  // common issue the officer chose to join, linked right after registration.
  const [shown, setShown] = useState<ShownSuggestion | null>(null);
  const [linkTarget, setLinkTarget] = useState<LinkTarget | null>(null);
  const onShown = useCallback((s: ShownSuggestion | null) => setShown(s), []);
  // The chosen station's deputies, for the 涉及代表 picker (the register row's deputy among them).
  const [deputies, setDeputies] = useState<DeputyOption[]>([]);

  useEffect(() => {
    const ctrl = new AbortController();
    api.categories(ctrl.signal).then(
      (r) => setCategories(r.items),
      () => undefined,
    );
    (async () => {
      const items: StationItem[] = [];
      let cursor: string | null = null;
      do {
        const page = await api.stations({ region, cursor, limit: 100 }, ctrl.signal);
        items.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor && items.length < 2000);
      setStations(items);
      const own = reception
        ? items.find((s) => s.id === reception.stationId)
        : me?.stationId
          ? items.find((s) => s.id === me.stationId)
          : items.length === 1
            ? items[0]
            : undefined;
      if (own && !form.getFieldValue('stationId')) {
        form.setFieldsValue({ stationId: own.id, regionCode: own.regionCode });
      }
    })().catch((err) => {
      if (!isAbort(err)) setError(errorMessage(err));
    });
    return () => ctrl.abort();
  }, [region, me?.stationId, form, reception]);

  // The region follows the station unless someone typed a more precise (village) code.
  useEffect(() => {
    const s = stations.find((x) => x.id === stationId);
    const current: string | undefined = form.getFieldValue('regionCode');
    if (s && !current?.startsWith(s.regionCode.replace(/0+$/, ''))) {
      form.setFieldsValue({ regionCode: s.regionCode });
    }
  }, [stationId, stations, form]);

  // The deputy picker follows the station: its deputies are offered, and a deputy picked for
  // another station is dropped when the station changes.
  useEffect(() => {
    if (!stationId) {
      setDeputies([]);
      return;
    }
    const ctrl = new AbortController();
    api.station(stationId, ctrl.signal).then(
      (d) => {
        const list: DeputyOption[] = d.deputies.map((x) => ({
          id: x.id,
          name: x.name,
          levelLabel: x.levelLabel,
        }));
        if (
          reception?.deputyId &&
          reception.stationId === stationId &&
          !list.some((x) => x.id === reception.deputyId)
        ) {
          list.push({ id: reception.deputyId, name: reception.deputyName ?? reception.deputyId });
        }
        setDeputies(list);
        const picked: string[] = form.getFieldValue('deputyIds') ?? [];
        const kept = picked.filter((id) => list.some((x) => x.id === id));
        if (kept.length !== picked.length) form.setFieldsValue({ deputyIds: kept });
      },
      (err) => {
        if (!isAbort(err)) setDeputies([]);
      },
    );
    return () => ctrl.abort();
  }, [stationId, form, reception]);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    const body: CreateCaseBody = {
      channel: v.channel,
      stationId: v.stationId,
      regionCode: v.regionCode,
      content: v.content.trim(),
      title: v.title?.trim() || titleFrom(v.content),
      categoryKey: v.categoryKey || undefined,
      address: v.address?.trim() || undefined,
      anonymous: !!v.anonymous,
      consentPublish: !!v.consentPublish,
      personName: v.anonymous ? undefined : v.personName?.trim() || undefined,
      personPhone: v.anonymous ? undefined : v.personPhone?.trim() || undefined,
      personIdNumber: v.anonymous ? undefined : v.personIdNumber?.trim().toUpperCase() || undefined,
      latitude: typeof v.latitude === 'number' ? v.latitude : undefined,
      longitude: typeof v.longitude === 'number' ? v.longitude : undefined,
      suggestion: shown ?? undefined,
      receptionId: reception?.id,
      deputyIds: v.deputyIds?.length ? v.deputyIds : undefined,
    };
    let created: { id: string; number?: string };
    try {
      // The same key on every resend of this form.
      created = await api.createCase(body, keyRef.current);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
      return;
    }
    let failed = 0;
    for (const f of files) {
      if (!f.originFileObj) continue;
      try {
        await api.uploadAttachment(created.id, f.originFileObj as File);
      } catch (err) {
        failed++;
        void message.error(`${f.name}：${errorMessage(err)}`);
      }
    }
    if (linkTarget) {
      try {
        const issue = await linkToTarget({ id: created.id, regionCode: body.regionCode }, linkTarget);
        void message.success(t('intake.linked', { title: issue.title }));
      } catch (err) {
        void message.error(t('intake.linkFailed', { message: errorMessage(err) }));
      }
    }
    setBusy(false);
    void message.success(t('register.done', { number: created.number ?? '' }));
    if (failed) void message.warning(t('register.uploadFailed', { n: failed }));
    keyRef.current = newIdempotencyKey();
    void navigate(link(`/cases/${encodeURIComponent(created.id)}`));
  };

  const ownStationOnly = me?.role === 'station_officer' && !!me.stationId;

  return (
    <>
      <PageTitle
        title={t('register.title')}
        extra={
          <Link to={link('/cases')}>
            <Button icon={<ArrowLeftOutlined />}>{t('common.back')}</Button>
          </Link>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card>
            {error && (
              <Alert
                type="error"
                showIcon
                title={error}
                description={t('register.resendHint')}
                style={{ marginBottom: 16 }}
                data-testid="register-error"
              />
            )}
            {reception && (
              <Alert
                type="info"
                showIcon
                data-testid="register-from-reception"
                style={{ marginBottom: 16 }}
                title={t('register.fromReception', {
                  name: reception.visitorName,
                  at: formatDateTime(reception.receivedAt),
                  deputy: reception.deputyName ?? t('common.none'),
                })}
              />
            )}
            <Form<Values>
              form={form}
              layout="vertical"
              initialValues={{
                channel: 'reception',
                anonymous: false,
                consentPublish: false,
                deputyIds: reception?.deputyId ? [reception.deputyId] : [],
                ...(reception ? { content: reception.summary, personName: reception.visitorName } : {}),
              }}
              onFinish={submit}
              scrollToFirstError
            >
              <Flex gap={16} wrap>
                <Form.Item
                  name="channel"
                  label={t('cases.channel')}
                  rules={[{ required: true }]}
                  style={{ minWidth: 200 }}
                >
                  <Select
                    data-testid="register-channel"
                    options={CHANNELS.map((c) => ({ value: c, label: label('channel', c) }))}
                  />
                </Form.Item>
                <Form.Item
                  name="stationId"
                  label={t('cases.station')}
                  rules={[{ required: true, message: t('register.stationRequired') }]}
                  style={{ minWidth: 300, flex: 1 }}
                >
                  <Select
                    data-testid="register-station"
                    disabled={ownStationOnly}
                    showSearch={{ optionFilterProp: 'label' }}
                    options={stations.map((s) => ({ value: s.id, label: s.name }))}
                  />
                </Form.Item>
                <Form.Item
                  name="regionCode"
                  label={t('register.region')}
                  tooltip={t('register.regionHint')}
                  rules={[
                    { required: true, message: t('register.regionRequired') },
                    { pattern: /^\d{12}$/, message: t('register.regionInvalid') },
                  ]}
                  style={{ width: 200 }}
                >
                  <Input data-testid="register-region" maxLength={12} inputMode="numeric" />
                </Form.Item>
              </Flex>
              <Form.Item name="title" label={t('register.titleField')} extra={t('register.titleHint')}>
                <Input maxLength={100} data-testid="register-title" />
              </Form.Item>
              <Form.Item
                name="content"
                label={t('cases.content')}
                rules={[{ required: true, whitespace: true, message: t('register.contentRequired') }]}
              >
                <Input.TextArea
                  rows={6}
                  maxLength={CONTENT_MAX}
                  showCount
                  data-testid="register-content"
                  placeholder={t('register.contentPlaceholder')}
                />
              </Form.Item>
              <Flex gap={16} wrap>
                <Form.Item name="categoryKey" label={t('cases.category')} style={{ minWidth: 240 }}>
                  <Select
                    data-testid="register-category"
                    allowClear
                    showSearch={{ optionFilterProp: 'label' }}
                    placeholder={t('register.categoryHint')}
                    options={categories.map((c) => ({ value: c.key, label: c.name }))}
                  />
                </Form.Item>
                <Form.Item name="address" label={t('register.address')} style={{ flex: 1, minWidth: 240 }}>
                  <Input maxLength={200} data-testid="register-address" />
                </Form.Item>
              </Flex>
              <CoordinateFields />
              <Form.Item name="anonymous" valuePropName="checked" style={{ marginBottom: 8 }}>
                <Checkbox data-testid="register-anonymous">{t('register.anonymous')}</Checkbox>
              </Form.Item>
              {!anonymous && <PersonFields />}
              <Form.Item name="deputyIds" label={t('register.deputies')} extra={t('register.deputiesHint')}>
                <Select
                  mode="multiple"
                  allowClear
                  data-testid="register-deputies"
                  showSearch={{ optionFilterProp: 'label' }}
                  options={deputies.map((d) => ({
                    value: d.id,
                    label: d.levelLabel ? `${d.name}（${d.levelLabel}）` : d.name,
                  }))}
                />
              </Form.Item>
              <Form.Item name="consentPublish" valuePropName="checked" extra={t('register.consentHint')}>
                <Checkbox data-testid="register-consent">{t('register.consentPublish')}</Checkbox>
              </Form.Item>
              <Form.Item label={t('attachments.title')} extra={t('register.filesHint', { mb: MAX_FILE_MB })}>
                <Upload
                  multiple
                  fileList={files}
                  accept="image/*,.pdf,.doc,.docx,.xls,.xlsx"
                  beforeUpload={(file) => {
                    if (file.size > MAX_FILE_MB * 1024 * 1024) {
                      void message.error(t('register.fileTooBig', { name: file.name, mb: MAX_FILE_MB }));
                      return Upload.LIST_IGNORE;
                    }
                    return false; // uploaded after the case exists
                  }}
                  onChange={({ fileList }) => setFiles(fileList)}
                >
                  <Button icon={<UploadOutlined />} data-testid="register-files">
                    {t('attachments.choose')}
                  </Button>
                </Upload>
              </Form.Item>
              <Space>
                <Button type="primary" htmlType="submit" loading={busy} data-testid="register-submit">
                  {t('register.submit')}
                </Button>
                <Typography.Text type="secondary">{t('register.privacy')}</Typography.Text>
              </Space>
            </Form>
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <IntakeAssist
            text={`${title}\n${content}`.trim()}
            regionCode={regionCode}
            personPhone={anonymous ? undefined : personPhone}
            categoryKey={categoryKey}
            onUseCategory={(key) => form.setFieldsValue({ categoryKey: key })}
            onShown={onShown}
            linkTarget={linkTarget}
            onLinkTarget={setLinkTarget}
          />
        </Col>
      </Row>
    </>
  );
}
