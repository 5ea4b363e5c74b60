import type { StreamDefinition } from '../../capture/stream-definition.js';
import type { Source } from '../source.js';
import { postgresCaptureStore } from './capture-store.js';
import { postgresChildRowStore } from './child-row-store.js';
import type { PgConnection } from './pg-connection.js';
import { postgresSchemaStore } from './schema-store.js';
import { postgresSsdWriter } from './ssd-writer.js';
import { postgresStagingStore } from './staging-store.js';
import { postgresSubmissionStore } from './submission-store.js';

/** The Postgres adapter over an open connection (PGlite or a `pg` pool). */
export function postgresSource(db: PgConnection, stagingTable: string, streams: readonly StreamDefinition[], onClose?: () => Promise<void>): Source {
  return {
    dialect: 'postgres',
    description: db.description,
    schema: postgresSchemaStore(db, stagingTable),
    capture: postgresCaptureStore(db),
    rows: postgresChildRowStore(db, stagingTable),
    staging: postgresStagingStore(db, stagingTable),
    submissions: postgresSubmissionStore(db, stagingTable),
    ssd: postgresSsdWriter(db, new Set(streams.map((s) => s.table))),
    async close() {
      await db.close();
      await onClose?.();
    },
  };
}
