import { Alert, App, Checkbox, Form, Input, Modal, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { type Contact, contactApi } from '../api/inbox.ts';
import { ApiError, errorMessage, isAbort } from '../api/index.ts';
import { useI18n } from '../i18n.ts';

const OPENID = /^[A-Za-z0-9_-]{16,64}$/;

/** The signed-in user's e-mail, WeChat openid and which of them notices also go to. */
export function ContactModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [contact, setContact] = useState<Contact | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{
    email: string;
    wechatOpenid: string;
    notifyChannels: Contact['notifyChannels'];
  }>();

  useEffect(() => {
    if (!open) return;
    const ctrl = new AbortController();
    setContact(null);
    setError(null);
    contactApi.get(ctrl.signal).then(setContact, (err) => {
      if (!isAbort(err)) setError(errorMessage(err));
    });
    return () => ctrl.abort();
  }, [open]);

  const save = async () => {
    // Never save a form that did not load: it would clear what is stored.
    if (!contact) return;
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      await contactApi.set({
        email: v.email?.trim() || null,
        wechatOpenid: v.wechatOpenid?.trim() || null,
        notifyChannels: v.notifyChannels ?? [],
      });
      void message.success(t('contact.saved'));
      onClose();
    } catch (err) {
      setError(
        err instanceof ApiError && err.problem?.detail
          ? `${err.message}：${err.problem.detail}`
          : errorMessage(err),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('contact.title')}
      onOk={() => void save()}
      onCancel={onClose}
      confirmLoading={busy}
      okButtonProps={{ disabled: !contact }}
      destroyOnClose
    >
      <Typography.Paragraph type="secondary">{t('contact.intro')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      {contact === null && !error ? (
        <Spin />
      ) : (
        contact && (
          <Form
            form={form}
            layout="vertical"
            preserve={false}
            initialValues={{
              email: contact.email ?? '',
              wechatOpenid: contact.wechatOpenid ?? '',
              notifyChannels: contact.notifyChannels,
            }}
          >
            <Form.Item
              name="email"
              label={t('contact.email')}
              rules={[{ type: 'email', message: t('contact.emailInvalid') }]}
            >
              <Input data-testid="contact-email" maxLength={254} autoComplete="email" />
            </Form.Item>
            <Form.Item
              name="wechatOpenid"
              label={t('contact.openid')}
              extra={t('contact.openidHelp')}
              rules={[
                {
                  validator: (_, v: string) =>
                    !v || OPENID.test(v.trim())
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('contact.openidInvalid'))),
                },
              ]}
            >
              <Input data-testid="contact-openid" maxLength={64} />
            </Form.Item>
            <Form.Item name="notifyChannels" label={t('contact.channels')}>
              <Checkbox.Group
                options={[
                  { value: 'email', label: t('contact.channel.email') },
                  { value: 'wechat', label: t('contact.channel.wechat') },
                ]}
              />
            </Form.Item>
          </Form>
        )
      )}
    </Modal>
  );
}
