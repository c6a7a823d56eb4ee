import { Alert, Button, Descriptions, Drawer, Empty, Flex, Select, Skeleton, Space, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { api, errorMessage, isAbort, type StationDetail, type StationItem } from '../api.ts';
import { CursorTable } from '../components/CursorTable.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { SearchBox } from '../components/SearchBox.tsx';
import { useCursorList } from '../components/useCursorList.ts';
import { codesOf, useI18n } from '../i18n.ts';
import { useFilters, useRegion } from '../region.ts';

type DetailState =
  | { state: 'loading' }
  | { state: 'error'; message: string }
  | { state: 'ok'; station: StationDetail };

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

  const list = useCursorList<StationItem>(
    JSON.stringify([region, filters.kind, filters.q]),
    (cursor, signal) => api.stations({ region, kind: filters.kind, q: filters.q, cursor }, signal),
  );

  return (
    <>
      <PageTitle
        title={t('nav.stations')}
        extra={
          <Space wrap>
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
