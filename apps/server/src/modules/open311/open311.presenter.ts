import {
  type CaseStatus,
  coarseCoordinate,
  open311DateTime,
  open311Status,
  open311StatusNotes,
  type ReplyKind,
  type Satisfaction,
} from '@lianluo/domain';
import type { KeyView } from './open311.keys.ts';
import type { RequestRow } from './open311.queries.ts';
import type { KeyItem } from './open311.schemas.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** An API key for the console: its prefix to recognise it, never the key or its hash. */
export function presentKey(r: KeyView): KeyItem {
  return {
    id: r.id,
    name: r.name,
    regionCode: r.regionCode,
    regionName: r.regionName,
    keyPrefix: r.keyPrefix,
    createdAt: r.createdAt.toISOString(),
    createdByName: r.createdByName ?? null,
    revokedAt: iso(r.revokedAt),
    lastUsedAt: iso(r.lastUsedAt),
  };
}

/**
 * A case as the spec's service request, with only what may be public: no name, phone or e-mail
 * ever; the description once staff approved it for the board; the place once the person consented.
 */
export function presentRequest(r: RequestRow, reply: { kind: ReplyKind; content: string } | undefined) {
  const status = r.status as CaseStatus;
  return {
    service_request_id: r.number,
    status: open311Status(status),
    status_notes: open311StatusNotes({
      status,
      reply: reply ?? null,
      satisfaction: (r.lastSatisfaction as Satisfaction | null) ?? null,
    }),
    service_name: r.categoryName ?? '',
    service_code: r.categoryKey ?? '',
    description: r.publishedAt && r.publicText ? r.publicText : '',
    agency_responsible: r.departmentName ?? r.stationName ?? '',
    service_notice: '',
    requested_datetime: open311DateTime(r.registeredAt),
    updated_datetime: open311DateTime(r.updatedAt ?? r.registeredAt),
    expected_datetime: r.replyDueAt ? open311DateTime(r.replyDueAt) : null,
    // Where, even coarsely, only if the person agreed to publication: in a small village a
    // category and a place can point to a household.
    address: (r.consentPublish && r.addressMasked) || '',
    address_id: null,
    zipcode: null,
    lat: r.consentPublish ? coarseCoordinate(r.latitude) : null,
    long: r.consentPublish ? coarseCoordinate(r.longitude) : null,
    media_url: null,
  };
}
