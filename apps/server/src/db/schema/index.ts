export * from './analytics.ts';
export * from './cases.ts';
export * from './core.ts';
export * from './network.ts';
export * from './open311.ts';
export * from './public.ts';
export * from './rota.ts';
export * from './workflow.ts';
