import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Deps } from '../../core/context.ts';
import { CategoryList } from './categories.schemas.ts';
import { listCategories } from './categories.service.ts';

/** Case categories are shared reference data (not owned by a region), readable by all staff. */
export const categoriesRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/categories',
    {
      config: { permission: 'cases.read' },
      schema: {
        operationId: 'listCategories',
        tags: ['cases'],
        summary: '意见类别',
        response: { 200: CategoryList },
      },
    },
    async () => listCategories(deps),
  );
};
