import { validateRegionRows } from '@lianluo/domain';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { Deps } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { regions } from '../../db/schema/index.ts';
import { actorOf } from '../../http/guard.ts';
import { readUpload } from '../../http/uploads.ts';
import { readCsv, readSheet } from '../../http/xlsx.ts';

/** Imports the division tree from CSV (UTF-8 or GBK) or xlsx: columns code, name (or 代码, 名称). */
export const regionsImportRoutes: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
  app.post(
    '/regions-import',
    {
      config: { permission: 'regions.manage' },
      schema: {
        operationId: 'importRegions',
        tags: ['regions'],
        summary: '导入区划（CSV/xlsx：代码、名称）；格式错误或缺上级的行逐行列出，全部拒绝',
        consumes: ['multipart/form-data'],
        response: { 200: Type.Object({ imported: Type.Integer() }) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const up = await readUpload(request, ['csv', 'xlsx']);
      let rows: { row: number; code: string; name: string }[];
      if ('kind' in up && up.kind === 'xlsx') {
        const sheet = await readSheet(up.bytes!);
        const codeCol = sheet.header.find((h) => /^(code|代码|区划代码)$/.test(h));
        const nameCol = sheet.header.find((h) => /^(name|名称)$/.test(h));
        if (!codeCol || !nameCol) throw new AppError('unprocessable', '缺少“代码”或“名称”列');
        rows = sheet.rows.map((r) => ({
          row: r.row,
          code: r.cells[codeCol] ?? '',
          name: r.cells[nameCol] ?? '',
        }));
      } else {
        const lines = readCsv(up.bytes!);
        const start = lines[0] && !/^\d/.test(lines[0][0] ?? '') ? 1 : 0;
        rows = lines.slice(start).map((l, i) => ({ row: i + start + 1, code: l[0] ?? '', name: l[1] ?? '' }));
      }
      const known = new Set((await deps.db.select({ code: regions.code }).from(regions)).map((r) => r.code));
      const { records, errors } = validateRegionRows(rows, known);
      const outOfScope = records.filter((r) => !r.code.startsWith(actor.scope));
      if (errors.length)
        throw new AppError('unprocessable', `有 ${errors.length} 行错误，未导入`, { errors });
      if (outOfScope.length)
        throw new AppError('unprocessable', `区划 ${outOfScope[0]!.code} 不在本单位管辖范围内`);
      await deps.db.transaction(async (tx) => {
        for (const r of records) {
          await tx
            .insert(regions)
            .values(r)
            .onConflictDoUpdate({ target: regions.code, set: { name: r.name } });
        }
      });
      return { imported: records.length };
    },
  );
};
