import { Type } from '@sinclair/typebox';
import { asc } from 'drizzle-orm';
import type { FastifyPluginAsync } from 'fastify';
import type { Deps } from '../../core/context.ts';
import { categories } from '../../db/schema/index.ts';

/** Case categories are shared reference data (not owned by a region), readable by all staff. */
export const categoriesRoutes: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/categories',
    {
      config: { permission: 'cases.read' },
      schema: {
        operationId: 'listCategories',
        tags: ['cases'],
        summary: '意见类别',
        response: {
          200: Type.Object({ items: Type.Array(Type.Object({ key: Type.String(), name: Type.String() })) }),
        },
      },
    },
    async () => ({ items: await deps.db.select().from(categories).orderBy(asc(categories.key)) }),
  );
};
