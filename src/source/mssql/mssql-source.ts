import { personIdColumn, type StreamDefinition } from '../../streams/stream-definition.js';
import type { Source } from '../source.js';
import { namedSsdWriter } from '../named-ssd-writer.js';
import { attachSsdWriter } from '../ssd-writer.js';
import { sqlNames } from '../sql-names.js';
import { mssqlRunLock } from './run-lock.js';
import { mssqlCaptureStore } from './capture-store.js';
import type { ChangeTrackingSettings } from './database-tracking.js';
import { childRowStore } from '../stores/child-row-store.js';
import { mssqlChildRowSql } from './child-row-sql.js';
import { mssqlCycleView } from './cycle-view.js';
import type { MssqlConnection } from './mssql-connection.js';
import { snapshotReadable, statementRows } from './statement-reads.js';
import { mssqlSchemaStore } from './schema-store.js';
import { mssqlSsdWriter } from './ssd-writer.js';
import { mssqlRunner, mssqlStatements } from './mssql-runner.js';
import { stagingStore } from '../stores/staging-store.js';
import { submissionStore } from '../stores/submission-store.js';

/** How the SQL Server adapter is set up. */
export interface MssqlSourceOptions {
  readonly stagingTable: string;
  /** Schema of ssd-delta's objects (database.schema, else the login's default schema). */
  readonly schema: string;
  /** Schema of the SSD tables (database.ssdSchema, else `schema`). */
  readonly ssdSchema: string;
  readonly captureMode: 'fingerprint' | 'direct';
  /** Change Tracking retention and cleanup (capture.retentionDays, capture.autoCleanup). */
  readonly tracking: ChangeTrackingSettings;
}

/** The SQL Server adapter over an open connection (mssql's pool, or the fake one in tests). */
export function mssqlSource(db: MssqlConnection, streams: readonly StreamDefinition[], options: MssqlSourceOptions): Source {
  const names = sqlNames('mssql', options);
  const people = personIdColumn(streams);
  const runner = mssqlRunner(db, names);
  const rowSql = mssqlChildRowSql(names, options.captureMode === 'fingerprint', people);
  const rows = childRowStore(runner, rowSql, names.ssdSchema);
  const source: Source = {
    dialect: 'mssql',
    description: db.description,
    placement: { schema: options.schema, ssdSchema: options.ssdSchema, stagingTable: options.stagingTable },
    schema: mssqlSchemaStore(db, names, options.captureMode),
    // The poll asks whether a table is empty without waiting on a load's row locks (readLatest).
    capture: mssqlCaptureStore(db, names, options.captureMode, options.tracking, childRowStore(mssqlStatements({ query: db.readLatest, exec: db.exec }, names), rowSql, names.ssdSchema).isEmpty),
    rows,
    staging: stagingStore(runner, options.tracking.retentionDays),
    submissions: submissionStore(runner),
    lock: mssqlRunLock(db, names),
    cycleView: (fn) => db.snapshot((reads) => fn(mssqlCycleView(reads, names, options.captureMode, people))),
    async readRows(fn) {
      if (await snapshotReadable(db)) return source.cycleView((view) => fn(view.rows, true));
      return fn(statementRows(db, names, rowSql, people), false);
    },
    close: () => db.close(),
  };
  return attachSsdWriter(source, namedSsdWriter(mssqlSsdWriter(db, names, new Set(streams.map((s) => s.table))), streams));
}
