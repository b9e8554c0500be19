import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'release/', 'node_modules/', 'native-models/', '.venv/', 'coverage/', 'tests/.tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['renderer/src/**/*.ts', 'renderer/src/**/*.svelte'],
    languageOptions: { globals: { ...globals.browser }, parserOptions: { parser: tseslint.parser } },
    rules: {
      // The renderer owns no truth and no Node: it may take only types from the main process,
      // the engine's box interpolation, the store's prompt spans and electron/shared/, pure
      // modules (tests/unit/interpolation.test.ts, prompt-spans.test.ts and shared-modules.test.ts
      // keep them pure).
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [
          { regex: '(^|/)electron/(?!engine/boxes$|store/prompt-spans$|shared/[\\w-]+$)|^(electron|better-sqlite3|onnxruntime-node)$|^node:', allowTypeImports: true },
        ],
      }],
    },
  },
  {
    // what both processes share: pure modules that import nothing but each other
    files: ['electron/shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!\\./[\\w-]+$)', message: 'electron/shared/ imports only its own modules' }] }] },
  },
  {
    files: ['electron/store/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['../engine/*', '../media/*', '../ipc/*', '../host/*'] }] },
  },
  {
    files: ['electron/engine/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['../store/*', '../media/*', '../ipc/*', '../host/*'] }] },
  },
  {
    files: ['electron/media/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['../store/*', '../engine/*', '../ipc/*', '../host/*'] }] },
  },
);
