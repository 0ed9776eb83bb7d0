import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.local/'] },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Promises must be awaited or handled: a dropped one loses its error.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Nest and MikroORM hand back loosely typed values at their edges; these are checked where they enter.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/unbound-method': 'off',
      // The shared rules make every DTO and NATS handler safe by default; these imports would bypass them.
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'class-validator',
              importNames: ['IsOptional'],
              message:
                'Use Optional() from @shotcaller/contracts: an optional field is absent or valid, not null.',
            },
            {
              name: '@nestjs/swagger',
              importNames: ['PartialType'],
              message:
                'Use PartialDto() from @shotcaller/contracts: PartialType lets null through as absent.',
            },
            {
              name: '@nestjs/mapped-types',
              importNames: ['PartialType'],
              message:
                'Use PartialDto() from @shotcaller/contracts: PartialType lets null through as absent.',
            },
            {
              name: '@nestjs/microservices',
              importNames: ['MessagePattern', 'EventPattern'],
              message:
                'Use @RpcHandler(subject) from @shotcaller/messaging: it validates against the contract.',
            },
          ],
        },
      ],
    },
  },
  {
    // The places the Nest helpers are wrapped.
    files: ['libs/messaging/src/rpc/rpc-handler.ts', 'libs/contracts/src/input-rules.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts', 'libs/testing/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  prettier,
);
