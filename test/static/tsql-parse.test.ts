import { expect } from 'chai';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { directPersonColumn, isKeyLinked, needsOwnerMap, type StreamDefinition } from '../../src/streams/stream-definition.js';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';
import { mssqlInstallScript } from '../../src/source/mssql/install-script.js';
import { batches, mssqlConnection } from '../../src/source/mssql/mssql-connection.js';
import { mssqlSource } from '../../src/source/mssql/mssql-source.js';
import * as generated from '../../src/source/mssql/stream-sql.js';
import { sqlFile } from '../../src/source/sql-file.js';
import { sqlNames } from '../../src/source/sql-names.js';
import { FakeMssqlPool } from '../helpers/fake-mssql-pool.js';
import { STREAMS } from '../helpers/test-sources.js';
import { reachPlan } from '../../src/source/reach-plan.js';
import { childrenOfSql, childrenOfStreamSql, fetchRowsSql } from '../../src/source/reach-sql.js';

const execFileAsync = promisify(execFile);

const PLACEMENT = { schema: 'ssd_delta', ssdSchema: 'ssd_development', stagingTable: 'ssd_api_data_staging' };

/**
 * What the tsql grammar of Debian's sqlfluff (1.4.5) lacks, rewritten before parsing so the rest
 * of each statement is still checked. Each is plain SQL Server 2016 syntax; the live suite
 * (SSD_DELTA_MSSQL_URL) runs them for real.
 */
const GRAMMAR_GAPS: ReadonlyArray<{ readonly construct: string; readonly rewrite: (sql: string) => string }> = [
  // OPENJSON(@json) WITH (col type 'path', ...): the schema clause. Parsed as OPENJSON(@json).
  { construct: 'OPENJSON ... WITH (schema)', rewrite: dropOpenJsonSchemas },
  // MERGE target WITH (HOLDLOCK): a table hint on MERGE's target.
  { construct: 'MERGE ... WITH (HOLDLOCK)', rewrite: (sql) => sql.replace(/(MERGE\s+\S+)\s+WITH\s*\(HOLDLOCK\)/gi, '$1') },
  // ALTER TABLE ... ENABLE / DISABLE CHANGE_TRACKING [WITH (...)], and ALTER DATABASE ... SET ...:
  // not in the grammar at all; the statement is left out (SELECT 1 keeps an IF around it whole).
  { construct: 'ALTER TABLE ... CHANGE_TRACKING', rewrite: (sql) => sql.replace(/ALTER TABLE \S+ (?:ENABLE|DISABLE) CHANGE_TRACKING(?: WITH \([^)]*\))?/gi, 'SELECT 1') },
  { construct: 'ALTER DATABASE ... SET', rewrite: (sql) => sql.replace(/ALTER DATABASE CURRENT SET [^;]*/gi, 'SELECT 1') },
  // SET LOCK_TIMEOUT n: the session option every read of an SSD table a load may lock carries.
  { construct: 'SET LOCK_TIMEOUT', rewrite: (sql) => sql.replace(/SET LOCK_TIMEOUT -?\d+;/gi, '') },
  // sqlcmd's own commands (:on error exit, :setvar) and $(variables) are not T-SQL: sqlcmd reads them.
  { construct: 'sqlcmd commands', rewrite: (sql) => sql.replace(/^:.*$/gm, '').replace(/\$\((\w+)\)/g, '$1') },
];

