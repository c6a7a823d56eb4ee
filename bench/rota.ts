/**
 * Rota generation benchmark: a year of shifts for 63 stations and 436 deputies, expanded from
 * their rules and assigned fairly with no deputy double-booked across stations. Prints the time
 * and the ratio to the one-second target. Not a test: numbers vary by machine.
 *
 *   npm run bench:rota
 */
import { performance } from 'node:perf_hooks';
import {
  assignDeputiesFairly,
  DEFAULT_CALENDAR_ENTRIES,
  expandRule,
  HolidayCalendar,
  type RotaRule,
} from '@lianluo/domain';

const STATIONS = 63;
const DEPUTIES = 436;
const cal = new HolidayCalendar(DEFAULT_CALENDAR_ENTRIES);
const from = '2026-01-01';
const to = '2026-12-31';

const rules: RotaRule[] = [
  { kind: 'weekly', weekday: 2 },
  { kind: 'monthly', day: 15 },
  { kind: 'nth_weekday', n: 1, weekday: 3 },
  { kind: 'market_days', lunarDigits: [1, 4, 7] },
];
const deputyIds = Array.from({ length: DEPUTIES }, (_, i) => `d${i}`);

function run() {
  const busy = new Set<string>();
  let shifts = 0;
  let seats = 0;
  for (let s = 0; s < STATIONS; s++) {
    const rule = rules[s % rules.length]!;
    // Each station's pool: ~7 own deputies plus a few shared with the neighbouring station.
    const pool = deputyIds.slice((s * 7) % DEPUTIES, ((s * 7) % DEPUTIES) + 10);
    const dates = expandRule(rule, from, to, cal);
    const out = assignDeputiesFairly(dates, pool, 2, (d, date) => busy.has(`${d}:${date}`));
    for (const sh of out) {
      shifts++;
      for (const d of sh.deputyIds) {
        busy.add(`${d}:${sh.date}`);
        seats++;
      }
    }
  }
  return { shifts, seats };
}

run(); // warm-up (ICU's Chinese calendar, JIT)
const runs = 5;
const times: number[] = [];
let result = { shifts: 0, seats: 0 };
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  result = run();
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(runs / 2)]!;
console.log(
  `rota: ${STATIONS} stations, ${DEPUTIES} deputies, ${from}..${to}: ${result.shifts} shifts, ${result.seats} deputy-shifts`,
);
console.log(`median ${median.toFixed(1)} ms over ${runs} runs (min ${times[0]!.toFixed(1)} ms)`);
console.log(`ratio to the 1 s target: ${(median / 1000).toFixed(3)} (under 1 is within target)`);
