import { DeleteOutlined, DownloadOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { WORK_QUEUES, type WorkQueue } from '@lianluo/domain/case-workflow';
import {
  App,
  Badge,
  Button,
  Checkbox,
  Dropdown,
  Flex,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Tabs,
  Tag,
} from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, CATEGORY_KEY, type CaseItem, errorMessage, isAbort, type Permission } from '../api/index.ts';
import { useAuth } from '../auth.tsx';
import { BulkActions } from '../components/CaseBulkActions.tsx';
import { CursorTable } from '../components/CursorTable.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { SearchBox } from '../components/SearchBox.tsx';
import { StatusTag } from '../components/StatusTag.tsx';
import { useCursorList } from '../components/useCursorList.ts';
import { exportXlsx, fetchAll } from '../export.ts';
import { codesOf, type MessageKey, useI18n } from '../i18n.ts';
import { useFilters, useRegion, useRegionLink } from '../region.ts';
import { useSavedViews } from '../savedViews.ts';
import { formatDate, formatDateTime, shanghaiToday } from '../time.ts';

/** Who works a queue: the tab shows only to roles that can act on it. */
const QUEUE_PERMISSION: Record<WorkQueue, Permission> = {
  to_triage: 'cases.triage',
  to_accept: 'cases.accept',
  to_reply: 'cases.reply',
  to_feed_back: 'cases.feedback',
  overdue: 'cases.read',
  to_revisit: 'cases.feedback',
};

/** Queues the list opens itself (`queue=` on listCases); 待回访 lives in the commitments ledger. */
const LIST_QUEUES: readonly WorkQueue[] = ['to_triage', 'to_accept', 'to_reply', 'to_feed_back', 'overdue'];

const FILTER_KEYS = ['queue', 'status', 'category', 'overdue', 'q'] as const;

/** Counts per work queue; refreshed with the list. */
function useQueueCounts(region: string | null, refresh: number) {
  const [counts, setCounts] = useState<Partial<Record<WorkQueue, number>>>({});
  // biome-ignore lint/correctness/useExhaustiveDependencies: `refresh` reloads after bulk actions
  useEffect(() => {
    const ctrl = new AbortController();
    api.caseQueues(region, ctrl.signal).then(
      (r) => setCounts(r),
      (err) => {
        if (!isAbort(err)) setCounts({});
      },
    );
    return () => ctrl.abort();
  }, [region, refresh]);
  return counts;
}

/**
 * The category choices (key → name). There is no category endpoint yet, so we offer what we have
 * seen: the categories of the loaded rows, and the dashboard's when it sends keys.
 */
function useCategoryOptions(region: string | null, seen: CaseItem[], current: string): [string, string][] {
  const { can } = useAuth();
  const mayDashboard = can('dashboard.read');
  const [fromDashboard, setFromDashboard] = useState<[string, string][]>([]);
  useEffect(() => {
    if (!mayDashboard) return;
    const ctrl = new AbortController();
    api.dashboard(region, ctrl.signal).then(
      (d) =>
        setFromDashboard(
          d.casesByCategory
            .filter((c) => CATEGORY_KEY.test(c.category))
            .map((c): [string, string] => [c.category, c.label ?? c.category]),
        ),
      () => undefined, // the filter still offers the categories seen in the rows
    );
    return () => ctrl.abort();
  }, [region, mayDashboard]);
  return useMemo(() => {
    const all = new Map(fromDashboard);
    for (const c of seen)
      if (c.category) all.set(c.category, c.categoryName || all.get(c.category) || c.category);
    if (current && !all.has(current)) all.set(current, current);
    return [...all];
  }, [fromDashboard, seen, current]);
}

