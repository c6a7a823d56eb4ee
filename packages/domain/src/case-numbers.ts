/**
 * Case numbers shown to the public and printed on receipts: `LL-430723-2026-000123`, that is
 * LL, the county (6 digits of the region code), the year, and a sequence within county and year.
 */

/** The parts of a case number. */
export type CaseNumberParts = { countyCode: string; year: number; seq: number };

const CASE_NUMBER = /^LL-(\d{6})-(\d{4})-(\d{6})$/;

/**
 * Formats a case number. Throws a RangeError on a county that is not 6 digits, a year outside
 * 2000–9999 or a sequence outside 1–999999: a fixed width keeps numbers sortable and parseable.
 */
export function formatCaseNumber(countyCode6: string, year: number, seq: number): string {
  if (!/^\d{6}$/.test(countyCode6) || countyCode6 === '000000') {
    throw new RangeError(`county code must be 6 digits, got ${JSON.stringify(countyCode6)}`);
  }
  if (!Number.isInteger(year) || year < 2000 || year > 9999) throw new RangeError(`invalid year ${year}`);
  if (!Number.isInteger(seq) || seq < 1 || seq > 999_999) throw new RangeError(`invalid sequence ${seq}`);
  return `LL-${countyCode6}-${year}-${String(seq).padStart(6, '0')}`;
}

/** Parses a case number (surrounding spaces and lower-case `ll` tolerated); null if malformed. */
export function parseCaseNumber(s: string): CaseNumberParts | null {
  if (typeof s !== 'string') return null;
  const m = CASE_NUMBER.exec(s.trim().toUpperCase());
  if (!m) return null;
  const year = Number(m[2]);
  const seq = Number(m[3]);
  if (m[1] === '000000' || year < 2000 || seq < 1) return null;
  return { countyCode: m[1], year, seq };
}
