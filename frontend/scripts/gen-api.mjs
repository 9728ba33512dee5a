// @ts-check
// Generates, from ../openapi/openapi.json, src/lib/api/schema.d.ts with openapi-typescript
// (the same options as its CLI) and src/lib/api/zod.gen.ts, the zod schemas of the request
// bodies that forms check before sending (scripts/openapi-zod.mjs). With --check it writes
// nothing and fails when a committed file differs, so neither the typed client nor the form
// checks can drift from the API.
//
// Why not the bare CLI: OpenAPI requires operationIds to be unique, and when two operations
// share one (`list` for users, bags and events), openapi-typescript emits the `operations`
// entry twice and TypeScript silently keeps the first: GET /users would be typed as a page
// of bags. Operations whose id is shared lose the id here, so their types are written
// inline under `paths`, which is exact. A warning names them so the API can be fixed.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';

import { zodModule } from './openapi-zod.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const specPath = `${root}../openapi/openapi.json`;
const check = process.argv.includes('--check');

const text = readFileSync(specPath, 'utf8');
// Before the operationIds below are touched (the request bodies do not depend on them).
const zodSource = zodModule(JSON.parse(text));

/** @typedef {{ operationId?: string }} Operation */
/** @type {{ paths?: Record<string, Record<string, Operation>> }} */
const spec = JSON.parse(text);

/** @type {Map<string, string[]>} */
const byId = new Map();
for (const [path, item] of Object.entries(spec.paths ?? {})) {
  for (const [method, operation] of Object.entries(item)) {
    if (typeof operation !== 'object' || operation === null || !operation.operationId) continue;
    const where = `${method.toUpperCase()} ${path}`;
    byId.set(operation.operationId, [...(byId.get(operation.operationId) ?? []), where]);
  }
}
const shared = [...byId].filter(([, uses]) => uses.length > 1);
if (shared.length > 0) {
  console.warn(
    'warning: openapi.json reuses operationIds (they must be unique); typing those operations inline:\n' +
      shared.map(([id, uses]) => `  ${id}: ${uses.join(', ')}`).join('\n'),
  );
  const sharedIds = new Set(shared.map(([id]) => id));
  for (const item of Object.values(spec.paths ?? {})) {
    for (const operation of Object.values(item)) {
      if (typeof operation === 'object' && operation !== null && operation.operationId && sharedIds.has(operation.operationId)) {
        delete operation.operationId;
      }
    }
  }
}

const outputs = [
  { file: 'src/lib/api/schema.d.ts', source: `${COMMENT_HEADER}${astToString(await openapiTS(Buffer.from(JSON.stringify(spec))))}` },
  { file: 'src/lib/api/zod.gen.ts', source: zodSource },
];

let stale = false;
for (const { file, source } of outputs) {
  const path = `${root}${file}`;
  if (check) {
    let committed = null;
    try {
      committed = readFileSync(path, 'utf8');
    } catch {
      // missing: stale
    }
    if (committed !== source) {
      console.error(`${file} is out of date with ../openapi/openapi.json.`);
      stale = true;
    } else {
      console.log(`${file} matches ../openapi/openapi.json`);
    }
  } else {
    writeFileSync(path, source, 'utf8');
    console.log(`wrote ${file}`);
  }
}
if (stale) {
  console.error('Run `npm run gen:api`, fix what `tsc` and the tests then report, and commit the generated files.');
  process.exit(1);
}
