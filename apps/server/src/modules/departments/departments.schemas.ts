import { type Static, Type } from '@sinclair/typebox';
import { Page, PageQuery, RegionQuery } from '../../http/pagination.ts';

/** PageQuery's default page size (http/pagination.ts): Ajv fills it in before the handler runs. */
export const PAGE_LIMIT = 20;

const DepartmentItem = Type.Object({
  id: Type.String(),
  name: Type.String(),
  shortName: Type.String(),
  kind: Type.String(),
  level: Type.String(),
  regionCode: Type.String(),
  openCases: Type.Integer(),
  overdueCases: Type.Integer(),
});

export const DepartmentsQuery = Type.Object(
  { region: RegionQuery, q: Type.Optional(Type.String({ maxLength: 50 })), ...PageQuery },
  { additionalProperties: false },
);
export type DepartmentsQuery = Static<typeof DepartmentsQuery>;

export const DepartmentPage = Page(DepartmentItem);
