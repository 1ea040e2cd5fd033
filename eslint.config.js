// Lint also enforces the process boundaries of DESIGN.md: src-shared imports nothing from Node or
// Electron, the engine imports nothing from Electron, the renderer reaches the engine only through src-shared.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'crypto', 'child_process', 'http', 'https', 'os', 'net', 'tls'];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/', 'test-output/', 'src-main/engine/store/migrations/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src-shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [...nodeBuiltins, 'electron', '**/src-main/**', '**/src-renderer/**'] },
      ],
    },
  },
  {
    files: ['src-main/engine/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['electron', '**/electron/**', '**/src-renderer/**'] }],
    },
  },
);
