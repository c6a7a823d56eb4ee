import type { Actor, Deps } from '../../core/context.ts';

/** Who did it: a signed-in staff member, or the system (timers, the demo generator). */
export interface CaseActor {
  id: string | null;
  name: string;
}

/** Timers, deadline recounts and other steps nobody signed in for. */
export const SYSTEM: CaseActor = { id: null, name: '系统' };

/** The signed-in caller as the event log names them. */
export const caseActor = (a: Actor): CaseActor => ({ id: a.id, name: a.displayName });

/** What a lifecycle step needs from the outside world besides the caller's transaction. */
export type CaseDeps = Pick<Deps, 'calendar' | 'crypto' | 'settings'>;
