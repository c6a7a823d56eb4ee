/**
 * The action buttons of a case and the small form each opens. The server decides which actions
 * the caller may take now (`allowedActions`: status × permission × guards); we show exactly those.
 * Each form sends the body the action's route takes (see `bodyFor`).
 */
import {
  CASE_ACTION_DISPLAY_ORDER,
  isCaseAction,
  isFinalStatus,
  PUBLISHABLE_CASE_STATUSES,
} from '@lianluo/domain/cases';
import { Alert, App, Button, Form, Modal, Space } from 'antd';
import { useState } from 'react';
import { api, type CaseActionName, type CaseDetail, errorMessage, type Permission } from '../api/index.ts';
import { useAuth } from '../auth.tsx';
import { bodyFor } from '../case-bodies.ts';
import { type MessageKey, useI18n } from '../i18n.ts';
import { shanghaiToday } from '../time.ts';
import { ActionForm } from './CaseActionForm.tsx';

const PRIMARY = new Set(['triage', 'refer', 'accept', 'reply', 'feed_back', 'rate', 'revisit', 'close']);
const DANGER = new Set(['return', 'withdraw', 'reopen']);

/** The buttons of the actions the caller may take, and the form of the one opened. */
export function CaseActions({ c, onDone }: { c: CaseDetail; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [open, setOpen] = useState<CaseActionName | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm();

  const { can } = useAuth();
  const allowed = new Set(visibleActions(c, can));
  const actions = CASE_ACTION_DISPLAY_ORDER.filter((a) => allowed.has(a));
  if (actions.length === 0) return null;

  const submit = async () => {
    if (!open) return;
    let values: Record<string, unknown>;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.caseAction(c.id, open, bodyFor(open, values));
      void message.success(t('action.done', { action: actionLabel(t, open) }));
      setOpen(null);
      onDone();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Space wrap data-testid="case-actions">
        {actions.map((a) => (
          <Button
            key={a}
            type={PRIMARY.has(a) ? 'primary' : 'default'}
            danger={DANGER.has(a)}
            data-testid={`action-${a}`}
            onClick={() => {
              setError(null);
              setOpen(a);
            }}
          >
            {actionLabel(t, a)}
          </Button>
        ))}
      </Space>
      <Modal
        open={open !== null}
        title={open ? actionLabel(t, open) : ''}
        okText={t('action.submit')}
        cancelText={t('action.cancel')}
        confirmLoading={busy}
        onOk={submit}
        onCancel={() => setOpen(null)}
        okButtonProps={{ 'data-testid': 'action-submit' } as Record<string, string>}
        destroyOnHidden
        width={640}
      >
        {error && (
          <Alert
            type="error"
            showIcon
            title={error}
            style={{ marginBottom: 12 }}
            data-testid="action-error"
          />
        )}
        <Form form={form} layout="vertical" preserve={false}>
          {open && <ActionForm action={open} c={c} />}
        </Form>
      </Modal>
    </>
  );
}

const PUBLISHABLE = new Set<string>(PUBLISHABLE_CASE_STATUSES);

/**
 * The buttons to show: the lifecycle actions the server allows now (revisit only once the
 * commitment has fallen due), plus supervise / link / publish, which are not lifecycle steps and
 * depend on the caller's permission and the case's state.
 */
function visibleActions(c: CaseDetail, can: (p: Permission) => boolean): CaseActionName[] {
  const due = !!c.commitmentDue || (!!c.commitmentDate && c.commitmentDate <= shanghaiToday());
  // The schema types allowedActions as strings; the server fills it from CASE_ACTIONS.
  const out: CaseActionName[] = c.allowedActions.filter(isCaseAction).filter((a) => a !== 'revisit' || due);
  if (!isFinalStatus(c.status) && can('cases.supervise')) out.push('supervise');
  if (!isFinalStatus(c.status) && can('cases.triage') && !c.commonIssueId) out.push('link');
  if (PUBLISHABLE.has(c.status) && c.consentPublish && can('cases.publish')) out.push('publish');
  return out;
}

function actionLabel(t: (k: MessageKey) => string, action: string): string {
  const key = `action.${action}` as MessageKey;
  const s = t(key);
  return s === key ? action : s;
}
