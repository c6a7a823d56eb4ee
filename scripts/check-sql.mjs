#!/usr/bin/env node
/**
 * SQL lives only in `*.queries.ts` (docs/architecture.md). Every other server source file is
 * refused, at file:line, for
 *   - importing a value from drizzle-orm (sql, eq, and, …): `import type` and `import { type X }`
 *     are fine, a service may name the types of what it passes on;
 *   - importing a value from db/schema (the tables): again, types are fine;
 *   - a query on a database handle: `.execute(` `.select(` `.insert(` `.update(` `.delete(` (and
 *     selectDistinct, $count, the relational `.query.`) on something named db, tx or trx, or
 *     ending in `.db` (deps.db, runtime.database.db). `db.transaction(…)` is not SQL: a service
 *     opens the transaction and hands `tx` to the queries.
 * The files parse with the TypeScript compiler, so comments and strings never match.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
const SRC = 'apps/server/src';

/** Where SQL may live besides *.queries.ts, and why. */
const EXEMPT = [
  [/\.test\.ts$/, 'tests set up and inspect rows directly'],
  [/\.testkit\.ts$/, "shared setup of a module's split test files"],
  [/\.queries\.ts$/, 'the place for SQL'],
  [/^apps\/server\/src\/db\//, 'tables, client, migrations, the region-prefix predicate'],
  [/^apps\/server\/src\/seed\//, 'the demo county is bulk data written straight into the tables'],
  [/^apps\/server\/src\/test\//, 'the test harness and fixtures'],
  [/^apps\/server\/src\/cli\//, 'database tools: migrate, seed --reset drops the schemas'],
];

const QUERY_METHODS = new Set([
  'execute',
  'select',
  'selectDistinct',
  'selectDistinctOn',
  'insert',
  'update',
  'delete',
  '$count',
]);
const HANDLE_NAMES = new Set(['db', 'tx', 'trx']);

function sourceFiles(dir) {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const p = posix.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(p);
    return /\.(ts|tsx|mts)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

const unwrap = (e) => {
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e))
    e = e.expression;
  return e;
};

/** db, tx, trx, deps.db, this.db, runtime.database.db … */
function isHandle(e) {
  e = unwrap(e);
  if (ts.isIdentifier(e)) return HANDLE_NAMES.has(e.text);
  if (ts.isPropertyAccessExpression(e)) return e.name.text === 'db';
  return false;
}

function isSchemaModule(spec, file) {
  if (!spec.startsWith('.')) return false;
  const target = posix.normalize(posix.join(posix.dirname(file), spec));
  return target === `${SRC}/db/schema` || target.startsWith(`${SRC}/db/schema/`);
}

/** The names an import or re-export brings in as values (not `type`). */
function valueBindings(node) {
  if (ts.isImportDeclaration(node)) {
    const c = node.importClause;
    if (!c) return ['(side effect)'];
    if (c.isTypeOnly) return [];
    const names = [];
    if (c.name) names.push(c.name.text);
    const b = c.namedBindings;
    if (b && ts.isNamespaceImport(b)) names.push(`* as ${b.name.text}`);
    if (b && ts.isNamedImports(b)) for (const el of b.elements) if (!el.isTypeOnly) names.push(el.name.text);
    return names;
  }
  if (ts.isExportDeclaration(node)) {
    if (node.isTypeOnly) return [];
    const c = node.exportClause;
    if (!c) return ['*'];
    if (ts.isNamespaceExport(c)) return [`* as ${c.name.text}`];
    return c.elements.filter((el) => !el.isTypeOnly).map((el) => el.name.text);
  }
  return [];
}

function findings(file) {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out = [];
  const at = (node, what) =>
    out.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, what });
  const visit = (node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      const spec = node.moduleSpecifier.text;
      const values = valueBindings(node);
      if (values.length > 0 && (spec === 'drizzle-orm' || spec.startsWith('drizzle-orm/'))) {
        at(node, `imports ${values.join(', ')} from '${spec}' (only types may be imported here)`);
      } else if (values.length > 0 && isSchemaModule(spec, file)) {
        at(node, `imports tables ${values.join(', ')} from '${spec}' (only types may be imported here)`);
      }
    }
    if (ts.isCallExpression(node)) {
      const callee = unwrap(node.expression);
      if (
        ts.isPropertyAccessExpression(callee) &&
        QUERY_METHODS.has(callee.name.text) &&
        isHandle(callee.expression)
      ) {
        at(node, `${callee.expression.getText(sf)}.${callee.name.text}(…) — a query`);
      }
    }
    if (ts.isPropertyAccessExpression(node) && node.name.text === 'query' && isHandle(node.expression)) {
      at(node, `${node.getText(sf)} — a relational query`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

const files = sourceFiles(SRC).filter((f) => !EXEMPT.some(([re]) => re.test(f)));
const all = files.flatMap(findings);
for (const f of all) console.log(`${f.file}:${f.line}  ${f.what}`);
const byFile = new Set(all.map((f) => f.file)).size;
if (all.length > 0) {
  console.log(
    `\n${all.length} SQL finding(s) in ${byFile} file(s) outside *.queries.ts: move the SQL into the module's queries.`,
  );
  process.exit(1);
}
console.log(
  `no SQL outside *.queries.ts (${files.length} files read; exempt: ${EXEMPT.map(([, why]) => why).join('; ')})`,
);
