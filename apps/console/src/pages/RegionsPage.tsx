import { Alert, Breadcrumb, Button, Empty, List, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { errorMessage, isAbort, rowErrors } from '../api/index.ts';
import { networkApi, type RegionRow } from '../api/network.ts';
import { useAuth } from '../auth.tsx';
import { FilePick } from '../components/FilePick.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { SearchBox } from '../components/SearchBox.tsx';
import { type MessageKey, useI18n } from '../i18n.ts';

const LEVELS = ['province', 'city', 'county', 'town', 'village'];
const SAMPLE_CSV = '\uFEFF代码,名称\n439901001001,石桥村\n439901001002,新村\n';

type ImportResult =
  | { ok: string }
  | { error: string; rows: { row: number; column?: string; message: string }[] };

/** `/regions`: the division tree by 12-digit code, browsed level by level; CSV/xlsx import. */
export default function RegionsPage() {
  const { t } = useI18n();
  const { me, can } = useAuth();
  const [path, setPath] = useState<{ code: string; name: string }[]>([]);
  const [items, setItems] = useState<RegionRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [q, setQ] = useState('');
  const [level, setLevel] = useState('');
  const [result, setResult] = useState<ImportResult | null>(null);

  useEffect(() => {
    if (me && path.length === 0) setPath([{ code: me.regionCode, name: me.regionName }]);
  }, [me, path.length]);
  const parent = path[path.length - 1]?.code;
  const load = useCallback(() => {
    if (!parent) return;
    const ctrl = new AbortController();
    setItems(null);
    setError(null);
    networkApi.regions(parent, ctrl.signal).then(
      (r) => setItems(r.items),
      (e) => {
        if (!isAbort(e)) setError(errorMessage(e));
      },
    );
    return () => ctrl.abort();
  }, [parent]);
  useEffect(load, [load]);

  const importFile = async (file: File) => {
    const form = new FormData();
    form.append('file', file);
    setResult(null);
    try {
      const r = await networkApi.importRegions(form);
      setResult({ ok: t('net.regions.imported', { n: r.imported }) });
      load();
    } catch (e) {
      setResult({ error: errorMessage(e), rows: rowErrors(e) });
    }
  };

  const shown = (items ?? []).filter(
    (r) => (!q || r.name.includes(q) || r.code.startsWith(q)) && (!level || r.level === level),
  );
  const levelLabel = (l: string) => (LEVELS.includes(l) ? t(`net.level.${l}` as MessageKey) : l);

  return (
    <>
      <PageTitle
        title={t('nav.regions')}
        extra={
          <Space wrap>
            <SearchBox
              testId="regions-filter-q"
              placeholder={t('net.regions.search')}
              width={200}
              value={q}
              onSearch={setQ}
            />
            {can('regions.manage') && (
              <>
                <Button
                  href={`data:text/csv;charset=utf-8,${encodeURIComponent(SAMPLE_CSV)}`}
                  download="区划导入模板.csv"
                >
                  {t('net.regions.template')}
                </Button>
                <FilePick
                  label={t('net.regions.import')}
                  accept=".csv,.xlsx"
                  testId="regions-file"
                  onFile={(f) => void importFile(f)}
                />
              </>
            )}
          </Space>
        }
      />
      <Typography.Paragraph type="secondary">{t('net.regions.hint')}</Typography.Paragraph>
      {result && 'ok' in result && (
        <Alert
          type="success"
          showIcon
          title={result.ok}
          data-testid="regions-result"
          style={{ marginBottom: 12 }}
        />
      )}
      {result && 'error' in result && (
        <Alert
          type="error"
          showIcon
          data-testid="regions-errors"
          style={{ marginBottom: 12 }}
          title={result.error}
          description={
            result.rows.length > 0 && (
              <List
                size="small"
                dataSource={result.rows.slice(0, 100)}
                renderItem={(e) => (
                  <List.Item data-testid={`regions-error-row-${e.row}`}>
                    {t('net.rowError', { row: e.row, message: e.message })}
                  </List.Item>
                )}
              />
            )
          }
        />
      )}
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={path.map((p, i) => ({
          key: p.code,
          title:
            i === path.length - 1 ? (
              p.name
            ) : (
              <Button
                type="link"
                size="small"
                style={{ padding: 0 }}
                onClick={() => setPath(path.slice(0, i + 1))}
              >
                {p.name}
              </Button>
            ),
        }))}
      />
      <Space style={{ marginBottom: 12 }} wrap>
        {['', 'town', 'village'].map((l) => (
          <Tag.CheckableTag key={l || 'all'} checked={level === l} onChange={() => setLevel(l)}>
            {l ? levelLabel(l) : t('common.all')}
          </Tag.CheckableTag>
        ))}
      </Space>
      {error && <Alert type="error" showIcon title={error} />}
      <Table
        data-testid="regions-table"
        rowKey="code"
        size="middle"
        loading={!items && !error}
        dataSource={shown}
        pagination={shown.length > 50 ? { pageSize: 50 } : false}
        locale={{
          emptyText: <Empty description={q || level ? t('net.noMatch') : t('net.regions.empty')} />,
        }}
        columns={[
          { title: t('net.regions.code'), dataIndex: 'code', width: 160 },
          { title: t('net.regions.name'), dataIndex: 'name' },
          { title: t('net.regions.level'), dataIndex: 'level', render: levelLabel },
          {
            title: '',
            render: (_: unknown, r: RegionRow) =>
              r.level !== 'village' && (
                <Button
                  size="small"
                  onClick={() => {
                    setQ('');
                    setPath([...path, { code: r.code, name: r.name }]);
                  }}
                >
                  {t('net.regions.children')}
                </Button>
              ),
          },
        ]}
      />
    </>
  );
}
