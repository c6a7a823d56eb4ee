import {
  assignDeputiesFairly,
  expandRule,
  type HolidayCalendar,
  type RotaRule,
  type StationKind,
} from '@lianluo/domain';

interface StationRef {
  id: string;
  name: string;
  regionCode: string;
  kind: StationKind;
  townCode: string;
}
interface DeputyRef {
  id: string;
  level: 'county' | 'town';
  regionCode: string;
  townCode: string;
}

/**
 * The demo county's reception rules, as a county typically sets them: town stations receive
 * weekly (each town on its own weekday), village points on the 15th, the general station on the
 * first Wednesday, industry points on the 10th. Deputies rotate fairly and are never booked at
 * two stations on one day.
 */
export function planRota<S extends StationRef>(
  cal: HolidayCalendar,
  stationList: S[],
  deputyList: DeputyRef[],
  from: string,
  to: string,
) {
  const busy = new Set<string>();
  const isBusy = (deputyId: string, date: string) => busy.has(`${deputyId}:${date}`);
  const plans: { station: S; shifts: { date: string; deputyIds: string[] }[] }[] = [];
  const townIndex = new Map<string, number>();
  for (const s of stationList) if (s.kind === 'town') townIndex.set(s.regionCode, townIndex.size);

  for (const station of stationList) {
    let rule: RotaRule;
    let pool: DeputyRef[];
    let perShift: number;
    switch (station.kind) {
      case 'general':
        rule = { kind: 'nth_weekday', n: 1, weekday: 3 };
        pool = deputyList.filter((d) => d.level === 'county').slice(0, 10);
        perShift = 3;
        break;
      case 'town':
        rule = {
          kind: 'weekly',
          weekday: ((townIndex.get(station.regionCode)! % 5) + 1) as 1 | 2 | 3 | 4 | 5,
        };
        pool = deputyList.filter((d) => d.townCode === station.townCode && d.level === 'county');
        // Town deputies of the town's villages take turns at the town station too.
        pool = pool.concat(
          deputyList.filter((d) => d.level === 'town' && d.townCode === station.townCode).slice(0, 6),
        );
        perShift = 2;
        break;
      case 'village':
        rule = { kind: 'monthly', day: 15 };
        pool = deputyList.filter((d) => d.level === 'town' && d.regionCode === station.regionCode);
        perShift = 1;
        break;
      case 'industry':
        rule = { kind: 'monthly', day: 10 };
        pool = deputyList.filter((d) => d.level === 'town' && d.townCode === station.townCode).slice(0, 4);
        perShift = 1;
        break;
    }
    const dates = expandRule(rule, from, to, cal);
    const shifts = assignDeputiesFairly(
      dates,
      pool.map((d) => d.id),
      perShift,
      isBusy,
    );
    for (const s of shifts) for (const d of s.deputyIds) busy.add(`${d}:${s.date}`);
    plans.push({ station, shifts });
  }
  return plans;
}
