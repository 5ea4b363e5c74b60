import { expect } from 'chai';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';
import { mssqlInstallScript } from '../../src/source/mssql/install-script.js';
import { migrationLedgerSql as mssqlLedger } from '../../src/source/mssql/schema-store.js';
import * as mssqlSql from '../../src/source/mssql/stream-sql.js';
import { postgresInstallScript } from '../../src/source/postgres/install-script.js';
import { migrationLedgerSql as postgresLedger } from '../../src/source/postgres/schema-store.js';
import * as postgresSql from '../../src/source/postgres/stream-sql.js';
import { sqlFile } from '../../src/source/sql-file.js';
import { sqlNames, type Dialect } from '../../src/source/sql-names.js';
import { STREAMS } from '../helpers/test-sources.js';
import { unqualifiedNames } from '../helpers/unqualified-names.js';
import { reachPlan } from '../../src/source/reach-plan.js';
import { childrenOfSql, childrenOfStreamSql, fetchRowsSql } from '../../src/source/reach-sql.js';

const PLACEMENT = { schema: 'own_s', ssdSchema: 'ssd_s', stagingTable: 'la_staging' };

/** Every SQL file shipped for a dialect, rendered. */
function files(dialect: Dialect): Array<[string, string]> {
  const names = sqlNames(dialect, PLACEMENT);
  return ['migrations', 'queries', 'ssd'].flatMap((dir) =>
    readdirSync(join(PACKAGE_ROOT, 'sql', dialect, dir)).filter((f) => f.endsWith('.sql')).map((f): [string, string] => [`${dir}/${f}`, sqlFile(dialect, `${dir}/${f}`, names)]),
  );
}

/** The search_path (Postgres) and the login's default schema (SQL Server) are not a contract. */
describe('every name ssd-delta writes into SQL is schema-qualified', () => {
  for (const dialect of ['mssql', 'postgres'] as const) {
    it(`in every SQL file (${dialect})`, () => {
      for (const [path, sql] of files(dialect)) expect(unqualifiedNames(sql, PLACEMENT.stagingTable), path).to.deep.equal([]);
    });
  }

  it('in every statement generated from a stream definition, and in the ledgers', () => {
    const m = sqlNames('mssql', PLACEMENT);
    const p = sqlNames('postgres', PLACEMENT);
    const texts: Array<[string, string]> = [['mssql ledger', mssqlLedger(m)], ['postgres ledger', postgresLedger(p)], ['postgres counts', postgresSql.tableCountsSql(STREAMS, p)]];
    for (const def of STREAMS) {
      texts.push(
        [`mssql children-of ${def.stream}`, childrenOfSql(reachPlan(def), true, mssqlSql.mssqlReach(m))],
        [`mssql children-of-stream ${def.stream}`, childrenOfStreamSql(reachPlan(def), mssqlSql.mssqlReach(m))],
        [`mssql fetch ${def.stream}`, fetchRowsSql(reachPlan(def), mssqlSql.mssqlReach(m))],
        [`mssql changes ${def.stream}`, mssqlSql.directChangesSql(def, m)],
        [`mssql refresh ${def.stream}`, mssqlSql.refreshFingerprintsSql(def, m)],
        [`mssql signature ${def.stream}`, mssqlSql.signatureSql(def, m)],
        [`mssql count ${def.stream}`, mssqlSql.tableCountSql(def, m)],
        [`mssql primary key ${def.stream}`, mssqlSql.primaryKeyCheckSql(def, m)],
        [`mssql tracking ${def.stream}`, mssqlSql.enableTableTrackingSql(m.ssd(def.table))],
        [`postgres children-of ${def.stream}`, childrenOfSql(reachPlan(def), true, postgresSql.postgresReach(p))],
        [`postgres children-of-stream ${def.stream}`, childrenOfStreamSql(reachPlan(def), postgresSql.postgresReach(p))],
        [`postgres fetch ${def.stream}`, fetchRowsSql(reachPlan(def), postgresSql.postgresReach(p))],
        [`postgres fetch through indexes ${def.stream}`, fetchRowsSql(reachPlan(def), postgresSql.postgresReach(p), () => true)],
        [`postgres triggers ${def.stream}`, postgresSql.captureTriggersSql(def, p)],
        [`postgres drop triggers ${def.stream}`, postgresSql.dropCaptureTriggersSql(def, p)],
        [`postgres refresh ${def.stream}`, postgresSql.refreshFingerprintsSql(def, p)],
        [`postgres signature ${def.stream}`, postgresSql.signatureSql(def, p)],
      );
    }
    for (const [what, sql] of texts) expect(unqualifiedNames(sql, PLACEMENT.stagingTable), what).to.deep.equal([]);
  });

  it('in the printed install scripts, whichever capture mode', () => {
    for (const captureMode of ['fingerprint', 'direct'] as const) {
      const mssql = mssqlInstallScript({ ...PLACEMENT, captureMode, tracking: { retentionDays: 7, autoCleanup: true }, streams: STREAMS });
      expect(unqualifiedNames(mssql, PLACEMENT.stagingTable), `mssql ${captureMode}`).to.deep.equal([]);
      const postgres = postgresInstallScript({ ...PLACEMENT, captureMode, streams: STREAMS });
      expect(unqualifiedNames(postgres, PLACEMENT.stagingTable), `postgres ${captureMode}`).to.deep.equal([]);
    }
  });

  it('the check itself finds a name left unqualified, and passes one written as a value', () => {
    expect(unqualifiedNames('SELECT 1 FROM ssd_person JOIN [s].[ssd_delta_owner] AS o ON 1 = 1', 'la_staging')).to.deep.equal(['ssd_person']);
    expect(unqualifiedNames("IF OBJECT_ID(N'ssd_delta_owner', N'U') IS NULL SELECT CAST(N'ssd_person' AS VARCHAR(63))", 'la_staging')).to.deep.equal(['ssd_delta_owner']);
    expect(unqualifiedNames('UPDATE "s"."la_staging" SET x = 1 -- from ssd_person', 'la_staging')).to.deep.equal([]);
  });
});
