/**
 * The intake form's assistance (登记辅助): while the officer types, the classifier's top three
 * categories with their confidence and the department the routing table gives, and the most
 * similar open cases and common issues of the town and county, each with its score and reason
 * (shared key terms, places; duplicates and the same person’s other open cases flagged). The
 * officer may take the category with one click and pick a common issue to join; the form records
 * both when the case is registered.
 */
import { ApartmentOutlined, CheckOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Empty,
  Flex,
  List,
  Progress,
  Space,
  Spin,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { errorMessage, isAbort } from '../api/index.ts';
import { type CategorySuggestion, insightApi, type SimilarCase, type SimilarIssue } from '../api/insight.ts';
import { useAuth } from '../auth.tsx';
import { useI18n } from '../i18n.ts';
import { useRegionLink } from '../region.ts';
import { formatDate } from '../time.ts';
import { IssueLinkButton, type LinkTarget, SimilarLinkButton } from './CommonIssueLink.tsx';
import { StatusTag } from './StatusTag.tsx';

/** Fewest characters worth analysing, and the pause after typing before asking. */
const MIN_TEXT = 6;
const DEBOUNCE_MS = 500;
/** A complete mainland mobile (spaces and hyphens aside), as the server's normalizeMobile reads it. */
const MOBILE = /^(\+?86)?1\d{10}$/;
const mobileOf = (s?: string) => {
  const compact = s?.replace(/[\s-]/g, '');
  return compact && MOBILE.test(compact) ? compact : undefined;
};

type Load<T> =
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'error'; message: string }
  | { state: 'ok'; data: T };

/** `value`, once it has stayed the same for `ms`. */
function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const h = setTimeout(() => setV(value), ms);
    return () => clearTimeout(h);
  }, [value, ms]);
  return v;
}

