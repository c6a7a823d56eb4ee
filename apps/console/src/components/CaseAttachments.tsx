import { UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, List, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import {
  ApiError,
  api,
  attachmentUrl,
  type CaseAttachment,
  type CaseDetail,
  errorMessage,
  isAbort,
} from '../api/index.ts';
import { useI18n } from '../i18n.ts';
import { formatDateTime } from '../time.ts';

/** Photos and documents of the case; staff who work on it may add more. */
export function CaseAttachments({ c, canUpload }: { c: CaseDetail; canUpload: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [items, setItems] = useState<CaseAttachment[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` reloads after an upload
  useEffect(() => {
    const ctrl = new AbortController();
    api.attachments(c.id, ctrl.signal).then(
      (r) => {
        setItems(r.items);
        setError(null);
      },
      (err) => {
        if (!isAbort(err) && !(err instanceof ApiError && err.status === 404)) setError(errorMessage(err));
      },
    );
    return () => ctrl.abort();
  }, [c.id, attempt]);
  return (
    <Card
      title={t('attachments.title')}
      extra={
        canUpload && (
          <Upload
            showUploadList={false}
            multiple
            customRequest={({ file, onSuccess, onError }) => {
              api.uploadAttachment(c.id, file as File).then(
                (r) => {
                  onSuccess?.(r);
                  setAttempt((a) => a + 1);
                },
                (err) => {
                  void message.error(errorMessage(err));
                  onError?.(err as Error);
                },
              );
            }}
          >
            <Button icon={<UploadOutlined />} data-testid="attachment-upload">
              {t('attachments.upload')}
            </Button>
          </Upload>
        )
      }
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <List
        data-testid="case-attachments"
        size="small"
        dataSource={items}
        locale={{ emptyText: t('attachments.empty') }}
        renderItem={(a) => (
          <List.Item>
            <a href={attachmentUrl(a.id)} target="_blank" rel="noreferrer">
              {a.fileName}
            </a>
            <Typography.Text type="secondary">
              {[a.size ? `${Math.ceil(a.size / 1024)} KB` : '', formatDateTime(a.createdAt)]
                .filter(Boolean)
                .join(' · ')}
            </Typography.Text>
          </List.Item>
        )}
      />
    </Card>
  );
}
