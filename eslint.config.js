// Lint rules: type-aware TypeScript checks plus the layer rules: which folder may import which
// (the table in eslint/layers.js, written out in the README's "How it works"), no package the
// layer cannot run (native/ no electron or react, the renderer no Node), headless code never
// loads 'electron', and files kept small.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';
import { layersPlugin } from './eslint/layers.js';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'coverage/**', 'release/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['native/**/*.ts', 'electron/**/*.ts', 'renderer/**/*.{ts,tsx}'],
    plugins: { layers: layersPlugin },
    rules: {
      'layers/imports': 'error',
      // The code's own habit: modules of a few hundred lines, split by concern.
      'max-lines': ['error', { max: 300, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // The contract is one file by design (DESIGN.md): every shape and name in one place.
    files: ['electron/contract.ts'],
    rules: { 'max-lines': ['error', { max: 450, skipBlankLines: true, skipComments: true }] },
  },
  {
    files: ['test/**/*.{ts,tsx}'],
    rules: { 'max-lines': ['error', { max: 500, skipBlankLines: true, skipComments: true }] },
  },
  {
    files: ['native/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['**/electron/**', '**/renderer/**', 'electron', 'react'] },
      ],
    },
  },
  {
    // The renderer talks only to the contract (and its stream protocol): no Node, no Electron, no
    // main-process code.
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(node:.*|electron|ws|koffi)$',
              message: 'the renderer runs in a browser',
            },
            {
              // The contract layer: contract.ts and the runtime-free modules beside it.
              regex:
                '^(\\.\\./)+(native|electron/(?!contract|stream-protocol|interface-colors|units))',
              message:
                'import only electron/contract.js, electron/stream-protocol.js, electron/interface-colors.js or electron/units.js',
            },
          ],
        },
      ],
    },
  },
  {
    // Only the two Electron entry points load 'electron' at run time (its package index tries
    // to download the binary when it is missing); the rest of electron/ may import its types.
    files: ['electron/**/*.ts'],
    ignores: ['electron/main.ts', 'electron/preload.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              allowTypeImports: true,
              message: 'only electron/main.ts and electron/preload.ts load electron at run time',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests may assert presence with `!` right after checking it.
    files: ['test/**/*.{ts,tsx}'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
