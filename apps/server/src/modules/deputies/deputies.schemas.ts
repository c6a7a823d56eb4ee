import { DEPUTY_LEVELS } from '@lianluo/domain';
import { type Static, Type } from '@sinclair/typebox';
import { literalUnion, PageQuery, RegionQuery, Uuid } from '../../http/pagination.ts';

export const DeputyLevel = literalUnion(DEPUTY_LEVELS);

export const DeputyItem = Type.Object({
  id: Type.String(),
  name: Type.String(),
  gender: Type.String(),
  level: Type.String(),
  levelLabel: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  constituency: Type.String(),
  occupation: Type.String(),
  leadingCadre: Type.Boolean(),
  stations: Type.Array(Type.String()),
});
export type DeputyItem = Static<typeof DeputyItem>;

export const DeputyDetail = Type.Intersect([
  DeputyItem,
  Type.Object({
    bio: Type.String(),
    stationList: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), role: Type.String() })),
  }),
]);
export type DeputyDetail = Static<typeof DeputyDetail>;

export const ListDeputiesQuery = Type.Object(
  {
    region: RegionQuery,
    level: Type.Optional(DeputyLevel),
    station: Type.Optional(Uuid),
    q: Type.Optional(Type.String({ maxLength: 50 })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type ListDeputiesQuery = Static<typeof ListDeputiesQuery>;

export const SetStationsBody = Type.Object(
  {
    stations: Type.Array(
      Type.Object(
        { stationId: Uuid, role: Type.Union([Type.Literal('member'), Type.Literal('leader')]) },
        { additionalProperties: false },
      ),
      { maxItems: 10 },
    ),
  },
  { additionalProperties: false },
);
export type StationLink = Static<typeof SetStationsBody>['stations'][number];

export const Ok = Type.Object({ ok: Type.Boolean() });
export type Ok = Static<typeof Ok>;

export const Imported = Type.Object({ imported: Type.Integer() });
export type Imported = Static<typeof Imported>;

export const RegionQueryString = Type.Object({ region: RegionQuery }, { additionalProperties: false });

export const QrQuery = Type.Object(
  { format: Type.Optional(Type.Union([Type.Literal('svg'), Type.Literal('png')])) },
  { additionalProperties: false },
);
export type QrFormat = NonNullable<Static<typeof QrQuery>['format']>;
