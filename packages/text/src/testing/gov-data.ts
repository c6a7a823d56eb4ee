/**
 * Test-only access to the public gov-messages evaluation data (../shared/data/gov-messages relative
 * to the repository root). The data is never copied into the repository; when the folder is
 * missing, tests that need it skip with `GOV_DATA_SKIP` as the reason. Not exported by the package.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
export const GOV_DATA_DIR = resolve(REPO_ROOT, '../shared/data/gov-messages');

export interface GovRow {
  id: number;
  title: string;
  body: string;
  time: string;
  label?: string;
  likes?: number;
  reply?: string;
  reply_time?: string;
}

/** Skip reason when the data folder is missing, else false (for `test(name, { skip }, fn)`). */
export const GOV_DATA_SKIP: string | false = existsSync(GOV_DATA_DIR)
  ? false
  : `gov-messages data not found at ${GOV_DATA_DIR} (it lives outside the repository; CI provides it)`;

/** Rows of one JSONL file of the data folder, e.g. `loadGov('classify-train')`. */
export function loadGov(name: string): GovRow[] {
  return readFileSync(resolve(GOV_DATA_DIR, `${name}.jsonl`), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as GovRow);
}
