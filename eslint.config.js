// Lint for every package: type-aware rules (no floating promises, no misused promises)
// on TypeScript, plain recommended rules on the few JS files (tools, Electron shell).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '.data/**',
      '.test-output/**',
      'dist-electron/**',
      'tools/fixtures/**',
    ],
  },
  js.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['vitest.config.ts', 'renderer/vite.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // Fastify plugins are async functions by contract even when they await nothing.
      '@typescript-eslint/require-await': 'off',
      'no-console': 'error',
    },
  },
  {
    // Line bound (issue 21.6): Prettier wraps code at 120; this catches what it cannot (comments,
    // long identifiers chains). Strings, templates, URLs and regexps stay whole so they can be grepped.
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.mjs', '**/*.cjs'],
    rules: {
      'max-len': [
        'error',
        { code: 120, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreUrls: true, ignoreRegExpLiterals: true },
      ],
    },
  },
  {
    // Size bounds (issue 21.6): past them a file or a function is split, or listed below with its reason.
    files: ['**/*.ts', '**/*.tsx'],
    ignores: ['**/*.test.ts', '**/*.test.tsx', '**/test/**'],
    rules: {
      'max-lines': ['error', { max: 400 }],
      'max-lines-per-function': ['error', { max: 120, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // A route plugin registers its module's routes in one function (each handler is small); a
    // simulator's start function declares its fake service's routes the same way.
    files: [
      'cloud/src/modules/*/routes.ts',
      'cloud/src/modules/*/*-routes.ts',
      'firmware-sim/src/payments/momo.ts',
      'firmware-sim/src/payments/wave.ts',
      'firmware-sim/src/sms/orange.ts',
      'firmware-sim/src/tax/emecef.ts',
      'firmware-sim/src/tax/fne.ts',
    ],
    rules: { 'max-lines-per-function': ['error', { max: 300, skipBlankLines: true, skipComments: true }] },
  },
  {
    // Known past the bounds, each to be split (issue 21 notes): the ledger's write path and the
    // wallet operations (money: split with their property tests beside), the shop service, the
    // hub's sales desk and print queue, the counter's sell screen and app shell, the invoices
    // screen, the MQTT broker's start, and the ESC/POS decoder (one state machine per command set).
    files: [
      'cloud/src/modules/wallet/ledger.ts',
      'cloud/src/modules/wallet/operations.ts',
      'cloud/src/modules/shop/shop.ts',
      'hub/src/sales/sales-desk.ts',
      'hub/src/printing/print-queue.ts',
      'hub/src/iot/broker.ts',
      'renderer/src/counter/screens/Sell.tsx',
      'renderer/src/counter/screens/Invoices.tsx',
      'renderer/src/counter/App.tsx',
      'firmware-sim/src/printer/escpos-decoder.ts',
      'firmware-sim/src/tax/fne.ts',
    ],
    rules: { 'max-lines': 'off', 'max-lines-per-function': 'off' },
  },
  {
    // vitest's asymmetric matchers (expect.stringContaining...) are typed `any` by design.
    files: ['**/*.test.ts', '**/*.test.tsx'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
  {
    // Build tool configs are not part of any package's program: lint them without types.
    files: ['vitest.config.ts', 'renderer/vite.config.ts'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['hub/electron/preload.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
);
