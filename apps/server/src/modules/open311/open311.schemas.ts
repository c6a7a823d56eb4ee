import { type Static, Type } from '@sinclair/typebox';
import { Page, PageQuery } from '../../http/pagination.ts';

/** An API key as the console lists it: never the key or its hash. */
export const KeyItem = Type.Object({
  id: Type.String(),
  name: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  keyPrefix: Type.String({ description: '密钥开头几位，便于辨认；不能用来调用' }),
  createdAt: Type.String({ format: 'date-time' }),
  createdByName: Type.Union([Type.String(), Type.Null()]),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type KeyItem = Static<typeof KeyItem>;

// No ?region= narrowing: keys are few, and the list is the caller's whole scope.
export const KeyListQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });
export type KeyListQuery = Static<typeof KeyListQuery>;

export const KeyPage = Page(KeyItem);

export const IssueKeyBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 60, description: '使用方，如“市12345热线”' }),
    regionCode: Type.Optional(Type.String({ pattern: '^[0-9]{12}$', description: '密钥所属辖区' })),
  },
  { additionalProperties: false },
);
export type IssueKeyBody = Static<typeof IssueKeyBody>;

export const IssuedKey = Type.Object({ key: KeyItem, secret: Type.String() });

/** `:file` of a GeoReport resource: `<id>.json` or `<id>.xml` (split by the handler, 404 otherwise). */
export const FileParams = Type.Object({ file: Type.String() });
