import { personIdColumn, type StreamDefinition } from '../../streams/stream-definition.js';
import type { Source } from '../source.js';
import { namedSsdWriter } from '../named-ssd-writer.js';
import { attachSsdWriter } from '../ssd-writer.js';
import { sqlNames, type SchemaPlacement } from '../sql-names.js';
import { postgresRunLock } from './run-lock.js';
import { postgresCaptureStore } from './capture-store.js';
import { childRowStore } from '../stores/child-row-store.js';
import { postgresChildRowSql } from './child-row-sql.js';
import { lockSsdTables, postgresCycleView } from './cycle-view.js';
import type { PgConnection } from './pg-connection.js';
import { postgresSchemaStore } from './schema-store.js';
import { postgresSsdWriter } from './ssd-writer.js';
import { postgresRunner } from './pg-runner.js';
import { stagingStore } from '../stores/staging-store.js';
import { submissionStore } from '../stores/submission-store.js';

/** The Postgres adapter over an open connection (PGlite or a `pg` pool), with ssd-delta's objects and the SSD tables where `placement` says. */
export function postgresSource(
  db: PgConnection,
  placement: SchemaPlacement,
  streams: readonly StreamDefinition[],
  onClose?: () => Promise<void>,
  captureMode: 'fingerprint' | 'direct' = 'direct',
): Source {
  const names = sqlNames('postgres', placement);
  const people = personIdColumn(streams);
  const runner = postgresRunner(db, names);
  const rows = childRowStore(runner, postgresChildRowSql(names, captureMode === 'fingerprint', people), names.ssdSchema);
  const source: Source = {
    dialect: 'postgres',
    description: db.description,
    placement,
    schema: postgresSchemaStore(db, names),
    capture: postgresCaptureStore(db, names, captureMode, rows.isEmpty),
    rows,
    staging: stagingStore(runner, null),
    submissions: submissionStore(runner),
    lock: postgresRunLock(db, names),
    cycleView: (fn) => db.snapshot(async (reads) => {
      // The embedded database has no other session: nothing can truncate a table meanwhile.
      if (!db.embedded) await lockSsdTables(reads, streams, names);
      return fn(postgresCycleView(reads, names, captureMode, people));
    }),
    // Postgres always has snapshots: a dry build reads as a cycle does.
    readRows: (fn) => source.cycleView((view) => fn(view.rows, true)),
    async close() {
      await db.close();
      await onClose?.();
    },
  };
  return attachSsdWriter(source, namedSsdWriter(postgresSsdWriter(db, names, new Set(streams.map((s) => s.table))), streams));
}
