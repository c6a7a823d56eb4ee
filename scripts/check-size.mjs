#!/usr/bin/env node
/**
 * File size: no source file (ts, tsx, mts, cts, js, mjs, cjs — tests included) over 500 lines.
 * A file that long holds more than one thing: split it by operation, by page section, by
 * fixture. The files are those git tracks or would track (untracked ones not ignored count).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
const LIMIT = 500;
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;

/** Not code a reader reads through, and why. */
const EXEMPT = [
  [/^apps\/server\/src\/seed\/corpus\//, 'seed data: the demo county and its messages'],
  [/^apps\/server\/src\/seed\/demo\.ts$/, 'seed data: the demo county'],
  [/^apps\/console\/src\/api\/schema\.d\.ts$/, 'generated from the OpenAPI document'],
  [/^apps\/server\/drizzle\//, 'migrations and snapshots written by drizzle-kit'],
];

const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
  cwd: ROOT,
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
})
  .split('\0')
  .filter((f) => SOURCE.test(f) && existsSync(join(ROOT, f)))
  .filter((f) => !EXEMPT.some(([re]) => re.test(f)));

const over = [];
for (const f of files) {
  const text = readFileSync(join(ROOT, f), 'utf8');
  const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  if (lines > LIMIT) over.push({ f, lines });
}
over.sort((a, b) => b.lines - a.lines);
for (const { f, lines } of over) console.log(`${f}:${LIMIT + 1}  ${lines} lines (limit ${LIMIT})`);
if (over.length > 0) {
  console.log(
    `\n${over.length} file(s) over ${LIMIT} lines: split them (docs/architecture.md, "One module").`,
  );
  process.exit(1);
}
console.log(`no source file over ${LIMIT} lines (${files.length} files read)`);
