import { type Static, Type } from '@sinclair/typebox';
import { RegionQuery } from '../../http/pagination.ts';

const Count = Type.Integer({ minimum: 0 });
export const Dashboard = Type.Object({
  region: Type.Object({ code: Type.String(), name: Type.String() }),
  stations: Count,
  deputies: Count,
  openCases: Count,
  overdueCases: Count,
  receptionsThisMonth: Count,
  casesByStatus: Type.Array(Type.Object({ status: Type.String(), label: Type.String(), count: Count })),
  casesByCategory: Type.Array(
    Type.Object({
      category: Type.String({ description: '类别代码；未分类为空串' }),
      label: Type.String(),
      count: Count,
    }),
  ),
  monthly: Type.Array(Type.Object({ month: Type.String(), registered: Count, closed: Count })),
  attendance: Type.Array(
    Type.Object({
      level: Type.String(),
      label: Type.String(),
      assigned: Count,
      attendedEnough: Count,
      rate: Type.Number(),
    }),
  ),
  attendanceDefinition: Type.String(),
  attendancePeriod: Type.Object({ from: Type.String(), to: Type.String() }),
});

export const DashboardQuery = Type.Object({ region: RegionQuery }, { additionalProperties: false });
export type DashboardQuery = Static<typeof DashboardQuery>;
