import type { StreamDefinition } from '../../capture/stream-definition.js';
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
