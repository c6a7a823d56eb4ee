import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Empty,
  Flex,
  Form,
  Input,
  List,
  Modal,
  message,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../api/index.ts';
import { type ChecklistTemplate, networkApi } from '../api/network.ts';
import { useAuth } from '../auth.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { SearchBox } from '../components/SearchBox.tsx';
import { useI18n } from '../i18n.ts';

interface Draft {
  key: string;
  name: string;
  /** Existing items keep their id (evidence points at them) and can only be renamed or moved. */
  items: { id?: string; text: string }[];
  isNew: boolean;
}

/** Edits one template: rename, reword or reorder items, append new ones (never delete old ones). */
function TemplateEditor({
  draft,
  onClose,
  onSaved,
}: {
  draft: Draft | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const [d, setD] = useState<Draft | null>(draft);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    setD(draft);
    setError(null);
  }, [draft]);
  if (!d) return null;
  const setItem = (i: number, text: string) =>
    setD({ ...d, items: d.items.map((it, j) => (j === i ? { ...it, text } : it)) });
  const move = (i: number, by: number) => {
    const items = [...d.items];
    const [it] = items.splice(i, 1);
    items.splice(i + by, 0, it!);
    setD({ ...d, items });
  };
  const save = async () => {
    setError(null);
    const items = d.items.map((it) => ({ ...it, text: it.text.trim() })).filter((it) => it.id || it.text);
    if (!/^[a-z0-9_-]{1,30}$/.test(d.key)) return setError(t('net.tpl.keyRule'));
    if (!d.name.trim()) return setError(t('net.tpl.nameRequired'));
    if (items.some((it) => !it.text)) return setError(t('net.tpl.itemRequired'));
    if (items.length === 0) return setError(t('net.tpl.itemRequired'));
    setSaving(true);
    try {
      await networkApi.saveTemplate({ key: d.key, name: d.name.trim(), items });
      void message.success(t('net.saved'));
      onSaved();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      width={640}
      title={d.isNew ? t('net.tpl.new') : t('net.tpl.edit', { name: d.name })}
      onCancel={onClose}
      onOk={save}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'tpl-save' } as never}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form layout="vertical">
        <Form.Item label={t('net.tpl.key')} extra={t('net.tpl.keyRule')}>
          <Input
            data-testid="tpl-key"
            value={d.key}
            disabled={!d.isNew}
            maxLength={30}
            onChange={(e) => setD({ ...d, key: e.target.value })}
          />
        </Form.Item>
        <Form.Item label={t('net.tpl.name')}>
          <Input
            data-testid="tpl-name"
            value={d.name}
            maxLength={30}
            onChange={(e) => setD({ ...d, name: e.target.value })}
          />
        </Form.Item>
        <Typography.Paragraph type="secondary">{t('net.tpl.noDelete')}</Typography.Paragraph>
        {d.items.map((it, i) => (
          <Flex key={it.id ?? `new-${i}`} gap={8} style={{ marginBottom: 8 }} align="center">
            <span style={{ width: 24, textAlign: 'right' }}>{i + 1}.</span>
            <Input
              data-testid={`tpl-item-${i}`}
              value={it.text}
              maxLength={60}
              onChange={(e) => setItem(i, e.target.value)}
            />
            <Button size="small" disabled={i === 0} onClick={() => move(i, -1)} aria-label={t('net.up')}>
              ↑
            </Button>
            <Button
              size="small"
              disabled={i === d.items.length - 1}
              onClick={() => move(i, 1)}
              aria-label={t('net.down')}
            >
              ↓
            </Button>
            {!it.id && (
              <Button
                size="small"
                icon={<DeleteOutlined />}
                aria-label={t('net.remove')}
                onClick={() => setD({ ...d, items: d.items.filter((_, j) => j !== i) })}
              />
            )}
          </Flex>
        ))}
        <Button
          icon={<PlusOutlined />}
          data-testid="tpl-add-item"
          disabled={d.items.length >= 30}
          onClick={() => setD({ ...d, items: [...d.items, { text: '' }] })}
        >
          {t('net.tpl.addItem')}
        </Button>
      </Form>
    </Modal>
  );
}

/** `/checklist-templates`: the county's standards checklists (七有、十有 and local variants). */
export default function ChecklistTemplatesPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const [items, setItems] = useState<ChecklistTemplate[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [q, setQ] = useState('');
  const [draft, setDraft] = useState<Draft | null>(null);
  const load = useCallback(() => {
    const ctrl = new AbortController();
    networkApi.templates(ctrl.signal).then(
      (r) => setItems(r.items),
      (e) => setError(errorMessage(e)),
    );
    return () => ctrl.abort();
  }, []);
  useEffect(load, [load]);
  const editable = can('regions.manage');
  const shown = (items ?? []).filter(
    (tpl) => !q || tpl.name.includes(q) || tpl.key.includes(q) || tpl.items.some((i) => i.text.includes(q)),
  );

  return (
    <>
      <PageTitle
        title={t('nav.checklistTemplates')}
        extra={
          <Space wrap>
            <SearchBox
              testId="tpl-filter-q"
              placeholder={t('net.tpl.search')}
              width={220}
              value={q}
              onSearch={setQ}
            />
            {editable && (
              <Button
                type="primary"
                data-testid="tpl-new"
                onClick={() => setDraft({ key: '', name: '', items: [{ text: '' }], isNew: true })}
              >
                {t('net.tpl.new')}
              </Button>
            )}
          </Space>
        }
      />
      <Typography.Paragraph type="secondary">{t('net.tpl.hint')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} />}
      {!items && !error && <Skeleton active />}
      {items && shown.length === 0 && (
        <Empty description={q ? t('net.noMatch') : t('net.tpl.empty')} data-testid="tpl-empty" />
      )}
      <Flex wrap gap={16} data-testid="tpl-list">
        {shown.map((tpl) => (
          <Card
            key={tpl.id}
            style={{ width: 360 }}
            data-testid={`tpl-${tpl.key}`}
            title={
              <Space>
                {tpl.name}
                <Tag>{tpl.key}</Tag>
              </Space>
            }
            extra={
              editable && (
                <Button
                  size="small"
                  data-testid={`tpl-edit-${tpl.key}`}
                  onClick={() =>
                    setDraft({
                      key: tpl.key,
                      name: tpl.name,
                      items: tpl.items.map((i) => ({ id: i.id, text: i.text })),
                      isNew: false,
                    })
                  }
                >
                  {t('net.edit')}
                </Button>
              )
            }
          >
            <List
              size="small"
              dataSource={tpl.items}
              renderItem={(i, n) => (
                <List.Item>
                  {n + 1}. {i.text}
                </List.Item>
              )}
            />
          </Card>
        ))}
      </Flex>
      <TemplateEditor
        draft={draft}
        onClose={() => setDraft(null)}
        onSaved={() => {
          setDraft(null);
          load();
        }}
      />
    </>
  );
}
