import { STATION_GRADES, type StationGrade } from '@lianluo/domain/network';
import { Alert, Button, Empty, Form, Input, Select, Space, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage, type StationChecklist } from '../api/index.ts';
import { networkApi } from '../api/network.ts';
import { useAuth } from '../auth.tsx';
import { type MessageKey, useI18n } from '../i18n.ts';

const GRADE_COLOR: Record<string, string> = { first: 'green', second: 'blue', unrated: 'default' };

/** Grade label (一类/二类/未评定); the server sends the code in `grade`. */
function useGradeLabel() {
  const { t } = useI18n();
  return (grade: string) =>
    (STATION_GRADES as readonly string[]).includes(grade) ? t(`net.grade.${grade}` as MessageKey) : grade;
}

/** A station's grade: the current one, the history of assessments, and a form to assess again. */
export function StationAssessments({
  stationId,
  onAssessed,
}: {
  stationId: string;
  onAssessed?: () => void;
}) {
  const { t } = useI18n();
  const { can } = useAuth();
  const gradeLabel = useGradeLabel();
  const [history, setHistory] = useState<StationChecklist['assessments'] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [grade, setGrade] = useState<StationGrade>('first');
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  const load = useCallback(() => {
    api.checklist(stationId).then(
      (c) => setHistory([...c.assessments].sort((a, b) => b.assessedAt.localeCompare(a.assessedAt))),
      (e) => setError(errorMessage(e)),
    );
  }, [stationId]);
  useEffect(load, [load]);
  const submit = async () => {
    setSaving(true);
    setError(null);
    try {
      await networkApi.assess(stationId, { grade, note: note.trim() });
      setNote('');
      load();
      onAssessed?.();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  const current = history?.[0];
  return (
    <div data-testid="station-assessments">
      <h4 style={{ margin: '0 0 8px' }}>
        {t('net.assess.title')}{' '}
        <Tag color={GRADE_COLOR[current?.grade ?? 'unrated']} data-testid="station-grade">
          {gradeLabel(current?.grade ?? 'unrated')}
        </Tag>
      </h4>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
      {can('stations.manage') && (
        <Form layout="inline" style={{ marginBottom: 8, rowGap: 8 }}>
          <Form.Item label={t('net.assess.grade')}>
            <Select
              data-testid="assess-grade"
              style={{ width: 120 }}
              value={grade}
              onChange={setGrade}
              options={STATION_GRADES.map((g) => ({ value: g, label: gradeLabel(g) }))}
            />
          </Form.Item>
          <Form.Item>
            <Input
              data-testid="assess-note"
              placeholder={t('net.assess.note')}
              value={note}
              maxLength={500}
              onChange={(e) => setNote(e.target.value)}
              style={{ width: 220 }}
            />
          </Form.Item>
          <Form.Item>
            <Button data-testid="assess-submit" loading={saving} onClick={submit}>
              {t('net.assess.submit')}
            </Button>
          </Form.Item>
        </Form>
      )}
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={history ?? []}
        loading={!history && !error}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('net.assess.empty')} />,
        }}
        columns={[
          { title: t('net.assess.at'), dataIndex: 'assessedAt', render: (v: string) => v.slice(0, 10) },
          {
            title: t('net.assess.grade'),
            dataIndex: 'grade',
            render: (g: string) => <Tag color={GRADE_COLOR[g]}>{gradeLabel(g)}</Tag>,
          },
          { title: t('net.assess.by'), dataIndex: 'assessedByName' },
          { title: t('net.assess.note'), dataIndex: 'note', render: (n: string) => n || <Space>—</Space> },
        ]}
      />
    </div>
  );
}
