// The import boundaries of eslint.config.js, on small files placed in each part of src/.
import { fileURLToPath } from 'node:url';

import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const eslint = new ESLint({ cwd: root });

/** The boundary problems of `code` as if it were the file at `path` (relative to frontend/). */
async function boundaryProblems(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${path}` });
  return (result?.messages ?? []).filter((message) => message.ruleId === 'boundaries/dependencies').map((message) => message.message);
}

describe('import boundaries', { timeout: 60_000 }, () => {
  it('let a feature use lib, components, i18n, its own files and another feature’s index', async () => {
    const code = [
      "import { t } from '../../i18n';",
      "import { Loading } from '../../components/Notices';",
      "import { checkBody } from '../../lib/api/validation';",
      "import { billProgress } from './bill';",
      "import { ScannerInput } from '../scanning';",
      "export { feedbackFor } from '../scanning/index';",
      'export const used = [t, Loading, checkBody, billProgress, ScannerInput];',
    ].join('\n');
    expect(await boundaryProblems('src/features/bills/example.ts', code)).toEqual([]);
  });

  it('keep a feature out of another feature’s files and out of the app', async () => {
    expect(await boundaryProblems('src/features/bills/example.ts', "import { feedbackFor } from '../scanning/feedback';\nexport const f = feedbackFor;")).toHaveLength(1);
    expect(await boundaryProblems('src/features/bills/example.ts', "import type { Feedback } from '../scanning/feedback';\nexport type F = Feedback;")).toHaveLength(1);
    expect(await boundaryProblems('src/features/bills/example.ts', "export { feedbackFor } from '../scanning/feedback';")).toHaveLength(1);
    expect(await boundaryProblems('src/features/bills/example.ts', "export const load = () => import('../scanning/components/CameraScanner');")).toHaveLength(1);
    expect(await boundaryProblems('src/features/bills/example.ts', "import { AppRoutes } from '../../app/routes';\nexport const r = AppRoutes;")).toHaveLength(1);
  });

  it('keep lib, components and i18n from importing a feature, even its index', async () => {
    const scanning = (from: string) => `import { feedbackFor } from '${from}';\nexport const f = feedbackFor;`;
    expect(await boundaryProblems('src/lib/api/example.ts', scanning('../../features/scanning'))).toHaveLength(1);
    expect(await boundaryProblems('src/components/Example.ts', scanning('../features/scanning'))).toHaveLength(1);
    expect(await boundaryProblems('src/i18n/example.ts', scanning('../features/scanning'))).toHaveLength(1);
    expect(await boundaryProblems('src/lib/example.ts', "import { Loading } from '../components/Notices';\nexport const l = Loading;")).toHaveLength(1);
  });

  it('let the app import any screen file, so each screen stays its own chunk', async () => {
    expect(await boundaryProblems('src/app/example.ts', "export const load = () => import('../features/bills/components/BillScreen');")).toEqual([]);
  });
});