/** `OPENJSON(x) WITH (...)` without its WITH clause (parentheses balanced, strings skipped). */
function dropOpenJsonSchemas(sql: string): string {
  let out = '';
  let i = 0;
  for (let m = /OPENJSON\s*\(/gi.exec(sql.slice(i)); m; m = /OPENJSON\s*\(/gi.exec(sql.slice(i))) {
    const end = closing(sql, i + m.index + m[0].length);
    out += sql.slice(i, end);
    i = end;
    const clause = /^\s*WITH\s*\(/i.exec(sql.slice(i));
    if (clause) i = closing(sql, i + clause[0].length);
  }
  return out + sql.slice(i);
}

/** The index just after the parenthesis that closes the one opened before `from`. */
function closing(sql: string, from: number): number {
  let depth = 1;
  let i = from;
  for (; depth > 0 && i < sql.length; i++) {
    if (sql[i] === "'") i = sql.indexOf("'", i + 1);
    else if (sql[i] === '(') depth++;
    else if (sql[i] === ')') depth--;
  }
  return i;
}

/** Every SQL file shipped for SQL Server, rendered. */
function shippedFiles(): Array<[string, string]> {
  const names = sqlNames('mssql', PLACEMENT);
  return ['migrations', 'queries', 'ssd'].flatMap((dir) =>
    readdirSync(join(PACKAGE_ROOT, 'sql', 'mssql', dir)).filter((f) => f.endsWith('.sql')).map((f): [string, string] => [`${dir}-${f}`, sqlFile('mssql', `${dir}/${f}`, names)]),
  );
}

/**
 * One stream of each shape the generators branch on (key parts, regenerated keys, reach paths,
 * key-linked paths, a direct person column): statements of the same shape differ only in names,
 * and sqlfluff takes about a second for each large one.
 */
function oneStreamOfEachShape(): StreamDefinition[] {
  const shapes = new Map<string, StreamDefinition>();
  // The one with the fewest columns: a long CONCAT of them is what makes a statement slow to parse.
  for (const def of [...STREAMS].sort((a, b) => Object.keys(a.columns).length - Object.keys(b.columns).length)) {
    const shape = JSON.stringify([def.key.length > 1, def.keyStable, def.reach.length, def.reach.map((r) => isKeyLinked(def, r)), directPersonColumn(def) !== null, needsOwnerMap(def)]);
    if (!shapes.has(shape)) shapes.set(shape, def);
  }
  return [...shapes.values()];
}

/** Every statement generated from the stream definitions, for one stream of each shape. */
function generatedStatements(): Array<[string, string]> {
  const n = sqlNames('mssql', PLACEMENT);
  return oneStreamOfEachShape().flatMap((def): Array<[string, string]> => [
    [`children-of-${def.stream}.sql`, childrenOfSql(reachPlan(def), true, generated.mssqlReach(n))],
    [`children-of-stream-${def.stream}.sql`, childrenOfStreamSql(reachPlan(def), generated.mssqlReach(n))],
    [`fetch-${def.stream}.sql`, fetchRowsSql(reachPlan(def), generated.mssqlReach(n))],
    [`changes-${def.stream}.sql`, generated.directChangesSql(def, n)],
    [`refresh-${def.stream}.sql`, generated.refreshFingerprintsSql(def, n)],
    [`signature-${def.stream}.sql`, generated.signatureSql(def, n)],
    [`count-${def.stream}.sql`, generated.tableCountSql(def, n)],
    [`primary-key-${def.stream}.sql`, generated.primaryKeyCheckSql(def, n)],
  ]);
}

/** The statements written inline in the adapter, as the fake pool receives them while it installs, migrates, marks and sends. */
async function adapterStatements(): Promise<Array<[string, string]>> {
  const sent: string[] = [];
  for (const captureMode of ['fingerprint', 'direct'] as const) {
    const pool = new FakeMssqlPool();
    pool.answer(/^SELECT CAST\(SERVERPROPERTY/, [{ version: '16.0.1000.6', compatibility: 160 }]);
    pool.answer('read-schemas.sql', [{ own: true, ssd: true }]);
    const source = mssqlSource(mssqlConnection(pool, 'fake'), STREAMS, { ...PLACEMENT, captureMode, tracking: { retentionDays: 7, autoCleanup: true } });
    const ignore = (): undefined => undefined;
    await source.schema.migrate().catch(ignore);
    await source.schema.checkSsd(STREAMS).catch(ignore);
    await source.capture.install(STREAMS).catch(ignore);
    // init --check's reads: the catalog, the permissions, the database settings.
    await source.schema.plan(STREAMS).catch(ignore);
    await source.capture.plan(STREAMS).catch(ignore);
    await source.capture.installed(STREAMS).catch(ignore);
    await source.capture.refresh(STREAMS.slice(0, 2), { onlyMoved: false, reloadGraceMs: 0 }).catch(ignore);
    await source.lock.whileHeld(async () => undefined).catch(ignore);
    await source.rows.allChildren().catch(ignore);
    await source.rows.countPersonsWithoutId().catch(ignore);
    await source.rows.isEmpty(STREAMS[0]!).catch(ignore);
    await source.submissions.now().catch(ignore);
    await source.schema.refreshStatistics().catch(ignore);
    sent.push(...pool.requests.map((r) => r.sql));
  }
  return [...new Set(sent)].map((sql, i) => [`adapter-${i}.sql`, sql]);
}

/** sqlfluff, when this machine has it. */
function sqlfluffVersion(): string | null {
  const run = spawnSync('sqlfluff', ['--version'], { encoding: 'utf8' });
  return run.status === 0 ? run.stdout.trim() : null;
}

/**
 * Parse errors (file, batch, line, what) sqlfluff finds in these texts, after the grammar-gap
 * rewrites. Each text is split into its batches (GO), and a batch of a shape seen before (the
 * install script repeats the migrations; its primary-key checks differ only in names) is parsed
 * once: ssd-delta's names are lower case with an underscore, T-SQL's words upper case. sqlfluff
 * runs as a child process, so the rest of the suite goes on meanwhile (it takes half a minute).
 */
async function parseErrors(texts: ReadonlyArray<[string, string]>): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ssd-delta-tsql-'));
  try {
    // sqlfluff skips a file over 20 000 bytes unless told not to, and would report nothing for it.
    writeFileSync(join(dir, '.sqlfluff'), '[sqlfluff]\nlarge_file_skip_byte_limit = 0\n');
    const seen = new Set<string>();
    for (const [name, sql] of texts) {
      batches(GRAMMAR_GAPS.reduce((s, gap) => gap.rewrite(s), sql)).forEach((batch, i) => {
        const shape = batch.replace(/--[^\n]*/g, '').replace(/\b[a-z][a-z0-9]*_[a-z0-9_]*\b/g, 'x_y');
        if (seen.has(shape)) return;
        seen.add(shape);
        writeFileSync(join(dir, `${name.replace(/\.sql$/, '')}-batch${i + 1}.sql`), `${batch}\n`);
      });
    }
    // L001 is only there because lint needs a rule; PRS (unparsable) is what is looked for.
    const { stdout } = await execFileAsync('sqlfluff', ['lint', '--dialect', 'tsql', '--rules', 'L001', '--nocolor', '--format', 'json', '--processes', '1', dir], { maxBuffer: 64 << 20 }).catch((error: unknown) => {
      // sqlfluff exits 1 when it finds anything (a trailing space counts): its output is still the report.
      const out = (error as { stdout?: string }).stdout;
      if (typeof out === 'string' && out.startsWith('[')) return { stdout: out };
      throw error;
    });
    return parseViolations(stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function parseViolations(json: string): string[] {
  const files = JSON.parse(json) as Array<{ filepath: string; violations: Array<{ code: string; line_no: number; description: string }> }>;
  return files.flatMap((f) => f.violations.filter((v) => v.code === 'PRS').map((v) => `${f.filepath.split('/').pop()}:${v.line_no}: ${v.description.slice(0, 160)}`));
}

/**
 * Everything ssd-delta can send, parsed from the moment this file loads: in one process mocha
 * loads every file first, so the parse runs alongside the suite; `npm test` gives this file a
 * worker of its own (test/run-suite.mjs), and the parse runs beside the other workers.
 */
function parseEverything(): Promise<string[]> {
  return (async () => {
    const scripts: Array<[string, string]> = (['fingerprint', 'direct'] as const).map((captureMode) => [
      `install-${captureMode}.sql`,
      mssqlInstallScript({ ...PLACEMENT, captureMode, tracking: { retentionDays: 7, autoCleanup: true }, streams: STREAMS }),
    ]);
    const texts = [...shippedFiles(), ...generatedStatements(), ...(await adapterStatements()), ...scripts];
    if (texts.length < 100) throw new Error(`only ${texts.length} texts to parse: the collection is broken`);
    return parseErrors(texts);
  })();
}

const everything = sqlfluffVersion() === null ? null : parseEverything();
// Awaited by the test below; a failure meanwhile is not an unhandled rejection.
everything?.catch(() => undefined);

/**
 * No SQL Server runs in CI: every T-SQL statement ssd-delta can send is at least parsed. CI
 * installs Debian's sqlfluff and sets SSD_DELTA_REQUIRE_SQLFLUFF=1, so there a missing sqlfluff
 * fails; elsewhere the suite is skipped without it.
 */
describe('every T-SQL statement ssd-delta can send parses (sqlfluff, tsql dialect)', function () {
  this.timeout(600_000);
  before(function () {
    if (everything !== null) return;
    if (process.env.SSD_DELTA_REQUIRE_SQLFLUFF === '1') throw new Error('sqlfluff is not installed (apt-get install sqlfluff): CI parses every T-SQL statement with it');
    this.skip();
  });

  it('the check finds a statement that does not parse, and the rewrites keep what they do not concern', async () => {
    expect(await parseErrors([['broken.sql', 'SELEC name FORM sys.tables;']])).to.have.length(1);
    expect(dropOpenJsonSchemas("SELECT x FROM OPENJSON(@a) WITH (x INT '$.x(1)') AS j JOIN t ON (t.a = j.x)")).to.equal('SELECT x FROM OPENJSON(@a) AS j JOIN t ON (t.a = j.x)');
  });

  it('every shipped SQL file, every generated statement, every inline statement and the printed install script (both capture modes)', async () => {
    expect(await everything).to.deep.equal([]);
  });
});
