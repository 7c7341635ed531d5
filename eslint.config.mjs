// Lint, including the layering rules that say which folder may import what (STYLE.md §1).
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeModules = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];
const noNode = { paths: nodeModules.map((name) => ({ name, message: 'Bad layering: this folder runs without Node.' })) };
// zod stays out of the renderer bundle: the renderer takes shared constants from the zod-free
// modules (their names below) and schema-bearing modules only as types. The bundle check stays too.
const zodMessage = 'Keeps zod out of the renderer bundle: import the zod-free module (levels, languages, audit-kinds, zone-vocabulary, search-fold, person-name, file-name, tour, backup-paths, backup-progress, signature-placement) or use `import type`.';
const zodFree = ['audit-kinds', 'zone-vocabulary', 'levels', 'languages', 'search-fold', 'person-name', 'file-name', 'tour', 'backup-paths', 'backup-progress', 'signature-placement'].map((name) => `!**/shared/domain/${name}.js`);
const noZod = {
  paths: [{ name: 'zod', message: zodMessage, allowTypeImports: true }, { name: 'zod/*', message: zodMessage, allowTypeImports: true }],
  patterns: [{ group: ['**/shared/domain/*', ...zodFree, '**/shared/ipc/contract.js', '**/shared/ipc/contracts/*', '**/shared/ipc/errors.js'], message: zodMessage, allowTypeImports: true }],
};
const electronMessage = 'Bad layering: only electron/shells/electron may import electron at runtime (use `import type`).';

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'tests/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.name='eval']", message: 'No eval.' }],
    },
  },
  {
    // shared/: contracts and pure functions, importable by every process.
    files: ['shared/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [...noNode.paths, { name: 'electron', message: 'Bad layering: shared/ imports nothing from Electron.' }, { name: 'react', message: 'Bad layering: shared/ is UI-free.' }],
          patterns: [{ group: ['**/electron/**', '**/renderer/**', 'electron/*', 'react-dom', 'react-dom/*'], message: 'Bad layering: shared/ imports nothing from main or renderer.' }],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'process', 'require', 'Buffer', '__dirname'],
    },
  },
  {
    // Main-process services: plain Node, Electron only as types.
    files: ['electron/**/*.ts'],
    ignores: ['electron/shells/electron/**'],
    languageOptions: { globals: globals.node },
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: electronMessage, allowTypeImports: true }, { name: 'react', message: 'Bad layering: no UI in the main process.' }],
          patterns: [{ group: ['**/renderer/**'], message: 'Bad layering: the main process never imports renderer code.' }],
        },
      ],
    },
  },
  {
    // Thin Electron glue: may import electron, never the renderer.
    files: ['electron/shells/electron/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ group: ['**/renderer/**'], message: 'Bad layering: the main process never imports renderer code.' }] }],
    },
  },
  {
    // The page-side bridge of the Chromium shell runs in the browser.
    files: ['electron/shells/chromium/init-script.ts'],
    languageOptions: { globals: globals.browser },
  },
  {
    // Renderer: browser only; reaches the core through window.airlock.
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [...noNode.paths, { name: 'electron', message: 'Bad layering: the renderer reaches Electron only through window.airlock.' }, ...noZod.paths],
          patterns: [{ group: ['**/electron/**', 'electron/*'], message: 'Bad layering: the renderer never imports main-process code.' }, ...noZod.patterns],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'require', 'Buffer', '__dirname'],
    },
  },
  {
    files: ['tests/**/*.ts', 'tools/**/*.ts', 'bench/**/*.ts', 'bin/**/*.ts', 'scripts/**/*.mjs', '*.config.{ts,mjs}'],
    languageOptions: { globals: globals.node },
  },
  {
    // The training kit is product code (npm run training): the tests import it, never the other way.
    files: ['tools/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/tests/**', '**/renderer/**'], message: 'Bad layering: tools/ is product code; it imports neither tests/ nor the renderer.' }] },
      ],
    },
  },
  {
    files: ['scripts/**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
