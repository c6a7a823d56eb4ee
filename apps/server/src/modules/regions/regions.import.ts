import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Deps } from '../../core/context.ts';
import { actorOf } from '../../http/guard.ts';
import { readUpload } from '../../http/uploads.ts';
import { RegionsImported } from './regions.schemas.ts';
import { importRegions } from './regions.service.ts';

/** Imports the division tree from CSV (UTF-8 or GBK) or xlsx: columns code, name (or 代码, 名称). */
export const regionsImportRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  app.post(
    '/regions-import',
    {
      config: { permission: 'regions.manage' },
      schema: {
        operationId: 'importRegions',
        tags: ['regions'],
        summary: '导入区划（CSV/xlsx：代码、名称）；格式错误或缺上级的行逐行列出，全部拒绝',
        consumes: ['multipart/form-data'],
        response: { 200: RegionsImported },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return importRegions(deps, actor, await readUpload(request, ['csv', 'xlsx']));
    },
  );
};
