import { STATION_GRADES, STATION_KINDS } from '@lianluo/domain';
import { type Static, Type } from '@sinclair/typebox';
import { literalUnion, PageQuery, RegionQuery, Uuid } from '../../http/pagination.ts';

export const StationItem = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  kindLabel: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  address: Type.String(),
  grade: Type.String(),
  gradeLabel: Type.String(),
  deputyCount: Type.Integer(),
});
export type StationItem = Static<typeof StationItem>;

export const StationDetail = Type.Intersect([
  StationItem,
  Type.Object({
    openingHours: Type.String(),
    latitude: Type.Union([Type.Number(), Type.Null()]),
    longitude: Type.Union([Type.Number(), Type.Null()]),
    deputies: Type.Array(
      Type.Object({
        id: Type.String(),
        name: Type.String(),
        level: Type.String(),
        levelLabel: Type.String(),
        role: Type.String(),
      }),
    ),
  }),
]);
export type StationDetail = Static<typeof StationDetail>;

/** The station's standardisation checklist: items with their evidence, completion, assessments. */
export const StationChecklist = Type.Object({
  template: Type.Object({ id: Type.String(), key: Type.String(), name: Type.String() }),
  /** Items with evidence of all items; `rate` a fraction in [0, 1]. */
  completion: Type.Object({ done: Type.Integer(), total: Type.Integer(), rate: Type.Number() }),
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      position: Type.Integer(),
      text: Type.String(),
      evidence: Type.Array(
        Type.Object({
          id: Type.String(),
          note: Type.String(),
          fileName: Type.Union([Type.String(), Type.Null()]),
          /** The kind sniffed at upload (png, jpeg, pdf), null without a file. */
          fileType: Type.Union([Type.String(), Type.Null()]),
          hasFile: Type.Boolean(),
          recordedByName: Type.String(),
          recordedAt: Type.String(),
        }),
      ),
    }),
  ),
  /** Newest first; the station's grade is the first one's. */
  assessments: Type.Array(
    Type.Object({
      id: Type.String(),
      grade: Type.String(),
      note: Type.String(),
      assessedByName: Type.String(),
      assessedAt: Type.String(),
    }),
  ),
});
export type StationChecklist = Static<typeof StationChecklist>;

/** A checklist template (七有, 十有 or a county's variant) with its items in order. */
const ChecklistTemplate = Type.Object({
  id: Type.String(),
  key: Type.String(),
  name: Type.String(),
  items: Type.Array(Type.Object({ id: Type.String(), text: Type.String() })),
});
export type ChecklistTemplate = Static<typeof ChecklistTemplate>;
export const ChecklistTemplateList = Type.Object({ items: Type.Array(ChecklistTemplate) });

export const ListStationsQuery = Type.Object(
  {
    region: RegionQuery,
    kind: Type.Optional(literalUnion(STATION_KINDS)),
    q: Type.Optional(Type.String({ maxLength: 50 })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type ListStationsQuery = Static<typeof ListStationsQuery>;

const StationFields = {
  name: Type.Optional(Type.String({ maxLength: 60 })),
  address: Type.Optional(Type.String({ maxLength: 200 })),
  latitude: Type.Optional(Type.Union([Type.Number({ minimum: -90, maximum: 90 }), Type.Null()])),
  longitude: Type.Optional(Type.Union([Type.Number({ minimum: -180, maximum: 180 }), Type.Null()])),
  openingHours: Type.Optional(Type.String({ maxLength: 100 })),
  headUserId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  officerUserId: Type.Optional(Type.Union([Uuid, Type.Null()])),
};

export const CreateStationBody = Type.Object(
  {
    kind: literalUnion(STATION_KINDS),
    regionCode: Type.String({ pattern: '^[0-9]{12}$' }),
    checklistKey: Type.Optional(Type.String({ maxLength: 30 })),
    ...StationFields,
  },
  { additionalProperties: false },
);
export type CreateStationBody = Static<typeof CreateStationBody>;

export const UpdateStationBody = Type.Object(StationFields, { additionalProperties: false });
export type UpdateStationBody = Static<typeof UpdateStationBody>;

export const Created = Type.Object({ id: Type.String() });
export type Created = Static<typeof Created>;

export const AssessBody = Type.Object(
  {
    grade: literalUnion(STATION_GRADES),
    note: Type.String({ maxLength: 500 }),
  },
  { additionalProperties: false },
);
export type AssessBody = Static<typeof AssessBody>;

export const SummaryQuery = Type.Object({ region: RegionQuery }, { additionalProperties: false });

export const TemplateBody = Type.Object(
  {
    key: Type.String({ pattern: '^[a-z0-9_-]{1,30}$' }),
    name: Type.String({ minLength: 1, maxLength: 30 }),
    items: Type.Array(
      Type.Object(
        { id: Type.Optional(Uuid), text: Type.String({ minLength: 1, maxLength: 60 }) },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 30 },
    ),
  },
  { additionalProperties: false },
);
export type TemplateBody = Static<typeof TemplateBody>;
