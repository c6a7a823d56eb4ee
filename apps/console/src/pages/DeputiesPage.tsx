import { Alert, Button, List, Select, Space, Tag } from 'antd';
import { useState } from 'react';
import { api, type DeputyItem, errorMessage, rowErrors } from '../api/index.ts';
import { useAuth } from '../auth.tsx';
import { CursorTable } from '../components/CursorTable.tsx';
import { DeputyStationsModal } from '../components/DeputyStationsModal.tsx';
import { FilePick } from '../components/FilePick.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { PublicMaterial } from '../components/PublicMaterial.tsx';
import { SearchBox } from '../components/SearchBox.tsx';
import { useCursorList } from '../components/useCursorList.ts';
import { codesOf, useI18n } from '../i18n.ts';
import { useFilters, useRegion } from '../region.ts';

/** `/deputies`: deputies in scope by level and name. */
export default function DeputiesPage() {
  const { t, label } = useI18n();
  const region = useRegion();
  const [filters, setFilters] = useFilters(['level', 'q'] as const);

  const { can } = useAuth();
  const [reload, setReload] = useState(0);
  const [grouping, setGrouping] = useState<string | null>(null);
  const [result, setResult] = useState<
    { ok: string } | { error: string; rows: { row: number; column?: string; message: string }[] } | null
  >(null);
  const importFile = async (file: File) => {
    const form = new FormData();
    form.append('file', file);
    setResult(null);
    try {
      const r = await api.importRoster(form);
      setResult({ ok: `已导入 ${r.imported} 名代表` });
      setReload((n) => n + 1);
    } catch (err) {
      setResult({ error: errorMessage(err), rows: rowErrors(err) });
    }
  };
  const list = useCursorList<DeputyItem>(
    JSON.stringify([region, filters.level, filters.q, reload]),
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
            {can('deputies.manage') && (
              <>
                <Button href="/api/deputies-import/template">下载导入模板</Button>
                <FilePick
                  label="导入名册"
                  accept=".xlsx"
                  testId="roster-file"
                  onFile={(f) => void importFile(f)}
                />
              </>
            )}
            <Button href={`/api/deputies-export${region ? `?region=${region}` : ''}`}>导出名册</Button>
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
      {result && 'ok' in result && (
        <Alert
          type="success"
          showIcon
          title={result.ok}
          data-testid="roster-result"
          style={{ marginBottom: 12 }}
        />
      )}
      {result && 'error' in result && (
        <Alert
          type="error"
          showIcon
          data-testid="roster-errors"
          style={{ marginBottom: 12 }}
          title={result.error}
          description={
            result.rows.length > 0 && (
              <List
                size="small"
                dataSource={result.rows.slice(0, 50)}
                renderItem={(e) => (
                  <List.Item>
                    第 {e.row} 行{e.column ? `（${e.column}）` : ''}：{e.message}
                  </List.Item>
                )}
              />
            )
          }
        />
      )}
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
            title: '照片 · 公开页',
            key: 'public',
            render: (_: unknown, r) => (
              <PublicMaterial kind="deputies" id={r.id} canUpload={can('deputies.manage')} compact />
            ),
          },
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
          ...(can('deputies.manage')
            ? [
                {
                  title: '',
                  key: 'group',
                  render: (_: unknown, r: DeputyItem) => (
                    <Button size="small" data-testid={`group-${r.id}`} onClick={() => setGrouping(r.id)}>
                      {t('net.group.open')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <DeputyStationsModal
        deputyId={grouping}
        onClose={() => setGrouping(null)}
        onSaved={() => {
          setGrouping(null);
          setReload((n) => n + 1);
        }}
      />
    </>
  );
}
