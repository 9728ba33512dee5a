// ESLint (flat config): the import boundaries between the SPA's parts, plus the recommended
// rules of ESLint and typescript-eslint. Style is not linted here.
//
// The boundaries (eslint-plugin-boundaries, README "What lives where"):
// - a feature (`src/features/<name>/`) imports `src/lib`, `src/components`, `src/i18n`, its own
//   files, and another feature only through that feature's public entry,
//   `src/features/<name>/index.ts` — never its internals;
// - `src/lib` imports only `src/i18n` (and itself); `src/components` only `src/lib` and
//   `src/i18n`; `src/i18n` only `src/lib`: none of them imports a feature or the app;
// - the app (`src/app/`) composes everything, and imports a screen's own file so each screen
//   stays a chunk of its own (a feature's index would bundle its screens together).
import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const feature = { element: { type: 'feature' } };
const to = (...types) => ({ to: { element: { type: types } } });

export default tseslint.config(
  { ignores: ['dist/', 'e2e/screenshots/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // `const { dropped: _dropped, ...kept } = value` leaves a key out on purpose.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  {
    // Generated: the document's patterns exist to match control characters.
    files: ['src/lib/api/zod.gen.ts'],
    rules: { 'no-control-regex': 'off' },
  },
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['sw/**/*.js'],
    languageOptions: { globals: { ...globals.serviceworker } },
  },
  {
    files: ['e2e/**/*.mjs'],
    // Functions that playwright runs in the page.
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { boundaries },
    settings: {
      'import/resolver': { node: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] } },
      // Folders, matched from the project root. src/main.tsx, the entry, belongs to none and is not checked.
      'boundaries/elements': [
        { type: 'app', pattern: 'src/app', partialMatch: false },
        { type: 'feature', pattern: 'src/features/*', capture: ['name'], partialMatch: false },
        { type: 'lib', pattern: 'src/lib', partialMatch: false },
        { type: 'components', pattern: 'src/components', partialMatch: false },
        { type: 'i18n', pattern: 'src/i18n', partialMatch: false },
      ],
    },
    rules: {
      'boundaries/dependencies': ['error', {
        default: 'disallow',
        message:
          '{{from.type}} may not import this file of {{to.type}}: a feature imports another feature only through its index.ts; '
          + 'lib, components and i18n never import a feature or the app (frontend/eslint.config.js)',
        policies: [
          { from: { element: { type: 'app' } }, allow: to('app', 'feature', 'lib', 'components', 'i18n') },
          { from: feature, allow: to('lib', 'components', 'i18n') },
          { from: feature, allow: { to: { element: { type: 'feature', fileInternalPath: 'index.ts' } } } },
          { from: { element: { type: 'components' } }, allow: to('lib', 'i18n') },
          { from: { element: { type: 'lib' } }, allow: to('i18n') },
          { from: { element: { type: 'i18n' } }, allow: to('lib') },
        ],
      }],
    },
  },
);
