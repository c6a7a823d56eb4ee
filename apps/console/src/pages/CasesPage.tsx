import { Button, Checkbox, Select, Space, Tag } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, CATEGORY_KEY, type CaseItem } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { CursorTable } from '../components/CursorTable.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { SearchBox } from '../components/SearchBox.tsx';
import { StatusTag } from '../components/StatusTag.tsx';
import { useCursorList } from '../components/useCursorList.ts';
import { codesOf, useI18n } from '../i18n.ts';
import { useFilters, useRegion, useRegionLink } from '../region.ts';
import { formatDate, formatDateTime } from '../time.ts';

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

/** `/cases`: opinions in scope by status, category, overdue and keyword. */
export default function CasesPage() {
  const { t } = useI18n();
  const region = useRegion();
  const link = useRegionLink();
  const [filters, setFilters] = useFilters(['status', 'category', 'overdue', 'q'] as const);
  const overdue = filters.overdue === 'true';

  const list = useCursorList<CaseItem>(
    JSON.stringify([region, filters.status, filters.category, overdue, filters.q]),
    (cursor, signal) =>
      api.cases(
        { region, status: filters.status, category: filters.category, overdue, q: filters.q, cursor },
        signal,
      ),
  );
  const categories = useCategoryOptions(region, list.items, filters.category);
  const { label } = useI18n();

  return (
    <>
      <PageTitle
        title={t('cases.list')}
        extra={
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
            {(filters.status || filters.category || overdue || filters.q) && (
              <Button onClick={() => setFilters({ status: null, category: null, overdue: null, q: null })}>
                {t('common.reset')}
              </Button>
            )}
          </Space>
        }
      />
      <CursorTable<CaseItem>
        testId="cases-table"
        list={list}
        rowKey="id"
        emptyText={t('cases.empty')}
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
          { title: t('cases.channel'), dataIndex: 'channelLabel', render: (c: string, r) => c || r.channel },
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
