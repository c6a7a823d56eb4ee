/**
 * The case page's assistance panel: the classifier's category suggestion (with confidence, routed
 * department and model version), similar open cases nearby, and — for whoever checks replies —
 * the quality check of the latest reply. Each part shows only for the permission it needs.
 */
import { CheckCircleOutlined, ExclamationCircleOutlined } from '@ant-design/icons';
import {
  Alert,
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
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { type CaseDetail, errorMessage, isAbort } from '../api.ts';
import {
  type CategorySuggestion,
  insightApi,
  type ReplyAssessment,
  type SimilarCase,
} from '../api-insight.ts';
import { useAuth } from '../auth.tsx';
import { useI18n } from '../i18n.ts';
import { useRegionLink } from '../region.ts';
import { formatDate } from '../time.ts';
import { StatusTag } from './StatusTag.tsx';

type Load<T> = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ok'; data: T };

/** Statuses at which a suggestion is recorded against the case (the acceptance rate is measured at triage). */
const RECORD_AT = new Set(['registered', 'triaged']);

function caseText(c: CaseDetail): string {
  return `${c.title}\n${c.content}`.slice(0, 20_000);
}

function regionOf(c: CaseDetail): string | undefined {
  const code = (c as CaseDetail & { regionCode?: string }).regionCode;
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
        {s.modelVersion && (
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
            children: s.department?.name || t('common.none'),
          },
          {
            key: 'model',
            label: t('insights.modelVersion'),
            children: <Typography.Text code>{s.modelVersion}</Typography.Text>,
          },
        ]}
      />
    </Flex>
  );
}

function SimilarPanel({ c }: { c: CaseDetail }) {
  const { t } = useI18n();
  const link = useRegionLink();
  const load = useLoad<{ items: SimilarCase[] }>(
    true,
    (signal) =>
      insightApi.similarCases(
        { text: caseText(c), regionCode: regionOf(c), excludeId: c.id, limit: 8 },
        signal,
      ),
    [c.id],
  );
  if (load.state === 'loading') return <Skeleton active paragraph={{ rows: 4 }} />;
  if (load.state === 'error') return <Failed message={load.message} />;
  const items = load.data.items;
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
    <List<SimilarCase>
      size="small"
      dataSource={items}
      data-testid="case-similar-list"
      renderItem={(s) => (
        <List.Item key={s.id} data-testid="case-similar-item">
          <Flex vertical gap={4} style={{ width: '100%' }}>
            <Flex align="center" gap={8} wrap>
              <Link to={link(`/cases/${encodeURIComponent(s.id)}`)}>
                <Typography.Text type="secondary">{s.number}</Typography.Text> {s.title}
              </Link>
              <StatusTag status={s.status} serverLabel={s.statusLabel} />
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
  );
}

function ReplyQuality({ c, reply }: { c: CaseDetail; reply: string }) {
  const { t } = useI18n();
  const load = useLoad<ReplyAssessment>(
    true,
    (signal) => insightApi.assessReply({ caseId: c.id, reply: { text: reply.slice(0, 20_000) } }, signal),
    [c.id, reply],
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

/** Timeline actions that answer the person (the reply text is the event's `note`). */
const REPLY_ACTIONS = new Set(['reply', 'answer_on_site', 'handle_locally']);

/** The latest reply's text from the timeline. */
function latestReply(c: CaseDetail): string | null {
  const replies = c.events.filter((e) => REPLY_ACTIONS.has(e.action) && e.note?.trim());
  replies.sort((a, b) => b.seq - a.seq);
  return replies[0]?.note ?? null;
}

export function CaseInsights({ c }: { c: CaseDetail }) {
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
              <SimilarPanel c={c} />
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
