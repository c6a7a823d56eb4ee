import { EyeOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { api, errorMessage } from '../api/index.ts';
import { useI18n } from '../i18n.ts';

/** "查看联系方式": the unmasked contact, for a reason that goes on the audit record. */
export function RevealContact({ id }: { id: string }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState<{
    name: string | null;
    phone: string | null;
    address: string | null;
  } | null>(null);
  const [form] = Form.useForm<{ reason: string }>();
  if (shown) {
    return (
      <Typography.Text data-testid="case-contact-revealed">
        {[shown.name, shown.phone, shown.address].filter(Boolean).join('  ') || t('common.none')}
      </Typography.Text>
    );
  }
  return (
    <>
      <Button size="small" icon={<EyeOutlined />} data-testid="reveal-contact" onClick={() => setOpen(true)}>
        {t('contact.reveal')}
      </Button>
      <Modal
        open={open}
        title={t('contact.reveal')}
        okText={t('action.submit')}
        cancelText={t('action.cancel')}
        confirmLoading={busy}
        destroyOnHidden
        onCancel={() => setOpen(false)}
        onOk={async () => {
          let v: { reason: string };
          try {
            v = await form.validateFields();
          } catch {
            return;
          }
          setBusy(true);
          setError(null);
          try {
            setShown(await api.revealContact(id, v.reason.trim()));
            setOpen(false);
          } catch (err) {
            setError(errorMessage(err));
          } finally {
            setBusy(false);
          }
        }}
      >
        <Typography.Paragraph type="secondary">{t('contact.auditNotice')}</Typography.Paragraph>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item
            name="reason"
            label={t('contact.reason')}
            rules={[{ required: true, whitespace: true, message: t('contact.reasonRequired') }]}
          >
            <Input.TextArea rows={2} maxLength={200} data-testid="reveal-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