/** `/cases`: work queues, filters, saved views, bulk actions and the Excel export. */
export default function CasesPage() {
  const { t } = useI18n();
  const { me, can } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const region = useRegion();
  const link = useRegionLink();
  const [filters, setFilters] = useFilters(FILTER_KEYS);
  const overdue = filters.overdue === 'true';
  const [refresh, setRefresh] = useState(0);
  const [selectedKeys, setSelectedKeys] = useState<string[]>([]);
  const [exporting, setExporting] = useState(false);
  const [naming, setNaming] = useState(false);
  const [viewName, setViewName] = useState('');
  const views = useSavedViews(me?.id ?? 'anonymous', 'cases');

  const queue = LIST_QUEUES.includes(filters.queue as WorkQueue) ? (filters.queue as WorkQueue) : null;
  const query = useMemo(
    () => ({
      region,
      status: filters.status,
      category: filters.category,
      overdue,
      q: filters.q,
      // The server applies the queue's own condition (the same one its count uses).
      queue,
    }),
    [region, queue, filters.status, filters.category, overdue, filters.q],
  );
  const list = useCursorList<CaseItem>(JSON.stringify([query, refresh]), (cursor, signal) =>
    api.cases({ ...query, cursor }, signal),
  );
  const counts = useQueueCounts(region, refresh);
  const queues = WORK_QUEUES.filter((k) => can(QUEUE_PERMISSION[k]) && (k in counts || filters.queue === k));
  const categories = useCategoryOptions(region, list.items, filters.category);
  const { label } = useI18n();
  const selected = list.items.filter((c) => selectedKeys.includes(c.id));
  const bulkAllowed = can('cases.accept') || can('cases.supervise');

  // A new filter set is a new selection.
  // biome-ignore lint/correctness/useExhaustiveDependencies: clear on query change only
  useEffect(() => setSelectedKeys([]), [JSON.stringify(query)]);

  const doExport = useCallback(async () => {
    setExporting(true);
    try {
      const rows = await fetchAll((cursor) => api.cases({ ...query, cursor, limit: 100 }));
      await exportXlsx<CaseItem>(
        `${t('cases.exportFile')}-${shanghaiToday()}`,
        t('cases.list'),
        [
          { header: t('cases.number'), value: (r) => r.number, width: 20 },
          { header: t('cases.title'), value: (r) => r.title, width: 40 },
          { header: t('cases.category'), value: (r) => r.categoryName || r.category },
          { header: t('cases.status'), value: (r) => label('status', r.status, r.statusLabel) },
          { header: t('cases.overdue'), value: (r) => (r.overdue ? t('common.yes') : '') },
          { header: t('cases.channel'), value: (r) => label('channel', r.channel, r.channelLabel) },
          { header: t('cases.station'), value: (r) => r.stationName, width: 28 },
          { header: t('cases.department'), value: (r) => r.departmentName, width: 24 },
          { header: t('cases.registeredAt'), value: (r) => formatDateTime(r.registeredAt) },
          { header: t('cases.replyDueAt'), value: (r) => formatDate(r.replyDueAt) },
        ],
        rows,
      );
      void message.success(t('export.done', { n: rows.length }));
    } catch (err) {
      void message.error(errorMessage(err));
    } finally {
      setExporting(false);
    }
  }, [query, t, label, message]);

  const hasFilters = !!(filters.status || filters.category || overdue || filters.q);
  const viewItems = [
    ...views.views.map((v) => ({
      key: `view:${v.name}`,
      label: (
        <Flex justify="space-between" gap={16} data-testid={`view-${v.name}`}>
          <span>{v.name}</span>
          <DeleteOutlined
            aria-label={t('views.delete')}
            onClick={(e) => {
              e.stopPropagation();
              views.remove(v.name);
            }}
          />
        </Flex>
      ),
    })),
    ...(views.views.length ? [{ type: 'divider' as const }] : []),
    { key: 'save', icon: <SaveOutlined />, label: <span data-testid="views-save">{t('views.save')}</span> },
  ];

  return (
    <>
      <PageTitle
        title={t('cases.list')}
        extra={
          <Space wrap>
            {can('cases.create') && (
              <Link to={link('/cases/new')}>
                <Button type="primary" icon={<PlusOutlined />} data-testid="case-register">
                  {t('register.title')}
                </Button>
              </Link>
            )}
            <Dropdown
              trigger={['click']}
              menu={{
                items: viewItems,
                onClick: ({ key }) => {
                  if (key === 'save') {
                    setViewName('');
                    setNaming(true);
                    return;
                  }
                  const v = views.views.find((x) => `view:${x.name}` === key);
                  if (v) {
                    const patch: Record<string, string | null> = {};
                    for (const k of FILTER_KEYS) patch[k] = v.filters[k] ?? null;
                    setFilters(patch);
                  }
                },
              }}
            >
              <Button data-testid="views-menu">{t('views.title')}</Button>
            </Dropdown>
            <Button
              icon={<DownloadOutlined />}
              loading={exporting}
              onClick={doExport}
              data-testid="cases-export"
            >
              {t('export.xlsx')}
            </Button>
          </Space>
        }
      />
      {queues.length > 0 && (
        <Tabs
          data-testid="case-queues"
          activeKey={filters.queue || 'all'}
          onChange={(k) => {
            if (k === 'to_revisit') void navigate(link('/commitments', { view: 'due' }));
            else setFilters({ queue: k === 'all' ? null : k });
          }}
          items={[
            { key: 'all', label: <span data-testid="queue-all">{t('queue.all')}</span> },
            ...queues.map((k) => ({
              key: k,
              label: (
                <span data-testid={`queue-${k}`} data-value={counts[k] ?? 0}>
                  {t(`queue.${k}` as MessageKey)}{' '}
                  <Badge
                    count={counts[k] ?? 0}
                    showZero
                    overflowCount={9999}
                    color={k === 'overdue' && counts[k] ? '#cf1322' : '#8c8c8c'}
                  />
                </span>
              ),
            })),
          ]}
        />
      )}
      <Flex justify="flex-end" style={{ marginBottom: 12 }}>
        <Space wrap>
          <Select
            aria-label={t('cases.status')}
            data-testid="cases-filter-status"
            style={{ width: 160 }}
            value={filters.status}
            onChange={(status: string) => setFilters({ status })}
            options={[
              { value: '', label: t('common.allOf', { label: t('cases.status') }) },
              ...codesOf('status').map((s) => ({ value: s, label: label('status', s) })),
            ]}
          />
          <Select
            aria-label={t('cases.category')}
            data-testid="cases-filter-category"
            style={{ width: 180 }}
            value={filters.category}
            showSearch={{ optionFilterProp: 'label' }}
            onChange={(category: string) => setFilters({ category })}
            options={[
              { value: '', label: t('common.allOf', { label: t('cases.category') }) },
              ...categories.map(([key, name]) => ({ value: key, label: name })),
            ]}
          />
          <Checkbox
            data-testid="cases-filter-overdue"
            checked={overdue}
            onChange={(e) => setFilters({ overdue: e.target.checked ? 'true' : null })}
          >
            {t('cases.overdueOnly')}
          </Checkbox>
          <SearchBox
            testId="cases-filter-q"
            placeholder={t('cases.search')}
            width={240}
            value={filters.q}
            onSearch={(q) => setFilters({ q })}
          />
          {hasFilters && (
            <Button onClick={() => setFilters({ status: null, category: null, overdue: null, q: null })}>
              {t('common.reset')}
            </Button>
          )}
        </Space>
      </Flex>
      <BulkActions
        selected={selected}
        onDone={() => {
          setSelectedKeys([]);
          setRefresh((r) => r + 1);
        }}
      />
      <Modal
        open={naming}
        title={t('views.save')}
        okText={t('action.submit')}
        cancelText={t('action.cancel')}
        okButtonProps={{ disabled: !viewName.trim(), ...({ 'data-testid': 'views-save-submit' } as object) }}
        onCancel={() => setNaming(false)}
        onOk={() => {
          views.save(viewName.trim(), { ...filters });
          setNaming(false);
          void message.success(t('views.saved'));
        }}
      >
        <Form layout="vertical">
          <Form.Item label={t('views.name')} extra={t('views.hint')}>
            <Input
              value={viewName}
              maxLength={30}
              onChange={(e) => setViewName(e.target.value)}
              data-testid="views-name"
            />
          </Form.Item>
        </Form>
      </Modal>
      <CursorTable<CaseItem>
        testId="cases-table"
        list={list}
        rowKey="id"
        emptyText={t('cases.empty')}
        rowSelection={
          bulkAllowed
            ? {
                selectedRowKeys: selectedKeys,
                onChange: (keys) => setSelectedKeys(keys as string[]),
              }
            : undefined
        }
        columns={[
          {
            title: t('cases.number'),
            dataIndex: 'number',
            render: (n: string, r) => <Link to={link(`/cases/${encodeURIComponent(r.id)}`)}>{n}</Link>,
          },
          {
            title: t('cases.title'),
            dataIndex: 'title',
            ellipsis: true,
            width: 280,
            render: (title: string, r) => (
              <Link to={link(`/cases/${encodeURIComponent(r.id)}`)}>{title}</Link>
            ),
          },
          {
            title: t('cases.category'),
            dataIndex: 'category',
            render: (c: string | null, r) => r.categoryName || c || t('common.none'),
          },
          {
            title: t('cases.status'),
            dataIndex: 'status',
            render: (s: string, r) => (
              <Space size={4}>
                <StatusTag status={s} serverLabel={r.statusLabel} />
                {r.overdue && <Tag color="red">{t('cases.overdue')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('cases.channel'),
            dataIndex: 'channelLabel',
            render: (c: string, r) => label('channel', r.channel, c),
          },
          {
            title: t('cases.station'),
            dataIndex: 'stationName',
            render: (s: string | null) => s || t('common.none'),
          },
          {
            title: t('cases.department'),
            dataIndex: 'departmentName',
            render: (s: string | null) => s || t('common.none'),
          },
          {
            title: t('cases.registeredAt'),
            dataIndex: 'registeredAt',
            render: (v: string) => formatDateTime(v),
          },
          {
            title: t('cases.replyDueAt'),
            dataIndex: 'replyDueAt',
            render: (v: string | null, r) =>
              v ? (
                <span style={r.overdue ? { color: '#cf1322' } : undefined}>{formatDate(v)}</span>
              ) : (
                t('common.none')
              ),
          },
        ]}
      />
    </>
  );
}
