import { permissionsOf, ROLE_LABELS } from '@lianluo/domain';
import type { Actor } from '../../core/context.ts';
import type { Me } from './auth.schemas.ts';

/** The signed-in user as the console sees them: who, which role, which region, what they may do. */
export function presentMe(actor: Actor, regionName: string): Me {
  return {
    id: actor.id,
    username: actor.username,
    displayName: actor.displayName,
    role: actor.role,
    roleLabel: ROLE_LABELS[actor.role].zh,
    regionCode: actor.regionCode,
    regionName,
    scope: actor.scope,
    permissions: [...permissionsOf(actor.role)],
    stationId: actor.stationId,
    departmentId: actor.departmentId,
    deputyId: actor.deputyId,
  };
}
