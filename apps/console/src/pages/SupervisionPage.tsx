import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Input, Space, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, errorMessage, type SupervisionItem } from '../api/index.ts';
import { CursorTable } from '../components/CursorTable.tsx';
import { HotspotWarnings } from '../components/HotspotWarnings.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { StatusTag } from '../components/StatusTag.tsx';
import { useCursorList } from '../components/useCursorList.ts';
import { exportXlsx } from '../export.ts';
import { useI18n } from '../i18n.ts';
import { useFilters, useRegion, useRegionLink } from '../region.ts';
import { formatDate, shanghaiMonth } from '../time.ts';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** `/supervision` (督办清单): the month's supervised, key-supervised and overdue cases. */
export default function SupervisionPage() {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const region = useRegion();
  const link = useRegionLink();
  const [filters, setFilters] = useFilters(['month'] as const);
  const month = MONTH.test(filters.month) ? filters.month : shanghaiMonth();
  const [exporting, setExporting] = useState(false);
  const list = useCursorList<SupervisionItem>(JSON.stringify([region, month]), (_cursor, signal) =>
    api.supervision({ month, region }, signal),
  );
  const levelOf = (r: SupervisionItem) => (r.supervision && r.supervision !== 'none' ? r.supervision : null);
  const overdueDays = (r: SupervisionItem) =>
    r.overdueAt ? Math.max(0, Math.floor((Date.now() - Date.parse(r.overdueAt)) / 86_400_000)) : null;
  const levelText = (l: string | null) =>
    l === 'key' ? t('supervise.key') : l ? t('supervise.ordinary') : t('common.none');

  return (
    <>
      <PageTitle
        title={t('supervision.title')}
        extra={
          <Space wrap>
            <Input
              type="month"
              aria-label={t('supervision.month')}
              data-testid="supervision-month"
              value={month}
              onChange={(e) => setFilters({ month: e.target.value || null })}
              style={{ width: 180 }}
            />
            <Button
              icon={<DownloadOutlined />}
              loading={exporting}
              data-testid="supervision-export"
              onClick={async () => {
                setExporting(true);
                try {
                  const rows = (await api.supervision({ month, region })).items;
                  await exportXlsx<SupervisionItem>(
                    `${t('supervision.title')}-${month}`,
                    month,
                    [
                      { header: t('cases.number'), value: (r) => r.number, width: 20 },
                      { header: t('cases.title'), value: (r) => r.title, width: 40 },
                      { header: t('supervise.level'), value: (r) => levelText(levelOf(r)) },
                      { header: t('cases.status'), value: (r) => label('status', r.status, r.statusLabel) },
                      { header: t('cases.overdue'), value: (r) => (r.overdue ? t('common.yes') : '') },
                      { header: t('supervision.overdueSince'), value: (r) => formatDate(r.overdueAt) },
                      { header: t('supervision.overdueDays'), value: (r) => overdueDays(r) ?? '' },
                      { header: t('cases.department'), value: (r) => r.departmentName, width: 24 },
                      { header: t('cases.station'), value: (r) => r.stationName, width: 28 },
                      { header: t('cases.replyDueAt'), value: (r) => formatDate(r.replyDueAt) },
                    ],
                    rows,
                  );
                } catch (err) {
                  void message.error(errorMessage(err));
                } finally {
                  setExporting(false);
                }
              }}
            >
              {t('export.xlsx')}
            </Button>
          </Space>
        }
      />
      <HotspotWarnings region={region} />
      <CursorTable<SupervisionItem>
        testId="supervision-table"
        list={list}
        rowKey="id"
        emptyText={t('supervision.empty')}
        columns={[
          {
            title: t('cases.number'),
            dataIndex: 'number',
            render: (n: string, r) => <Link to={link(`/cases/${encodeURIComponent(r.id)}`)}>{n}</Link>,
          },
          { title: t('cases.title'), dataIndex: 'title', ellipsis: true, width: 280 },
          {
            title: t('supervise.level'),
            key: 'level',
            render: (_: unknown, r) => {
              const l = levelOf(r);
              return l ? (
                <Tag color={l === 'key' ? 'magenta' : 'orange'}>{levelText(l)}</Tag>
              ) : (
                t('common.none')
              );
            },
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
          {
            title: t('supervision.overdueSince'),
            dataIndex: 'overdueAt',
            render: (v: string | null, r) =>
              v ? (
                <span style={{ color: '#cf1322' }}>
                  {formatDate(v)}（{t('supervision.days', { n: overdueDays(r) ?? 0 })}）
                </span>
              ) : (
                t('common.none')
              ),
          },
          {
            title: t('supervision.escalatedTo'),
            dataIndex: 'escalatedToName',
            render: (v: string | null, r) => v || r.escalatedTo || t('common.none'),
          },
          { title: t('cases.department'), dataIndex: 'departmentName', render: (v) => v || t('common.none') },
          { title: t('cases.station'), dataIndex: 'stationName', render: (v) => v || t('common.none') },
          {
            title: t('cases.replyDueAt'),
            dataIndex: 'replyDueAt',
            render: (v: string | null) => formatDate(v),
          },
        ]}
      />
    </>
  );
}
