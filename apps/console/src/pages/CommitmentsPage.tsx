import { Checkbox, Space, Table, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { Link } from 'react-router-dom';
import { api, type CommitmentItem } from '../api.ts';
import { CursorTable } from '../components/CursorTable.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { useCursorList } from '../components/useCursorList.ts';
import { type MessageKey, useI18n } from '../i18n.ts';
import { useFilters, useRegion, useRegionLink } from '../region.ts';
import { formatDate } from '../time.ts';

/** `/commitments` (承诺事项台账): "will resolve" replies and their dates, overdue ones per department. */
export default function CommitmentsPage() {
  const { t } = useI18n();
  const region = useRegion();
  const link = useRegionLink();
  const [filters, setFilters] = useFilters(['all'] as const);
  const overdueOnly = filters.all !== 'true';
  const list = useCursorList<CommitmentItem>(JSON.stringify([region, overdueOnly]), (_cursor, signal) =>
    api.commitments({ overdue: overdueOnly, region }, signal),
  );
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
          <Checkbox
            data-testid="commitments-overdue"
            checked={overdueOnly}
            onChange={(e) => setFilters({ all: e.target.checked ? null : 'true' })}
          >
            {t('commitments.overdueOnly')}
          </Checkbox>
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
