// The JavaScript linter's configuration: the extension's scripts (classic scripts sharing the Trichome
// namespace), the tests and tools (ES modules under Node).
import js from '@eslint/js';
import globals from 'globals';

export default [
  { ignores: ['dist/**', 'target/**', 'fuzz/target/**', 'tools/**', 'node_modules/**', 'out/**', 'tests/fixtures/sites/**'] },
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
        // The wasm glue's factory (extension/tools/package.mjs).
        trichomeCore: 'readonly',
      },
    },
    rules: {
      // Each content script file adds its part to the shared Trichome namespace with `var Trichome = …`.
      'no-var': 'off',
      'no-redeclare': ['error', { builtinGlobals: false }],
      'no-unused-vars': ['error', { args: 'after-used', caughtErrors: 'none' }],
      // Page text is rendered as text only, and no string is ever run as code (issue #17; docs/security.md).
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      'no-script-url': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'MemberExpression[property.name=/^(innerHTML|outerHTML|srcdoc)$/]', message: 'Build nodes and set textContent: page text is never markup.' },
        {
          selector: 'CallExpression[callee.property.name=/^(insertAdjacentHTML|write|writeln|createContextualFragment|setHTMLUnsafe|parseHTMLUnsafe|parseFromString)$/]',
          message: 'Build nodes and set textContent: page text is never markup.',
        },
        { selector: 'CallExpression[callee.name=/^(setTimeout|setInterval)$/][arguments.0.type="Literal"]', message: 'A string run as code.' },
      ],
    },
  },
  {
    files: ['tests/**/*.mjs', 'bench/**/*.mjs', 'extension/tools/**/*.mjs', 'fuzz/**/*.mjs', 'eslint.config.js'],
    // Tests evaluate code inside the extension's worker (`chrome`) and the page.
    languageOptions: { sourceType: 'module', globals: { ...globals.node, ...globals.browser, ...globals.webextensions } },
    rules: { 'no-unused-vars': ['error', { args: 'none', caughtErrors: 'none', ignoreRestSiblings: true }] },
  },
];
