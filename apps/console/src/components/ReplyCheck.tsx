/**
 * The reply form's quality check (答复质量检查), run as the reply is written and before it is
 * sent: relevance to the case, measures / a date / a policy basis where the reply type needs
 * them, boilerplate pasted from other cases. It advises; it never blocks sending.
 */
import { Alert, Flex, Form, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { errorMessage, isAbort, type ReplyKind } from '../api/index.ts';
import { insightApi, type ReplyAssessment } from '../api/insight.ts';
import { useAuth } from '../auth.tsx';
import { useI18n } from '../i18n.ts';

const DEBOUNCE_MS = 600;

export function ReplyCheck({ caseId }: { caseId: string }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const form = Form.useFormInstance();
  const kind = Form.useWatch('kind', form) as ReplyKind | undefined;
  const content = (Form.useWatch('content', form) as string | undefined) ?? '';
  const measures = (Form.useWatch('measures', form) as string | undefined) ?? '';
  const reasons = (Form.useWatch('reasons', form) as string | undefined) ?? '';
  const policyBasis = (Form.useWatch('policyBasis', form) as string | undefined) ?? '';
  const committedDate = Form.useWatch('committedDate', form) as string | undefined;
  const text = [content, measures, reasons, policyBasis].filter((x) => x.trim()).join('\n');
  const [result, setResult] = useState<ReplyAssessment | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const enabled = can('cases.assess') && content.trim().length > 0;

  useEffect(() => {
    if (!enabled) {
      setResult(null);
      return;
    }
    const ctrl = new AbortController();
    const h = setTimeout(() => {
      setBusy(true);
      insightApi
        .assessReply(
          {
            caseId,
            reply: {
              text: text.slice(0, 20_000),
              ...(kind ? { kind } : {}),
              ...(committedDate && /^\d{4}-\d{2}-\d{2}$/.test(committedDate) ? { committedDate } : {}),
            },
          },
          ctrl.signal,
        )
        .then(
          (r) => {
            setResult(r);
            setError(null);
          },
          (err) => {
            if (!isAbort(err)) setError(errorMessage(err));
          },
        )
        .finally(() => setBusy(false));
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(h);
      ctrl.abort();
    };
  }, [enabled, caseId, text, kind, committedDate]);

  if (!can('cases.assess')) return null;
  return (
    <Flex vertical gap={6} data-testid="reply-check" style={{ marginBottom: 12 }}>
      <Typography.Text strong>
        {t('replyCheck.title')} {busy && <Spin size="small" />}
      </Typography.Text>
      {!result && !error && <Typography.Text type="secondary">{t('replyCheck.hint')}</Typography.Text>}
      {error && <Alert type="warning" showIcon title={error} />}
      {result && (
        <>
          <Typography.Text type="secondary">
            {t('common.pair', {
              label: t('insights.relevance'),
              value: `${Math.round(result.relevance * 100)}%`,
            })}
          </Typography.Text>
          {result.flags.length ? (
            result.flags.map((f) => (
              <Alert key={f.code} type="warning" showIcon title={f.message} data-testid="reply-check-flag" />
            ))
          ) : (
            <Alert type="success" showIcon title={t('insights.replyOk')} data-testid="reply-check-ok" />
          )}
        </>
      )}
    </Flex>
  );
}
