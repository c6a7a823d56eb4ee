import { ArrowLeftOutlined, PrinterOutlined, ReloadOutlined } from '@ant-design/icons';
import { isFinalStatus, REPLY_ACTIONS } from '@lianluo/domain/cases';
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
  Tooltip,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import {
  ApiError,
  api,
  type CaseDetail,
  type CaseEvent,
  type CaseReply,
  errorMessage,
  isAbort,
} from '../api/index.ts';
import { useAuth } from '../auth.tsx';
import { CaseActions } from '../components/CaseActions.tsx';
import { CaseAttachments } from '../components/CaseAttachments.tsx';
import { CaseInsights } from '../components/CaseInsights.tsx';
import { RevealContact } from '../components/RevealContact.tsx';
import { StatusTag } from '../components/StatusTag.tsx';
import { type MessageKey, useI18n } from '../i18n.ts';
import { useRegionLink } from '../region.ts';
import { formatDateTime } from '../time.ts';

type Load =
  | { state: 'loading' }
  | { state: 'error'; message: string; status: number }
  | { state: 'ok'; data: CaseDetail };

/** The timeline note, with coded values (a rating, a supervision level) in words. */
function eventNote(
  e: CaseEvent,
  label: ReturnType<typeof useI18n>['label'],
  t: ReturnType<typeof useI18n>['t'],
): string {
  const note = e.note ?? '';
  if (e.action === 'rate') return label('satisfaction', note);
  if (e.action === 'supervise' && (note === 'key' || note === 'ordinary')) return t(`supervise.${note}`);
  return note;
}

function eventColor(e: CaseEvent): string {
  if (e.toStatus === 'closed') return 'green';
  if (e.toStatus === 'reopened' || e.toStatus === 'withdrawn') return 'red';
  return 'blue';
}

/** `/cases/:id`: one opinion, its masked contact and the timeline of every transition. */
export default function CaseDetailPage() {
  const { id = '' } = useParams();
  const { t, label } = useI18n();
  const { can } = useAuth();
  const link = useRegionLink();
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` re-runs the request on retry
  useEffect(() => {
    const ctrl = new AbortController();
    setLoad((l) => (l.state === 'ok' && l.data.id === id ? l : { state: 'loading' }));
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
  const reload = () => setAttempt((a) => a + 1);
  const referred = events.some((e) => e.action === 'refer');
  const replyEvent = [...events]
    .reverse()
    .find((e) => (REPLY_ACTIONS as readonly string[]).includes(e.action));
  const replied = !!c.reply || !!replyEvent;
  // The server may send the latest reply whole; otherwise the timeline has its text.
  const reply: Partial<CaseReply> | null =
    c.reply ??
    (replyEvent ? { content: replyEvent.note ?? '', committedDate: c.commitmentDate ?? null } : null);
  const lead = c.departments?.find((d) => d.role === 'lead')?.name ?? c.departmentName;
  const co = (c.departments ?? []).filter((d) => d.role !== 'lead').map((d) => d.name);

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
          {c.supervision && c.supervision !== 'none' && (
            <Tag color={c.supervision === 'key' ? 'magenta' : 'orange'} data-testid="case-supervision">
              {t(c.supervision === 'key' ? 'supervise.key' : 'supervise.ordinary')}
            </Tag>
          )}
          {c.commitmentDue && <Tag color="volcano">{t('cases.commitmentDue')}</Tag>}
        </Space>
      </Flex>
      <Card size="small">
        <Flex justify="space-between" align="center" wrap gap={12}>
          <CaseActions c={c} onDone={reload} />
          <Space wrap>
            {referred && (
              <Link to={`/cases/${encodeURIComponent(c.id)}/print/referral`} target="_blank">
                <Button icon={<PrinterOutlined />} data-testid="print-referral">
                  {t('print.referral')}
                </Button>
              </Link>
            )}
            {replied && (
              <Link to={`/cases/${encodeURIComponent(c.id)}/print/reply`} target="_blank">
                <Button icon={<PrinterOutlined />} data-testid="print-reply">
                  {t('print.reply')}
                </Button>
              </Link>
            )}
          </Space>
        </Flex>
      </Card>
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
              label: t('refer.lead'),
              children: lead || t('common.none'),
            },
            ...(co.length ? [{ key: 'co', label: t('refer.co'), children: co.join('、') }] : []),
            { key: 'registeredAt', label: t('cases.registeredAt'), children: formatDateTime(c.registeredAt) },
            {
              key: 'replyDueAt',
              label: t('cases.replyDueAt'),
              children: c.replyDueAt ? (
                <>
                  {formatDateTime(c.replyDueAt)}
                  {c.deadlineProvisional && (
                    <Tooltip title={t('cases.deadlineProvisionalHint')}>
                      <Tag color="orange" style={{ marginInlineStart: 8 }} data-testid="deadline-provisional">
                        {t('cases.deadlineProvisional')}
                      </Tag>
                    </Tooltip>
                  )}
                </>
              ) : (
                t('common.none')
              ),
            },
            {
              key: 'person',
              label: t('cases.person'),
              children: c.anonymous ? t('register.anonymous') : c.personName || t('common.none'),
            },
            {
              key: 'phone',
              label: t('cases.phone'),
              children: (
                <Space wrap>
                  <span data-testid="case-phone">{c.personPhone || t('common.none')}</span>
                  {can('cases.reveal') && !c.anonymous && (c.personName || c.personPhone) && (
                    <RevealContact id={c.id} />
                  )}
                </Space>
              ),
            },
            {
              key: 'consent',
              label: t('register.consentPublish'),
              children: c.consentPublish ? t('common.yes') : t('common.no'),
            },
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
      <CaseInsights c={c} onChanged={reload} />
      {reply && (
        <Card title={t('reply.title')} data-testid="case-reply">
          <Descriptions
            size="small"
            column={1}
            items={[
              ...(reply.kind
                ? [
                    {
                      key: 'kind',
                      label: t('reply.kind'),
                      children: t(`replyKind.${reply.kind}` as MessageKey),
                    },
                  ]
                : []),
              {
                key: 'content',
                label: t('reply.content'),
                children: <span style={{ whiteSpace: 'pre-wrap' }}>{reply.content}</span>,
              },
              ...(reply.measures ? [{ key: 'm', label: t('reply.measures'), children: reply.measures }] : []),
              ...(reply.committedDate
                ? [{ key: 'd', label: t('reply.committedDate'), children: reply.committedDate }]
                : []),
              ...(reply.reasons ? [{ key: 'r', label: t('reply.reasons'), children: reply.reasons }] : []),
              ...(reply.policyBasis
                ? [{ key: 'p', label: t('reply.policyBasis'), children: reply.policyBasis }]
                : []),
            ]}
          />
        </Card>
      )}
      {c.publicText && (
        <Card title={t('publish.text')} data-testid="case-public-text">
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
            {c.publicText}
          </Typography.Paragraph>
          {c.publishedAt && (
            <Tag color="green" style={{ marginTop: 8 }}>
              {t('publish.published')} {formatDateTime(c.publishedAt)}
            </Tag>
          )}
        </Card>
      )}
      <CaseAttachments c={c} canUpload={can('cases.create') && !isFinalStatus(c.status)} />
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
                    <Typography.Text strong>{label('action', e.action, e.actionLabel)}</Typography.Text>
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
                  {e.note && (
                    <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>
                      {eventNote(e, label, t)}
                    </Typography.Text>
                  )}
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
