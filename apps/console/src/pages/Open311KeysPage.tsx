import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Modal, Tag, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../api/index.ts';
import { type Open311Key, open311Api } from '../api/open311.ts';
import { useAuth } from '../auth.tsx';
import { CursorTable } from '../components/CursorTable.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { useCursorList } from '../components/useCursorList.ts';
import { useI18n } from '../i18n.ts';
import { useRegion } from '../region.ts';
import { formatDateTime } from '../time.ts';

/**
 * `/open311` (county office, administrator): the API keys of 12345 hotlines and city apps.
 * A key is shown once, in the dialog after issuing; the list only knows its first characters.
 */
export default function Open311KeysPage() {
  const { t } = useI18n();
  const { me } = useAuth();
  const { message, modal } = App.useApp();
  const region = useRegion();
  const [refresh, setRefresh] = useState(0);
  const [issuing, setIssuing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [issued, setIssued] = useState<{ name: string; secret: string } | null>(null);
  const [form] = Form.useForm<{ name: string }>();
  const list = useCursorList<Open311Key>(String(refresh), (cursor, signal) =>
    open311Api.keys(cursor, signal),
  );
  const endpoint = `${window.location.origin}/open311/v2/discovery.json`;

  const revoke = (k: Open311Key) =>
    modal.confirm({
      title: t('open311.revoke'),
      content: t('open311.revokeConfirm', { name: k.name }),
      okText: t('open311.revoke'),
      okButtonProps: { danger: true, 'data-testid': 'open311-revoke-ok' },
      cancelText: t('action.cancel'),
      onOk: async () => {
        try {
          await open311Api.revoke(k.id);
          void message.success(t('open311.revokedDone'));
          setRefresh((r) => r + 1);
        } catch (err) {
          void message.error(errorMessage(err));
        }
      },
    });

  return (
    <>
      <PageTitle
        title={t('open311.title')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="open311-issue"
            onClick={() => {
              setError(null);
              setIssuing(true);
            }}
          >
            {t('open311.issue')}
          </Button>
        }
      />
      <Typography.Paragraph type="secondary">{t('open311.intro')}</Typography.Paragraph>
      <Typography.Paragraph>
        <Typography.Text copyable={{ text: endpoint }}>
          {t('open311.endpoint', { url: endpoint })}
        </Typography.Text>
      </Typography.Paragraph>

      <Modal
        open={issuing}
        title={t('open311.issue')}
        okText={t('action.submit')}
        cancelText={t('action.cancel')}
        okButtonProps={{ 'data-testid': 'open311-issue-ok' }}
        confirmLoading={busy}
        destroyOnHidden
        onCancel={() => setIssuing(false)}
        onOk={async () => {
          let v: { name: string };
          try {
            v = await form.validateFields();
          } catch {
            return;
          }
          setBusy(true);
          setError(null);
          try {
            const res = await open311Api.issue({ name: v.name.trim(), regionCode: region ?? undefined });
            setIssuing(false);
            setIssued({ name: res.key.name, secret: res.secret });
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
            name="name"
            label={t('open311.name')}
            extra={t('open311.regionHint', { region: region ?? me?.regionName ?? '' })}
            rules={[{ required: true, whitespace: true, message: t('open311.nameRequired') }]}
          >
            <Input maxLength={60} placeholder={t('open311.namePlaceholder')} data-testid="open311-name" />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={!!issued}
        title={t('open311.issuedTitle')}
        closable={false}
        maskClosable={false}
        footer={
          <Button type="primary" data-testid="open311-issued-done" onClick={() => setIssued(null)}>
            {t('open311.done')}
          </Button>
        }
      >
        <Alert type="warning" showIcon title={t('open311.issuedOnce')} style={{ marginBottom: 12 }} />
        <Typography.Paragraph strong>{issued?.name}</Typography.Paragraph>
        <Typography.Paragraph
          code
          data-testid="open311-secret"
          copyable={{ text: issued?.secret ?? '', tooltips: [t('open311.copy'), t('open311.copied')] }}
          style={{ wordBreak: 'break-all' }}
        >
          {issued?.secret}
        </Typography.Paragraph>
      </Modal>

      <CursorTable<Open311Key>
        testId="open311-table"
        list={list}
        rowKey="id"
        emptyText={t('open311.empty')}
        columns={[
          { title: t('open311.name'), dataIndex: 'name' },
          { title: t('open311.region'), dataIndex: 'regionName' },
          {
            title: t('open311.prefix'),
            dataIndex: 'keyPrefix',
            render: (p: string) => <Typography.Text code>{p}…</Typography.Text>,
          },
          {
            title: t('open311.state'),
            key: 'state',
            render: (_: unknown, k) =>
              k.revokedAt ? (
                <Tag color="red">{t('open311.revoked')}</Tag>
              ) : (
                <Tag color="green">{t('open311.active')}</Tag>
              ),
          },
          { title: t('open311.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
          {
            title: t('open311.createdBy'),
            dataIndex: 'createdByName',
            render: (v: string | null) => v ?? t('common.none'),
          },
          {
            title: t('open311.lastUsed'),
            dataIndex: 'lastUsedAt',
            render: (v: string | null) => (v ? formatDateTime(v) : t('open311.neverUsed')),
          },
          {
            title: '',
            key: 'actions',
            render: (_: unknown, k) =>
              k.revokedAt ? null : (
                <Button danger size="small" data-testid={`open311-revoke-${k.id}`} onClick={() => revoke(k)}>
                  {t('open311.revoke')}
                </Button>
              ),
          },
        ]}
      />
    </>
  );
}
