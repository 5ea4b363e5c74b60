import type { PersonIdColumn, StreamDefinition } from '../../streams/stream-definition.js';
import { fingerprintTableStates, storedSignatures, type SignatureRow } from '../row-mapping.js';
import type { ChildRowStore, CycleView, TableState } from '../source.js';
import type { SqlNames } from '../sql-names.js';
import { readMssqlChanges } from './capture-store.js';
import { childRowStore } from '../stores/child-row-store.js';
import { mssqlChildRowSql } from './child-row-sql.js';
import { mssqlStatements } from './mssql-runner.js';
import { param, type MssqlQueryable } from './mssql-connection.js';
import { readingTable } from './mssql-errors.js';
import { signatureSql, tableCountSql } from './stream-sql.js';

/**
 * A marking cycle's reads on SQL Server, all through `reads`, a SNAPSHOT transaction
 * (MssqlConnection.snapshot). Direct mode: Change Tracking is read in the same snapshot as the
 * tables, so row counts are all a table's state needs. Fingerprint mode: each table's signature
 * now is compared with the one its last refresh stored, which the feed describes.
 */
export function mssqlCycleView(reads: MssqlQueryable, names: SqlNames, mode: 'fingerprint' | 'direct', people: PersonIdColumn): CycleView {
  return {
    readChanges: (streams) => readMssqlChanges(reads, streams, mode, names),
    rows: namingBusyTables(childRowStore(mssqlStatements(reads, names), mssqlChildRowSql(names, mode === 'fingerprint', people), names.ssdSchema), people.table),
    async tableStates(streams: readonly StreamDefinition[]): Promise<TableState[]> {
      if (mode === 'direct') {
        const states: TableState[] = [];
        for (const def of streams) {
          const [count] = await readingTable(def.table, () => reads.query<{ stream: string; n: string }>(tableCountSql(def, names)));
          states.push({ stream: def.stream, rows: Number(count?.n ?? 0), asFingerprinted: null });
        }
        return states;
      }
      const stored = storedSignatures(await mssqlStatements(reads, names).run<SignatureRow>('read-signature', { streams: param.list(streams.map((s) => s.stream)) }));
      return fingerprintTableStates(streams, stored, async (def) => (await readingTable(def.table, () => reads.query<{ signature: string | null }>(signatureSql(def, names))))[0]?.signature ?? '');
    },
  };
}

/** Runs a read of one SSD table, naming the table in the error it becomes when the table is busy. */
export type TableReader = <T>(table: string, read: () => Promise<T>) => Promise<T>;

/** The store's reads of one stream's tables, each naming its table when it finds it busy (as a cycle says it, unless `reading` says it otherwise). */
export function namingBusyTables(rows: ChildRowStore, personTable: string, reading: TableReader = readingTable): ChildRowStore {
  return {
    ...rows,
    childrenOf: (def, keys) => reading(def.table, () => rows.childrenOf(def, keys)),
    childrenOfStream: (def) => reading(def.table, () => rows.childrenOfStream(def)),
    fetchRows: (def, ids) => reading(def.table, () => rows.fetchRows(def, ids)),
    allChildren: () => reading(personTable, () => rows.allChildren()),
    ssdChildren: () => reading(personTable, () => rows.ssdChildren()),
  };
}
