import type { PersonIdColumn } from '../../streams/stream-definition.js';
import { TableBusyError } from '../../core/errors.js';
import { oneAtATime } from '../../core/one-at-a-time.js';
import type { ChildRowSql } from '../stores/child-row-store.js';
import { childRowStore } from '../stores/child-row-store.js';
import type { ChildRowStore } from '../source.js';
import type { SqlNames } from '../sql-names.js';
import { SNAPSHOT_LOCK_TIMEOUT_MS, withLockTimeout, withSet, type MssqlConnection } from './mssql-connection.js';
import { namingBusyTables, type TableReader } from './cycle-view.js';
import { busyTableError } from './mssql-errors.js';
import { mssqlStatements } from './mssql-runner.js';
import { requireCompatibility } from './schema-store.js';

/**
 * Whether a dry build may read the SSD in one SNAPSHOT transaction: only when the database says
 * ALLOW_SNAPSHOT_ISOLATION is ON (1). Off (0), and in transition either way (2, 3: no snapshot
 * transaction can start until the writes open at the ALTER end, which a night's load can make
 * long), it is read statement by statement. Any login sees its own database's row. A database
 * below compatibility level 130 is refused first, as `init` refuses it: every fetch uses OPENJSON.
 */
export async function snapshotReadable(db: MssqlConnection): Promise<boolean> {
  const [row] = await db.query<{ state: number; compatibility: number }>(
    '-- generated: read isolation facts\nSELECT snapshot_isolation_state AS state, compatibility_level AS compatibility FROM sys.databases WHERE database_id = DB_ID()',
  );
  if (row === undefined) return true; // nothing to tell by: a snapshot is tried, and 3952 says why it failed
  requireCompatibility(db.description, row.compatibility);
  return row.state === 1;
}

/**
 * The SSD's rows read statement by statement under READ COMMITTED, for `validate` and `export`
 * on a database that allows no snapshot (before `init`). Without READ_COMMITTED_SNAPSHOT each
 * read takes shared locks on the LA's live tables, so: one read at a time (as a snapshot's
 * reads are: a chunk would otherwise scan every table at once), each the deadlock victim
 * rather than the load (DEADLOCK_PRIORITY LOW), and each waiting for a lock at most as long as
 * a snapshot read does, then stopping with the table named and what to do.
 */
export function statementRows(db: MssqlConnection, names: SqlNames, rowSql: ChildRowSql, people: PersonIdColumn): ChildRowStore {
  const wait = db.lockWaitMs(SNAPSHOT_LOCK_TIMEOUT_MS);
  const queue = oneAtATime();
  const reads = { query: <R>(sql: string, params?: Parameters<MssqlConnection['query']>[1]) => queue(() => db.query<R>(withSet('SET DEADLOCK_PRIORITY LOW;', withLockTimeout(sql, wait)), params)), exec: db.exec };
  const reading: TableReader = async (table, read) => {
    try {
      return await read();
    } catch (error) {
      if (!busyTableError(error, table)) throw error;
      throw new TableBusyError(
        'SSD_TABLE_LOCKED',
        `${table} is being written by another transaction (a load?), which held its locks past ${Math.round(wait / 1000)} s (SQL Server 1222): this database does not allow snapshot isolation, so validate and export read each table as it stands, waiting for writers; nothing was changed. Run them outside the load window, or once \`init\` has allowed snapshot isolation`,
        table,
      );
    }
  };
  return namingBusyTables(childRowStore(mssqlStatements(reads, names), rowSql, names.ssdSchema), people.table, reading);
}
