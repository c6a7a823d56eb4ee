import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, Flex, List, Popover, Spin, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { type InboxItem, inboxApi } from '../api/inbox.ts';
import { isAbort } from '../api/index.ts';
import { useI18n } from '../i18n.ts';
import { useRegionLink } from '../region.ts';
import { formatDateTime } from '../time.ts';

/** Fired by the inbox page after it marks messages read, so the bell's count follows at once. */
export const INBOX_CHANGED = 'lianluo:inbox-changed';

const POLL_MS = 60_000;

/**
 * The header's bell: the unread count of the user's own in-app messages (polled each minute) and,
 * on click, the latest few; opening one marks it read and goes to its case.
 */
export function InboxBell() {
  const { t } = useI18n();
  const link = useRegionLink();
  const navigate = useNavigate();
  const [unread, setUnread] = useState(0);
  const [items, setItems] = useState<InboxItem[] | null>(null);
  const [open, setOpen] = useState(false);

  const load = useCallback(async (signal?: AbortSignal) => {
    try {
      const page = await inboxApi.list({ limit: 8 }, signal);
      setUnread(page.unread);
      setItems(page.items);
    } catch (err) {
      // A failed poll keeps the last count; the next one tries again.
      if (!isAbort(err)) setItems((prev) => prev ?? []);
    }
  }, []);

  useEffect(() => {
    const ctrl = new AbortController();
    void load(ctrl.signal);
    const timer = setInterval(() => void load(), POLL_MS);
    const changed = () => void load();
    window.addEventListener(INBOX_CHANGED, changed);
    return () => {
      ctrl.abort();
      clearInterval(timer);
      window.removeEventListener(INBOX_CHANGED, changed);
    };
  }, [load]);

  const openItem = async (item: InboxItem) => {
    setOpen(false);
    if (!item.readAt) {
      try {
        const r = await inboxApi.markRead(item.id);
        setUnread(r.unread);
        setItems(
          (prev) =>
            prev?.map((i) => (i.id === item.id ? { ...i, readAt: new Date().toISOString() } : i)) ?? null,
        );
      } catch {
        // Still open the case: being read is a convenience, not a gate.
      }
    }
    if (item.caseId) void navigate(link(`/cases/${item.caseId}`));
  };

  const markAll = async () => {
    await inboxApi.markAllRead();
    await load();
  };

  const content = (
    <div style={{ width: 360 }} data-testid="inbox-popover">
      {items === null ? (
        <Flex justify="center" style={{ padding: 24 }}>
          <Spin />
        </Flex>
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('inbox.empty')} />
      ) : (
        <List
          size="small"
          dataSource={items}
          renderItem={(item) => (
            <List.Item
              style={{ cursor: 'pointer', opacity: item.readAt ? 0.6 : 1 }}
              onClick={() => void openItem(item)}
              data-testid="inbox-item"
            >
              <List.Item.Meta
                title={
                  <Flex justify="space-between" gap={8}>
                    <Typography.Text strong={!item.readAt}>
                      {!item.readAt && <Badge status="processing" style={{ marginInlineEnd: 6 }} />}
                      {item.subject}
                    </Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
                      {formatDateTime(item.createdAt)}
                    </Typography.Text>
                  </Flex>
                }
                description={<Typography.Text type="secondary">{item.body}</Typography.Text>}
              />
            </List.Item>
          )}
        />
      )}
      <Flex justify="space-between" style={{ marginTop: 8 }}>
        <Button size="small" type="link" disabled={unread === 0} onClick={() => void markAll()}>
          {t('inbox.markAll')}
        </Button>
        <Link to={link('/inbox')} onClick={() => setOpen(false)}>
          {t('inbox.viewAll')}
        </Link>
      </Flex>
    </div>
  );

  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      title={t('inbox.title')}
      content={content}
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (o) void load();
      }}
    >
      <Tooltip title={t('inbox.bell', { n: unread })}>
        <Badge count={unread} size="small" overflowCount={99}>
          <Button
            type="text"
            icon={<BellOutlined />}
            aria-label={t('inbox.bell', { n: unread })}
            data-testid="inbox-bell"
          />
        </Badge>
      </Tooltip>
    </Popover>
  );
}
