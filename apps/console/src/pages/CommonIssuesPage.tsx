import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Drawer, Form, Input, List, Modal, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, type CaseItem, type CommonIssueItem, errorMessage, isAbort } from '../api/index.ts';
import { useAuth } from '../auth.tsx';
import { CursorTable } from '../components/CursorTable.tsx';
import { ExportButton } from '../components/ExportButton.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { SearchBox } from '../components/SearchBox.tsx';
import { StatusTag } from '../components/StatusTag.tsx';
import { useCursorList } from '../components/useCursorList.ts';
import { exportXlsx } from '../export.ts';
import { useI18n } from '../i18n.ts';
import { useFilters, useRegion, useRegionLink } from '../region.ts';
import { formatDate, shanghaiToday } from '../time.ts';

/**
 * `/common-issues` (共性问题): similar cases across stations linked into one issue; one department
 * reply serves them all, and each person still gets their own feedback.
 */
export default function CommonIssuesPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const region = useRegion();
  const link = useRegionLink();
  const [filters, setFilters] = useFilters(['q'] as const);
  const [open, setOpen] = useState<CommonIssueItem | null>(null);
  const [refresh, setRefresh] = useState(0);
  const [creating, setCreating] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ title: string; description?: string }>();
  const list = useCursorList<CommonIssueItem>(JSON.stringify([region, refresh]), (_cursor, signal) =>
    api.commonIssues({ region }, signal),
  );
  // The server sends the whole list; the keyword filters it here.
  const q = filters.q.trim().toLowerCase();
  const matches = (i: CommonIssueItem) => `${i.title} ${i.summary ?? ''}`.toLowerCase().includes(q);
  const shown = q ? { ...list, items: list.items.filter(matches) } : list;
  // The list as shown (the keyword applied), fetched afresh.
  const doExport = async () => {
    const rows = (await api.commonIssues({ region })).items.filter(matches);
    await exportXlsx<CommonIssueItem>(
      `${t('issues.title')}-${shanghaiToday()}`,
      t('issues.title'),
      [
        { header: t('issues.name'), value: (r) => r.title, width: 40 },
        { header: t('issues.description'), value: (r) => r.summary, width: 60 },
        { header: t('issues.caseCount'), value: (r) => r.caseCount ?? 0 },
        { header: t('departments.region'), value: (r) => r.regionCode, width: 16 },
        { header: t('issues.createdAt'), value: (r) => formatDate(r.createdAt) },
      ],
      rows,
    );
    return rows.length;
  };

  return (
    <>
      <PageTitle
        title={t('issues.title')}
        extra={
          <Space wrap>
            <SearchBox
              testId="issues-filter-q"
              placeholder={t('issues.search')}
              value={filters.q}
              onSearch={(q) => setFilters({ q })}
            />
            <ExportButton testId="issues-export" run={doExport} />
            {can('cases.triage') && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                data-testid="issues-create"
                onClick={() => setCreating(true)}
              >
                {t('issues.create')}
              </Button>
            )}
          </Space>
        }
      />
      <Modal
        open={creating}
        title={t('issues.create')}
        okText={t('action.submit')}
        cancelText={t('action.cancel')}
        confirmLoading={busy}
        destroyOnHidden
        onCancel={() => setCreating(false)}
        onOk={async () => {
          let v: { title: string; description?: string };
          try {
            v = await form.validateFields();
          } catch {
            return;
          }
          setBusy(true);
          setError(null);
          try {
            await api.createCommonIssue({
              title: v.title.trim(),
              summary: v.description?.trim() || undefined,
              regionCode: region ?? undefined,
            });
            void message.success(t('issues.created'));
            setCreating(false);
            setRefresh((r) => r + 1);
          } catch (err) {
            setError(errorMessage(err));
          } finally {
            setBusy(false);
          }
        }}
      >
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item
            name="title"
            label={t('issues.name')}
            rules={[{ required: true, whitespace: true, message: t('issues.nameRequired') }]}
          >
            <Input maxLength={100} data-testid="issues-name" />
          </Form.Item>
          <Form.Item name="description" label={t('issues.description')}>
            <Input.TextArea rows={4} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
      <CursorTable<CommonIssueItem>
        testId="issues-table"
        list={shown}
        rowKey="id"
        emptyText={t('issues.empty')}
        columns={[
          {
            title: t('issues.name'),
            dataIndex: 'title',
            width: 280,
            render: (title: string, r) => (
              <Button type="link" style={{ padding: 0 }} onClick={() => setOpen(r)}>
                {title}
              </Button>
            ),
          },
          { title: t('issues.description'), dataIndex: 'summary', ellipsis: true, width: 320 },
          { title: t('issues.caseCount'), dataIndex: 'caseCount', render: (n) => <Tag>{n ?? 0}</Tag> },
          { title: t('issues.createdAt'), dataIndex: 'createdAt', render: (v?: string) => formatDate(v) },
        ]}
      />
      <IssueDrawer issue={open} onClose={() => setOpen(null)} link={link} />
    </>
  );
}

/** One common issue and the cases linked into it. */
function IssueDrawer({
  issue,
  onClose,
  link,
}: {
  issue: CommonIssueItem | null;
  onClose: () => void;
  link: (path: string) => string;
}) {
  const { t } = useI18n();
  const [cases, setCases] = useState<CaseItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!issue) return;
    const ctrl = new AbortController();
    setCases(null);
    setError(null);
    api.commonIssue(issue.id, ctrl.signal).then(
      (r) => setCases(r.cases ?? []),
      (err) => {
        if (!isAbort(err)) setError(errorMessage(err));
      },
    );
    return () => ctrl.abort();
  }, [issue]);
  return (
    <Drawer open={!!issue} onClose={onClose} title={issue?.title} size="large" data-testid="issue-drawer">
      {issue?.summary && (
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{issue.summary}</Typography.Paragraph>
      )}
      {error && <Alert type="error" showIcon title={error} />}
      <List
        loading={cases === null && !error}
        dataSource={cases ?? []}
        header={t('issues.cases')}
        locale={{ emptyText: t('cases.empty') }}
        renderItem={(c) => (
          <List.Item>
            <Link to={link(`/cases/${encodeURIComponent(c.id)}`)}>{c.number}</Link>
            <span style={{ flex: 1, marginInline: 12 }}>{c.title}</span>
            <StatusTag status={c.status} serverLabel={c.statusLabel} />
          </List.Item>
        )}
      />
    </Drawer>
  );
}
