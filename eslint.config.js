// The JavaScript linter's configuration: the extension's scripts (classic scripts sharing the Trichome
// namespace), the tests and tools (ES modules under Node).
import js from '@eslint/js';
import globals from 'globals';

export default [
  { ignores: ['dist/**', 'target/**', 'tools/**', 'node_modules/**', 'out/**', 'tests/fixtures/sites/**'] },
  js.configs.recommended,
  {
    files: ['extension/src/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: {
        ...globals.browser,
        ...globals.webextensions,
        ...globals.serviceworker,
        Trichome: 'writable',
        wasm_bindgen: 'readonly',
      },
    },
    rules: {
      // Each content script file adds its part to the shared Trichome namespace with `var Trichome = …`.
      'no-var': 'off',
      'no-redeclare': ['error', { builtinGlobals: false }],
      'no-unused-vars': ['error', { args: 'after-used', caughtErrors: 'none' }],
    },
  },
  {
    files: ['tests/**/*.mjs', 'bench/**/*.mjs', 'extension/tools/**/*.mjs', 'eslint.config.js'],
    // Tests evaluate code inside the extension's worker (`chrome`) and the page.
    languageOptions: { sourceType: 'module', globals: { ...globals.node, ...globals.browser, ...globals.webextensions } },
    rules: { 'no-unused-vars': ['error', { args: 'none', caughtErrors: 'none', ignoreRestSiblings: true }] },
  },
];
