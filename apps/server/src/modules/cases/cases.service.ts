// The case module's service: the in-transaction operations other modules, seeds and tests use —
// registration, the lifecycle steps, the facts and the timer effect — re-exported from the files
// that hold them (registration.ts, transitions/, facts.ts, timer-effects.ts).
export { type CaseActor, caseActor } from './case-actor.ts';
export { createCommonIssue, linkCase, noteEvent, publishCase, superviseCase } from './facts.ts';
export { isKeyTaken, type RegisterCaseInput, type RegisteredCase, registerCase } from './registration.ts';
export { timerEffect } from './timer-effects.ts';
export { type TransitionInput, transitionCase } from './transitions/index.ts';