function useAsk<T>(text: string, ask: (signal: AbortSignal) => Promise<T>, key: string): Load<T> {
  const [load, setLoad] = useState<Load<T>>({ state: 'idle' });
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` names what the request depends on
  useEffect(() => {
    if (text.trim().length < MIN_TEXT) {
      setLoad({ state: 'idle' });
      return;
    }
    const ctrl = new AbortController();
    setLoad((l) => (l.state === 'ok' ? l : { state: 'loading' }));
    ask(ctrl.signal).then(
      (data) => setLoad({ state: 'ok', data }),
      (err) => {
        if (!isAbort(err)) setLoad({ state: 'error', message: errorMessage(err) });
      },
    );
    return () => ctrl.abort();
  }, [key]);
  return load;
}

export interface ShownSuggestion {
  modelVersion: string;
  categoryKey: string;
  score: number;
}

export function IntakeAssist({
  text,
  regionCode,
  personPhone,
  categoryKey,
  onUseCategory,
  onShown,
  linkTarget,
  onLinkTarget,
}: {
  text: string;
  regionCode?: string;
  /** The person's phone as typed: their other open cases are flagged (同一人). */
  personPhone?: string;
  categoryKey?: string;
  onUseCategory: (key: string) => void;
  /** The top suggestion on screen (recorded with the case), or null. */
  onShown: (s: ShownSuggestion | null) => void;
  linkTarget: LinkTarget | null;
  onLinkTarget: (t: LinkTarget | null) => void;
}) {
  const { t } = useI18n();
  const { can } = useAuth();
  const link = useRegionLink();
  const debounced = useDebounced(text.slice(0, 20_000), DEBOUNCE_MS);
  const region = regionCode && /^\d{12}$/.test(regionCode) ? regionCode : undefined;
  // Only a complete mobile number is sent (the server compares its blind index, nothing else).
  const phone = useDebounced(mobileOf(personPhone), DEBOUNCE_MS);
  const key = JSON.stringify([debounced, region]);
  const similarKey = JSON.stringify([debounced, region, phone]);
  const suggestion = useAsk<CategorySuggestion>(
    debounced,
    (signal) => insightApi.suggestCategory({ text: debounced, regionCode: region }, signal),
    key,
  );
  const similar = useAsk<{ items: SimilarCase[]; issues?: SimilarIssue[] }>(
    debounced,
    (signal) =>
      insightApi.similarCases({ text: debounced, regionCode: region, limit: 6, personPhone: phone }, signal),
    similarKey,
  );
  const s = suggestion.state === 'ok' ? suggestion.data : null;
  const top = s?.ok ? s.suggestions?.[0] : undefined;
  useEffect(() => {
    onShown(
      s?.ok && top && s.modelVersion
        ? { modelVersion: s.modelVersion, categoryKey: top.category, score: top.score }
        : null,
    );
  }, [s, top, onShown]);
  const canLink = can('cases.triage');

  if (debounced.trim().length < MIN_TEXT) {
    return (
      <Card size="small" title={t('intake.title')} data-testid="intake-assist">
        <Typography.Text type="secondary">{t('intake.hint')}</Typography.Text>
      </Card>
    );
  }

  return (
    <Flex vertical gap={12} data-testid="intake-assist">
      <Card
        size="small"
        title={t('insights.suggestion')}
        extra={suggestion.state === 'loading' && <Spin size="small" />}
        data-testid="intake-suggestion"
      >
        {suggestion.state === 'error' && <Alert type="warning" showIcon title={suggestion.message} />}
        {suggestion.state === 'loading' && (
          <Typography.Text type="secondary">{t('intake.analysing')}</Typography.Text>
        )}
        {s && !s.ok && (
          <Typography.Text type="secondary">{s.reason || t('insights.noSuggestion')}</Typography.Text>
        )}
        {s?.ok && (
          <Flex vertical gap={8}>
            {(s.suggestions ?? []).slice(0, 3).map((x, i) => (
              <Flex key={x.category} align="center" gap={8} data-testid="intake-suggestion-item">
                <Typography.Text
                  strong={i === 0}
                  style={{ minWidth: 96 }}
                  data-testid={i === 0 ? 'intake-suggestion-category' : undefined}
                >
                  {x.name}
                </Typography.Text>
                <Progress
                  percent={Math.round(x.score * 100)}
                  size="small"
                  style={{ margin: 0, flex: 1 }}
                  status={i === 0 ? 'active' : 'normal'}
                />
                {categoryKey === x.category ? (
                  <Tag color="green" icon={<CheckOutlined />}>
                    {t('intake.used')}
                  </Tag>
                ) : (
                  <Button
                    size="small"
                    data-testid={i === 0 ? 'intake-use-category' : undefined}
                    onClick={() => onUseCategory(x.category)}
                  >
                    {t('intake.useCategory')}
                  </Button>
                )}
              </Flex>
            ))}
            <Typography.Text data-testid="intake-department">
              {t('common.pair', {
                label: t('insights.department'),
                value: s.department?.name || t('common.none'),
              })}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('common.pair', { label: t('insights.modelVersion'), value: s.modelVersion ?? '' })}
            </Typography.Text>
          </Flex>
        )}
      </Card>

      <Card
        size="small"
        title={t('insights.similar')}
        extra={similar.state === 'loading' && <Spin size="small" />}
        data-testid="intake-similar"
      >
        {linkTarget && (
          <Alert
            type="info"
            showIcon
            icon={<ApartmentOutlined />}
            style={{ marginBottom: 8 }}
            data-testid="intake-link-planned"
            title={
              linkTarget.kind === 'issue'
                ? t('intake.linkPlanned', { title: linkTarget.title })
                : t('intake.linkPlannedNew', { number: linkTarget.number })
            }
            action={
              <Button size="small" onClick={() => onLinkTarget(null)}>
                {t('intake.linkCancel')}
              </Button>
            }
          />
        )}
        {similar.state === 'error' && <Alert type="warning" showIcon title={similar.message} />}
        {similar.state === 'ok' && (similar.data.issues?.length ?? 0) > 0 && (
          <List<SimilarIssue>
            size="small"
            header={<Typography.Text strong>{t('insights.similarIssues')}</Typography.Text>}
            dataSource={similar.data.issues}
            data-testid="intake-similar-issues"
            renderItem={(i) => (
              <List.Item
                key={i.id}
                extra={
                  canLink && linkTarget?.id !== i.id && <IssueLinkButton issue={i} onPick={onLinkTarget} />
                }
              >
                <Flex vertical gap={2}>
                  <Typography.Text>
                    <ApartmentOutlined /> {t('insights.inIssue', { title: i.title, n: i.caseCount })}
                  </Typography.Text>
                  <Space size={[4, 4]} wrap>
                    <Typography.Text type="secondary">
                      {t('common.pair', {
                        label: t('insights.score'),
                        value: `${Math.round(i.score * 100)}%`,
                      })}
                    </Typography.Text>
                    {i.sharedTerms.map((term) => (
                      <Tag key={term} color="geekblue" bordered={false}>
                        {term}
                      </Tag>
                    ))}
                  </Space>
                </Flex>
              </List.Item>
            )}
          />
        )}
        {similar.state === 'ok' &&
          (similar.data.items.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('insights.similarEmpty')} />
          ) : (
            <List<SimilarCase>
              size="small"
              dataSource={similar.data.items}
              data-testid="intake-similar-list"
              renderItem={(h) => (
                <List.Item
                  key={h.id}
                  data-testid="intake-similar-item"
                  extra={
                    canLink &&
                    !(linkTarget && (linkTarget.id === h.id || linkTarget.id === h.commonIssue?.id)) && (
                      <SimilarLinkButton hit={h} onPick={onLinkTarget} />
                    )
                  }
                >
                  <Flex vertical gap={4}>
                    <Space size={8} wrap>
                      <Link to={link(`/cases/${encodeURIComponent(h.id)}`)} target="_blank">
                        <Typography.Text type="secondary">{h.number}</Typography.Text> {h.title}
                      </Link>
                      <StatusTag status={h.status} serverLabel={h.statusLabel} />
                      {h.samePerson && (
                        <Tooltip title={t('insights.samePersonHint')}>
                          <Tag color="volcano" data-testid="intake-similar-same-person">
                            {t('insights.samePerson')}
                          </Tag>
                        </Tooltip>
                      )}
                      {h.duplicate && (
                        <Tag color="red" data-testid="intake-similar-duplicate">
                          {h.duplicate === 'exact' ? t('insights.duplicate') : t('insights.nearDuplicate')}
                        </Tag>
                      )}
                    </Space>
                    <Space size={[8, 4]} wrap>
                      <Typography.Text type="secondary" data-testid="intake-similar-score">
                        {t('common.pair', {
                          label: t('insights.score'),
                          value: `${Math.round(h.score * 100)}%`,
                        })}
                      </Typography.Text>
                      <Tag color={h.sameTown ? 'blue' : 'default'}>
                        {h.sameTown ? t('insights.sameTown') : t('insights.sameCounty')}
                      </Tag>
                      {h.stationName && <Typography.Text type="secondary">{h.stationName}</Typography.Text>}
                      <Typography.Text type="secondary">{formatDate(h.registeredAt)}</Typography.Text>
                      {h.commonIssue && (
                        <Tag icon={<ApartmentOutlined />} color="purple">
                          {t('insights.inIssue', { title: h.commonIssue.title, n: h.commonIssue.caseCount })}
                        </Tag>
                      )}
                    </Space>
                    {(h.sharedTerms.length > 0 || h.places.length > 0) && (
                      <Space size={[4, 4]} wrap>
                        <Typography.Text type="secondary">{t('insights.sharedTerms')}</Typography.Text>
                        {h.sharedTerms.map((term) => (
                          <Tag key={term} color="geekblue" bordered={false}>
                            {term}
                          </Tag>
                        ))}
                        {h.places.map((p) => (
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
          ))}
      </Card>
    </Flex>
  );
}
