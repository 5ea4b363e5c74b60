import type { StreamDefinition } from '../../capture/stream-definition.js';
import { fingerprintTableStates, storedSignatures, type SignatureRow } from '../row-mapping.js';
import type { CycleView, TableState } from '../source.js';
import { sqlFile } from '../sql-file.js';
import { readMssqlChanges } from './capture-store.js';
import { mssqlChildRowStore } from './child-row-store.js';
import { param, type MssqlQueryable } from './mssql-connection.js';
import { signatureSql, tableCountsSql } from './stream-sql.js';

/**
 * A marking cycle's reads on SQL Server, all through `reads`, a SNAPSHOT transaction
 * (MssqlConnection.snapshot). Direct mode: Change Tracking is read in the same snapshot as the
 * tables, so row counts are all a table's state needs. Fingerprint mode: each table's signature
 * now is compared with the one its last refresh stored, which the feed describes.
 */
export function mssqlCycleView(reads: MssqlQueryable, stagingTable: string, mode: 'fingerprint' | 'direct'): CycleView {
  return {
    readChanges: (streams) => readMssqlChanges(reads, streams, mode),
    rows: mssqlChildRowStore(reads, stagingTable, mode === 'fingerprint'),
    async tableStates(streams: readonly StreamDefinition[]): Promise<TableState[]> {
      if (mode === 'direct') {
        const counts = await reads.query<{ stream: string; n: string }>(tableCountsSql(streams));
        return counts.map((c) => ({ stream: c.stream, rows: Number(c.n), asFingerprinted: null }));
      }
      const stored = storedSignatures(await reads.query<SignatureRow>(sqlFile('mssql', 'queries/read-signature.sql'), { streams: param.json(streams.map((s) => s.stream)) }));
      return fingerprintTableStates(streams, stored, async (def) => (await reads.query<{ signature: string | null }>(signatureSql(def)))[0]?.signature ?? '');
    },
  };
}
