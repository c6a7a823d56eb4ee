import type { Role } from '@lianluo/domain';
import { scopePrefix } from '@lianluo/domain';
import type { Actor } from '../core/context.ts';

/** A 1×1 PNG, for evidence uploads. */
export const PNG_1x1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** An actor for calling services directly in tests. */
export function actorFor(
  username: string,
  regionCode: string,
  role: Role = 'town_office',
  deputyId: string | null = null,
): Actor {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    username,
    displayName: username,
    role,
    regionCode,
    scope: scopePrefix(regionCode),
    stationId: null,
    departmentId: null,
    deputyId,
    ip: '127.0.0.1',
    requestId: 'test',
  };
}
