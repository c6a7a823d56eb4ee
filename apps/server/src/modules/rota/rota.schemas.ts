import { type Static, Type } from '@sinclair/typebox';
import { IsoDate, literalUnion, RegionQuery, Uuid } from '../../http/pagination.ts';
import { DeputyLevel } from '../deputies/deputies.schemas.ts';

const Time = Type.String({ pattern: '^\\d{2}:\\d{2}$' });
const Weekday = Type.Integer({ minimum: 1, maximum: 7 });

// ---------------------------------------------------------------------------------------------
// Rules and publishing.

// A rule's fields per kind, in the order PostgreSQL's jsonb keeps them (shorter keys first): the
// order a stored rule is read back, and so the order the response serializes it in.
const WeeklyRule = { kind: Type.Literal('weekly'), weekday: Weekday };
const MonthlyRule = { day: Type.Integer({ minimum: 1, maximum: 31 }), kind: Type.Literal('monthly') };
const NthWeekdayRule = {
  n: Type.Integer({ minimum: -1, maximum: 5 }),
  kind: Type.Literal('nth_weekday'),
  weekday: Weekday,
};
const MarketDaysRule = {
  kind: Type.Literal('market_days'),
  dates: Type.Optional(Type.Array(IsoDate, { maxItems: 400 })),
  calendar: Type.Optional(Type.Union([Type.Literal('lunar'), Type.Literal('gregorian')])),
  lunarDigits: Type.Optional(Type.Array(Type.Integer({ minimum: 0, maximum: 9 }), { maxItems: 10 })),
};

/** A rule as the form sends it (the domain's `RotaRule`); nothing else is accepted. */
const Rule = Type.Union([
  Type.Object(WeeklyRule, { additionalProperties: false }),
  Type.Object(MonthlyRule, { additionalProperties: false }),
  Type.Object(NthWeekdayRule, { additionalProperties: false }),
  Type.Object(MarketDaysRule, { additionalProperties: false }),
]);

/** A rule as stored (written only through CreateRuleBody, so one of the same four kinds). */
const StoredRule = Type.Union([
  Type.Object(WeeklyRule),
  Type.Object(MonthlyRule),
  Type.Object(NthWeekdayRule),
  Type.Object(MarketDaysRule),
]);

export const CreateRuleBody = Type.Object(
  {
    rule: Rule,
    startTime: Time,
    endTime: Time,
    perShift: Type.Integer({ minimum: 1, maximum: 10 }),
    deputyIds: Type.Array(Uuid, { minItems: 1, maxItems: 200 }),
  },
  { additionalProperties: false },
);
/** A rule as the form sends it; the domain's `rotaRuleProblems` checks what the schema cannot. */
export type RuleInput = Static<typeof CreateRuleBody>;

export const Created = Type.Object({ id: Type.String() });
export type Created = Static<typeof Created>;

/** A station's rule as listed: the stored row, its deputies in rotation order. */
const RotaRuleItem = Type.Object({
  id: Type.String(),
  regionCode: Type.String(),
  stationId: Type.String(),
  rule: StoredRule,
  startTime: Type.String(),
  endTime: Type.String(),
  perShift: Type.Integer(),
  deputyIds: Type.Array(Type.String()),
  createdBy: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});
export type RotaRuleItem = Static<typeof RotaRuleItem>;
export const RotaRuleList = Type.Object({ items: Type.Array(RotaRuleItem) });

export const PublishBody = Type.Object({ from: IsoDate, to: IsoDate }, { additionalProperties: false });
export type PublishBody = Static<typeof PublishBody>;

export const Published = Type.Object({
  shifts: Type.Integer(),
  dates: Type.Array(Type.String()),
  warnings: Type.Array(Type.String()),
});
export type Published = Static<typeof Published>;

// ---------------------------------------------------------------------------------------------
// Shifts, swaps, check-in and the visitor register.

const ShiftDeputy = Type.Object({
  id: Type.String(),
  name: Type.String(),
  attendance: Type.String(),
  checkedInAt: Type.Union([Type.String(), Type.Null()]),
  method: Type.Union([Type.String(), Type.Null()]),
});
export const Shift = Type.Object({
  id: Type.String(),
  date: Type.String(),
  startTime: Type.String(),
  endTime: Type.String(),
  status: Type.String(),
  stationId: Type.String(),
  stationName: Type.String(),
  regionCode: Type.String(),
  deputies: Type.Array(ShiftDeputy),
});
export type Shift = Static<typeof Shift>;
export const ShiftList = Type.Object({ items: Type.Array(Shift) });

