import { Alert, App, Badge, Button, Card, Flex, List, Switch, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { type InboxItem, inboxApi } from '../api/inbox.ts';
import { errorMessage, isAbort } from '../api/index.ts';
import { INBOX_CHANGED } from '../components/InboxBell.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { useI18n } from '../i18n.ts';
import { useRegionLink } from '../region.ts';
import { formatDateTime } from '../time.ts';

/** `/inbox`: every in-app message of the signed-in user, newest first, with their cases. */
export default function InboxPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const link = useRegionLink();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [items, setItems] = useState<InboxItem[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [unread, setUnread] = useState(0);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [refresh, setRefresh] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `refresh` re-reads after a write
  useEffect(() => {
    const ctrl = new AbortController();
    setLoading(true);
    setError(null);
    inboxApi.list({ unread: unreadOnly, limit: 20 }, ctrl.signal).then(
      (p) => {
        setItems(p.items);
        setCursor(p.nextCursor);
        setUnread(p.unread);
        setLoading(false);
      },
      (err) => {
        if (isAbort(err)) return;
        setError(errorMessage(err));
        setLoading(false);
      },
    );
    return () => ctrl.abort();
  }, [unreadOnly, refresh]);

  const more = async () => {
    if (!cursor) return;
    setLoading(true);
    try {
      const p = await inboxApi.list({ unread: unreadOnly, cursor, limit: 20 });
      setItems((prev) => [...prev, ...p.items]);
      setCursor(p.nextCursor);
      setUnread(p.unread);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  };

  const changed = () => window.dispatchEvent(new Event(INBOX_CHANGED));

  const markRead = async (item: InboxItem) => {
    try {
      const r = await inboxApi.markRead(item.id);
      setUnread(r.unread);
      setItems((prev) =>
        prev.map((i) => (i.id === item.id ? { ...i, readAt: new Date().toISOString() } : i)),
      );
      changed();
    } catch (err) {
      void message.error(errorMessage(err));
    }
  };

  const markAll = async () => {
    try {
      const r = await inboxApi.markAllRead();
      void message.success(t('inbox.marked', { n: r.marked }));
      setRefresh((x) => x + 1);
      changed();
    } catch (err) {
      void message.error(errorMessage(err));
    }
  };

  return (
    <>
      <PageTitle
        title={
          <Flex align="center" gap={8}>
            {t('inbox.title')}
            <Badge count={unread} />
          </Flex>
        }
        extra={
          <Flex align="center" gap={16}>
            <Flex align="center" gap={6}>
              <Switch
                size="small"
                checked={unreadOnly}
                onChange={setUnreadOnly}
                data-testid="inbox-unread-only"
              />
              {t('inbox.unreadOnly')}
            </Flex>
            <Button onClick={() => void markAll()} disabled={unread === 0} data-testid="inbox-mark-all">
              {t('inbox.markAll')}
            </Button>
          </Flex>
        }
      />
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Card>
        <List
          loading={loading && items.length === 0}
          dataSource={items}
          locale={{ emptyText: t('inbox.empty') }}
          renderItem={(item) => (
            <List.Item
              data-testid="inbox-row"
              actions={[
                item.caseId && (
                  <Link
                    key="case"
                    to={link(`/cases/${item.caseId}`)}
                    onClick={() => !item.readAt && void markRead(item)}
                  >
                    {t('inbox.openCase', { number: item.caseNumber ?? '' })}
                  </Link>
                ),
                !item.readAt && (
                  <Button key="read" size="small" type="link" onClick={() => void markRead(item)}>
                    {t('inbox.markRead')}
                  </Button>
                ),
              ].filter(Boolean)}
            >
              <List.Item.Meta
                title={
                  <Flex gap={8} align="center">
                    {!item.readAt && <Badge status="processing" text={t('inbox.unread')} />}
                    <Typography.Text strong={!item.readAt}>{item.subject}</Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {formatDateTime(item.createdAt)}
                    </Typography.Text>
                  </Flex>
                }
                description={item.body}
              />
            </List.Item>
          )}
        />
        {cursor && (
          <Flex justify="center" style={{ marginTop: 16 }}>
            <Button onClick={() => void more()} loading={loading}>
              {t('common.loadMore')}
            </Button>
          </Flex>
        )}
      </Card>
    </>
  );
}
