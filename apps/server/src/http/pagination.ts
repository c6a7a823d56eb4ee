import { type TLiteral, type TSchema, type TUnion, Type } from '@sinclair/typebox';
import { AppError } from '../core/errors.ts';

/**
 * Opaque keyset cursors: base64url JSON of the last row's sort key. A cursor carries no scope of
 * its own — queries apply the caller's scope again — so a forged or replayed cursor leaks nothing.
 */
function encodeCursor(key: (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/**
 * What each member of a cursor must be, checked here so a forged cursor is a 400 and never a
 * value the database refuses (a 500): `integer` a safe positive integer (bigint ids), `uuid` a
 * UUID, `timestamp` an instant as toISOString writes it, `string` up to 100 characters.
 */
type CursorMember = 'string' | 'integer' | 'uuid' | 'timestamp';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function isMember(v: unknown, kind: CursorMember): boolean {
  switch (kind) {
    case 'integer':
      return Number.isSafeInteger(v) && (v as number) >= 0;
    case 'uuid':
      return typeof v === 'string' && UUID.test(v);
    case 'timestamp': {
      if (typeof v !== 'string' || !ISO_INSTANT.test(v)) return false;
      const t = Date.parse(v);
      return !Number.isNaN(t) && new Date(t).toISOString() === v;
    }
    case 'string':
      return typeof v === 'string' && v.length <= 100 && !v.includes('\u0000');
  }
}

export function decodeCursor(cursor: string | undefined, shape: CursorMember[]): (string | number)[] | null {
  if (!cursor) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new AppError('bad_cursor');
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== shape.length ||
    !parsed.every((v, i) => isMember(v, shape[i]!))
  ) {
    throw new AppError('bad_cursor');
  }
  return parsed as (string | number)[];
}

export const PageQuery = {
  cursor: Type.Optional(Type.String({ maxLength: 400, pattern: '^[A-Za-z0-9_-]*$' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
};

export const RegionQuery = Type.Optional(
  Type.String({ pattern: '^[0-9]{12}$', description: '12位区划代码' }),
);

export const Page = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) });

/** Takes limit+1 rows so the presence of a next page costs no count query. */
export function page<T>(rows: T[], limit: number, keyOf: (row: T) => (string | number)[]) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    requestId: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);

export const Uuid = Type.String({ format: 'uuid' });
/** A calendar day: the pattern says the shape, the format (Ajv's full mode) that the day exists. */
export const IsoDate = Type.String({ format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
export const IdParams = Type.Object({ id: Uuid });

/**
 * `Type.Union(values.map(Type.Literal))`, typed as the list's members: the type provider infers a
 * union only from a tuple of members, and `.map` gives an array (the JSON Schema is the same).
 */
export const literalUnion = <const T extends readonly string[]>(values: T) =>
  Type.Union(values.map((v) => Type.Literal(v))) as TUnion<[TLiteral<T[number]>]>;
