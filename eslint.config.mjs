// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const noVscode = {
  name: 'vscode',
  message: 'The engine, the CLI and the protocol never import `vscode`: take what you need through a port (an interface) that src/extension implements.',
};

/** Untrusted text (LLM output, seed content) must never become HTML. */
const noHtmlSinks = [
  { selector: "AssignmentExpression[left.property.name='innerHTML']", message: 'Use textContent or DOM nodes: untrusted text is never HTML.' },
  { selector: "AssignmentExpression[left.property.name='outerHTML']", message: 'Use textContent or DOM nodes: untrusted text is never HTML.' },
  { selector: "CallExpression[callee.property.name='insertAdjacentHTML']", message: 'Use textContent or DOM nodes: untrusted text is never HTML.' },
  { selector: "CallExpression[callee.object.name='document'][callee.property.name=/^write(ln)?$/]", message: 'document.write is never used.' },
  { selector: "CallExpression[callee.property.name='createContextualFragment']", message: 'Use textContent or DOM nodes: untrusted text is never HTML.' },
];

const noDefaultExport = { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' };

export default tseslint.config(
  { ignores: ['dist/', 'out/', 'node_modules/', '.vscode-test/', 'test/fixtures/', 'examples/', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ['*.mjs'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-floating-promises': ['error', {
        allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] }],
      }],
      'no-restricted-syntax': ['error', noDefaultExport, ...noHtmlSinks],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['src/core/**', 'src/cli/**', 'src/protocol/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noVscode], patterns: [{ group: ['**/extension/**', '**/webview/**'], message: 'Dependencies point one way: core, CLI and protocol never import the VS Code shell or the webviews.' }] }],
    },
  },
  {
    files: ['webview/**'],
    languageOptions: { globals: globals.browser },
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noVscode],
        patterns: [
          { group: ['@vscode/webview-ui-toolkit', '@vscode/webview-ui-toolkit/*'], message: 'Use the toolkit only through webview/components/toolkit.ts, so it can be replaced in one place.' },
          { group: ['**/src/extension/**', '**/src/core/**'], message: 'Webviews talk to the extension only through src/protocol messages.' },
        ],
      }],
    },
  },
  {
    files: ['webview/components/toolkit.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode] }] },
  },
  {
    // Test doubles are async to match the interfaces they stand in for, awaited or not.
    files: ['test/**'],
    rules: { '@typescript-eslint/require-await': 'off' },
  },
  {
    files: ['**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: globals.node },
  },
  {
    // ESLint itself requires a default export here.
    files: ['eslint.config.mjs'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
