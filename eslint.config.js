// ESLint keeps ssd-delta's layers apart (TypeScript itself checks types: npm run typecheck).
// From the bottom: stream definitions (src/streams) import only src/core; src/source (the
// dialect port, its stores and its adapters) never imports capture, pipeline or the layers above;
// the stores (src/source/stores), written once over the SQL runner, and the reach plan and its SQL
// (src/source/reach-*.ts) import no adapter; only
// src/source reaches a database adapter, and each adapter only itself: every other layer speaks
// to the port (src/source/source.ts) and opens databases through src/source/create-source.ts.
// test/static/eslint.test.ts runs this in the test suite.
import tseslint from 'typescript-eslint';

const SEAM = { regex: 'source/(postgres|mssql)/', message: 'the dialect seam: outside src/source, use the port (src/source/source.ts), create-source.ts or install-scripts.ts, never an adapter' };
const BELOW = { regex: '^(\\.\\./)+(capture|pipeline|payload|submit|serve|cli|simulate)/', message: 'src/source is below capture, the pipeline and what builds on them: it never imports them' };
const BOTTOM = { regex: '^(\\.\\./)+(?!core/)[a-z-]+/', message: 'stream definitions are the bottom layer: src/streams imports only src/core' };
const NO_MSSQL = { regex: '^\\.\\./mssql/', message: 'the Postgres adapter never imports the SQL Server one: share code through src/source' };
const NO_POSTGRES = { regex: '^\\.\\./postgres/', message: 'the SQL Server adapter never imports the Postgres one: share code through src/source' };
const NO_SSD_WRITER = { regex: 'source/ssd-writer|cli/(seed|simulate|demo)-command', message: 'only seed, simulate and the demo write SSD tables (their commands in src/cli, and src/simulate): what runs, captures, builds, sends or serves never reaches the SSD writer' };
const NO_ADAPTER = { regex: '(^|/)(postgres|mssql)/', message: 'written once for both dialects (a store, the port, the reach plan): it speaks to the SQL runner (src/source/sql-runner.ts) or a dialect it is given, never an adapter' };

/**
 * What may reach the SSD writer (the LA's own SSD script owns those tables): seed, simulate and
 * the demo, their commands' registration, and src/simulate (whose functions are handed a writer).
 */
const WRITE_SSD = ['src/cli/seed-command.ts', 'src/cli/simulate-command.ts', 'src/cli/demo-command.ts', 'src/cli/main.ts', 'src/simulate/**'];

/** no-restricted-imports, and the same for import() expressions, for these path patterns. */
function forbid(...patterns) {
  return {
    'no-restricted-imports': ['error', { patterns: patterns.map(({ regex, message }) => ({ regex, message })) }],
    // A selector's regular expression is written between slashes: those in it are escaped.
    'no-restricted-syntax': [
      'error',
      ...patterns.map(({ regex, message }) => ({ selector: `ImportExpression[source.value=/${regex.replaceAll('/', '\\/')}/]`, message })),
      { selector: 'ImportExpression[source.type!="Literal"]', message: 'import() a module by a plain string, so the layers can be checked' },
    ],
  };
}

// Each file matches one of these (a rule set for a file would replace, not join, another's).
export default [
  { ignores: ['dist/**', 'node_modules/**', '.scratch/**'] },
  { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser, ecmaVersion: 2023, sourceType: 'module' } },
  { files: ['src/**/*.ts'], ignores: ['src/source/**', 'src/streams/**', ...WRITE_SSD], rules: forbid(SEAM, NO_SSD_WRITER) },
  { files: WRITE_SSD, rules: forbid(SEAM) },
  { files: ['src/streams/**/*.ts'], rules: forbid(BOTTOM) },
  { files: ['src/source/*.ts'], ignores: ['src/source/reach-*.ts'], rules: forbid(BELOW) },
  { files: ['src/source/postgres/**/*.ts'], rules: forbid(BELOW, NO_MSSQL) },
  { files: ['src/source/mssql/**/*.ts'], rules: forbid(BELOW, NO_POSTGRES) },
  { files: ['src/source/stores/**/*.ts', 'src/source/ports/**/*.ts', 'src/source/reach-*.ts'], rules: forbid(BELOW, NO_ADAPTER) },
];
