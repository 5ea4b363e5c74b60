import type { StreamDefinition } from '../../capture/stream-definition.js';
import type { Source } from '../source.js';
import { postgresRunLock } from './run-lock.js';
import { postgresCaptureStore } from './capture-store.js';
import { postgresChildRowStore } from './child-row-store.js';
import { lockSsdTables, postgresCycleView } from './cycle-view.js';
import type { PgConnection } from './pg-connection.js';
import { postgresSchemaStore } from './schema-store.js';
import { postgresSsdWriter } from './ssd-writer.js';
import { postgresStagingStore } from './staging-store.js';
import { postgresSubmissionStore } from './submission-store.js';

/** The Postgres adapter over an open connection (PGlite or a `pg` pool). */
export function postgresSource(
  db: PgConnection,
  stagingTable: string,
  streams: readonly StreamDefinition[],
  onClose?: () => Promise<void>,
  captureMode: 'fingerprint' | 'direct' = 'direct',
): Source {
  const rows = postgresChildRowStore(db, stagingTable, captureMode === 'fingerprint');
  return {
    dialect: 'postgres',
    description: db.description,
    schema: postgresSchemaStore(db, stagingTable),
    capture: postgresCaptureStore(db, captureMode, rows.isEmpty),
    rows,
    staging: postgresStagingStore(db, stagingTable),
    submissions: postgresSubmissionStore(db, stagingTable),
    ssd: postgresSsdWriter(db, new Set(streams.map((s) => s.table))),
    lock: postgresRunLock(db),
    cycleView: (fn) => db.snapshot(async (reads) => {
      // The embedded database has no other session: nothing can truncate a table meanwhile.
      if (!db.embedded) await lockSsdTables(reads, streams);
      return fn(postgresCycleView(reads, stagingTable, captureMode));
    }),
    async close() {
      await db.close();
      await onClose?.();
    },
  };
}
