import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load-config.js';
import { mssqlSettings } from '../../src/source/mssql/mssql-settings.js';
import { captureTargets, type PortDatabase } from '../helpers/capture-targets.js';
import { runCli } from '../helpers/run-cli.js';
import { STREAMS } from '../helpers/test-sources.js';
import { ssdWriterOf } from '../../src/source/ssd-writer.js';

/** The sqlcmd to run: SSD_DELTA_SQLCMD, or `sqlcmd` on the PATH (ODBC mssql-tools18 or go-sqlcmd); undefined when there is none. */
function findSqlcmd(): string | undefined {
  const command = process.env.SSD_DELTA_SQLCMD ?? 'sqlcmd';
  return spawnSync(command, ['-?'], { stdio: 'ignore' }).error ? undefined : command;
}

/**
 * Runs a script as the DBA is told to (docs/sql-server.md): `sqlcmd -b -I -i script`, with a SQL
 * login whose password goes in SQLCMDPASSWORD (never on the command line).
 */
function runSqlcmd(sqlcmd: string, url: string, script: string): { status: number | null; output: string } {
  const s = mssqlSettings(loadConfig({ env: {}, flags: { 'database.url': url } }));
  const server = s.instanceName ? `${s.server}\\${s.instanceName}` : `tcp:${s.server}${s.port ? `,${s.port}` : ''}`;
  const dir = mkdtempSync(join(tmpdir(), 'ssd-delta-sqlcmd-'));
  try {
    const file = join(dir, 'install.sql');
    writeFileSync(file, script);
    // sqlcmd 18 encrypts unless told otherwise (-N o): follow the URL's encrypt as ssd-delta does.
    const args = ['-S', server, '-d', s.database, '-U', s.user ?? '', '-b', '-I', '-i', file, ...(s.trustServerCertificate ? ['-C'] : []), ...(s.encrypt ? [] : ['-N', 'o'])];
    const run = spawnSync(sqlcmd, args, { env: { ...process.env, SQLCMDPASSWORD: s.password ?? '' }, encoding: 'utf8', timeout: 300_000 });
    return { status: run.status, output: `${run.stdout ?? ''}${run.stderr ?? ''}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The Done-when of the SQL Server install: the script `init --print-sql --dialect mssql` prints,
 * run by the real sqlcmd on a live SQL Server, installs everything (twice: the second run changes
 * nothing), and stops at the first error without recording what failed. Runs when
 * SSD_DELTA_MSSQL_URL names a SQL login and sqlcmd is installed; the batch semantics are
 * modelled without a server in cli-init-print-sql.test.ts.
 */
const url = process.env.SSD_DELTA_MSSQL_URL;
const target = captureTargets('fingerprint').find((t) => t.name.startsWith('mssql'));

for (const live of url && target ? [target] : []) describe('the printed SQL Server script, run by sqlcmd -b -I on a live server', function () {
  this.timeout(600_000);
  const sqlcmd = findSqlcmd();
  let db: PortDatabase;

  before(async function () {
    // Pending, not failed, without sqlcmd; and Windows accounts (NTLM) would need sqlcmd -E with Kerberos here: SQL logins only.
    if (!sqlcmd || /authentication=ntlm/i.test(url as string)) {
      // Said out loud: mssql-tools18 installs to /opt/mssql-tools18/bin, often not on the PATH.
      process.stdout.write(`      (skipped: ${sqlcmd ? 'a Windows (NTLM) login' : 'no sqlcmd found: put it on the PATH or set SSD_DELTA_SQLCMD'})\n`);
      return this.skip();
    }
    db = await live.open();
  });
  after(async () => db?.dispose());

  /** The script for the live database's schema (the login's default, where the live target installs). */
  const printed = async (): Promise<string> => {
    const { schema } = db.source.placement;
    const result = await runCli(['init', '--dialect', 'mssql', '--print-sql', '--schema', schema, '--ssd-schema', schema]);
    expect(result.code, result.stderr).to.equal(0);
    return result.stdout;
  };

  it('installs ssd-delta, and run again changes nothing; ssd-delta then has nothing left to do', async () => {
    await ssdWriterOf(db.source).createSsdTables();
    const script = await printed();
    for (const time of ['first', 'second']) {
      const run = runSqlcmd(sqlcmd as string, url as string, script);
      expect(run.status, `${time} run: ${run.output}`).to.equal(0);
    }
    expect(await db.source.schema.pending()).to.deep.equal([]);
    expect((await db.source.schema.migrate()).applied).to.deep.equal([]);
    expect(await db.source.capture.installed(STREAMS)).to.deep.equal([...new Set(STREAMS.map((s) => s.table))].sort());
  });

  it('stops at a staging table ssd-delta did not make, exit 1, with no migration recorded and the table as it was', async () => {
    const fresh = await live.open();
    try {
      await fresh.sql.exec('CREATE TABLE ssd_api_data_staging (id INT PRIMARY KEY, person_id NVARCHAR(20), json_payload NVARCHAR(MAX), current_hash BINARY(32));');
      const run = runSqlcmd(sqlcmd as string, url as string, await printed());
      expect(run.status, run.output).to.equal(1);
      expect(run.output).to.match(/already exists and is not ssd-delta's/);
      const count = async (sql: string): Promise<number> => Number((await fresh.sql.query<{ n: number }>(sql))[0]?.n);
      expect(await count("SELECT count(*) AS n FROM sys.columns WHERE object_id = OBJECT_ID(N'ssd_api_data_staging')")).to.equal(4);
      expect(await count("SELECT count(*) AS n FROM sys.tables WHERE name = N'ssd_delta_owner' AND schema_id = SCHEMA_ID()"), 'no migration applied').to.equal(0);
    } finally {
      await fresh.dispose();
    }
  });
});
