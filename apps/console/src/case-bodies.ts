/**
 * The request body of each case action, built from a form's values. One function for the case
 * page's forms and the list's bulk actions, so that both send what the server's route takes
 * (a bulk 督办 once sent `{ level }`, which superviseCase refuses: it takes `{ kind }`).
 * Pure (no React, no antd), so it is tested under node.
 */
import type { ReplyKind } from '@lianluo/domain/case-replies';

type Values = Record<string, unknown>;

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** The request body of each action, from the form's values. */
export function bodyFor(action: string, v: Values): Record<string, unknown> {
  const note = str(v.note);
  switch (action) {
    case 'triage':
      return { categoryKey: str(v.categoryKey), note };
    case 'refer':
      return {
        leadDepartmentId: v.leadDepartmentId,
        coDepartmentIds: ((v.coDepartmentIds as string[] | undefined) ?? []).filter(
          (id) => id !== v.leadDepartmentId,
        ),
        note,
      };
    case 'reply':
    case 'answer_on_site':
    case 'handle_locally': {
      const kind = v.kind as ReplyKind;
      return {
        reply: {
          kind,
          content: str(v.content),
          measures: kind === 'resolved' || kind === 'will_resolve' ? str(v.measures) : undefined,
          committedDate: kind === 'will_resolve' ? str(v.committedDate) : undefined,
          reasons: kind === 'cannot_resolve' ? str(v.reasons) : undefined,
          // A refusal and an explanation both rest on a law or policy (政策依据).
          policyBasis: kind === 'cannot_resolve' || kind === 'explained' ? str(v.policyBasis) : undefined,
        },
      };
    }
    case 'feed_back':
      return { feedback: { channel: v.channel, content: str(v.content) } };
    case 'rate':
      return { satisfaction: v.satisfaction, note };
    case 'revisit':
      return { revisit: { content: str(v.content), resolved: !!v.resolved } };
    case 'supervise':
      // The form's radio is named `level` (督办 / 重点督办); the route's field is `kind`.
      return { kind: v.level ?? 'ordinary', note };
    case 'link':
      return { commonIssueId: v.commonIssueId };
    case 'publish':
      return { text: str(v.publicText) };
    case 'return':
    case 'reopen':
    case 'close':
    case 'withdraw':
      return { reason: str(v.reason) };
    default:
      return note ? { note } : {};
  }
}
