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
  {
    // The renderer runs in a browser (or Electron's sandboxed renderer): it reaches the engine only through
    // the typed API in src-shared, never Node, Electron or src-main.
    files: ['src-renderer/**'],
    languageOptions: {
      globals: {
        window: 'readonly',
        document: 'readonly',
        navigator: 'readonly',
        fetch: 'readonly',
        EventSource: 'readonly',
        URL: 'readonly',
        URLSearchParams: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        process: 'off',
        Buffer: 'off',
      },
    },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...nodeBuiltins,
            'fs/*',
            'stream',
            'zlib',
            'worker_threads',
            'electron',
            'electron/*',
            '**/src-main/**',
            '**/sim/**',
          ],
        },
      ],
    },
  },
);
