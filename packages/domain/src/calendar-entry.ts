/** One day that differs from the Monday–Friday rule, as published in the State Council notice. */
export type CalendarEntry = {
  /** `YYYY-MM-DD`. */
  date: string;
  /** `holiday`: a day off (放假); `workday`: a weekend day worked in exchange (调休上班). */
  kind: 'holiday' | 'workday';
  /** The festival it belongs to, e.g. `春节`. */
  name: string;
};
