import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** TypeORM members only src/typeorm/ may touch (checked there by TYPEORM_CONTRACT). */
const TYPEORM_INTERNALS =
  '/^(expressionMap|joinAttributes|queryExpressionMap|parentQueryBuilder|getWhereCondition|createWhereConditionExpression|buildEscapedEntityColumnSelects|connection|zerofill)$/';

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'coverage', 'bench/*.sqlite*', 'docs/api', 'docs/.examples'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        console: 'readonly',
        process: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      // Entity classes are `Function` in TypeORM and in getSequencedEntities(): Function[] (README "Building a sequence";
      // the type is fixed by the API contract, ../shared/API.md outside this repository).
      '@typescript-eslint/no-unsafe-function-type': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The one boundary to TypeORM: its non-public members (and the names that differ between 0.3.x and 1.x)
    // and its deep `typeorm/…` paths are used in src/typeorm/ only; the rest of src/ calls its functions.
    files: ['src/**/*.ts'],
    ignores: ['src/typeorm/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['typeorm/*'],
              message:
                "Deep TypeORM paths only in src/typeorm/: import public names from 'typeorm', metadata types and internals from '../typeorm/internals'.",
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        ...[
          `MemberExpression[property.name=${TYPEORM_INTERNALS}]`,
          `MemberExpression[property.value=${TYPEORM_INTERNALS}]`,
        ].map((selector) => ({
          selector,
          message:
            'A non-public TypeORM member (or one named differently in 0.3.x and 1.x): use or add a function of src/typeorm/ (see TYPEORM_CONTRACT).',
        })),
        ...[
          'TSImportType[argument.literal.value=/^typeorm\\u002F/]',
          'ImportExpression[source.value=/^typeorm\\u002F/]',
          "CallExpression[callee.name='require'][arguments.0.value=/^typeorm\\u002F/]",
        ].map((selector) => ({
          selector,
          message: 'Deep TypeORM paths only in src/typeorm/.',
        })),
      ],
    },
  },
);
