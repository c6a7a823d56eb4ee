import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where uploaded files live: a small interface so a deployment can swap the disk for object storage. */
export interface FileStorage {
  put(bytes: Buffer): Promise<string>;
  get(key: string): Promise<Buffer>;
}

/** Files on disk under `<dataDir>/files`, named by random keys (never by the uploaded name). */
export function diskStorage(dir: string): FileStorage {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return {
    async put(bytes) {
      const key = randomUUID();
      writeFileSync(join(dir, key), bytes, { mode: 0o600 });
      return key;
    },
    async get(key) {
      if (!/^[0-9a-f-]{36}$/.test(key)) throw new Error('bad storage key');
      return readFileSync(join(dir, key));
    },
  };
}
