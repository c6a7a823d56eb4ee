/**
 * The demo county (清溪县): a year of plausible history, written through the same services the
 * application uses — shifts are published and checked in by the rota service, every case walks
 * the lifecycle through transitionCase — so the demo obeys every rule the product does.
 *
 * Deterministic: the same seed gives the same county. The history is anchored to the day the
 * demo is generated (it ends "now"), so this month's receptions and overdue cases are real.
 */
import {
  addDays,
  type CaseAction,
  type HolidayCalendar,
  publicTextProblem,
  REPLY_ACTIONS,
  type StationKind,
  shanghaiDate,
} from '@lianluo/domain';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Deps } from '../core/context.ts';
import type { Db } from '../db/client.ts';
import {
  caseEvents,
  cases,
  categories,
  departments,
  deputies,
  deputyStations,
  regions,
  routingRules,
  stations,
  users,
} from '../db/schema/index.ts';
import { sqlList } from '../db/sql-lists.ts';
import { hashPassword } from '../modules/auth/passwords.ts';
import { publishCase } from '../modules/cases/facts.ts';
import { registerCase } from '../modules/cases/registration.ts';
import { timerEffect } from '../modules/cases/timer-effects.ts';
import { claimDueTimers, completeTimer } from '../modules/cases/timers.ts';
import { type TransitionInput, transitionCase } from '../modules/cases/transitions/index.ts';
import { dispatchOnce } from '../modules/notify/notify.service.ts';
import { checkIn, markAbsent, publishShifts, recordReception } from '../modules/rota/rota.service.ts';
import {
  CASE_TEMPLATES,
  CATEGORIES,
  type CaseTemplate,
  DEMO_COUNTY,
  DEMO_TOWNS,
  DEPARTMENTS,
  FLAGSHIP_TEMPLATE,
  fillTemplate,
  INDUSTRY_POINTS,
  PLACES,
  pickPerson,
  pickProfession,
  ROADS,
} from './corpus/index.ts';
import { between, pick, seededRandom, weighted } from './random.ts';
import { planRota } from './rota-plan.ts';

const DEMO_SEED = 20261125;
/** One password for every demo account; it meets the password policy. Never use it in production. */
export const DEMO_PASSWORD = 'Qingxi#Demo2026';

const DEMO_PROVINCE = { code: '430000000000', name: '湖南省' };
const DEMO_CITY = { code: '439900000000', name: '云州市' };

/** The county and town whose accounts the demo hands out; town2 is a neighbour for isolation. */
const DEMO_TOWN_INDEX = 4;
const DEMO_TOWN2_INDEX = 5;

/** The village point whose liaison officer and deputy the demo accounts are. */
function demoVillage() {
  const town = DEMO_TOWNS[DEMO_TOWN_INDEX]!;
  return town.villages.find((v) => v.kind === 'village') ?? town.villages[0]!;
}

export interface DemoAccount {
  username: string;
  label: string;
}

interface Station {
  id: string;
  regionCode: string;
  kind: StationKind;
  name: string;
  townCode: string;
}

interface Deputy {
  id: string;
  level: 'county' | 'town';
  regionCode: string;
  townCode: string;
  diligent: boolean;
}

const SYSTEM = { id: null, name: '系统' };

export async function isSeeded(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(regions);
  return (row?.n ?? 0) > 0;
}

/** Seeds the demo county on an empty database; returns the demo accounts to print. */
export async function ensureDemo(deps: Omit<Deps, 'log'>, log?: FastifyBaseLogger) {
  if (!(await isSeeded(deps.db))) {
    log?.info('empty database: generating the demo county (清溪县), about a minute on first start');
    const t0 = Date.now();
    await seedDemo(deps, (msg) => log?.info(msg));
    log?.info({ ms: Date.now() - t0 }, 'demo county ready');
  }
  const [demo] = await deps.db.select({ id: users.id }).from(users).where(eq(users.username, 'county'));
  return { accounts: demo ? demoAccounts() : [] };
}

export function demoAccounts(): DemoAccount[] {
  const town = DEMO_TOWNS[DEMO_TOWN_INDEX]!;
  const town2 = DEMO_TOWNS[DEMO_TOWN2_INDEX]!;
  const village = demoVillage();
  return [
    { username: 'admin', label: '平台管理员 Platform administrator' },
    { username: 'county', label: `县人大常委会代表工委 County liaison office (${DEMO_COUNTY.name})` },
    { username: 'town', label: `乡镇人大主席团 Town congress office (${town.name})` },
    { username: 'town2', label: `乡镇人大主席团 Town congress office (${town2.name})` },
    { username: 'station', label: `联络员 Liaison officer (${village.name}联络点)` },
    { username: 'deputy', label: `人大代表 Deputy (${village.name}联络点)` },
    { username: 'ecology', label: '承办单位经办人 Department handler (生态环境)' },
    { username: 'water', label: '承办单位经办人 Department handler (水利局)' },
  ];
}

