/**
 * One-click linking into a common issue (共性问题) from a list of similar cases: join the issue a
 * similar case already belongs to, or — when there is none — make one from the two cases. Used on
 * the intake form (the link is made right after registration) and on the case page.
 */
import { ApartmentOutlined } from '@ant-design/icons';
import { Button, Tooltip } from 'antd';
import { api } from '../api/index.ts';
import type { SimilarCase, SimilarIssue } from '../api/insight.ts';
import { useI18n } from '../i18n.ts';

export type LinkTarget =
  | { kind: 'issue'; id: string; title: string }
  | { kind: 'case'; id: string; number: string; title: string; regionCode: string };

/** The region a common issue of two cases belongs to: their town if they share one, else the county. */
function sharedRegion(a: string, b: string): string {
  if (a.slice(0, 9) === b.slice(0, 9)) return a.slice(0, 9).padEnd(12, '0');
  return a.slice(0, 6).padEnd(12, '0');
}

/** Links `caseId` as the target says; returns the common issue it is now in. */
export async function linkToTarget(
  c: { id: string; regionCode: string },
  target: LinkTarget,
): Promise<{ id: string; title: string }> {
  if (target.kind === 'issue') {
    await api.caseAction(c.id, 'link', { commonIssueId: target.id });
    return { id: target.id, title: target.title };
  }
  const issue = await api.createCommonIssue({
    regionCode: sharedRegion(c.regionCode, target.regionCode),
    title: target.title,
    caseIds: [target.id, c.id],
  });
  return { id: issue.id, title: issue.title };
}

/** What one click on a similar case would do, or null when it cannot join anything. */
function targetOf(hit: SimilarCase): LinkTarget | null {
  if (hit.commonIssue) return { kind: 'issue', id: hit.commonIssue.id, title: hit.commonIssue.title };
  if (hit.linkable) {
    return { kind: 'case', id: hit.id, number: hit.number, title: hit.title, regionCode: hit.regionCode };
  }
  return null;
}

export function SimilarLinkButton({
  hit,
  onPick,
  busy,
}: {
  hit: SimilarCase;
  onPick: (target: LinkTarget) => void;
  busy?: boolean;
}) {
  const { t } = useI18n();
  const target = targetOf(hit);
  if (!target) {
    return (
      <Tooltip title={t('intake.notLinkable')}>
        <Button size="small" icon={<ApartmentOutlined />} disabled>
          {t('intake.createIssue')}
        </Button>
      </Tooltip>
    );
  }
  return (
    <Button
      size="small"
      icon={<ApartmentOutlined />}
      loading={busy}
      data-testid={target.kind === 'issue' ? 'similar-join-issue' : 'similar-create-issue'}
      onClick={() => onPick(target)}
    >
      {target.kind === 'issue' ? t('intake.joinIssue') : t('intake.createIssue')}
    </Button>
  );
}

export function IssueLinkButton({
  issue,
  onPick,
  busy,
}: {
  issue: SimilarIssue;
  onPick: (target: LinkTarget) => void;
  busy?: boolean;
}) {
  const { t } = useI18n();
  return (
    <Button
      size="small"
      type="primary"
      ghost
      icon={<ApartmentOutlined />}
      loading={busy}
      data-testid="similar-link-issue"
      onClick={() => onPick({ kind: 'issue', id: issue.id, title: issue.title })}
    >
      {t('intake.linkIssue')}
    </Button>
  );
}
