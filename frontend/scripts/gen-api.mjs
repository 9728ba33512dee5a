// @ts-check
// Generates src/lib/api/schema.d.ts from ../openapi/openapi.json with openapi-typescript
// (the same options as its CLI). With --check it writes nothing and fails when the committed
// file differs, so the typed client cannot drift from the API.
//
// Why not the bare CLI: OpenAPI requires operationIds to be unique, and when two operations
// share one (`list` for users, bags and events), openapi-typescript emits the `operations`
// entry twice and TypeScript silently keeps the first: GET /users would be typed as a page
// of bags. Operations whose id is shared lose the id here, so their types are written
// inline under `paths`, which is exact. A warning names them so the API can be fixed.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';

const root = fileURLToPath(new URL('..', import.meta.url));
const specPath = `${root}../openapi/openapi.json`;
const outPath = `${root}src/lib/api/schema.d.ts`;
const check = process.argv.includes('--check');

/** @typedef {{ operationId?: string }} Operation */
/** @type {{ paths?: Record<string, Record<string, Operation>> }} */
const spec = JSON.parse(readFileSync(specPath, 'utf8'));

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

const generated = `${COMMENT_HEADER}${astToString(await openapiTS(Buffer.from(JSON.stringify(spec))))}`;

if (check) {
  if (readFileSync(outPath, 'utf8') !== generated) {
    console.error(
      'src/lib/api/schema.d.ts is out of date with ../openapi/openapi.json.\n' +
        'Run `npm run gen:api`, fix what `tsc` then reports, and commit both.',
    );
    process.exit(1);
  }
  console.log('src/lib/api/schema.d.ts matches ../openapi/openapi.json');
} else {
  writeFileSync(outPath, generated, 'utf8');
  console.log('wrote src/lib/api/schema.d.ts');
}
