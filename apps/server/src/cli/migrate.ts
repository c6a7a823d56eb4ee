import { loadConfig } from '../config.ts';
import { openRuntime } from '../runtime.ts';

const { database } = await openRuntime(loadConfig());
console.log(`migrations applied (${database.kind})`);
await database.close();
