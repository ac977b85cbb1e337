// Lint rules, including the layer boundaries of docs/ARCHITECTURE.md: a wrong-layer import is an error.
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';

const nodeOnly = ['node:*', 'fs', 'path', 'child_process', 'better-sqlite3', '@tensorflow/*'];
const layers = {
  electron: ['**/electron', '**/electron/**', 'electron'],
  core: ['**/core', '**/core/**'],
  web: ['**/web', '**/web/**'],
  cli: ['**/cli', '**/cli/**'],
  renderer: ['**/src-renderer/**', 'svelte', 'svelte/*'],
};
/** A shell reaches the core through each folder's index.js, its public entry point, and core/errors.js. */
const coreEntriesOnly = {
  regex: '(^|/)core/(?![a-z-]+/index\\.js$|errors\\.js$)',
  message: "a shell imports the core only through a folder's index.js (its public entry point)",
};
const restrict = (patterns, message, extra = []) => ({
  rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ group: patterns, message }, ...extra] }] },
});

export default tseslint.config(
  {
    ignores: [
      '.cache/**',
      'dist/**',
      'build/**',
      'release/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'resources/**',
    ],
  },
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Functions that do more than one named thing are split; 80 lines is the limit outside tests.
    files: ['src-main/**/*.ts'],
    rules: { 'max-lines-per-function': ['error', { max: 80 }] },
  },
  {
    files: ['src-main/contract/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(?!\\./).*', message: 'contract holds types only and imports nothing outside itself' }] },
      ],
    },
  },
  {
    files: ['src-main/core/**'],
    ...restrict([...layers.electron, ...layers.web, ...layers.cli, ...layers.renderer], 'core is pure Node: no electron, shells or UI'),
  },
  {
    files: ['src-main/web/**', 'src-main/cli/**'],
    ...restrict([...layers.electron, ...layers.renderer], 'only src-main/electron may import electron', [coreEntriesOnly]),
  },
  {
    files: ['src-main/electron/**'],
    ...restrict([...layers.web, ...layers.cli, ...layers.renderer], 'the electron shell talks to core only', [coreEntriesOnly]),
  },
  {
    files: ['src-renderer/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...nodeOnly, ...layers.electron, '**/src-main/core/**', '**/src-main/web/**', '**/src-main/cli/**'],
              message: 'the renderer reaches the core only through the contract client',
            },
            { group: ['**/src-main/contract/**'], allowTypeImports: true, message: 'the renderer may import contract types only' },
          ],
        },
      ],
    },
  },
);
