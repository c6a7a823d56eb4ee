import { Space, Typography } from 'antd';
import { api, type DepartmentItem } from '../api/index.ts';
import { CursorTable } from '../components/CursorTable.tsx';
import { ExportButton } from '../components/ExportButton.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { SearchBox } from '../components/SearchBox.tsx';
import { useCursorList } from '../components/useCursorList.ts';
import { exportXlsx, fetchAll } from '../export.ts';
import { useI18n } from '../i18n.ts';
import { useFilters, useRegion } from '../region.ts';
import { shanghaiToday } from '../time.ts';

/** `/departments`: handling departments with their open and overdue case counts. */
export default function DepartmentsPage() {
  const { t, label } = useI18n();
  const region = useRegion();
  const [filters, setFilters] = useFilters(['q'] as const);

  const list = useCursorList<DepartmentItem>(JSON.stringify([region, filters.q]), (cursor, signal) =>
    api.departments({ region, q: filters.q, cursor }, signal),
  );
  // Every page of the list as filtered, not only the pages loaded so far.
  const doExport = async () => {
    const rows = await fetchAll((cursor) => api.departments({ region, q: filters.q, cursor, limit: 100 }));
    await exportXlsx<DepartmentItem>(
      `${t('nav.departments')}-${shanghaiToday()}`,
      t('nav.departments'),
      [
        { header: t('departments.name'), value: (r) => r.name, width: 32 },
        { header: t('departments.level'), value: (r) => label('departmentLevel', r.level) },
        { header: t('departments.region'), value: (r) => r.regionCode, width: 16 },
        { header: t('departments.openCases'), value: (r) => r.openCases },
        { header: t('departments.overdueCases'), value: (r) => r.overdueCases },
      ],
      rows,
    );
    return rows.length;
  };

  return (
    <>
      <PageTitle
        title={t('nav.departments')}
        extra={
          <Space wrap>
            <SearchBox
              testId="departments-filter-q"
              placeholder={t('departments.search')}
              width={240}
              value={filters.q}
              onSearch={(q) => setFilters({ q })}
            />
            <ExportButton testId="departments-export" run={doExport} />
          </Space>
        }
      />
      <CursorTable<DepartmentItem>
        testId="departments-table"
        list={list}
        rowKey="id"
        emptyText={t('departments.empty')}
        columns={[
          { title: t('departments.name'), dataIndex: 'name' },
          {
            title: t('departments.level'),
            dataIndex: 'level',
            render: (level: string) => label('departmentLevel', level),
          },
          { title: t('departments.region'), dataIndex: 'regionCode' },
          { title: t('departments.openCases'), dataIndex: 'openCases', align: 'right' },
          {
            title: t('departments.overdueCases'),
            dataIndex: 'overdueCases',
            align: 'right',
            render: (n: number) => (n > 0 ? <Typography.Text type="danger">{n}</Typography.Text> : n),
          },
        ]}
      />
    </>
  );
}
