/**
 * Reads the days of a State Council holiday notice typed or pasted as lines, or exported as CSV:
 *
 *     2026-01-01~2026-01-03 holiday 元旦
 *     2026-01-04,上班,元旦
 *     2026-02-15至2026-02-23,放假,春节
 *
 * A range (`~`, `至` or `..`) stands for every day in it, as the notice gives its blocks. The
 * server checks the days again (real day, year, 调休 on a weekend); this only reads the shape.
 */
import type { CalendarDay, CalendarKind } from './api/calendar.ts';

const KINDS: Record<string, CalendarKind> = {
  holiday: 'holiday',
  放假: 'holiday',
  休: 'holiday',
  假: 'holiday',
  workday: 'workday',
  上班: 'workday',
  班: 'workday',
  调休上班: 'workday',
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MS_PER_DAY = 86_400_000;

/** The days from `from` to `to` inclusive, or null when the range is not two real days in order. */
function expand(from: string, to: string): string[] | null {
  if (!DATE.test(from) || !DATE.test(to)) return null;
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  if (Number.isNaN(a) || Number.isNaN(b) || b < a || b - a > 31 * MS_PER_DAY) return null;
  const out: string[] = [];
  for (let t = a; t <= b; t += MS_PER_DAY) out.push(new Date(t).toISOString().slice(0, 10));
  // Date.parse rolls 02-30 over to March: a rolled-over end no longer matches what was typed.
  if (out[0] !== from || out.at(-1) !== to) return null;
  return out;
}

export interface LineProblem {
  line: number;
  text: string;
}

/**
 * The text of an uploaded file: UTF-8 (a BOM dropped) when it is valid UTF-8, otherwise GB18030 —
 * what Excel on a Chinese Windows writes when asked for "CSV (逗号分隔)", and a superset of GBK.
 */
export function decodeUpload(bytes: ArrayBuffer | Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

export function parseCalendarLines(text: string): { days: CalendarDay[]; problems: LineProblem[] } {
  const days: CalendarDay[] = [];
  const problems: LineProblem[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim().replace(/^\uFEFF/, '');
    if (!line || line.startsWith('#')) return;
    const fields = line
      .split(/[,，\t]|\s+/)
      .map((f) => f.trim().replace(/^"|"$/g, ''))
      .filter(Boolean);
    const [when = '', kindText = '', ...rest] = fields;
    // A CSV header row.
    if (i === 0 && /^(date|日期)$/i.test(when)) return;
    const kind = KINDS[kindText.toLowerCase()];
    const [from = '', to = from] = when.split(/~|至|\.\./);
    const dates = expand(from, to);
    const name = rest.join(' ');
    if (!kind || !dates || !name) {
      problems.push({ line: i + 1, text: raw.trim() });
      return;
    }
    for (const date of dates) days.push({ date, kind, name });
  });
  return { days, problems };
}