export async function seedDemo(
  deps: Omit<Deps, 'log'>,
  progress: (msg: string) => void = () => {},
): Promise<void> {
  const rand = seededRandom(DEMO_SEED);
  const now = deps.now();
  const today = shanghaiDate(now);
  const cal = await deps.calendar();
  const db = deps.db;

  const { stationList, deputyList, departmentIds } = await db.transaction(async (tx) => {
    await seedRegions(tx);
    const departmentIds = await seedDepartments(tx);
    const stationList = await seedStations(tx, rand);
    const deputyList = await seedDeputies(tx, rand, stationList);
    return { stationList, deputyList, departmentIds };
  });

  let t = Date.now();
  const lap = (what: string) => {
    progress(`demo: ${what} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
    t = Date.now();
  };
  lap('regions, departments, stations and deputies');
  const shifts = await seedRota(db, rand, cal, stationList, deputyList, today);
  lap(`${shifts.length} reception shifts and check-ins`);
  await seedAccounts(db, stationList, deputyList, departmentIds);
  await seedCases(deps, rand, cal, stationList, shifts, departmentIds, now);
  lap('receptions and cases with their history');
  const fired = await fireTimersOfThePast(deps, now);
  lap(`${fired} deadline timers fired at their own times, the notices of the past sent (log)`);
}

/**
 * The history above was written faster than it happened: the deadline timers a running system
 * would have fired along the way (warnings, overdue marks, escalations, rating timeouts) are due.
 * Fire them here, each at its own time, as the worker would have — not all at the demo's first
 * start, stamped with that moment and holding the embedded database for seconds. Then the
 * notices of the past go through the log provider, so a gateway configured later is not handed a
 * year of old messages.
 */
async function fireTimersOfThePast(deps: Omit<Deps, 'log'>, now: Date): Promise<number> {
  const effect = timerEffect(deps);
  const worker = 'demo-generator';
  let fired = 0;
  for (;;) {
    const due = await claimDueTimers(deps.db, worker, now, { batch: 50, leaseMs: 3_600_000 });
    if (due.length === 0) break;
    for (const timer of due) {
      // Never before the case's latest event: its timeline stays in order.
      const [last] = await deps.db
        .select({ at: sql<Date>`max(${caseEvents.at})` })
        .from(caseEvents)
        .where(eq(caseEvents.caseId, timer.caseId));
      const latest = last?.at ? new Date(last.at).getTime() : 0;
      const at = new Date(Math.max(timer.fireAt.getTime(), latest));
      if (await completeTimer({ ...deps, now: () => at }, worker, timer, effect)) fired++;
    }
  }
  const decrypt = (v: string) => deps.crypto.decrypt(v);
  while ((await dispatchOnce(deps.db, {}, now, { batch: 200, decrypt })).sent > 0) {}
  return fired;
}

async function seedRegions(db: Db) {
  const rows = [
    { ...DEMO_PROVINCE, level: 'province', parentCode: null },
    { ...DEMO_CITY, level: 'city', parentCode: DEMO_PROVINCE.code },
    { code: DEMO_COUNTY.code, name: DEMO_COUNTY.name, level: 'county', parentCode: DEMO_CITY.code },
    ...DEMO_TOWNS.flatMap((t) => [
      { code: t.code, name: t.name, level: 'town', parentCode: DEMO_COUNTY.code },
      ...t.villages.map((v) => ({ code: v.code, name: v.name, level: 'village', parentCode: t.code })),
    ]),
  ];
  await db.insert(regions).values(rows);
}

async function seedDepartments(db: Db): Promise<Map<string, string>> {
  await db.insert(categories).values(CATEGORIES.map((c) => ({ key: c.key, name: c.name })));
  const inserted = await db
    .insert(departments)
    .values(
      DEPARTMENTS.map((d) => ({
        regionCode: DEMO_COUNTY.code,
        name: d.name,
        shortName: d.shortName,
        kind: d.kind,
        level: d.level,
      })),
    )
    .returning({ id: departments.id, name: departments.name });
  const ids = new Map(DEPARTMENTS.map((d, i) => [d.key as string, inserted[i]!.id]));
  // The county-wide routing table: the category's first department leads.
  await db.insert(routingRules).values(
    CATEGORIES.map((c) => ({
      categoryKey: c.key,
      regionCode: DEMO_COUNTY.code,
      departmentId: ids.get(c.departmentKeys[0]!)!,
    })),
  );
  return ids;
}

const HOURS = [
  '周一至周五 8:30-12:00，14:30-17:30',
  '每周一上午 9:00-11:30 接待日',
  '每月15日 9:00-11:30 接待日',
];

async function seedStations(db: Db, rand: () => number): Promise<Station[]> {
  const specs: Omit<Station, 'id'>[] = [
    {
      regionCode: DEMO_COUNTY.code,
      kind: 'general',
      name: `${DEMO_COUNTY.name}人大代表联络总站`,
      townCode: DEMO_TOWNS[0]!.code,
    },
    ...DEMO_TOWNS.map((t) => ({
      regionCode: t.code,
      kind: 'town' as const,
      name: `${t.name}人大代表联络站`,
      townCode: t.code,
    })),
    ...DEMO_TOWNS.flatMap((t) =>
      t.villages.map((v) => ({
        regionCode: v.code,
        kind: 'village' as const,
        name: `${v.name}人大代表联络点`,
        townCode: t.code,
      })),
    ),
    ...INDUSTRY_POINTS.map((p) => ({
      regionCode: p.townCode,
      kind: 'industry' as const,
      name: p.name,
      townCode: p.townCode,
    })),
  ];
  const townName = new Map(DEMO_TOWNS.map((t) => [t.code, t.name]));
  const inserted = await db
    .insert(stations)
    .values(
      specs.map((s) => ({
        regionCode: s.regionCode,
        kind: s.kind,
        name: s.name,
        address: `${DEMO_COUNTY.name}${townName.get(s.townCode) ?? ''}${s.kind === 'village' ? s.name.replace('人大代表联络点', '') : ''}${pick(rand, ROADS)}${between(rand, 1, 188)}号`,
        latitude: 28.2 + rand() * 0.4,
        longitude: 112.6 + rand() * 0.5,
        openingHours: s.kind === 'village' ? HOURS[2]! : s.kind === 'town' ? HOURS[1]! : HOURS[0]!,
        grade: s.kind === 'village' ? weighted(rand, { first: 2, second: 5, unrated: 3 }) : 'first',
      })),
    )
    .returning({ id: stations.id });
  return specs.map((s, i) => ({ ...s, id: inserted[i]!.id }));
}

/**
 * 109 county deputies elected in the towns, 327 town deputies elected in the villages. Whether a
 * deputy turns up (diligent) is drawn so that attendance lands near the county's real figures:
 * 57% of town deputies and 21% of county deputies.
 */
async function seedDeputies(db: Db, rand: () => number, stationList: Station[]): Promise<Deputy[]> {
  const villages = DEMO_TOWNS.flatMap((t) => t.villages.map((v) => ({ ...v, townCode: t.code })));
  const specs: (Omit<Deputy, 'id'> & {
    name: string;
    gender: string;
    constituency: string;
    occupation: string;
    leadingCadre: boolean;
  })[] = [];
  for (let i = 0; i < 109; i++) {
    const town = DEMO_TOWNS[i % DEMO_TOWNS.length]!;
    const person = pickPerson(rand, 0.3);
    const prof = pickProfession(rand, 'county');
    specs.push({
      level: 'county',
      regionCode: town.code,
      townCode: town.code,
      diligent: rand() < 0.21,
      name: person.name,
      gender: person.gender,
      constituency: `${DEMO_COUNTY.name}第${i + 1}选区（${town.name}）`,
      occupation: prof.name,
      leadingCadre: prof.leadingCadre,
    });
  }
  for (let i = 0; i < 327; i++) {
    const v = villages[i % villages.length]!;
    const person = pickPerson(rand, 0.35);
    const prof = pickProfession(rand, 'town');
    specs.push({
      level: 'town',
      regionCode: v.code,
      townCode: v.townCode,
      diligent: rand() < 0.57,
      name: person.name,
      gender: person.gender,
      constituency: `${v.name}选区`,
      occupation: prof.name,
      leadingCadre: prof.leadingCadre,
    });
  }
  const inserted = await db
    .insert(deputies)
    .values(
      specs.map((s) => ({
        regionCode: s.regionCode,
        name: s.name,
        gender: s.gender,
        level: s.level,
        constituency: s.constituency,
        occupation: s.occupation,
        leadingCadre: s.leadingCadre,
        bio: `${s.occupation}。${s.level === 'county' ? '清溪县' : ''}第十八届人大代表。`,
      })),
    )
    .returning({ id: deputies.id });
  const list: Deputy[] = specs.map((s, i) => ({
    id: inserted[i]!.id,
    level: s.level,
    regionCode: s.regionCode,
    townCode: s.townCode,
    diligent: s.diligent,
  }));

  // 编组进站: county deputies into their town's station (ten also into the general station),
  // town deputies into their village point; industry points take town deputies of their town.
  const byRegion = new Map(stationList.map((s) => [`${s.kind}:${s.regionCode}`, s]));
  const general = stationList.find((s) => s.kind === 'general')!;
  const links: { deputyId: string; stationId: string; regionCode: string; role: string }[] = [];
  list.forEach((d, i) => {
    if (d.level === 'county') {
      const st = byRegion.get(`town:${d.townCode}`)!;
      links.push({
        deputyId: d.id,
        stationId: st.id,
        regionCode: st.regionCode,
        role: i % 19 === 0 ? 'leader' : 'member',
      });
      if (i < 10)
        links.push({ deputyId: d.id, stationId: general.id, regionCode: general.regionCode, role: 'member' });
    } else {
      const st = byRegion.get(`village:${d.regionCode}`)!;
      links.push({ deputyId: d.id, stationId: st.id, regionCode: st.regionCode, role: 'member' });
    }
  });
  for (const p of stationList.filter((s) => s.kind === 'industry')) {
    for (const d of list.filter((x) => x.level === 'town' && x.townCode === p.townCode).slice(0, 4)) {
      links.push({ deputyId: d.id, stationId: p.id, regionCode: p.regionCode, role: 'member' });
    }
  }
  await db.insert(deputyStations).values(links);
  return list;
}

interface SeededShift {
  id: string;
  date: string;
  station: Station;
  attendedBy: string[];
}

async function seedRota(
  db: Db,
  rand: () => number,
  cal: HolidayCalendar,
  stationList: Station[],
  deputyList: Deputy[],
  today: string,
): Promise<SeededShift[]> {
  const from = addDays(today, -365);
  // Publish six weeks ahead, but never past the last year whose holiday notice is loaded: the
  // calendar refuses to guess, and so does the rota.
  const lastCovered = `${Math.max(...cal.years)}-12-31`;
  const ahead = addDays(today, 42);
  const to = ahead < lastCovered ? ahead : lastCovered;
  const plans = planRota(cal, stationList, deputyList, from, to);
  const out: SeededShift[] = [];
  const attendedCount = new Map<string, number>();
  const rosteredPast = new Map<string, number>();
  for (const p of plans) {
    for (const s of p.shifts) {
      if (s.date < today) for (const d of s.deputyIds) rosteredPast.set(d, (rosteredPast.get(d) ?? 0) + 1);
    }
  }
  const deputyById = new Map(deputyList.map((d) => [d.id, d]));
  await db.transaction(async (tx) => {
    for (const plan of plans) {
      const published = await publishShifts(tx, plan.station, plan.shifts);
      for (const shift of published) {
        const attendedBy: string[] = [];
        if (shift.date < today) {
          for (const deputyId of shift.deputyIds) {
            const d = deputyById.get(deputyId)!;
            const done = attendedCount.get(deputyId) ?? 0;
            // Diligent deputies come nearly always; the others at most once a year, and only
            // when rostered often enough that once is still short of the requirement.
            const comes = d.diligent
              ? rand() < 0.9 || done < 4
              : done < 1 && (rosteredPast.get(deputyId) ?? 0) >= 3 && rand() < 0.4;
            if (comes) {
              const late = rand() < 0.1;
              const at = new Date(`${shift.date}T${late ? '09:25' : '08:55'}:00+08:00`);
              await checkIn(tx, shift.id, deputyId, at, rand() < 0.7 ? 'qr' : 'officer', late);
              attendedCount.set(deputyId, done + 1);
              attendedBy.push(deputyId);
            } else {
              await markAbsent(tx, shift.id, deputyId);
            }
          }
        }
        out.push({ id: shift.id, date: shift.date, station: plan.station, attendedBy });
      }
    }
  });
  return out;
}

async function seedAccounts(
  db: Db,
  stationList: Station[],
  deputyList: Deputy[],
  departmentIds: Map<string, string>,
) {
  const rand = seededRandom(DEMO_SEED + 1);
  const hash = await hashPassword(DEMO_PASSWORD);
  const town = DEMO_TOWNS[DEMO_TOWN_INDEX]!;
  const town2 = DEMO_TOWNS[DEMO_TOWN2_INDEX]!;
  const village = demoVillage();
  const point = stationList.find((s) => s.kind === 'village' && s.regionCode === village.code)!;
  const deputy = deputyList.find((d) => d.level === 'town' && d.regionCode === village.code)!;
  const [deputyRow] = await db
    .select({ name: deputies.name })
    .from(deputies)
    .where(eq(deputies.id, deputy.id));
  const name = () => pickPerson(rand).name;
  await db.insert(users).values(
    [
      {
        username: 'admin',
        displayName: `${name()}（平台管理员）`,
        role: 'admin',
        regionCode: DEMO_COUNTY.code,
      },
      {
        username: 'county',
        displayName: `${name()}（县人大常委会代表工委）`,
        role: 'county_office',
        regionCode: DEMO_COUNTY.code,
      },
      {
        username: 'town',
        displayName: `${name()}（${town.name}人大）`,
        role: 'town_office',
        regionCode: town.code,
      },
      {
        username: 'town2',
        displayName: `${name()}（${town2.name}人大）`,
        role: 'town_office',
        regionCode: town2.code,
      },
      {
        username: 'station',
        displayName: `${name()}（${village.name}联络员）`,
        role: 'station_officer',
        regionCode: village.code,
        stationId: point.id,
      },
      {
        username: 'deputy',
        displayName: deputyRow!.name,
        role: 'deputy',
        regionCode: town.code,
        deputyId: deputy.id,
      },
      {
        username: 'ecology',
        displayName: `${name()}（生态环境）`,
        role: 'department_handler',
        regionCode: DEMO_COUNTY.code,
        departmentId: departmentIds.get('ecology')!,
      },
      {
        username: 'water',
        displayName: `${name()}（县水利局）`,
        role: 'department_handler',
        regionCode: DEMO_COUNTY.code,
        departmentId: departmentIds.get('water')!,
      },
    ].map((u) => ({ ...u, passwordHash: hash })),
  );
}

const OTHER_CHANNELS = { phone: 5, box: 3, web: 4, wechat: 4, visit: 4, sms: 1, qr: 3, event: 1, deputy: 2 };

/** Where a case ends up is drawn from its age: old cases are mostly closed, new ones in progress. */
async function seedCases(
  deps: Omit<Deps, 'log'>,
  rand: () => number,
  cal: HolidayCalendar,
  stationList: Station[],
  shifts: SeededShift[],
  departmentIds: Map<string, string>,
  now: Date,
) {
  const db = deps.db;
  const attended = shifts.filter((s) => s.attendedBy.length > 0);
  const yearAgo = now.getTime() - 365 * 86_400_000;
  interface Intake {
    at: Date;
    station: Station;
    channel: string;
    template: CaseTemplate;
    receptionOf?: { shift: SeededShift; deputyId: string };
  }
  const intakes: Intake[] = [];
  for (let i = 0; i < 800; i++) {
    const shift = pick(rand, attended);
    const at = new Date(
      `${shift.date}T0${between(rand, 9, 9)}:${String(between(rand, 0, 59)).padStart(2, '0')}:00+08:00`,
    );
    const template = pick(rand, CASE_TEMPLATES);
    intakes.push({
      at,
      station: shift.station,
      channel: 'reception',
      template,
      receptionOf: { shift, deputyId: pick(rand, shift.attendedBy) },
    });
  }
  const localStations = stationList.filter((s) => s.kind !== 'general');
  for (let i = 0; i < 740; i++) {
    const at = new Date(yearAgo + rand() * (now.getTime() - yearAgo - 3_600_000));
    intakes.push({
      at,
      station: pick(rand, localStations),
      channel: weighted(rand, OTHER_CHANNELS),
      template: pick(rand, CASE_TEMPLATES),
    });
  }
  // Today's intake, not yet looked at: it waits for triage on the next working day.
  for (let i = 0; i < 12; i++) {
    const at = new Date(now.getTime() - between(rand, 10, 20 * 60) * 60_000);
    intakes.push({
      at,
      station: pick(rand, localStations),
      channel: weighted(rand, OTHER_CHANNELS),
      template: pick(rand, CASE_TEMPLATES),
    });
  }
  // The flagship story: sewage from the town's new treatment plant in a blocked ditch.
  const flagshipVillage = demoVillage();
  intakes.push({
    at: new Date(now.getTime() - 9 * 86_400_000),
    station: stationList.find((s) => s.regionCode === flagshipVillage.code && s.kind === 'village')!,
    channel: 'reception',
    template: FLAGSHIP_TEMPLATE,
  });
  // A problem growing now: the quarry dust around the flagship's town, reported from its villages
  // eight times in the last two weeks where the topic usually comes up about once a month — the
  // hotspot warning the supervision page raises.
  const dust = CASE_TEMPLATES.find((t) => t.title.includes('石料厂粉尘'));
  const flagshipTown = stationList.find((s) => s.regionCode === flagshipVillage.code)?.townCode;
  const dustStations = localStations.filter((s) => s.townCode === flagshipTown && s.kind === 'village');
  if (dust && dustStations.length > 0) {
    const reports: Intake[] = [];
    for (let i = 0; i < DUST_REPORTS; i++) {
      reports.push({
        at: new Date(now.getTime() - (1 + i * 2) * 86_400_000 - between(rand, 0, 480) * 60_000),
        station: pick(rand, dustStations),
        channel: weighted(rand, OTHER_CHANNELS),
        template: dust,
      });
    }
    const times = withThisMonth(
      now,
      reports.map((r) => r.at),
    );
    for (const [i, r] of reports.entries()) intakes.push({ ...r, at: times[i]! });
  }
  intakes.sort((a, b) => a.at.getTime() - b.at.getTime());

  const villagesOf = new Map(DEMO_TOWNS.map((t) => [t.code, t]));
  const BATCH = 60;
  for (let start = 0; start < intakes.length; start += BATCH) {
    await db.transaction(async (tx) => {
      for (const intake of intakes.slice(start, start + BATCH)) {
        const town = villagesOf.get(intake.station.townCode)!;
        const village =
          intake.station.kind === 'village'
            ? town.villages.find((v) => v.code === intake.station.regionCode)!
            : pick(rand, town.villages);
        const vars = {
          village: village.name,
          town: town.name,
          road: pick(rand, ROADS),
          place: pick(rand, PLACES),
          n: String(between(rand, 3, 40)),
        };
        const person = pickPerson(rand, 0.45);
        const anonymous = ['box', 'web', 'qr'].includes(intake.channel) && rand() < 0.3;
        const title = fillTemplate(intake.template.title, vars);
        const content = fillTemplate(intake.template.content, vars);
        let receptionId: string | null = null;
        if (intake.receptionOf) {
          const r = await recordReception(tx, {
            regionCode: intake.station.regionCode,
            stationId: intake.station.id,
            shiftId: intake.receptionOf.shift.id,
            deputyId: intake.receptionOf.deputyId,
            receivedAt: intake.at,
            visitorName: person.name,
            summary: title,
          });
          receptionId = r.id;
        }
        const c = await registerCase(
          deps,
          tx,
          {
            regionCode: village.code,
            stationId: intake.station.id,
            receptionId,
            channel: intake.channel,
            categoryKey: null,
            title,
            content,
            personName: anonymous ? null : person.name,
            personPhone: anonymous
              ? null
              : `1${pick(rand, ['38', '39', '58', '87', '35', '86', '77'])}${String(between(rand, 0, 99_999_999)).padStart(8, '0')}`,
            anonymous,
            consentPublish: rand() < 0.6,
          },
          SYSTEM,
          intake.at,
        );
        await walkLifecycle(
          deps,
          tx,
          rand,
          cal,
          c.id,
          intake.at,
          intake.template,
          departmentIds,
          now,
          intake.template === FLAGSHIP_TEMPLATE,
        );
      }
    });
  }
}

const officer = { id: null, name: '联络员' };
const townOffice = { id: null, name: '乡镇人大主席团' };
const handler = { id: null, name: '承办单位经办人' };

/** Office hours on the n-th working day after `from` (Shanghai time). */
function workingTime(cal: HolidayCalendar, from: Date, n: number, rand: () => number): Date {
  const day = n <= 0 ? shanghaiDate(from) : cal.addWorkingDays(shanghaiDate(from), n);
  const t = new Date(
    `${day}T${String(between(rand, 9, 16)).padStart(2, '0')}:${String(between(rand, 0, 59)).padStart(2, '0')}:00+08:00`,
  );
  return t > from ? t : new Date(from.getTime() + 3_600_000);
}

async function walkLifecycle(
  deps: Omit<Deps, 'log'>,
  db: Db,
  rand: () => number,
  cal: HolidayCalendar,
  caseId: string,
  registeredAt: Date,
  template: CaseTemplate,
  departmentIds: Map<string, string>,
  now: Date,
  flagship: boolean,
) {
  let at = registeredAt;
  /** Applies the step if its time has come; false means the story stops here (the case is still open). */
  const step = async (
    action: CaseAction,
    input: TransitionInput,
    actor: { id: null; name: string },
    next: Date,
  ) => {
    if (next >= now) return false;
    at = next;
    await transitionCase(deps, db, caseId, action, input, actor, at);
    return true;
  };
  if (rand() < 0.02)
    return step(
      'withdraw',
      { reason: '群众表示问题已自行解决，申请撤回' },
      officer,
      workingTime(cal, at, 1, rand),
    );
  if (!(await step('triage', { categoryKey: template.category }, townOffice, workingTime(cal, at, 1, rand))))
    return;

  const replyOf = (kind: 'resolved' | 'will_resolve' | 'cannot_resolve' | 'explained', when: Date) => {
    const r = template.replies;
    switch (kind) {
      case 'resolved':
        return { kind, content: r.resolved, measures: r.resolved };
      case 'will_resolve':
        return {
          kind,
          content: r.will_resolve.text,
          measures: r.will_resolve.measures,
          committedDate: addDays(shanghaiDate(when), Math.max(3, r.will_resolve.days)),
        };
      case 'cannot_resolve':
        return {
          kind,
          content: r.cannot_resolve.text,
          reasons: r.cannot_resolve.reasons,
          policyBasis: r.cannot_resolve.policyBasis,
        };
      case 'explained':
        return { kind, content: r.explained.text, policyBasis: r.explained.policyBasis };
    }
  };

  // About one in seven is settled at the reception or by the village itself.
  if (!flagship && rand() < 0.14) {
    const action = rand() < 0.5 ? 'answer_on_site' : 'handle_locally';
    const when = workingTime(cal, at, between(rand, 0, 3), rand);
    if (
      !(await step(action, { reply: replyOf(rand() < 0.6 ? 'resolved' : 'explained', when) }, officer, when))
    )
      return;
    return finish();
  }

  const category = CATEGORIES.find((c) => c.key === template.category)!;
  const lead = departmentIds.get(template.lead ?? category.departmentKeys[0]!)!;
  const co = (template.co ?? []).map((k) => departmentIds.get(k)!).filter((id) => id !== lead);
  // A department that sits on cases: some never answer (the overdue list is real).
  const silent = !flagship && rand() < 0.07;
  const slow = rand() < 0.15;

  for (let round = 0; round < 3; round++) {
    if (round === 0 && !flagship && rand() < 0.03) {
      if (
        !(await step(
          'refer',
          { leadDepartmentId: pick(rand, [...departmentIds.values()]) },
          townOffice,
          workingTime(cal, at, 1, rand),
        ))
      )
        return;
      if (
        !(await step(
          'return',
          { reason: '该事项不属于本单位职责范围，建议转交主管部门' },
          handler,
          workingTime(cal, at, 1, rand),
        ))
      )
        return;
    }
    if (
      !(await step(
        'refer',
        { leadDepartmentId: lead, coDepartmentIds: co },
        townOffice,
        workingTime(cal, at, 1, rand),
      ))
    )
      return;
    if (!(await step('accept', {}, handler, workingTime(cal, at, between(rand, 0, 2), rand)))) return;
    if (silent || flagship) return;
    const kind = weighted(rand, { resolved: 55, will_resolve: 25, cannot_resolve: 10, explained: 10 });
    const when = workingTime(cal, at, slow ? between(rand, 14, 22) : between(rand, 3, 12), rand);
    if (!(await step('reply', { reply: replyOf(kind, when) }, handler, when))) return;
    const outcome = await finish();
    if (outcome !== 'reopened') return;
  }

  /** Closes out the case; most closed cases whose person consented go on the public board. */
  async function finish(): Promise<'done' | 'open' | 'reopened'> {
    const outcome = await closeOut();
    if (outcome === 'done') await publishResult(db, caseId, new Date(at.getTime() + 86_400_000), now);
    return outcome;
  }

  async function closeOut(): Promise<'done' | 'open' | 'reopened'> {
    const fed = workingTime(cal, at, between(rand, 1, 3), rand);
    if (
      !(await step(
        'feed_back',
        { feedback: { channel: pick(rand, ['phone', 'visit', 'sms']), content: '已将办理结果告知反映人' } },
        officer,
        fed,
      ))
    )
      return 'open';
    const pending = await commitmentDate(db, caseId);
    if (rand() < 0.12 && !pending) {
      // No rating within the wait: closed as the rules allow.
      const close = new Date(at.getTime() + 8 * 86_400_000);
      return (await step('close', { ratingTimedOut: true }, townOffice, close)) ? 'done' : 'open';
    }
    const satisfaction = weighted(rand, { satisfied: 74, basically_satisfied: 18, unsatisfied: 8 });
    if (
      !(await step(
        'rate',
        { satisfaction },
        officer,
        new Date(at.getTime() + between(rand, 1, 5) * 86_400_000),
      ))
    )
      return 'open';
    if (satisfaction === 'unsatisfied') {
      return (await step(
        'reopen',
        { reason: '群众对答复不满意，要求重新办理' },
        townOffice,
        workingTime(cal, at, 1, rand),
      ))
        ? 'reopened'
        : 'open';
    }
    if (pending) {
      const due = new Date(`${pending}T10:00:00+08:00`);
      if (
        !(await step(
          'revisit',
          { revisit: { content: '回访核实：承诺事项已落实', resolved: true } },
          officer,
          due > at ? due : new Date(at.getTime() + 86_400_000),
        ))
      )
        return 'open';
      if (
        !(await step(
          'rate',
          { satisfaction: rand() < 0.9 ? 'satisfied' : 'basically_satisfied' },
          officer,
          new Date(at.getTime() + 2 * 86_400_000),
        ))
      )
        return 'open';
    }
    return (await step('close', {}, townOffice, workingTime(cal, at, 1, rand))) ? 'done' : 'open';
  }
}

/**
 * The town office approves a public text for a closed case whose person consented: who raised
 * it (masked), what about, and the department's answer. Decided by the case's id, not the
 * generator's random sequence, so the rest of the demo stays as it was; about two in three.
 */
async function publishResult(db: Db, caseId: string, at: Date, now: Date) {
  if (at >= now || Number.parseInt(caseId.slice(0, 2), 16) % 3 === 0) return;
  const [c] = await db
    .select({ consent: cases.consentPublish, name: cases.personNameMasked, title: cases.title })
    .from(cases)
    .where(eq(cases.id, caseId));
  if (!c?.consent) return;
  const [reply] = await db
    .select({ payload: caseEvents.payload })
    .from(caseEvents)
    .where(and(eq(caseEvents.caseId, caseId), inArray(caseEvents.action, [...REPLY_ACTIONS])))
    .orderBy(desc(caseEvents.seq))
    .limit(1);
  const answer = (reply?.payload as { reply?: { content?: string } } | undefined)?.reply?.content;
  if (!answer) return;
  const text = `${c.name ?? '群众'}反映“${c.title}”：${answer}`;
  if (publicTextProblem(text)) return;
  await publishCase(db, caseId, text, { id: null, name: '乡镇人大主席团' }, at);
}

async function commitmentDate(db: Db, caseId: string): Promise<string | null> {
  const rows = await db.execute<{ committed: string | null }>(
    sql`select payload->'reply'->>'committedDate' as committed from case_events
        where case_id = ${caseId} and action in (${sqlList(REPLY_ACTIONS)})
        order by seq desc limit 1`,
  );
  return rows.rows[0]?.committed ?? null;
}

/** Quarry-dust reports in the last two weeks, and at least this many in the current month. */
const DUST_REPORTS = 8;
const DUST_THIS_MONTH = 5;

/**
 * The demo's quarry-dust report times (newest first, every other day back from yesterday) with at
 * least DUST_THIS_MONTH of them in the current month (Asia/Shanghai) so far: early in a month — on
 * the 1st, within today's hours — the hotspot page's default period, this month, still shows the
 * topic growing. The oldest reports move, spread evenly over the part of the last two weeks that
 * is in this month; no random draw is added, so the rest of the seed stays as it was.
 */
export function withThisMonth(now: Date, times: Date[]): Date[] {
  const monthStart = Date.parse(`${shanghaiDate(now).slice(0, 8)}01T00:00:00+08:00`);
  const from = Math.max(monthStart, now.getTime() - 15 * 86_400_000);
  const span = Math.max(0, now.getTime() - 60_000 - from);
  const missing =
    Math.min(DUST_THIS_MONTH, times.length) - times.filter((t) => t.getTime() >= monthStart).length;
  if (missing <= 0) return times;
  const moved = times.length - missing;
  return times.map((t, i) => (i < moved ? t : new Date(from + (span * (i - moved + 0.5)) / missing)));
}
