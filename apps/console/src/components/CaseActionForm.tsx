/**
 * The small form each case action opens (triage, refer, reply, feedback, rate, revisit,
 * supervise, link, publish, the reasons of return / reopen / withdraw / close), with the lists
 * it offers. The body it becomes is `bodyFor`'s (case-bodies.ts).
 */
import { REPLY_KINDS, SATISFACTIONS } from '@lianluo/domain/cases';
import { Alert, Checkbox, Form, Input, Radio, Select } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import {
  api,
  type CaseDetail,
  type CategoryItem,
  type CommonIssueItem,
  type DepartmentItem,
  type DepartmentSuggestion,
  type ReplyKind,
} from '../api/index.ts';
import type { ApiBody } from '../api/openapi.ts';
import { type MessageKey, useI18n } from '../i18n.ts';
import { shanghaiToday } from '../time.ts';
import { ReplyCheck } from './ReplyCheck.tsx';

/** How the person was told (反馈方式), in the order the form offers them; the route's schema lists them. */
const FEEDBACK_CHANNELS = [
  'phone',
  'visit',
  'in_person',
  'sms',
  'wechat',
  'letter',
  'board',
] as const satisfies readonly ApiBody<'/api/cases/{id}/feedback'>['feedback']['channel'][];

/** The reply fields, shown per kind (measures, committed date, reasons, policy basis). */
function ReplyFields({ kind }: { kind: ReplyKind | undefined }) {
  const { t } = useI18n();
  const tomorrow = useMemo(() => {
    const d = new Date(`${shanghaiToday()}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 1);
    return d.toISOString().slice(0, 10);
  }, []);
  return (
    <>
      <Form.Item
        name="kind"
        label={t('reply.kind')}
        rules={[{ required: true, message: t('reply.kindRequired') }]}
      >
        <Radio.Group data-testid="reply-kind">
          {REPLY_KINDS.map((k) => (
            <Radio key={k} value={k} data-testid={`reply-kind-${k}`}>
              {t(`replyKind.${k}` as MessageKey)}
            </Radio>
          ))}
        </Radio.Group>
      </Form.Item>
      <Form.Item
        name="content"
        label={t('reply.content')}
        rules={[{ required: true, whitespace: true, message: t('reply.contentRequired') }]}
      >
        <Input.TextArea rows={4} maxLength={4000} showCount data-testid="reply-content" />
      </Form.Item>
      {(kind === 'resolved' || kind === 'will_resolve') && (
        <Form.Item
          name="measures"
          label={t(kind === 'resolved' ? 'reply.measuresTaken' : 'reply.measuresPlanned')}
          rules={[{ required: true, whitespace: true, message: t('reply.measuresRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} data-testid="reply-measures" />
        </Form.Item>
      )}
      {kind === 'will_resolve' && (
        <Form.Item
          name="committedDate"
          label={t('reply.committedDate')}
          extra={t('reply.committedDateHint')}
          rules={[{ required: true, message: t('reply.committedDateRequired') }]}
        >
          <Input type="date" min={tomorrow} style={{ width: 200 }} data-testid="reply-committed-date" />
        </Form.Item>
      )}
      {kind === 'cannot_resolve' && (
        <Form.Item
          name="reasons"
          label={t('reply.reasons')}
          rules={[{ required: true, whitespace: true, message: t('reply.reasonsRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} data-testid="reply-reasons" />
        </Form.Item>
      )}
      {(kind === 'cannot_resolve' || kind === 'explained') && (
        <Form.Item
          name="policyBasis"
          label={t('reply.policyBasis')}
          rules={[{ required: true, whitespace: true, message: t('reply.policyBasisRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} data-testid="reply-policy-basis" />
        </Form.Item>
      )}
    </>
  );
}

function useCategories(enabled: boolean) {
  const [items, setItems] = useState<CategoryItem[]>([]);
  useEffect(() => {
    if (!enabled) return;
    const ctrl = new AbortController();
    api.categories(ctrl.signal).then(
      (r) => setItems(r.items),
      () => undefined,
    );
    return () => ctrl.abort();
  }, [enabled]);
  return items;
}

/** Departments to refer to: the suggestions first, then every department in scope. */
function useReferOptions(enabled: boolean, c: CaseDetail) {
  const [suggested, setSuggested] = useState<DepartmentSuggestion[]>([]);
  const [all, setAll] = useState<DepartmentItem[]>([]);
  useEffect(() => {
    if (!enabled) return;
    const ctrl = new AbortController();
    if (c.category && c.regionCode) {
      api.departmentSuggest(c.category, c.regionCode, ctrl.signal).then(
        (r) => setSuggested(r.items ?? []),
        () => undefined, // suggestions are a help, not a requirement
      );
    }
    (async () => {
      const items: DepartmentItem[] = [];
      let cursor: string | null = null;
      do {
        const page = await api.departments({ cursor, limit: 100 }, ctrl.signal);
        items.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor && items.length < 1000);
      setAll(items);
    })().catch(() => undefined);
    return () => ctrl.abort();
  }, [enabled, c.category, c.regionCode]);
  return { suggested, all };
}

function useCommonIssues(enabled: boolean) {
  const [items, setItems] = useState<CommonIssueItem[]>([]);
  useEffect(() => {
    if (!enabled) return;
    const ctrl = new AbortController();
    api.commonIssues({}, ctrl.signal).then(
      (r) => setItems(r.items),
      () => undefined,
    );
    return () => ctrl.abort();
  }, [enabled]);
  return items;
}

export function ActionForm({ action, c }: { action: string; c: CaseDetail }) {
  const { t, label } = useI18n();
  const categories = useCategories(action === 'triage');
  const refer = useReferOptions(action === 'refer', c);
  const issues = useCommonIssues(action === 'link');
  const kind = Form.useWatch('kind') as ReplyKind | undefined;
  const lead = Form.useWatch('leadDepartmentId') as string | undefined;

  switch (action) {
    case 'triage':
      return (
        <>
          <Form.Item name="categoryKey" label={t('cases.category')}>
            <Select
              data-testid="triage-category"
              showSearch={{ optionFilterProp: 'label' }}
              allowClear
              options={categories.map((x) => ({ value: x.key, label: x.name }))}
            />
          </Form.Item>
          <Form.Item name="note" label={t('cases.note')}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </>
      );
    case 'refer': {
      const suggestedIds = new Set(refer.suggested.map((s) => s.id));
      const options = [
        ...(refer.suggested.length
          ? [
              {
                label: t('refer.suggested'),
                options: refer.suggested.map((s) => ({ value: s.id, label: s.name })),
              },
            ]
          : []),
        {
          label: t('refer.allDepartments'),
          options: refer.all
            .filter((d) => !suggestedIds.has(d.id))
            .map((d) => ({ value: d.id, label: d.name })),
        },
      ];
      const flat = [
        ...refer.suggested.map((s) => ({ value: s.id, label: s.name })),
        ...refer.all.filter((d) => !suggestedIds.has(d.id)).map((d) => ({ value: d.id, label: d.name })),
      ];
      return (
        <>
          <Form.Item
            name="leadDepartmentId"
            label={t('refer.lead')}
            rules={[{ required: true, message: t('refer.leadRequired') }]}
          >
            <Select data-testid="refer-lead" showSearch={{ optionFilterProp: 'label' }} options={options} />
          </Form.Item>
          <Form.Item name="coDepartmentIds" label={t('refer.co')}>
            <Select
              data-testid="refer-co"
              mode="multiple"
              showSearch={{ optionFilterProp: 'label' }}
              options={flat.filter((o) => o.value !== lead)}
            />
          </Form.Item>
          <Form.Item name="note" label={t('refer.requirement')}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </>
      );
    }
    case 'reply':
    case 'answer_on_site':
    case 'handle_locally':
      return (
        <>
          <ReplyFields kind={kind} />
          <ReplyCheck caseId={c.id} />
        </>
      );
    case 'feed_back':
      return (
        <>
          <Form.Item
            name="channel"
            label={t('feedback.channel')}
            rules={[{ required: true, message: t('feedback.channelRequired') }]}
          >
            <Select
              data-testid="feedback-channel"
              options={FEEDBACK_CHANNELS.map((ch) => ({
                value: ch,
                label: t(`feedbackChannel.${ch}` as MessageKey),
              }))}
            />
          </Form.Item>
          <Form.Item
            name="content"
            label={t('feedback.content')}
            rules={[{ required: true, whitespace: true, message: t('feedback.contentRequired') }]}
          >
            <Input.TextArea rows={3} maxLength={2000} data-testid="feedback-content" />
          </Form.Item>
        </>
      );
    case 'rate':
      return (
        <Form.Item
          name="satisfaction"
          label={t('rate.satisfaction')}
          rules={[{ required: true, message: t('rate.required') }]}
        >
          <Radio.Group data-testid="rate-satisfaction">
            {SATISFACTIONS.map((s) => (
              <Radio key={s} value={s} data-testid={`rate-${s}`}>
                {label('satisfaction', s)}
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
      );
    case 'revisit':
      return (
        <>
          <Form.Item
            name="content"
            label={t('revisit.content')}
            rules={[{ required: true, whitespace: true, message: t('revisit.contentRequired') }]}
          >
            <Input.TextArea rows={3} maxLength={2000} data-testid="revisit-content" />
          </Form.Item>
          <Form.Item name="resolved" valuePropName="checked">
            <Checkbox data-testid="revisit-resolved">{t('revisit.resolved')}</Checkbox>
          </Form.Item>
        </>
      );
    case 'supervise':
      return (
        <>
          <Form.Item name="level" label={t('supervise.level')} initialValue="ordinary">
            <Radio.Group data-testid="supervise-level">
              <Radio value="ordinary">{t('supervise.ordinary')}</Radio>
              <Radio value="key" data-testid="supervise-key">
                {t('supervise.key')}
              </Radio>
            </Radio.Group>
          </Form.Item>
          <Form.Item name="note" label={t('cases.note')}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </>
      );
    case 'link':
      return (
        <Form.Item
          name="commonIssueId"
          label={t('link.issue')}
          rules={[{ required: true, message: t('link.issueRequired') }]}
        >
          <Select
            data-testid="link-issue"
            showSearch={{ optionFilterProp: 'label' }}
            options={issues.map((i) => ({ value: i.id, label: i.title }))}
          />
        </Form.Item>
      );
    case 'publish':
      return (
        <>
          {!c.consentPublish && (
            <Alert type="warning" showIcon title={t('publish.noConsent')} style={{ marginBottom: 12 }} />
          )}
          <Form.Item
            name="publicText"
            label={t('publish.text')}
            extra={t('publish.hint')}
            initialValue={c.publicText ?? ''}
            rules={[{ required: true, whitespace: true, message: t('publish.textRequired') }]}
          >
            <Input.TextArea rows={5} maxLength={2000} showCount data-testid="publish-text" />
          </Form.Item>
        </>
      );
    case 'return':
    case 'reopen':
    case 'withdraw':
      return (
        <Form.Item
          name="reason"
          label={t('action.reason')}
          rules={[{ required: true, whitespace: true, message: t('action.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={1000} data-testid="action-reason" />
        </Form.Item>
      );
    case 'close':
      return (
        <Form.Item name="reason" label={t('action.reason')} extra={t('close.hint')}>
          <Input.TextArea rows={3} maxLength={1000} data-testid="action-reason" />
        </Form.Item>
      );
    default:
      return (
        <Form.Item name="note" label={t('cases.note')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      );
  }
}
