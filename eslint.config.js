// Lint rules that hold the architecture: no floating promises, exhaustive switches, and
// dependencies pointing one way (domain imports nothing with I/O).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'web/dist/**', 'data/**', 'drizzle/**', 'test-artifacts/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // node:test's test()/describe() return promises the runner itself awaits
      '@typescript-eslint/no-floating-promises': ['error', { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] }] }],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['test/**/*.ts', '**/*.test.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['node:*', 'fs', 'path', 'pg', '@electric-sql/*', 'drizzle-orm*', 'fastify*', 'pg-boss'], message: 'src/domain is pure: no I/O imports.' },
          { group: ['../db/*', '../server/*', '../jobs/*', '../providers/*', '../integrations/*', '../cli/*'], message: 'src/domain must not depend on outer layers.' },
        ],
      }],
    },
  },
  {
    files: ['src/analysis/**/*.ts'],
    ignores: ['src/analysis/llm/**', 'src/analysis/eval/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['pg', '@electric-sql/*', 'drizzle-orm*', 'fastify*', 'pg-boss'], message: 'analysis engines are pure: no database or HTTP.' },
          { group: ['../db/*', '../server/*', '../jobs/*', '../../db/*', '../../server/*', '../../jobs/*'], message: 'analysis must not depend on transports or storage.' },
        ],
      }],
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly' } },
  },
);
