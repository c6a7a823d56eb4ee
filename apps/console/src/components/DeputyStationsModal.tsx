import { DeleteOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Flex, Modal, Select, Skeleton, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, errorMessage, type StationItem } from '../api/index.ts';
import { type DeputyDetail, networkApi } from '../api/network.ts';
import type { ApiBody } from '../api/openapi.ts';
import { useI18n } from '../i18n.ts';

type StationRole = ApiBody<'/api/deputies/{id}/stations', 'put'>['stations'][number]['role'];
type Row = { stationId: string; name: string; role: StationRole };

/** getDeputy types a grouping's role as a string; setDeputyStations takes member or leader. */
const roleOf = (role: string): StationRole => (role === 'leader' ? 'leader' : 'member');

/**
 * 编组进站: the stations a deputy is grouped into, with a role in each (成员 or 召集人/组长).
 * The server refuses a station outside the county of the deputy's constituency.
 */
export function DeputyStationsModal({
  deputyId,
  onClose,
  onSaved,
}: {
  deputyId: string | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const [deputy, setDeputy] = useState<DeputyDetail | null>(null);
  const [rows, setRows] = useState<Row[]>([]);
  const [stations, setStations] = useState<StationItem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!deputyId) return;
    setDeputy(null);
    setError(null);
    networkApi.deputy(deputyId).then(
      (d) => {
        setDeputy(d);
        setRows(d.stationList.map((s) => ({ stationId: s.id, name: s.name, role: roleOf(s.role) })));
      },
      (e) => setError(errorMessage(e)),
    );
  }, [deputyId]);
  const searchStations = (q: string) =>
    api.stations({ q: q || undefined, limit: 50 }).then(
      (p) => setStations(p.items),
      () => setStations([]),
    );
  useEffect(() => {
    if (!deputyId) return;
    api.stations({ limit: 50 }).then(
      (p) => setStations(p.items),
      () => setStations([]),
    );
  }, [deputyId]);

  const save = async () => {
    if (!deputyId) return;
    setSaving(true);
    setError(null);
    try {
      await networkApi.setStations(
        deputyId,
        rows.map((r) => ({ stationId: r.stationId, role: r.role })),
      );
      onSaved();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  const roles: { value: StationRole; label: string }[] = [
    { value: 'member', label: t('net.group.member') },
    { value: 'leader', label: t('net.group.leader') },
  ];

  return (
    <Modal
      open={!!deputyId}
      width={640}
      title={t('net.group.title', { name: deputy?.name ?? '' })}
      onCancel={onClose}
      onOk={save}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'group-save', disabled: !deputy } as never}
      destroyOnHidden
    >
      {error && (
        <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="group-error" />
      )}
      {!deputy && !error && <Skeleton active />}
      {deputy && (
        <>
          <Typography.Paragraph type="secondary">
            {t('net.group.hint', { constituency: deputy.constituency || deputy.regionName })}
          </Typography.Paragraph>
          <Table
            size="small"
            rowKey="stationId"
            pagination={false}
            dataSource={rows}
            data-testid="group-table"
            locale={{
              emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('net.group.empty')} />,
            }}
            columns={[
              { title: t('net.group.station'), dataIndex: 'name' },
              {
                title: t('net.group.role'),
                dataIndex: 'role',
                render: (role: StationRole, r) => (
                  <Select
                    size="small"
                    style={{ width: 120 }}
                    value={role}
                    options={roles}
                    onChange={(v) =>
                      setRows(rows.map((x) => (x.stationId === r.stationId ? { ...x, role: v } : x)))
                    }
                  />
                ),
              },
              {
                title: '',
                render: (_: unknown, r) => (
                  <Button
                    size="small"
                    icon={<DeleteOutlined />}
                    aria-label={t('net.remove')}
                    onClick={() => setRows(rows.filter((x) => x.stationId !== r.stationId))}
                  />
                ),
              },
            ]}
          />
          <Flex gap={8} style={{ marginTop: 12 }}>
            <Select
              data-testid="group-add"
              showSearch
              filterOption={false}
              onSearch={(q) => void searchStations(q)}
              placeholder={t('net.group.add')}
              style={{ flex: 1 }}
              value={null}
              disabled={rows.length >= 10}
              options={stations
                .filter((s) => !rows.some((r) => r.stationId === s.id))
                .map((s) => ({ value: s.id, label: `${s.name}（${s.regionName}）` }))}
              onChange={(id: string) => {
                const s = stations.find((x) => x.id === id);
                if (s) setRows([...rows, { stationId: s.id, name: s.name, role: 'member' }]);
              }}
            />
          </Flex>
        </>
      )}
    </Modal>
  );
}
