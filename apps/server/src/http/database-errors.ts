/**
 * Database errors as problems.ts sees them. Drizzle wraps the driver's error (`DrizzleQueryError`,
 * the PostgreSQL error in `cause`) and writes the query's parameters — case text, names, phone
 * numbers — into its message and a `params` property, so neither the SQLSTATE is on the error
 * itself nor may the error be logged as it is.
 */

/** The driver's error (PGlite and node-postgres alike) somewhere in the cause chain. */
interface PgErrorFields {
  code: string;
  constraint?: unknown;
  table?: unknown;
  column?: unknown;
  message?: unknown;
}

// Classes are two digits, or F0, HV, P0, XX: not a Node error code such as EPIPE.
const SQLSTATE = /^(?:[0-9]{2}|F0|HV|P0|XX)[0-9A-Z]{3}$/;

/** Follows `cause` (a few links deep) to the first error carrying a SQLSTATE. */
export function pgErrorOf(err: unknown): PgErrorFields | null {
  let e: unknown = err;
  for (let depth = 0; depth < 5 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && SQLSTATE.test(code)) return e as PgErrorFields;
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

/** The message with every quoted part taken out: PostgreSQL quotes the offending value there. */
const redact = (message: unknown) =>
  typeof message === 'string' ? message.replace(/"[^"]*"/g, '"…"').slice(0, 300) : undefined;

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** Stack frames only: the first lines of `stack` repeat the message, parameters and all. */
const frames = (stack: unknown) =>
  typeof stack === 'string'
    ? stack
        .split('\n')
        .filter((l) => l.startsWith('    at '))
        .slice(0, 15)
        .join('\n')
    : undefined;

/**
 * What the log may keep of an error that came out of a query: SQLSTATE, constraint, table and
 * column, PostgreSQL's message without the quoted values, the SQL text (placeholders only: raw SQL
 * here inlines nothing but domain lists) and the stack frames. Never `params`, never `detail`
 * (`Key (…)=(value) already exists`), never Drizzle's message. Null for an error with no query or
 * SQLSTATE in it: that one is logged as it is.
 */
export function loggableDatabaseError(err: unknown): Record<string, unknown> | null {
  const pgErr = pgErrorOf(err);
  let query: string | undefined;
  for (let e: unknown = err, depth = 0; depth < 5 && e && typeof e === 'object'; depth++) {
    query ??= str((e as { query?: unknown }).query);
    e = (e as { cause?: unknown }).cause;
  }
  if (!pgErr && query === undefined) return null;
  return {
    type: (err as object).constructor?.name ?? 'Error',
    sqlState: pgErr?.code,
    constraint: str(pgErr?.constraint),
    table: str(pgErr?.table),
    column: str(pgErr?.column),
    message: redact(pgErr?.message) ?? 'query failed',
    query: query?.slice(0, 1000),
    stack: frames((err as { stack?: unknown }).stack),
  };
}
