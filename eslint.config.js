/**
 * Lint rules, including the dependency direction of DESIGN.md §3:
 * - shared/ is pure: no chrome.*, DOM, Node built-ins, extension/ or server/;
 * - popup and content import only shared/protocol (and their own folder, React, the polyfill);
 * - server/ never imports extension/.
 */
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** `node:*` as a pattern; bare built-in names as exact paths (a pattern 'crypto' would also match '../crypto/aead'). */
const nodePattern = ['node:*'];
const nodeNames = ['fs', 'path', 'crypto', 'os', 'child_process', 'http', 'https', 'net', 'url', 'buffer', 'stream', 'worker_threads'];
const nodePaths = (message) => nodeNames.map((name) => ({ name, message }));
const forbid = (group, message) => ({ group, message });

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.data/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['shared/**/*.ts'],
    languageOptions: { globals: { ...globals['shared-node-browser'] } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-globals': ['error', 'chrome', 'browser', 'window', 'document', 'navigator', 'localStorage', 'indexedDB', 'Buffer', 'process', 'require'],
      'no-restricted-imports': [
        'error',
        {
          paths: nodePaths('shared/ is pure: no Node APIs (DESIGN.md §3).'),
          patterns: [
            forbid(nodePattern, 'shared/ is pure: no Node APIs (DESIGN.md §3).'),
            forbid(['webextension-polyfill', '**/extension/**', '**/server/**', 'react', 'react-dom', 'idb'], 'shared/ imports no extension, server, DOM or browser code.'),
          ],
        },
      ],
    },
  },
  {
    files: ['extension/popup/**/*.{ts,tsx}', 'extension/content/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-globals': ['error', 'chrome'],
      'no-restricted-imports': [
        'error',
        {
          paths: nodePaths('popup and content never import Node.'),
          patterns: [
            forbid(['**/shared/crypto/**', '**/shared/vault/**', '**/shared/chains/**', '**/shared/sync/**'], 'popup and content speak only shared/protocol; keys and vault logic stay in the background.'),
            forbid(['**/background/**', '**/server/**', ...nodePattern], 'popup and content never import the background, the server or Node.'),
          ],
        },
      ],
    },
  },
  {
    files: ['extension/popup/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    files: ['extension/background/**/*.ts'],
    languageOptions: { globals: { ...globals.serviceworker } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodePaths('the background runs in a service worker: no Node APIs.'),
          patterns: [forbid(['**/server/**', '**/popup/**', '**/content/**', ...nodePattern], 'the background imports shared/ and its own adapters only.')],
        },
      ],
    },
  },
  {
    // Playwright fixtures declare their dependencies with an object pattern, empty when there are none.
    files: ['e2e/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    files: ['server/**/*.ts', 'harness/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [forbid(['**/extension/**', 'webextension-polyfill', 'react', 'react-dom'], 'server/ and harness/ never import extension/ (DESIGN.md §3).')] }],
    },
  },
);
