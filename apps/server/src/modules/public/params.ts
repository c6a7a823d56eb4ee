/** Reading what a public page was sent: its forms and queries are read by hand, not by a schema. */

/** A parsed query or body that is an object (a record of fields), as a type guard. */
export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** The fields of a query or body as parsed (a repeated field is an array); {} when there are none. */
export const fieldsOf = (src: unknown): Record<string, unknown> => (isRecord(src) ? src : {});

/** Query or form fields as plain strings: a repeated or missing field is ''. */
export function strings<K extends string>(src: unknown, keys: K[]): Record<K, string> {
  const o = fieldsOf(src);
  return Object.fromEntries(
    keys.map((k) => {
      const v = o[k];
      return [k, typeof v === 'string' ? v : ''];
    }),
  ) as Record<K, string>;
}

export const Uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
