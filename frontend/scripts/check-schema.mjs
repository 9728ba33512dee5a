// @ts-check
// Fails when src/lib/api/schema.d.ts is not what `npm run gen:api` makes from
// ../openapi/openapi.json today: the typed client must move in step with the API.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const committed = join(root, 'src/lib/api/schema.d.ts');
const dir = mkdtempSync(join(tmpdir(), 'tt-schema-'));
const fresh = join(dir, 'schema.d.ts');

try {
  execFileSync(
    join(root, 'node_modules/.bin/openapi-typescript'),
    [join(root, '../openapi/openapi.json'), '-o', fresh],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (readFileSync(fresh, 'utf8') !== readFileSync(committed, 'utf8')) {
    console.error(
      'src/lib/api/schema.d.ts is out of date with ../openapi/openapi.json.\n' +
        'Run `npm run gen:api`, fix what the compiler then reports, and commit both.',
    );
    process.exitCode = 1;
  } else {
    console.log('schema.d.ts matches ../openapi/openapi.json');
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
