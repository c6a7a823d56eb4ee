import { Select, Space, Tag } from 'antd';
import { api, type DeputyItem } from '../api.ts';
import { CursorTable } from '../components/CursorTable.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { SearchBox } from '../components/SearchBox.tsx';
import { useCursorList } from '../components/useCursorList.ts';
import { codesOf, useI18n } from '../i18n.ts';
import { useFilters, useRegion } from '../region.ts';

/** `/deputies`: deputies in scope by level and name. */
export default function DeputiesPage() {
  const { t, label } = useI18n();
  const region = useRegion();
  const [filters, setFilters] = useFilters(['level', 'q'] as const);

  const list = useCursorList<DeputyItem>(
    JSON.stringify([region, filters.level, filters.q]),
    (cursor, signal) => api.deputies({ region, level: filters.level, q: filters.q, cursor }, signal),
  );

  return (
    <>
      <PageTitle
        title={t('nav.deputies')}
        extra={
          <Space wrap>
            <Select
              aria-label={t('deputies.level')}
              style={{ width: 180 }}
              value={filters.level}
              onChange={(level: string) => setFilters({ level })}
              options={[
                { value: '', label: t('common.allOf', { label: t('deputies.level') }) },
                ...codesOf('deputyLevel').map((k) => ({ value: k, label: label('deputyLevel', k) })),
              ]}
            />
            <SearchBox
              testId="deputies-filter-q"
              placeholder={t('deputies.search')}
              width={220}
              value={filters.q}
              onSearch={(q) => setFilters({ q })}
            />
          </Space>
        }
      />
      <CursorTable<DeputyItem>
        testId="deputies-table"
        list={list}
        rowKey="id"
        emptyText={t('deputies.empty')}
        columns={[
          {
            title: t('deputies.name'),
            dataIndex: 'name',
            render: (name: string, r) => (
              <Space size={6}>
                <span>{name}</span>
                {r.leadingCadre && <Tag color="gold">{t('deputies.leadingCadre')}</Tag>}
              </Space>
            ),
          },
          { title: t('deputies.gender'), dataIndex: 'gender', render: (g: string) => label('gender', g) },
          {
            title: t('deputies.level'),
            dataIndex: 'level',
            render: (level: string, r) => label('deputyLevel', level, r.levelLabel),
          },
          {
            title: t('deputies.occupation'),
            dataIndex: 'occupation',
            render: (o?: string) => o || t('common.none'),
          },
          { title: t('deputies.region'), dataIndex: 'regionName' },
          {
            title: t('deputies.stations'),
            dataIndex: 'stations',
            render: (stations: string[]) =>
              stations.length ? (
                <Space size={[4, 4]} wrap>
                  {stations.map((s) => (
                    <Tag key={s}>{s}</Tag>
                  ))}
                </Space>
              ) : (
                t('common.none')
              ),
          },
        ]}
      />
    </>
  );
}
