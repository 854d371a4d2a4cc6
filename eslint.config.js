// Lint for every package: type-aware rules (no floating promises, no misused promises)
// on TypeScript, plain recommended rules on the few JS files (tools, Electron shell).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.data/**', '.test-output/**', 'dist-electron/**', 'tools/fixtures/**'] },
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
