import { Select, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { type AuditItem, api } from '../api/index.ts';
import { CursorTable } from '../components/CursorTable.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { useCursorList } from '../components/useCursorList.ts';
import { codesOf, useI18n } from '../i18n.ts';
import { useFilters } from '../region.ts';
import { ZONE } from '../time.ts';

function outcomeColor(outcome: string): string {
  if (outcome === 'success') return 'green';
  if (outcome === 'denied' || outcome === 'failure') return 'red';
  return 'default';
}

/** `/audit` (administrators): the audit trail, newest first, filterable by event name. */
export default function AuditPage() {
  const { t, label } = useI18n();
  const [filters, setFilters] = useFilters(['event'] as const);

  const list = useCursorList<AuditItem>(JSON.stringify([filters.event]), (cursor, signal) =>
    api.audit({ event: filters.event, cursor }, signal),
  );

  return (
    <>
      <PageTitle
        title={t('nav.audit')}
        extra={
          <Select
            aria-label={t('audit.eventFilter')}
            style={{ width: 220 }}
            value={filters.event}
            showSearch={{ optionFilterProp: 'label' }}
            onChange={(event: string) => setFilters({ event })}
            options={[
              { value: '', label: t('common.allOf', { label: t('audit.eventFilter') }) },
              ...codesOf('auditEvent').map((e) => ({ value: e, label: label('auditEvent', e) })),
            ]}
          />
        }
      />
      <CursorTable<AuditItem>
        testId="audit-table"
        list={list}
        rowKey="id"
        emptyText={t('audit.empty')}
        columns={[
          {
            title: t('audit.ts'),
            dataIndex: 'ts',
            render: (ts: string) =>
              dayjs(ts).isValid() ? dayjs(ts).tz(ZONE).format('YYYY-MM-DD HH:mm:ss') : ts,
          },
          {
            title: t('audit.actor'),
            dataIndex: 'actorName',
            render: (a: string | null) => a || t('common.none'),
          },
          {
            title: t('audit.event'),
            dataIndex: 'event',
            render: (e: string) => (
              <span>
                {label('auditEvent', e)} <Typography.Text type="secondary">({e})</Typography.Text>
              </span>
            ),
          },
          {
            title: t('audit.object'),
            key: 'object',
            render: (_: unknown, r) =>
              r.objectType ? (
                <Typography.Text type="secondary">
                  {r.objectType}
                  {r.objectId ? ` · ${r.objectId}` : ''}
                </Typography.Text>
              ) : (
                t('common.none')
              ),
          },
          {
            title: t('audit.outcome'),
            dataIndex: 'outcome',
            render: (o: string) => <Tag color={outcomeColor(o)}>{label('outcome', o)}</Tag>,
          },
          { title: t('audit.ip'), dataIndex: 'ip', render: (ip: string | null) => ip || t('common.none') },
        ]}
      />
    </>
  );
}
