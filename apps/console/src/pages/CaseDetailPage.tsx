import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Empty,
  Flex,
  Result,
  Skeleton,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError, api, type CaseDetail, type CaseEvent, errorMessage, isAbort } from '../api.ts';
import { CaseInsights } from '../components/CaseInsights.tsx';
import { StatusTag } from '../components/StatusTag.tsx';
import { useI18n } from '../i18n.ts';
import { useRegionLink } from '../region.ts';
import { formatDateTime } from '../time.ts';

type Load =
  | { state: 'loading' }
  | { state: 'error'; message: string; status: number }
  | { state: 'ok'; data: CaseDetail };

function eventColor(e: CaseEvent): string {
  if (e.toStatus === 'closed') return 'green';
  if (e.toStatus === 'reopened' || e.toStatus === 'withdrawn') return 'red';
  return 'blue';
}

/** `/cases/:id`: one opinion, its masked contact and the timeline of every transition. */
export default function CaseDetailPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const link = useRegionLink();
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` re-runs the request on retry
  useEffect(() => {
    const ctrl = new AbortController();
    setLoad({ state: 'loading' });
    api.case(id, ctrl.signal).then(
      (data) => setLoad({ state: 'ok', data }),
      (err) => {
        if (isAbort(err)) return;
        setLoad({
          state: 'error',
          message: errorMessage(err),
          status: err instanceof ApiError ? err.status : 0,
        });
      },
    );
    return () => ctrl.abort();
  }, [id, attempt]);

  const back = (
    <Link to={link('/cases')}>
      <Button icon={<ArrowLeftOutlined />}>{t('common.back')}</Button>
    </Link>
  );

  if (load.state === 'loading') {
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 8 }} />
      </Card>
    );
  }
  if (load.state === 'error') {
    if (load.status === 404) {
      return <Result status="404" title={load.message} extra={back} data-testid="case-not-found" />;
    }
    return (
      <Flex vertical gap={16}>
        <div>{back}</div>
        <Alert
          type="error"
          showIcon
          title={t('common.loadFailed')}
          description={load.message}
          action={
            <Button icon={<ReloadOutlined />} onClick={() => setAttempt((a) => a + 1)}>
              {t('common.retry')}
            </Button>
          }
        />
      </Flex>
    );
  }

  const c = load.data;
  const events = [...c.events].sort((a, b) => a.seq - b.seq);

  return (
    <Flex vertical gap={16}>
      <Flex align="center" gap={12} wrap>
        {back}
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="case-title">
          {c.title}
        </Typography.Title>
        <Space size={4}>
          <StatusTag status={c.status} serverLabel={c.statusLabel} />
          {c.overdue && <Tag color="red">{t('cases.overdue')}</Tag>}
        </Space>
      </Flex>
      <Card title={t('cases.detail')}>
        <Descriptions
          bordered
          size="small"
          styles={{ label: { whiteSpace: 'nowrap' } }}
          column={{ xs: 1, md: 2, xl: 3 }}
          items={[
            { key: 'number', label: t('cases.number'), children: c.number },
            {
              key: 'category',
              label: t('cases.category'),
              children: c.categoryName || c.category || t('common.none'),
            },
            { key: 'channel', label: t('cases.channel'), children: c.channelLabel || c.channel },
            { key: 'station', label: t('cases.station'), children: c.stationName || t('common.none') },
            {
              key: 'department',
              label: t('cases.department'),
              children: c.departmentName || t('common.none'),
            },
            { key: 'registeredAt', label: t('cases.registeredAt'), children: formatDateTime(c.registeredAt) },
            {
              key: 'replyDueAt',
              label: t('cases.replyDueAt'),
              children: c.replyDueAt ? formatDateTime(c.replyDueAt) : t('common.none'),
            },
            { key: 'person', label: t('cases.person'), children: c.personName || t('common.none') },
            { key: 'phone', label: t('cases.phone'), children: c.personPhone || t('common.none') },
            {
              key: 'content',
              label: t('cases.content'),
              span: 'filled',
              children: (
                <Typography.Paragraph
                  style={{ whiteSpace: 'pre-wrap', margin: 0 }}
                  data-testid="case-content"
                >
                  {c.content}
                </Typography.Paragraph>
              ),
            },
          ]}
        />
      </Card>
      <CaseInsights c={c} />
      <Card title={t('cases.timeline')}>
        {events.length ? (
          <Timeline
            data-testid="case-timeline"
            items={events.map((e) => ({
              key: e.seq,
              color: eventColor(e),
              content: (
                <Flex vertical gap={4}>
                  <Typography.Text type="secondary">{formatDateTime(e.at)}</Typography.Text>
                  <Space size={8} wrap>
                    <Typography.Text strong>{e.actionLabel || e.action}</Typography.Text>
                    {e.fromStatus && e.fromStatus !== e.toStatus ? (
                      <span>
                        <StatusTag status={e.fromStatus} /> → <StatusTag status={e.toStatus} />
                      </span>
                    ) : (
                      <StatusTag status={e.toStatus} />
                    )}
                  </Space>
                  {e.actorName && (
                    <Typography.Text type="secondary">
                      {t('common.pair', { label: t('cases.actor'), value: e.actorName })}
                    </Typography.Text>
                  )}
                  {e.note && <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{e.note}</Typography.Text>}
                </Flex>
              ),
            }))}
          />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cases.noEvents')} />
        )}
      </Card>
    </Flex>
  );
}
