import { type Static, Type } from '@sinclair/typebox';
import { IsoDate, RegionQuery, Uuid } from '../../http/pagination.ts';
import { DeputyLevel } from '../deputies/deputies.schemas.ts';
import { literalUnion } from '../stations/stations.schemas.ts';

const Time = Type.String({ pattern: '^\\d{2}:\\d{2}$' });
const Weekday = Type.Integer({ minimum: 1, maximum: 7 });

// ---------------------------------------------------------------------------------------------
// Rules and publishing.

const Rule = Type.Union([
  Type.Object({ kind: Type.Literal('weekly'), weekday: Weekday }, { additionalProperties: false }),
  Type.Object(
    { kind: Type.Literal('monthly'), day: Type.Integer({ minimum: 1, maximum: 31 }) },
    { additionalProperties: false },
  ),
  Type.Object(
    { kind: Type.Literal('nth_weekday'), n: Type.Integer({ minimum: -1, maximum: 5 }), weekday: Weekday },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('market_days'),
      dates: Type.Optional(Type.Array(IsoDate, { maxItems: 400 })),
      lunarDigits: Type.Optional(Type.Array(Type.Integer({ minimum: 0, maximum: 9 }), { maxItems: 10 })),
      calendar: Type.Optional(Type.Union([Type.Literal('lunar'), Type.Literal('gregorian')])),
    },
    { additionalProperties: false },
  ),
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
