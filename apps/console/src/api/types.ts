/**
 * The names the console's pages use for what the server sends, each taken from the generated
 * OpenAPI types (schema.d.ts). A field here is exactly what the route's schema declares.
 */
import type { ApiBody, ApiResponse, ItemOf } from './openapi.ts';

export type { ReplyKind } from '@lianluo/domain/case-replies';
export type { Permission } from '@lianluo/domain/roles';

/** A cursor page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type Me = ApiResponse<'/api/me'>;
export type Region = ItemOf<ApiResponse<'/api/regions'>>;
export type Dashboard = ApiResponse<'/api/dashboard'>;

export type StationItem = ItemOf<ApiResponse<'/api/stations'>>;
export type StationDetail = ApiResponse<'/api/stations/{id}'>;
export type DeputyItem = ItemOf<ApiResponse<'/api/deputies'>>;
export type DeputyDetail = ApiResponse<'/api/deputies/{id}'>;

export type CaseItem = ItemOf<ApiResponse<'/api/cases'>>;
export type CaseDetail = ApiResponse<'/api/cases/{id}'>;
export type CaseEvent = CaseDetail['events'][number];
/** The answer on a case (答复): kind, text, commitment. */
export type CaseReply = NonNullable<CaseDetail['reply']>;
export type CaseAttachment = ItemOf<ApiResponse<'/api/cases/{id}/attachments'>>;
export type CreateCaseBody = ApiBody<'/api/cases'>;

export type CategoryItem = ItemOf<ApiResponse<'/api/categories'>>;
export type DepartmentItem = ItemOf<ApiResponse<'/api/departments'>>;
export type DepartmentSuggestion = ItemOf<ApiResponse<'/api/departments/suggest'>>;

export type SupervisionItem = ItemOf<ApiResponse<'/api/supervision'>>;
export type CommitmentItem = ItemOf<ApiResponse<'/api/commitments'>>;
export type CommonIssueItem = ItemOf<ApiResponse<'/api/common-issues'>>;
export type AuditItem = ItemOf<ApiResponse<'/api/audit'>>;

export type ShiftItem = ItemOf<ApiResponse<'/api/rota/shifts'>>;
/** A shift with its swaps, its visitor register and its bookings. */
export type ShiftDetail = ApiResponse<'/api/rota/shifts/{id}'>;
/** 进站率: one row per level, town, station or deputy, with the period and the definition. */
export type AttendanceReport = ApiResponse<'/api/attendance'>;
export type AttendanceRow = ItemOf<AttendanceReport>;
export type StationChecklist = ApiResponse<'/api/stations/{id}/checklist'>;
export type ChecklistTemplate = ItemOf<ApiResponse<'/api/checklist-templates'>>;
/** A person's booking of a reception shift from the public page (预约代表). */
export type AppointmentItem = ItemOf<ApiResponse<'/api/stations/{id}/appointments'>>;
