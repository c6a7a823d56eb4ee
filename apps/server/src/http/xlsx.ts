import ExcelJS from 'exceljs';
import { AppError } from '../core/errors.ts';

/** Import limits: refused before the workbook is inflated (zip bombs) or walked. */
const XLSX_LIMITS = { uncompressedBytes: 30 * 1024 * 1024, entries: 500, rows: 5000 };

/**
 * Reads the sizes a zip declares in its central directory, so an xlsx that would inflate past the
 * limit is refused before any of it is decompressed.
 */
function declaredZipSize(bytes: Buffer): { entries: number; uncompressed: number } {
  const min = Math.max(0, bytes.length - 65_557);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= min; i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new AppError('unprocessable', '文件不是有效的 xlsx 工作簿');
  const entries = bytes.readUInt16LE(eocd + 10);
  let p = bytes.readUInt32LE(eocd + 16);
  let uncompressed = 0;
  for (let n = 0; n < entries; n++) {
    if (p + 46 > bytes.length || bytes.readUInt32LE(p) !== 0x02014b50) {
      throw new AppError('unprocessable', '文件不是有效的 xlsx 工作簿');
    }
    uncompressed += bytes.readUInt32LE(p + 24);
    p += 46 + bytes.readUInt16LE(p + 28) + bytes.readUInt16LE(p + 30) + bytes.readUInt16LE(p + 32);
  }
  return { entries, uncompressed };
}

export interface Sheet {
  header: string[];
  rows: { row: number; cells: Record<string, string> }[];
}

/**
 * The first worksheet as header + rows of text, after the safety checks: declared size, row
 * count, and no merged cells (a merged cell hides which row a value belongs to).
 */
export async function readSheet(bytes: Buffer): Promise<Sheet> {
  const size = declaredZipSize(bytes);
  if (size.entries > XLSX_LIMITS.entries || size.uncompressed > XLSX_LIMITS.uncompressedBytes) {
    throw new AppError('payload_too_large', '工作簿解压后超过 30 MB 上限');
  }
  const wb = new ExcelJS.Workbook();
  try {
    // exceljs types its input as its own ArrayBuffer-like Buffer; JSZip reads a copied ArrayBuffer the same way.
    await wb.xlsx.load(new Uint8Array(bytes).buffer);
  } catch {
    throw new AppError('unprocessable', '文件不是有效的 xlsx 工作簿');
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new AppError('unprocessable', '工作簿中没有工作表');
  if (ws.rowCount > XLSX_LIMITS.rows)
    throw new AppError('payload_too_large', `工作表超过 ${XLSX_LIMITS.rows} 行上限`);
  const merges = (ws.model as { merges?: string[] }).merges ?? [];
  if (merges.length > 0) {
    throw new AppError(
      'unprocessable',
      `工作表含有合并单元格（${merges.slice(0, 3).join('、')}），请取消合并后再导入`,
      {
        errors: merges.map((m) => ({ row: Number(/\d+/.exec(m)?.[0] ?? 0), message: `合并单元格 ${m}` })),
      },
    );
  }
  const header: string[] = [];
  ws.getRow(1).eachCell({ includeEmpty: true }, (cell, col) => {
    header[col - 1] = cell.text.trim();
  });
  const rows: Sheet['rows'] = [];
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    if (n === 1) return;
    const cells: Record<string, string> = {};
    let any = false;
    header.forEach((h, i) => {
      if (!h) return;
      const text = row.getCell(i + 1).text.trim();
      if (text) any = true;
      cells[h] = text;
    });
    if (any) rows.push({ row: n, cells });
  });
  return { header, rows };
}

/**
 * A workbook for download. Every value is written as a plain string or number, never a formula:
 * a cell starting with = + - @ stays text in Excel (IN-07).
 */
export async function workbook(
  sheets: {
    name: string;
    columns: { header: string; width?: number }[];
    rows: (string | number)[][];
    title?: string;
    notes?: string[];
  }[],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    if (s.title) {
      ws.addRow([s.title]).font = { bold: true, size: 14 };
    }
    const head = ws.addRow(s.columns.map((c) => c.header));
    head.font = { bold: true };
    s.columns.forEach((c, i) => {
      ws.getColumn(i + 1).width = c.width ?? 14;
    });
    for (const r of s.rows) {
      // Plain strings are ValueType.String: exceljs writes a formula only for { formula } values.
      ws.addRow(r.map((v) => (typeof v === 'number' ? v : String(v))));
    }
    for (const n of s.notes ?? []) ws.addRow([n]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Parses a CSV of codes and names: UTF-8 (with or without BOM) or GBK/GB18030, CRLF or LF. */
export function readCsv(bytes: Buffer): string[][] {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('gb18030').decode(bytes);
  }
  text = text.replace(/^\uFEFF/, '');
  return text
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .map((l) => l.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1')));
}
