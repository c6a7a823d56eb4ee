import { Segmented, Space, Table, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { Link } from 'react-router-dom';
import { api, type CommitmentItem } from '../api/index.ts';
import { CursorTable } from '../components/CursorTable.tsx';
import { ExportButton } from '../components/ExportButton.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { useCursorList } from '../components/useCursorList.ts';
import { exportXlsx } from '../export.ts';
import { type MessageKey, useI18n } from '../i18n.ts';
import { useFilters, useRegion, useRegionLink } from '../region.ts';
import { formatDate, shanghaiToday } from '../time.ts';

const VIEWS = ['overdue', 'due', 'all'] as const;
type View = (typeof VIEWS)[number];

/** `/commitments` (承诺事项台账): "will resolve" replies and their dates, overdue ones per department. */
export default function CommitmentsPage() {
  const { t } = useI18n();
  const region = useRegion();
  const link = useRegionLink();
  const [filters, setFilters] = useFilters(['view'] as const);
  const view = VIEWS.includes(filters.view as View) ? (filters.view as View) : 'overdue';
  const load = (signal?: AbortSignal) =>
    api
      .commitments({ overdue: view === 'overdue', region }, signal)
      .then((p) => (view === 'due' ? { ...p, items: p.items.filter((c) => c.status === 'due') } : p));
  const list = useCursorList<CommitmentItem>(JSON.stringify([region, view]), (_cursor, signal) =>
    load(signal),
  );
  // The ledger as shown (the chosen view), one row per commitment.
  const doExport = async () => {
    const rows = (await load()).items;
    await exportXlsx<CommitmentItem>(
      `${t('commitments.title')}-${t(`commitments.view.${view}` as MessageKey)}-${shanghaiToday()}`,
      t('commitments.title'),
      [
        { header: t('cases.number'), value: (r) => r.caseNumber, width: 22 },
        { header: t('cases.title'), value: (r) => r.title, width: 40 },
        { header: t('cases.department'), value: (r) => r.departmentName, width: 24 },
        { header: t('reply.committedDate'), value: (r) => r.committedDate, width: 14 },
        { header: t('cases.overdue'), value: (r) => (r.overdue ? t('common.yes') : '') },
        { header: t('reply.measures'), value: (r) => r.measures, width: 48 },
        { header: t('cases.status'), value: (r) => t(`commitmentStatus.${r.status}` as MessageKey) },
        { header: t('commitments.revisitedAt'), value: (r) => formatDate(r.revisitedAt) },
      ],
      rows,
    );
    return rows.length;
  };
  const perDepartment = useMemo(() => {
    const m = new Map<string, { department: string; total: number; overdue: number }>();
    for (const c of list.items) {
      const k = c.departmentName ?? '—';
      const e = m.get(k) ?? { department: k, total: 0, overdue: 0 };
      e.total++;
      if (c.overdue) e.overdue++;
      m.set(k, e);
    }
    return [...m.values()].sort((a, b) => b.overdue - a.overdue || b.total - a.total);
  }, [list.items]);

  return (
    <>
      <PageTitle
        title={t('commitments.title')}
        extra={
          <Space wrap>
            <Segmented<View>
              data-testid="commitments-view"
              value={view}
              onChange={(v) => setFilters({ view: v === 'overdue' ? null : v })}
              options={VIEWS.map((v) => ({ value: v, label: t(`commitments.view.${v}` as MessageKey) }))}
            />
            <ExportButton testId="commitments-export" run={doExport} />
          </Space>
        }
      />
      {perDepartment.length > 0 && (
        <Table
          data-testid="commitments-by-department"
          size="small"
          style={{ marginBottom: 16, maxWidth: 640 }}
          pagination={false}
          rowKey="department"
          dataSource={perDepartment}
          title={() => <Typography.Text strong>{t('commitments.byDepartment')}</Typography.Text>}
          columns={[
            { title: t('cases.department'), dataIndex: 'department' },
            { title: t('commitments.count'), dataIndex: 'total' },
            {
              title: t('cases.overdue'),
              dataIndex: 'overdue',
              render: (n: number) => (n ? <Tag color="red">{n}</Tag> : 0),
            },
          ]}
        />
      )}
      <CursorTable<CommitmentItem>
        testId="commitments-table"
        list={list}
        rowKey="id"
        emptyText={t('commitments.empty')}
        columns={[
          {
            title: t('cases.number'),
            dataIndex: 'caseNumber',
            render: (n: string, r) => <Link to={link(`/cases/${encodeURIComponent(r.caseId)}`)}>{n}</Link>,
          },
          { title: t('cases.title'), dataIndex: 'title', ellipsis: true, width: 260 },
          { title: t('cases.department'), dataIndex: 'departmentName', render: (v) => v || t('common.none') },
          {
            title: t('reply.committedDate'),
            dataIndex: 'committedDate',
            render: (d: string, r) => (
              <Space size={4}>
                <span style={r.overdue ? { color: '#cf1322' } : undefined}>{d}</span>
                {r.overdue && <Tag color="red">{t('cases.overdue')}</Tag>}
              </Space>
            ),
          },
          { title: t('reply.measures'), dataIndex: 'measures', ellipsis: true, width: 260 },
          {
            title: t('cases.status'),
            dataIndex: 'status',
            render: (s: string, r) => (
              <Space size={4} wrap>
                {t(`commitmentStatus.${s}` as MessageKey)}
                {r.revisitedAt && <span>{formatDate(r.revisitedAt)}</span>}
              </Space>
            ),
          },
        ]}
      />
    </>
  );
}
