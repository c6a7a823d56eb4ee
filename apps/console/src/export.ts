/**
 * Excel export of any list. exceljs is loaded with a dynamic import, so it is fetched only when
 * someone exports. Every cell that a spreadsheet could read as a formula (text starting with
 * = + - @, or a tab / carriage return) is written as a text cell: no formula injection from
 * what a member of the public typed into an opinion.
 */

export interface ExportColumn<T> {
  header: string;
  value: (row: T) => string | number | boolean | null | undefined;
  width?: number;
}

/** True for text a spreadsheet would evaluate as a formula (OWASP "CSV injection"). */
function looksLikeFormula(v: string): boolean {
  return /^[=+\-@\t\r]/.test(v);
}

/** The cell value to write: numbers and booleans as such, everything else as plain text. */
function safeCellValue(v: string | number | boolean | null | undefined): string | number | boolean {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  return String(v);
}

export async function exportXlsx<T>(
  fileName: string,
  sheetName: string,
  columns: ExportColumn<T>[],
  rows: T[],
): Promise<void> {
  const mod = (await import('exceljs')) as unknown as {
    default?: { Workbook: new () => ExcelWorkbook };
    Workbook?: new () => ExcelWorkbook;
  };
  const Workbook = mod.Workbook ?? mod.default?.Workbook;
  if (!Workbook) throw new Error('exceljs failed to load');
  const wb = new Workbook();
  wb.creator = 'Lianluo';
  wb.created = new Date();
  const ws = wb.addWorksheet(sheetName.slice(0, 31));
  ws.columns = columns.map((c, i) => ({ header: c.header, key: `c${i}`, width: c.width ?? 18 }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) {
    const row = ws.addRow(columns.map((c) => safeCellValue(c.value(r))));
    row.eachCell((cell) => {
      // Strings are stored as shared strings (never formulas); the text format keeps them text
      // when someone edits the cell in Excel or WPS.
      if (typeof cell.value === 'string' && looksLikeFormula(cell.value)) {
        cell.numFmt = '@';
      }
    });
  }
  const buffer = await wb.xlsx.writeBuffer();
  const blob = new Blob([buffer], {
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName.endsWith('.xlsx') ? fileName : `${fileName}.xlsx`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Fetches every page of a cursor list (up to `max` rows) for an export. */
export async function fetchAll<T>(
  fetchPage: (cursor: string | null) => Promise<{ items: T[]; nextCursor: string | null }>,
  max = 10_000,
): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | null = null;
  do {
    const page = await fetchPage(cursor);
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && all.length < max);
  return all.slice(0, max);
}

// The small part of exceljs's API used here (its types come with the package, but the
// browser build is imported dynamically and typed loosely on purpose).
interface ExcelCell {
  value: unknown;
  numFmt: string;
}
interface ExcelRow {
  font: unknown;
  eachCell: (fn: (cell: ExcelCell) => void) => void;
}
interface ExcelSheet {
  columns: { header: string; key: string; width: number }[];
  getRow: (n: number) => ExcelRow;
  addRow: (values: unknown[]) => ExcelRow;
}
interface ExcelWorkbook {
  creator: string;
  created: Date;
  addWorksheet: (name: string) => ExcelSheet;
  xlsx: { writeBuffer: () => Promise<ArrayBuffer> };
}
