export * from './analytics.ts';
export * from './appointments.ts';
export * from './cases.ts';
export * from './core.ts';
export * from './network.ts';
export * from './rota.ts';
export * from './workflow.ts';
