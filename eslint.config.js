// The linter: TypeScript's recommended rules, React's rules of hooks, and the architecture as rules.
// Layers (README "Architecture"): core <- io <- commands, core <- ui; core, io <- lib (the library
// and the SDK guard, which commands may use); cli.tsx wires everything.
// These rules have no exceptions: a file that needs one is in the wrong layer.
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** What a layer may not import: zones of import-x/no-restricted-paths (`target` may not import `from`). */
const LAYERS = [
  { target: './src/core', from: ['./src/io', './src/ui', './src/commands', './src/lib', './src/cli.tsx'], message: 'core is pure accounting: it imports nothing from io, ui, lib or commands.' },
  { target: './src/io', from: ['./src/ui', './src/commands', './src/lib', './src/cli.tsx'], message: 'io imports only core.' },
  { target: './src/ui', from: ['./src/io', './src/commands', './src/lib', './src/cli.tsx'], message: 'ui imports only core; what it needs from io is passed in by commands/dashboard.ts.' },
  { target: './src/lib', from: ['./src/ui', './src/commands', './src/cli.tsx'], message: 'the library imports core and io only: an application importing it gets no Ink, React or command.' },
  { target: './src/commands', from: ['./src/cli.tsx'], message: 'commands do not import the entry point.' },
];

/** Neither React nor Ink below the ui; no file system, process or network in core or the ui (those are io's). */
const NO_REACT = ['react', 'react/*', 'react-dom', 'ink', 'ink-*'];
const NO_SYSTEM = ['fs', 'node:fs', 'fs/*', 'node:fs/*', 'child_process', 'node:child_process', 'worker_threads', 'node:worker_threads', 'net', 'node:net', 'http', 'node:http', 'https', 'node:https', 'os', 'node:os'];
const restricted = (patterns, message) => ['error', { patterns: [{ group: patterns, message }] }];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'bench/', 'scripts/', 'test/support/journalTurns.*', 'src/vendor/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'import-x': importX, 'react-hooks': reactHooks },
    settings: {
      // Parse what is imported as TypeScript too, so cycles are followed through every file.
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      // The rules of hooks; the React Compiler's rules of v7's preset are not used (the app is not compiled with it).
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      // Matching control characters is this project's job: untrusted text is sanitised before it reaches a terminal.
      'no-control-regex': 'off',
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      'import-x/no-restricted-paths': ['error', { zones: LAYERS }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // Test children and scripts run in Node as plain ES modules.
  { files: ['**/*.mjs'], languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' } } },
  { files: ['src/core/**'], rules: { 'no-restricted-imports': restricted([...NO_REACT, ...NO_SYSTEM], 'core has no React and no I/O.') } },
  { files: ['src/io/**'], rules: { 'no-restricted-imports': restricted(NO_REACT, 'io has no React.') } },
  // The SDKs are optional peer dependencies: the library reads their objects by shape and never imports them.
  { files: ['src/lib/**'], rules: { 'no-restricted-imports': restricted([...NO_REACT, 'openai', 'openai/*', '@anthropic-ai/*'], 'the library has no React, and imports no SDK (they are optional peers).') } },
  { files: ['src/ui/**'], rules: { 'no-restricted-imports': restricted(NO_SYSTEM, 'the ui reaches files, workers and processes only through what commands/dashboard.ts passes in.') } },
);
