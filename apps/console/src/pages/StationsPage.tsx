import {
  Alert,
  Button,
  Descriptions,
  Drawer,
  Empty,
  Flex,
  Form,
  Input,
  List,
  Modal,
  Progress,
  Select,
  Skeleton,
  Space,
  Table,
  Tag,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import {
  api,
  errorMessage,
  isAbort,
  type Region,
  type StationChecklist,
  type StationDetail,
  type StationItem,
} from '../api/index.ts';
import { type ChecklistTemplate, networkApi } from '../api/network.ts';
import { useAuth } from '../auth.tsx';
import { CursorTable } from '../components/CursorTable.tsx';
import { FilePick } from '../components/FilePick.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { PublicMaterial } from '../components/PublicMaterial.tsx';
import { SearchBox } from '../components/SearchBox.tsx';
import { StationAssessments } from '../components/StationAssessments.tsx';
import { useCursorList } from '../components/useCursorList.ts';
import { codesOf, useI18n } from '../i18n.ts';
import { useFilters, useRegion } from '../region.ts';

type DetailState =
  | { state: 'loading' }
  | { state: 'error'; message: string }
  | { state: 'ok'; station: StationDetail };

/** The standards checklist (七有/十有) of a station: completion, evidence per item, upload. */
function ChecklistPanel({ stationId }: { stationId: string }) {
  const { can } = useAuth();
  const [data, setData] = useState<StationChecklist | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const load = useCallback(() => {
    api.checklist(stationId).then(setData, (e) => setError(errorMessage(e)));
  }, [stationId]);
  useEffect(load, [load]);
  const upload = async (itemId: string, file: File | null) => {
    const form = new FormData();
    form.append('itemId', itemId);
    form.append('note', note);
    if (file) form.append('file', file);
    setError(null);
    try {
      await api.addEvidence(stationId, form);
      setNote('');
      load();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  if (!data) return error ? <Alert type="error" showIcon title={error} /> : <Skeleton active />;
  return (
    <div data-testid="station-checklist">
      <h4 style={{ margin: '0 0 8px' }}>
        标准化建设（{data.template.name}）
        <span data-testid="checklist-completion" data-value={data.completion.done}>
          {' '}
          {data.completion.done}/{data.completion.total}
        </span>
      </h4>
      <Progress percent={Math.round(data.completion.rate * 100)} size="small" />
      {error && <Alert type="error" showIcon title={error} data-testid="evidence-error" />}
      {can('stations.manage') && (
        <Input
          data-testid="evidence-note"
          placeholder="佐证说明（可选）"
          value={note}
          onChange={(e) => setNote(e.target.value)}
          style={{ margin: '8px 0' }}
        />
      )}
      <List
        size="small"
        dataSource={data.items}
        renderItem={(item) => (
          <List.Item
            data-testid={`checklist-item-${item.position}`}
            actions={
              can('stations.manage')
                ? [
                    <FilePick
                      key="f"
                      label="上传佐证"
                      accept="image/png,image/jpeg,application/pdf"
                      testId={`evidence-file-${item.position}`}
                      onFile={(f) => void upload(item.id, f)}
                    />,
                  ]
                : []
            }
          >
            <List.Item.Meta
              title={
                <Space>
                  {item.evidence.length ? <Tag color="green">已佐证</Tag> : <Tag>未佐证</Tag>}
                  {item.text}
                </Space>
              }
              description={item.evidence
                .map(
                  (e) =>
                    `${e.note || e.fileName || '文件'}（${e.recordedByName} ${e.recordedAt.slice(0, 10)}）`,
                )
                .join('；')}
            />
          </List.Item>
        )}
      />
    </div>
  );
}

/** The station's check-in QR for today, to show on a screen or print at the door. */
function CheckinCode({ stationId }: { stationId: string }) {
  const [code, setCode] = useState<{ date: string; svg: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const show = () =>
    api.checkInCode(stationId).then(
      (c) => setCode({ date: c.date, svg: c.svg }),
      (e) => setError(errorMessage(e)),
    );
  return (
    <div>
      <Button data-testid="checkin-code" onClick={show}>
        当日签到码
      </Button>
      {error && <Alert type="error" showIcon title={error} />}
      {code && (
        <div style={{ marginTop: 8 }}>
          <img
            alt="签到二维码"
            width={200}
            height={200}
            src={`data:image/svg+xml;base64,${btoa(code.svg)}`}
            style={{ display: 'block' }}
          />
          <span>仅 {code.date} 当日在本站有效</span>
        </div>
      )}
    </div>
  );
}

/** Create a station in the user's scope; the name defaults to the unified form. */
function CreateStation({ onCreated }: { onCreated: (id: string) => void }) {
  const { me } = useAuth();
  const { label, t } = useI18n();
  const [open, setOpen] = useState(false);
  const [regions, setRegions] = useState<Region[]>([]);
  const [templates, setTemplates] = useState<ChecklistTemplate[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm();
  useEffect(() => {
    if (open)
      networkApi.templates().then(
        (r) => setTemplates(r.items),
        () => setTemplates([]),
      );
  }, [open]);
  useEffect(() => {
    if (!open || !me) return;
    api.regions(me.regionCode).then(
      (r) => setRegions([{ code: me.regionCode, name: me.regionName, level: '' }, ...r.items]),
      () => setRegions([]),
    );
  }, [open, me]);
  const submit = async () => {
    const v = await form.validateFields();
    setError(null);
    try {
      const r = await api.createStation(v);
      setOpen(false);
      form.resetFields();
      onCreated(r.id);
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <>
      <Button type="primary" data-testid="station-create" onClick={() => setOpen(true)}>
        新建联络站（点）
      </Button>
      <Modal
        open={open}
        title="新建联络站（点）"
        onOk={submit}
        onCancel={() => setOpen(false)}
        okButtonProps={{ id: 'station-create-ok' }}
      >
        {error && <Alert type="error" showIcon title={error} />}
        <Form form={form} layout="vertical" initialValues={{ kind: 'village', checklistKey: 'qiyou' }}>
          <Form.Item name="kind" label="类型" rules={[{ required: true }]}>
            <Select
              options={codesOf('stationKind').map((k) => ({ value: k, label: label('stationKind', k) }))}
            />
          </Form.Item>
          <Form.Item name="regionCode" label="所在区划" rules={[{ required: true, message: '请选择区划' }]}>
            <Select
              data-testid="station-create-region"
              showSearch
              optionFilterProp="label"
              options={regions.map((r) => ({ value: r.code, label: r.name }))}
            />
          </Form.Item>
          <Form.Item name="name" label="名称" extra="留空则使用统一名称，如“石桥村人大代表联络点”">
            <Input data-testid="station-create-name" maxLength={60} />
          </Form.Item>
          <Form.Item name="address" label="地址">
            <Input data-testid="station-create-address" maxLength={200} />
          </Form.Item>
          <Form.Item name="openingHours" label="开放时间">
            <Input maxLength={100} placeholder="每周一至周五 9:00–17:00" />
          </Form.Item>
          <Form.Item name="checklistKey" label={t('net.station.checklist')}>
            <Select options={templates.map((tpl) => ({ value: tpl.key, label: tpl.name }))} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/** One station in a side drawer: its facts and the deputies grouped into it. */
function StationDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t, label } = useI18n();
  const [detail, setDetail] = useState<DetailState>({ state: 'loading' });

  useEffect(() => {
    if (!id) return;
    const ctrl = new AbortController();
    setDetail({ state: 'loading' });
    api.station(id, ctrl.signal).then(
      (station) => setDetail({ state: 'ok', station }),
      (err) => {
        if (!isAbort(err)) setDetail({ state: 'error', message: errorMessage(err) });
      },
    );
    return () => ctrl.abort();
  }, [id]);

  const station = detail.state === 'ok' ? detail.station : null;
  const { can } = useAuth();

  return (
    <Drawer
      open={!!id}
      onClose={onClose}
      size={560}
      title={station?.name ?? t('stations.detail')}
      destroyOnHidden
      data-testid="station-drawer"
    >
      {detail.state === 'loading' && <Skeleton active />}
      {detail.state === 'error' && <Alert type="error" showIcon title={detail.message} />}
      {station && (
        <Flex vertical gap={24}>
          <Descriptions
            styles={{ label: { whiteSpace: 'nowrap' } }}
            column={1}
            bordered
            size="small"
            items={[
              {
                key: 'kind',
                label: t('stations.kind'),
                children: label('stationKind', station.kind, station.kindLabel),
              },
              { key: 'region', label: t('stations.region'), children: station.regionName },
              { key: 'address', label: t('stations.address'), children: station.address || t('common.none') },
              ...(station.gradeLabel
                ? [{ key: 'grade', label: t('stations.grade'), children: station.gradeLabel }]
                : []),
              ...(station.openingHours
                ? [{ key: 'hours', label: t('stations.openingHours'), children: station.openingHours }]
                : []),
              { key: 'count', label: t('stations.deputyCount'), children: station.deputyCount },
            ]}
          />
          <PublicMaterial kind="stations" id={station.id} canUpload={can('stations.manage')} />
          <div>
            <h4 style={{ margin: '0 0 8px' }}>{t('stations.deputies')}</h4>
            {station.deputies.length ? (
              <Table
                size="small"
                bordered
                pagination={false}
                dataSource={station.deputies}
                rowKey="id"
                columns={[
                  { title: t('deputies.name'), dataIndex: 'name' },
                  {
                    title: t('deputies.level'),
                    dataIndex: 'level',
                    render: (level: string, d) => <Tag>{label('deputyLevel', level, d.levelLabel)}</Tag>,
                  },
                ]}
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('stations.noDeputies')} />
            )}
          </div>
          {can('rota.checkin') && <CheckinCode stationId={station.id} />}
          <ChecklistPanel stationId={station.id} />
          <StationAssessments stationId={station.id} />
        </Flex>
      )}
    </Drawer>
  );
}

/** `/stations`: the stations in scope, filtered by kind and keyword; a row opens its drawer. */
export default function StationsPage() {
  const { t, label } = useI18n();
  const region = useRegion();
  const [filters, setFilters] = useFilters(['kind', 'q'] as const);
  const [openId, setOpenId] = useState<string | null>(null);
  const { can } = useAuth();
  const [reload, setReload] = useState(0);

  const list = useCursorList<StationItem>(
    JSON.stringify([region, filters.kind, filters.q, reload]),
    (cursor, signal) => api.stations({ region, kind: filters.kind, q: filters.q, cursor }, signal),
  );

  return (
    <>
      <PageTitle
        title={t('nav.stations')}
        extra={
          <Space wrap>
            {can('stations.manage') && (
              <CreateStation
                onCreated={(id) => {
                  setReload((n) => n + 1);
                  setOpenId(id);
                }}
              />
            )}
            <Select
              aria-label={t('stations.kind')}
              style={{ width: 180 }}
              value={filters.kind}
              onChange={(kind: string) => setFilters({ kind })}
              options={[
                { value: '', label: t('common.allOf', { label: t('stations.kind') }) },
                ...codesOf('stationKind').map((k) => ({ value: k, label: label('stationKind', k) })),
              ]}
            />
            <SearchBox
              testId="stations-filter-q"
              placeholder={t('stations.search')}
              width={240}
              value={filters.q}
              onSearch={(q) => setFilters({ q })}
            />
          </Space>
        }
      />
      <CursorTable<StationItem>
        testId="stations-table"
        list={list}
        rowKey="id"
        emptyText={t('stations.empty')}
        onRow={(r) => ({ onClick: () => setOpenId(r.id), style: { cursor: 'pointer' } })}
        columns={[
          {
            title: t('stations.name'),
            dataIndex: 'name',
            render: (name: string, r) => (
              <Button
                type="link"
                style={{ padding: 0 }}
                onClick={(e) => {
                  e.stopPropagation();
                  setOpenId(r.id);
                }}
              >
                {name}
              </Button>
            ),
          },
          {
            title: t('stations.kind'),
            dataIndex: 'kind',
            render: (kind: string, r) => <Tag>{label('stationKind', kind, r.kindLabel)}</Tag>,
          },
          { title: t('stations.region'), dataIndex: 'regionName' },
          { title: t('stations.address'), dataIndex: 'address', ellipsis: true },
          { title: t('stations.deputyCount'), dataIndex: 'deputyCount', align: 'right' },
        ]}
      />
      <StationDrawer id={openId} onClose={() => setOpenId(null)} />
    </>
  );
}
