import { type Static, Type } from '@sinclair/typebox';

export const Region = Type.Object({ code: Type.String(), name: Type.String(), level: Type.String() });

export const RegionsQuery = Type.Object(
  { parent: Type.Optional(Type.String({ pattern: '^[0-9]{12}$' })) },
  { additionalProperties: false },
);
export type RegionsQuery = Static<typeof RegionsQuery>;

export const RegionList = Type.Object({ items: Type.Array(Region) });

export const RegionParams = Type.Object({ code: Type.String({ pattern: '^[0-9]{12}$' }) });

export const RegionsImported = Type.Object({ imported: Type.Integer() });
