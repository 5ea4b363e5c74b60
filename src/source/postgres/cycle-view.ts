import type { StreamDefinition } from '../../capture/stream-definition.js';
import { SsdDeltaError } from '../../core/errors.js';
import { fingerprintTableStates, storedSignatures, type SignatureRow } from '../row-mapping.js';
import type { CycleView, TableState } from '../source.js';
import { sqlFile } from '../sql-file.js';
import { readPostgresChanges } from './capture-store.js';
import { postgresChildRowStore } from './child-row-store.js';
import type { PgQueryable } from './pg-connection.js';
import { signatureSql, tableCountsSql } from './stream-sql.js';

/**
 * A marking cycle's reads on Postgres, all through `reads`, which sees one snapshot
 * (PgConnection.snapshot). Direct mode: the feed is read in the same snapshot as the tables, so
 * row counts are all a table's state needs. Fingerprint mode: each table's signature now is
 * compared with the one its last refresh stored, which the feed describes.
 */
export function postgresCycleView(reads: PgQueryable, stagingTable: string, mode: 'fingerprint' | 'direct'): CycleView {
  return {
    readChanges: (streams) => readPostgresChanges(reads, streams),
    rows: postgresChildRowStore(reads, stagingTable, mode === 'fingerprint'),
    async tableStates(streams: readonly StreamDefinition[]): Promise<TableState[]> {
      if (mode === 'direct') {
        const counts = await reads.query<{ stream: string; n: string }>(tableCountsSql(streams));
        return counts.map((c) => ({ stream: c.stream, rows: Number(c.n), asFingerprinted: null }));
      }
      const stored = storedSignatures(await reads.query<SignatureRow>(sqlFile('postgres', 'queries/read-signature.sql'), [streams.map((s) => s.stream)]));
      return fingerprintTableStates(streams, stored, async (def) => (await reads.query<{ signature: string | null }>(signatureSql(def)))[0]?.signature ?? '');
    },
  };
}

/** How long a cycle waits for an SSD table another transaction holds exclusively (an uncommitted TRUNCATE). */
const LOCK_WAIT = '60s';

/**
 * Takes ACCESS SHARE locks on every SSD table before the snapshot is taken (LOCK TABLE does not
 * take one; the first SELECT does). TRUNCATE is not MVCC-safe: a snapshot older than a committed
 * TRUNCATE sees the table empty, without the TRUNCATE in its change feed. Locked first, a
 * TRUNCATE in progress is waited for (its commit then falls before the snapshot, so the feed
 * has it), and none can commit while the cycle reads: a load's TRUNCATE waits for the cycle.
 */
export async function lockSsdTables(reads: PgQueryable, streams: readonly StreamDefinition[]): Promise<void> {
  const tables = [...new Set(streams.map((s) => s.table))];
  try {
    await reads.exec(`SET LOCAL lock_timeout = '${LOCK_WAIT}'; LOCK TABLE ${tables.join(', ')} IN ACCESS SHARE MODE; RESET lock_timeout`);
  } catch (error) {
    if ((error as { code?: unknown }).code !== '55P03') throw error;
    throw new SsdDeltaError('SSD_TABLE_LOCKED', `an SSD table has been held exclusively by another transaction for ${LOCK_WAIT} (a TRUNCATE or ALTER of the SSD load not yet committed): nothing was read or marked; the next cycle tries again`, { retryable: true, cause: error });
  }
}