/** The shift page: the roster, swaps (换班), the visitor register with its cases, the bookings. */
export const ShiftDetail = Type.Object({
  ...Shift.properties,
  swaps: Type.Array(
    Type.Object({
      fromDeputyId: Type.String(),
      fromName: Type.String(),
      toDeputyId: Type.String(),
      toName: Type.String(),
      reason: Type.String(),
      at: Type.String(),
    }),
  ),
  receptions: Type.Array(
    Type.Object({
      id: Type.String(),
      visitorName: Type.String(),
      summary: Type.String(),
      deputyId: Type.Union([Type.String(), Type.Null()]),
      receivedAt: Type.String(),
      caseId: Type.Union([Type.String(), Type.Null()]),
      /** Cases registered from the row and the one linked to it. */
      cases: Type.Array(Type.Object({ id: Type.String(), number: Type.String(), title: Type.String() })),
      deputyName: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  /** People who booked the shift on the public page (预约), the phone masked. */
  bookings: Type.Array(
    Type.Object({
      id: Type.String(),
      reference: Type.String(),
      visitorName: Type.String(),
      phone: Type.String(),
      topic: Type.String(),
      status: Type.String(),
      createdAt: Type.String(),
    }),
  ),
});
export type ShiftDetail = Static<typeof ShiftDetail>;

export const ShiftsQuery = Type.Object(
  {
    region: RegionQuery,
    station: Type.Optional(Uuid),
    deputy: Type.Optional(Uuid),
    from: Type.Optional(IsoDate),
    to: Type.Optional(IsoDate),
  },
  { additionalProperties: false },
);
export type ShiftsQuery = Static<typeof ShiftsQuery>;

export const Ok = Type.Object({ ok: Type.Boolean() });
export type Ok = Static<typeof Ok>;

export const DeputyBody = Type.Object({ deputyId: Uuid }, { additionalProperties: false });

export const SwapBody = Type.Object(
  { fromDeputyId: Uuid, toDeputyId: Uuid, reason: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
export type SwapBody = Static<typeof SwapBody>;

export const Attendance = Type.Object({ attendance: Type.String() });
export type Attendance = Static<typeof Attendance>;

export const ReceptionBody = Type.Object(
  {
    visitorName: Type.String({ minLength: 1, maxLength: 30 }),
    visitorPhone: Type.Optional(Type.String({ pattern: '^1[3-9]\\d{9}$' })),
    summary: Type.String({ minLength: 1, maxLength: 2000 }),
    deputyId: Type.Optional(Uuid),
    caseId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export type ReceptionBody = Static<typeof ReceptionBody>;

export const LinkCaseBody = Type.Object(
  { caseId: Type.Union([Uuid, Type.Null()]) },
  { additionalProperties: false },
);

export const CheckInBody = Type.Object(
  { stationId: Uuid, token: Type.String({ maxLength: 100 }) },
  { additionalProperties: false },
);
export type CheckInBody = Static<typeof CheckInBody>;

export const CheckedIn = Type.Object({ shiftId: Type.String(), attendance: Type.String() });
export type CheckedIn = Static<typeof CheckedIn>;

export const CheckInCode = Type.Object({
  date: Type.String(),
  token: Type.String(),
  url: Type.String(),
  svg: Type.String(),
});
export type CheckInCode = Static<typeof CheckInCode>;

export const Queued = Type.Object({ queued: Type.Integer() });

export const RotaExportQuery = Type.Object(
  { from: Type.Optional(IsoDate), to: Type.Optional(IsoDate) },
  { additionalProperties: false },
);
export type RotaExportQuery = Static<typeof RotaExportQuery>;

// ---------------------------------------------------------------------------------------------
// 进站率 (attendance).

/** The periods a figure covers: a calendar month, quarter, half-year or year. */
const PERIODS = ['month', 'quarter', 'half', 'year'] as const;
export type Period = (typeof PERIODS)[number];
/** What a figure is grouped by. */
const GROUPINGS = ['level', 'town', 'station', 'deputy'] as const;
export type GroupBy = (typeof GROUPINGS)[number];

export const AttendanceQuery = Type.Object(
  {
    region: RegionQuery,
    by: Type.Optional(literalUnion(GROUPINGS)),
    period: Type.Optional(literalUnion(PERIODS)),
    at: Type.Optional(IsoDate),
    level: Type.Optional(DeputyLevel),
    town: Type.Optional(Type.String({ pattern: '^[0-9]{9}000$' })),
    station: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export type AttendanceQuery = Static<typeof AttendanceQuery>;

/** One figure: a level, town, station or deputy (`key`), its rate and its shift counts. */
const AttendanceItem = Type.Object({
  key: Type.String(),
  label: Type.String(),
  assigned: Type.Integer(),
  attendedEnough: Type.Integer(),
  /** A fraction in [0, 1]. */
  rate: Type.Number(),
  shifts: Type.Integer(),
  attendedShifts: Type.Integer(),
  lateShifts: Type.Integer(),
  absentShifts: Type.Integer(),
});
export type AttendanceItem = Static<typeof AttendanceItem>;

export const AttendanceReport = Type.Object({
  items: Type.Array(AttendanceItem),
  definition: Type.String(),
  /** The calendar period, and the last day counted (today, while the period runs). */
  period: Type.Object({ from: Type.String(), to: Type.String(), countedTo: Type.String() }),
  /** Shifts each deputy must attend in the period (never more than they were rostered for). */
  required: Type.Integer(),
  by: literalUnion(GROUPINGS),
  periodKind: literalUnion(PERIODS),
  periodLabel: Type.String(),
});
export type AttendanceReport = Static<typeof AttendanceReport>;
