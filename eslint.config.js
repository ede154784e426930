// Lint: TypeScript rules plus the layering of ARCHITECTURE.md §1, enforced per folder.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });
const group = (group, message) => ({ group, message });

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'dist/**', 'test-results/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'max-lines': ['error', { max: 600, skipBlankLines: true, skipComments: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: restrict([
      group(['electron', 'react', 'react-dom', 'zustand', 'node:*', '@xterm/*', 'better-sqlite3', 'node-pty', 'ws', 'openai'], 'src/shared imports only zod.'),
      group(['**/core/**', '**/main/**', '**/renderer/**', '**/server/**', '**/preload/**'], 'src/shared imports nothing of the other layers.'),
    ]),
  },
  {
    files: ['src/core/**/*.ts'],
    rules: restrict([
      group(
        ['electron', 'react', 'react-dom', 'zustand', '@xterm/xterm', '@xterm/addon-fit', '@xterm/addon-webgl', '@xterm/addon-search', '@xterm/addon-web-links'],
        'src/core is plain Node: no electron, react or DOM (only @xterm/headless and its headless-safe serialize addon).',
      ),
      group(['**/main/**', '**/renderer/**', '**/server/**', '**/preload/**'], 'src/core never imports an adapter.'),
    ]),
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...restrict([
        group(['electron', 'node:*', 'better-sqlite3', 'node-pty', 'ws', 'openai'], 'The renderer has no Node: it talks only to the contract.'),
        group(['**/core/**', '**/main/**', '**/server/**', '**/preload/**'], 'The renderer talks only to the contract (src/shared) through a Transport.'),
      ]),
    },
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: restrict([group(['**/core/**', '**/renderer/**', '**/server/**'], 'The preload is a pipe: it hands over a MessagePort and nothing else.')]),
  },
  {
    files: ['src/server/**/*.ts'],
    rules: restrict([group(['electron', '**/main/**', '**/renderer/**', '**/preload/**'], 'The headless server runs without Electron.')]),
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: restrict([
      group(['electron', 'react', 'react-dom', 'zustand', '@xterm/xterm', '**/main/**', '**/renderer/**', '**/preload/**'], 'The command line is an adapter over src/core and src/server, without Electron or the renderer.'),
    ]),
  },
  {
    files: ['src/main/**/*.ts'],
    rules: restrict([group(['**/renderer/**', '**/server/**'], 'Electron main is an adapter over src/core.')]),
  },
);
