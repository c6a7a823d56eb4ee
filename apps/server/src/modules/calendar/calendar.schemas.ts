import { type Static, Type } from '@sinclair/typebox';

const CalendarKind = Type.Union([Type.Literal('holiday'), Type.Literal('workday')]);
// Shape only: calendar.service.ts checks that each day exists and names the bad one in its
// per-line problems (the 节假日安排 page shows them), which Ajv's date format would not.
const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

export const CalendarDay = Type.Object(
  { date: IsoDate, kind: CalendarKind, name: Type.String({ minLength: 1, maxLength: 40 }) },
  { additionalProperties: false },
);
export type CalendarDay = Static<typeof CalendarDay>;

export const CalendarYear = Type.Object({
  year: Type.Integer(),
  holidays: Type.Integer(),
  workdays: Type.Integer(),
  complete: Type.Boolean(),
  missing: Type.Array(IsoDate),
});
export type CalendarYear = Static<typeof CalendarYear>;

export const CalendarStatus = Type.Object({
  today: IsoDate,
  years: Type.Array(CalendarYear),
  warnings: Type.Array(
    Type.Object({
      year: Type.Integer(),
      reason: Type.Union([Type.Literal('current_year'), Type.Literal('next_year')]),
      message: Type.String(),
    }),
  ),
});
export type CalendarStatus = Static<typeof CalendarStatus>;

export const ListDaysQuery = Type.Object(
  { year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) },
  { additionalProperties: false },
);
export const DayList = Type.Object({ items: Type.Array(CalendarDay) });

export const AddDaysBody = Type.Object(
  { days: Type.Array(CalendarDay, { minItems: 1, maxItems: 400 }) },
  { additionalProperties: false },
);
export type AddDaysBody = Static<typeof AddDaysBody>;
export const Added = Type.Object({ added: Type.Integer() });
export type Added = Static<typeof Added>;

export const DateParams = Type.Object({ date: IsoDate }, { additionalProperties: false });
