import type { CategoryKey, DepartmentKey } from './county.ts';

/** The four kinds of department reply (see DESIGN: resolved / will resolve / cannot / explained). */
interface CaseReplies {
  /** 已解决: what was done. */
  resolved: string;
  /** 正在解决/计划解决: the answer, the measures, and the committed time in calendar days. */
  will_resolve: { text: string; measures: string; days: number };
  /** 因条件限制无法解决: the answer, the reasons and the rule behind them. */
  cannot_resolve: { text: string; reasons: string; policyBasis: string };
  /** 解释说明: a policy answer. */
  explained: { text: string; policyBasis: string };
}

/**
 * One kind of opinion as a liaison officer writes it down. `title` and `content` may hold the
 * placeholders {village} (full name, e.g. 石桥村 or 枫林社区), {town} (e.g. 青石镇), {road}, {place}
 * and {n} (a small count, 3–40, always followed by a counter word such as 户 or 名); fill them
 * with fillTemplate. Replies hold no placeholders.
 */
export interface CaseTemplate {
  category: CategoryKey;
  title: string;
  content: string;
  replies: CaseReplies;
  /** Lead department (主办); when absent, the category's first department. */
  lead?: DepartmentKey;
  /** Co-handling departments (协办). */
  co?: DepartmentKey[];
  /** Where the opinion is typical: a village ('rural'), a community ('urban'); absent = either. */
  setting?: 'rural' | 'urban';
}
