// ESLint keeps ssd-delta's layers apart (TypeScript itself checks types: npm run typecheck).
// The dialect seam: only src/source may reach a database adapter, and each adapter only itself;
// every other layer speaks to the port (src/source/source.ts) and opens databases through
// src/source/create-source.ts. test/static/eslint.test.ts runs this in the test suite.
import tseslint from 'typescript-eslint';

const ADAPTER = "the dialect seam: outside src/source, use the port (src/source/source.ts), create-source.ts or install-scripts.ts, never an adapter";

/** no-restricted-imports and the same for import() expressions, for paths matching `pattern`. */
function forbid(pattern, message) {
  return {
    'no-restricted-imports': ['error', { patterns: [{ regex: pattern, message }] }],
    // A selector's regular expression is written between slashes: those in it are escaped.
    'no-restricted-syntax': ['error', { selector: `ImportExpression[source.value=/${pattern.replaceAll('/', '\\/')}/]`, message }],
  };
}

export default [
  { ignores: ['dist/**', 'node_modules/**', '.scratch/**'] },
  { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser, ecmaVersion: 2023, sourceType: 'module' } },
  { files: ['src/**/*.ts'], ignores: ['src/source/**'], rules: forbid('source/(postgres|mssql)/', ADAPTER) },
  { files: ['src/source/postgres/**/*.ts'], rules: forbid('/mssql/', 'the Postgres adapter never imports the SQL Server one: share code through src/source') },
  { files: ['src/source/mssql/**/*.ts'], rules: forbid('/postgres/', 'the SQL Server adapter never imports the Postgres one: share code through src/source') },
];
