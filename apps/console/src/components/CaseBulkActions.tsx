/**
 * The case list's bulk actions (批量签收, 批量督办): one action over the selected cases, one case
 * at a time, with what failed and why.
 */
import { Alert, App, Button, Flex, Modal, Radio } from 'antd';
import { useState } from 'react';
import { api, type CaseActionName, type CaseItem, errorMessage } from '../api/index.ts';
import { useAuth } from '../auth.tsx';
import { bodyFor } from '../case-bodies.ts';
import { useI18n } from '../i18n.ts';

/** Runs one action over the selected cases, one by one, and says what failed and why. */
export function BulkActions({ selected, onDone }: { selected: CaseItem[]; onDone: () => void }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const { message, modal } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [supervising, setSupervising] = useState(false);
  const [level, setLevel] = useState<'ordinary' | 'key'>('ordinary');

  const run = async (action: CaseActionName, body: Record<string, unknown>) => {
    setBusy(true);
    const failures: string[] = [];
    for (const c of selected) {
      try {
        await api.caseAction(c.id, action, body);
      } catch (err) {
        failures.push(`${c.number}：${errorMessage(err)}`);
      }
    }
    setBusy(false);
    const ok = selected.length - failures.length;
    if (ok) void message.success(t('bulk.done', { n: ok }));
    if (failures.length) {
      modal.warning({
        title: t('bulk.failed', { n: failures.length }),
        content: (
          <ul data-testid="bulk-failures" style={{ paddingInlineStart: 18 }}>
            {failures.map((f) => (
              <li key={f}>{f}</li>
            ))}
          </ul>
        ),
      });
    }
    onDone();
  };

  if (!selected.length) return null;
  return (
    <>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        title={
          <Flex align="center" gap={12} wrap>
            <span data-testid="bulk-count">{t('bulk.selected', { n: selected.length })}</span>
            {can('cases.accept') && (
              <Button
                size="small"
                type="primary"
                loading={busy}
                data-testid="bulk-accept"
                onClick={() => run('accept', {})}
              >
                {t('bulk.accept')}
              </Button>
            )}
            {can('cases.supervise') && (
              <Button
                size="small"
                loading={busy}
                data-testid="bulk-supervise"
                onClick={() => setSupervising(true)}
              >
                {t('bulk.supervise')}
              </Button>
            )}
          </Flex>
        }
      />
      <Modal
        open={supervising}
        title={t('bulk.supervise')}
        okText={t('action.submit')}
        cancelText={t('action.cancel')}
        onCancel={() => setSupervising(false)}
        okButtonProps={{ 'data-testid': 'bulk-supervise-submit' } as Record<string, string>}
        onOk={() => {
          setSupervising(false);
          void run('supervise', bodyFor('supervise', { level }));
        }}
      >
        <Radio.Group value={level} onChange={(e) => setLevel(e.target.value)}>
          <Radio value="ordinary">{t('supervise.ordinary')}</Radio>
          <Radio value="key">{t('supervise.key')}</Radio>
        </Radio.Group>
      </Modal>
    </>
  );
}
