/**
 * @lianluo/domain: the pure rules of Lianluo. No I/O, no clock, no database: every date and
 * instant is a parameter. See README.md for the invariants and the glossary.
 */

export * from './appointments.ts';
export * from './attendance.ts';
export * from './calendar.ts';
export * from './calendar-input.ts';
export * from './case-workflow.ts';
export * from './cases.ts';
export * from './dates.ts';
export * from './holidays.ts';
export * from './masking.ts';
export * from './network.ts';
export * from './network-rules.ts';
export * from './open311.ts';
export * from './password-blocklist.ts';
export * from './passwords.ts';
export * from './public-intake.ts';
export * from './regions.ts';
export * from './roles.ts';
export * from './rota.ts';
export * from './rota-fairness.ts';
export * from './staff-notices.ts';
export * from './statutory-days.ts';
export * from './workflow-settings.ts';
