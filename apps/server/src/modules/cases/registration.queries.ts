// The intake's SQL: the reference rows an intake names, and the one statement that writes a case.
import { sql, type WithSubquery } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { perDatabase } from '../../db/per-database.ts';
import {
  caseDeputies,
  caseEvents,
  cases,
  categories,
  deputies,
  idempotencyKeys,
  receptions,
  stations,
} from '../../db/schema/index.ts';

export interface IntakeReferences {
  category: string | null;
  station: { regionCode: string; name: string } | null;
  reception: boolean;
  deputies: { id: string; name: string }[];
}

/** Reference rows an intake names, read in one round trip (intake is the busiest write). */
export async function readReferences(
  db: Db,
  input: { categoryKey?: string | null; stationId?: string | null; receptionId?: string | null },
  deputyIds: string[],
): Promise<IntakeReferences> {
  const res = (await db.execute(sql`select
    (select name from ${categories} where key = ${input.categoryKey ?? null}) as category,
    (select json_build_object('regionCode', region_code, 'name', name) from ${stations}
      where id = ${input.stationId ?? null}::uuid) as station,
    exists (select 1 from ${receptions} where id = ${input.receptionId ?? null}::uuid
      and station_id = ${input.stationId ?? null}::uuid) as reception,
    (select coalesce(json_agg(json_build_object('id', id, 'name', name)), '[]'::json) from ${deputies}
      where id = any(${`{${deputyIds.join(',')}}`}::uuid[])) as deputies`)) as {
    rows: {
      category: string | null;
      station: { regionCode: string; name: string } | string | null;
      reception: boolean;
      deputies: { id: string; name: string }[] | string;
    }[];
  };
  const r = res.rows[0]!;
  // json columns arrive parsed from node-postgres and PGlite alike; accept text just in case.
  const parse = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);
  return {
    category: r.category,
    station: r.station === null ? null : parse(r.station),
    reception: r.reception,
    deputies: parse(r.deputies),
  };
}

/** Values of the intake statement, by placeholder name (deputies as deputy0, deputy1, …). */
export type IntakeParams = Record<string, unknown>;

/**
 * The case, its registration event, its deputies and the caller's Idempotency-Key row in one
 * statement: intake costs one round trip. Every value is a placeholder, so the same text serves
 * every case and can be prepared.
 */
function intakeStatement(db: Db, withKey: boolean, deputies: number) {
  const p = sql.placeholder;
  const withs: WithSubquery[] = [
    db.$with('registered_event').as(
      db
        .insert(caseEvents)
        .values({
          caseId: p('id'),
          regionCode: p('regionCode'),
          seq: 1,
          at: p('at'),
          actorId: p('actorId'),
          actorName: p('actorName'),
          action: 'register',
          fromStatus: null,
          toStatus: 'registered',
          payload: p('eventPayload'),
        })
        .returning({ id: caseEvents.id }),
    ),
  ];
  if (deputies > 0) {
    withs.push(
      db.$with('case_deputy_rows').as(
        db
          .insert(caseDeputies)
          .values(
            Array.from({ length: deputies }, (_, i) => ({
              caseId: p('id'),
              deputyId: p(`deputy${i}`),
              regionCode: p('regionCode'),
            })),
          )
          .returning({ id: caseDeputies.caseId }),
      ),
    );
  }
  if (withKey) {
    withs.push(
      db.$with('idempotency_row').as(
        db
          .insert(idempotencyKeys)
          .values({
            actorId: p('keyActorId'),
            key: p('key'),
            route: p('keyRoute'),
            requestHash: p('keyRequestHash'),
            status: 200,
            response: p('keyResponse'),
            createdAt: p('at'),
          })
          .returning({ id: idempotencyKeys.actorId }),
      ),
    );
  }
  return db
    .with(...withs)
    .insert(cases)
    .values({
      id: p('id'),
      // From the county's yearly sequence: nextval takes no lock, so intakes never queue.
      number: sql`${p('numberPrefix')}::text || lpad(nextval(${p('sequence')}::text::regclass)::text, 6, '0')`,
      regionCode: p('regionCode'),
      stationId: p('stationId'),
      receptionId: p('receptionId'),
      channel: p('channel'),
      categoryKey: p('categoryKey'),
      title: p('title'),
      content: p('content'),
      searchTokens: p('searchTokens'),
      status: 'registered',
      urgency: p('urgency'),
      level: p('level'),
      personNameMasked: p('personNameMasked'),
      personNameCipher: p('personNameCipher'),
      personPhoneMasked: p('personPhoneMasked'),
      personPhoneCipher: p('personPhoneCipher'),
      personPhoneIndex: p('personPhoneIndex'),
      idNumberMasked: p('idNumberMasked'),
      idNumberCipher: p('idNumberCipher'),
      addressMasked: p('addressMasked'),
      addressCipher: p('addressCipher'),
      latitude: p('latitude'),
      longitude: p('longitude'),
      anonymous: p('anonymous'),
      consentPublish: p('consentPublish'),
      registeredAt: p('at'),
      lastSeq: 1,
      createdBy: p('actorId'),
    })
    .returning();
}

// Prepared once per database and per shape (with or without an Idempotency-Key row).
const preparedIntakes = perDatabase((db) => ({
  keyed: intakeStatement(db, true, 0).prepare('register_case_keyed'),
  plain: intakeStatement(db, false, 0).prepare('register_case'),
}));

/**
 * Runs the intake statement. The busiest write: prepared once per connection when it can be (the
 * top-level database `root`, no deputies to list), so neither we nor PostgreSQL build and plan it
 * again for every case.
 */
export async function insertIntake(
  root: Db,
  db: Db,
  params: IntakeParams,
  shape: { withKey: boolean; deputies: number },
) {
  const [row] =
    db === root && shape.deputies === 0
      ? await preparedIntakes(db)[shape.withKey ? 'keyed' : 'plain'].execute(params)
      : await intakeStatement(db, shape.withKey, shape.deputies).execute(params);
  return row!;
}
