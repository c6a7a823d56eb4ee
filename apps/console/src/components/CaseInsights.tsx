/**
 * The case page's assistance panel: the classifier's category suggestion (with confidence, routed
 * department and model version), similar open cases nearby, and — for whoever checks replies —
 * the quality check of the latest reply. Each part shows only for the permission it needs.
 */
import { ApartmentOutlined, CheckCircleOutlined, ExclamationCircleOutlined } from '@ant-design/icons';
import { isReplyKind, LINKABLE_CASE_STATUSES, REPLY_ACTIONS } from '@lianluo/domain/cases';
import {
  Alert,
  App,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  List,
  Progress,
  Row,
  Skeleton,
  Space,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { type CaseDetail, errorMessage, isAbort } from '../api/index.ts';
import {
  type CategorySuggestion,
  insightApi,
  type ReplyAssessment,
  type SimilarCase,
  type SimilarIssue,
} from '../api/insight.ts';
import type { ApiBody } from '../api/openapi.ts';
import { useAuth } from '../auth.tsx';
import { useI18n } from '../i18n.ts';
import { useRegionLink } from '../region.ts';
import { formatDate } from '../time.ts';
import { IssueLinkButton, type LinkTarget, linkToTarget, SimilarLinkButton } from './CommonIssueLink.tsx';
import { StatusTag } from './StatusTag.tsx';

type Load<T> = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ok'; data: T };

/** Statuses at which a suggestion is recorded against the case (the acceptance rate is measured at triage). */
const RECORD_AT = new Set(['registered', 'triaged']);

function caseText(c: CaseDetail): string {
  return `${c.title}\n${c.content}`.slice(0, 20_000);
}

function regionOf(c: CaseDetail): string | undefined {
  const code = c.regionCode;
  return code && /^\d{12}$/.test(code) ? code : undefined;
}

function useLoad<T>(enabled: boolean, run: (signal: AbortSignal) => Promise<T>, deps: unknown[]): Load<T> {
  const [load, setLoad] = useState<Load<T>>({ state: 'loading' });
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names what the request depends on
  useEffect(() => {
    if (!enabled) return;
    const ctrl = new AbortController();
    setLoad({ state: 'loading' });
    run(ctrl.signal).then(
      (data) => setLoad({ state: 'ok', data }),
      (err) => {
        if (!isAbort(err)) setLoad({ state: 'error', message: errorMessage(err) });
      },
    );
    return () => ctrl.abort();
  }, [enabled, ...deps]);
  return load;
}

function Failed({ message }: { message: string }) {
  return <Alert type="warning" showIcon title={message} />;
}

function SuggestionPanel({ c }: { c: CaseDetail }) {
  const { t } = useI18n();
  // The model's version is for whoever trains it (模型管理), not for the officer triaging a case.
  const showModel = useAuth().can('analytics.manage');
  const load = useLoad<CategorySuggestion>(
    true,
    (signal) =>
      insightApi.suggestCategory(
        { text: caseText(c), regionCode: regionOf(c), caseId: RECORD_AT.has(c.status) ? c.id : undefined },
        signal,
      ),
    [c.id, c.status],
  );
  if (load.state === 'loading') return <Skeleton active paragraph={{ rows: 3 }} />;
  if (load.state === 'error') return <Failed message={load.message} />;
  const s = load.data;
  const top = s.suggestions?.[0];
  if (!s.ok || !top) {
    return (
      <Flex vertical gap={8}>
        <Typography.Text type="secondary">{s.reason || t('insights.noSuggestion')}</Typography.Text>
        {showModel && s.modelVersion && (
          <Typography.Text type="secondary">
            {t('common.pair', { label: t('insights.modelVersion'), value: s.modelVersion })}
          </Typography.Text>
        )}
      </Flex>
    );
  }
  const current = c.categoryName || c.category;
  const same = c.category ? c.category === top.category : null;
  return (
    <Flex vertical gap={8} data-testid="case-suggestion">
      <Flex align="center" gap={12} wrap>
        <Typography.Text strong style={{ fontSize: 16 }} data-testid="case-suggestion-category">
          {top.name}
        </Typography.Text>
        {same === true && (
          <Tag color="green" icon={<CheckCircleOutlined />}>
            {t('insights.matches')}
          </Tag>
        )}
        {same === false && (
          <Tag color="orange" icon={<ExclamationCircleOutlined />}>
            {t('insights.differs', { category: current ?? '' })}
          </Tag>
        )}
        {same === null && <Tag>{t('insights.uncategorized')}</Tag>}
      </Flex>
      <Flex align="center" gap={8}>
        <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
          {t('insights.confidence')}
        </Typography.Text>
        <Progress percent={Math.round(top.score * 100)} size="small" style={{ margin: 0, flex: 1 }} />
      </Flex>
      <Descriptions
        size="small"
        column={1}
        items={[
          ...(s.suggestions && s.suggestions.length > 1
            ? [
                {
                  key: 'others',
                  label: t('insights.others'),
                  children: (
                    <Space size={[0, 4]} wrap>
                      {s.suggestions.slice(1, 4).map((o) => (
                        <Tag key={o.category}>
                          {o.name} {Math.round(o.score * 100)}%
                        </Tag>
                      ))}
                    </Space>
                  ),
                },
              ]
            : []),
          {
            key: 'department',
            label: t('insights.department'),
            children: (
              <span data-testid="case-suggestion-department">{s.department?.name || t('common.none')}</span>
            ),
          },
          ...(showModel
            ? [
                {
                  key: 'model',
                  label: t('insights.modelVersion'),
                  children: <Typography.Text code>{s.modelVersion}</Typography.Text>,
                },
              ]
            : []),
        ]}
      />
    </Flex>
  );
}

/** Statuses in which the case itself may still join a common issue (before referral). */
const LINKABLE = new Set<string>(LINKABLE_CASE_STATUSES);

function SimilarPanel({ c, onChanged }: { c: CaseDetail; onChanged?: () => void }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const link = useRegionLink();
  const [busy, setBusy] = useState<string | null>(null);
  const canLink = can('cases.triage') && LINKABLE.has(c.status) && !c.commonIssueId && !!regionOf(c);
  const pick = async (target: LinkTarget) => {
    setBusy(target.id);
    try {
      const issue = await linkToTarget({ id: c.id, regionCode: regionOf(c)! }, target);
      void message.success(t('intake.linked', { title: issue.title }));
      onChanged?.();
    } catch (err) {
      void message.error(t('intake.linkFailed', { message: errorMessage(err) }));
    } finally {
      setBusy(null);
    }
  };
  const load = useLoad<{ items: SimilarCase[]; issues?: SimilarIssue[] }>(
    true,
    (signal) =>
      insightApi.similarCases(
        { text: caseText(c), regionCode: regionOf(c), excludeId: c.id, limit: 8 },
        signal,
      ),
    [c.id, c.commonIssueId],
  );
  if (load.state === 'loading') return <Skeleton active paragraph={{ rows: 4 }} />;
  if (load.state === 'error') return <Failed message={load.message} />;
  const items = load.data.items;
  const issues = load.data.issues ?? [];
  const current = c.commonIssueId ? (
    <Alert
      type="info"
      showIcon
      icon={<ApartmentOutlined />}
      style={{ marginBottom: 8 }}
      data-testid="case-common-issue"
      title={
        <Link to={link(`/common-issues/${encodeURIComponent(c.commonIssueId)}`)}>
          {t('insights.currentIssue')}
        </Link>
      }
    />
  ) : null;
  const issueList =
    issues.length > 0 ? (
      <List<SimilarIssue>
        size="small"
        header={<Typography.Text strong>{t('insights.similarIssues')}</Typography.Text>}
        dataSource={issues}
        data-testid="case-similar-issues"
        renderItem={(i) => (
          <List.Item
            key={i.id}
            extra={canLink && <IssueLinkButton issue={i} onPick={pick} busy={busy === i.id} />}
          >
            <Space size={[8, 4]} wrap>
              <Typography.Text>
                <ApartmentOutlined /> {t('insights.inIssue', { title: i.title, n: i.caseCount })}
              </Typography.Text>
              <Typography.Text type="secondary">
                {t('common.pair', { label: t('insights.score'), value: `${Math.round(i.score * 100)}%` })}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    ) : null;
  if (!items.length) {
    return (
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={t('insights.similarEmpty')}
        data-testid="case-similar-empty"
      />
    );
  }
  return (
    <>
      {current}
      {issueList}
      <List<SimilarCase>
        size="small"
        dataSource={items}
        data-testid="case-similar-list"
        renderItem={(s) => (
          <List.Item
            key={s.id}
            data-testid="case-similar-item"
            extra={canLink && <SimilarLinkButton hit={s} onPick={pick} busy={busy === s.id} />}
          >
            <Flex vertical gap={4} style={{ width: '100%' }}>
              <Flex align="center" gap={8} wrap>
                <Link to={link(`/cases/${encodeURIComponent(s.id)}`)}>
                  <Typography.Text type="secondary">{s.number}</Typography.Text> {s.title}
                </Link>
                <StatusTag status={s.status} serverLabel={s.statusLabel} />
                {s.commonIssue && (
                  <Tag icon={<ApartmentOutlined />} color="purple">
                    {t('insights.inIssue', { title: s.commonIssue.title, n: s.commonIssue.caseCount })}
                  </Tag>
                )}
                {s.samePerson && (
                  <Tooltip title={t('insights.samePersonHint')}>
                    <Tag color="volcano" data-testid="case-similar-same-person">
                      {t('insights.samePerson')}
                    </Tag>
                  </Tooltip>
                )}
                {s.duplicate && (
                  <Tag color="red" data-testid="case-similar-duplicate">
                    {s.duplicate === 'exact' ? t('insights.duplicate') : t('insights.nearDuplicate')}
                  </Tag>
                )}
              </Flex>
              <Space size={[8, 4]} wrap>
                <Typography.Text type="secondary">
                  {t('common.pair', { label: t('insights.score'), value: `${Math.round(s.score * 100)}%` })}
                </Typography.Text>
                <Tag color={s.sameTown ? 'blue' : 'default'}>
                  {s.sameTown ? t('insights.sameTown') : t('insights.sameCounty')}
                </Tag>
                {s.stationName && <Typography.Text type="secondary">{s.stationName}</Typography.Text>}
                <Typography.Text type="secondary">{formatDate(s.registeredAt)}</Typography.Text>
              </Space>
              {s.sharedTerms.length > 0 && (
                <Space size={[0, 4]} wrap>
                  <Typography.Text type="secondary">{t('insights.sharedTerms')}</Typography.Text>
                  {s.sharedTerms.map((term) => (
                    <Tag key={term} color="geekblue" bordered={false}>
                      {term}
                    </Tag>
                  ))}
                </Space>
              )}
              {s.places.length > 0 && (
                <Space size={[0, 4]} wrap>
                  <Typography.Text type="secondary">{t('insights.places')}</Typography.Text>
                  {s.places.map((p) => (
                    <Tag key={p} color="gold" bordered={false}>
                      {p}
                    </Tag>
                  ))}
                </Space>
              )}
            </Flex>
          </List.Item>
        )}
      />
    </>
  );
}

function ReplyQuality({ c, reply }: { c: CaseDetail; reply: ReplyDraft }) {
  const { t } = useI18n();
  const load = useLoad<ReplyAssessment>(
    true,
    (signal) =>
      insightApi.assessReply(
        { caseId: c.id, reply: { ...reply, text: reply.text.slice(0, 20_000) } },
        signal,
      ),
    [c.id, reply.text, reply.kind, reply.committedDate],
  );
  if (load.state === 'loading') return <Skeleton active paragraph={{ rows: 2 }} />;
  if (load.state === 'error') return <Failed message={load.message} />;
  const a = load.data;
  return (
    <Flex vertical gap={8} data-testid="case-reply-quality">
      <Space size={16} wrap>
        <Typography.Text>
          {t('common.pair', { label: t('insights.relevance'), value: `${Math.round(a.relevance * 100)}%` })}
        </Typography.Text>
        {a.daysTaken !== undefined && (
          <Typography.Text type="secondary">
            {t('insights.daysTaken', { n: Math.round(a.daysTaken) })}
          </Typography.Text>
        )}
      </Space>
      {a.flags.length ? (
        a.flags.map((f) => (
          <Alert key={f.code} type="warning" showIcon title={f.message} data-testid="case-reply-flag" />
        ))
      ) : (
        <Alert type="success" showIcon title={t('insights.replyOk')} />
      )}
    </Flex>
  );
}

/** A reply as the quality check takes it. */
type ReplyDraft = ApiBody<'/api/analytics/assess-reply'>['reply'];

/**
 * The latest reply as the quality check reads it: getCase sends it whole (its type decides what
 * it must contain, so measures, reasons and policy basis are read with the text); an older
 * server only had the text on the timeline.
 */
function latestReply(c: CaseDetail): ReplyDraft | null {
  const r = c.reply;
  if (r?.content?.trim()) {
    return {
      text: [r.content, r.measures, r.reasons, r.policyBasis].filter(Boolean).join('\n'),
      // The schema types the kind as a string; the server writes one of REPLY_KINDS.
      ...(isReplyKind(r.kind) ? { kind: r.kind } : {}),
      ...(r.committedDate ? { committedDate: r.committedDate } : {}),
    };
  }
  const replies = c.events.filter((e) => REPLY_ACTION_SET.has(e.action) && e.note?.trim());
  replies.sort((a, b) => b.seq - a.seq);
  return replies[0]?.note ? { text: replies[0].note } : null;
}

const REPLY_ACTION_SET = new Set<string>(REPLY_ACTIONS);

export function CaseInsights({ c, onChanged }: { c: CaseDetail; onChanged?: () => void }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const assist = can('cases.create');
  const reply = can('cases.assess') ? latestReply(c) : null;
  if (!assist && !reply) return null;
  return (
    <Row gutter={[16, 16]} data-testid="case-insights">
      {assist && (
        <>
          <Col xs={24} xl={10}>
            <Card title={t('insights.suggestion')} style={{ height: '100%' }}>
              <SuggestionPanel c={c} />
            </Card>
          </Col>
          <Col xs={24} xl={14}>
            <Card
              title={t('insights.similar')}
              extra={<Typography.Text type="secondary">{t('insights.similarHint')}</Typography.Text>}
              style={{ height: '100%' }}
              data-testid="case-similar"
            >
              <SimilarPanel c={c} onChanged={onChanged} />
            </Card>
          </Col>
        </>
      )}
      {reply && (
        <Col xs={24}>
          <Card
            title={t('insights.replyQuality')}
            extra={<Typography.Text type="secondary">{t('insights.replyHint')}</Typography.Text>}
          >
            <ReplyQuality c={c} reply={reply} />
          </Card>
        </Col>
      )}
    </Row>
  );
}
