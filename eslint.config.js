import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/', '.output/', '.wxt/', 'data/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node, ...globals.browser },
    },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // Command-line entry points talk to a terminal.
    files: ['scripts/**', 'bench/**', 'server/cli.ts', 'server/cli-connect.ts', 'server/main.ts', 'server/import/run.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // Plain JavaScript outside the TypeScript project: config files, and the worker entry that loads TypeScript.
    files: ['*.config.{js,ts}', 'server/**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
