import type { PersonIdColumn, StreamDefinition } from '../../streams/stream-definition.js';
import { TableBusyError } from '../../core/errors.js';
import { fingerprintTableStates, storedSignatures, type SignatureRow } from '../row-mapping.js';
import type { CycleView, TableState } from '../source.js';
import { param } from '../sql-runner.js';
import type { SqlNames } from '../sql-names.js';
import { readPostgresChanges } from './capture-store.js';
import { childRowStore } from '../stores/child-row-store.js';
import { postgresChildRowSql } from './child-row-sql.js';
import { postgresStatements } from './pg-runner.js';
import type { PgQueryable } from './pg-connection.js';
import { signatureSql, tableCountsSql } from './stream-sql.js';

/**
 * A marking cycle's reads on Postgres, all through `reads`, which sees one snapshot
 * (PgConnection.snapshot). Direct mode: the feed is read in the same snapshot as the tables, so
 * row counts are all a table's state needs. Fingerprint mode: each table's signature now is
 * compared with the one its last refresh stored, which the feed describes.
 */
export function postgresCycleView(reads: PgQueryable, names: SqlNames, mode: 'fingerprint' | 'direct', people: PersonIdColumn): CycleView {
  return {
    readChanges: (streams) => readPostgresChanges(reads, streams, names, mode),
    rows: childRowStore(postgresStatements(reads, names), postgresChildRowSql(names, mode === 'fingerprint', people), names.ssdSchema),
    async tableStates(streams: readonly StreamDefinition[]): Promise<TableState[]> {
      if (mode === 'direct') {
        const counts = await reads.query<{ stream: string; n: string }>(tableCountsSql(streams, names));
        return counts.map((c) => ({ stream: c.stream, rows: Number(c.n), asFingerprinted: null }));
      }
      const stored = storedSignatures(await postgresStatements(reads, names).run<SignatureRow>('read-signature', { streams: param.list(streams.map((s) => s.stream)) }));
      return fingerprintTableStates(streams, stored, async (def) => (await reads.query<{ signature: string | null }>(signatureSql(def, names)))[0]?.signature ?? '');
    },
  };
}

/** How long, in all, a cycle keeps trying to lock the SSD tables before it holds instead. */
const LOCK_TRIES_MS = 30_000;

/** Every table a cycle reads: each stream's own and every table its reach paths join. */
function tablesRead(streams: readonly StreamDefinition[]): string[] {
  return [...new Set(streams.flatMap((s) => [s.table, ...s.reach.flatMap((r) => (r.via ?? []).map((hop) => hop.table))]))].sort();
}

/**
 * Takes ACCESS SHARE locks on every SSD table before the snapshot is taken (neither SAVEPOINT
 * nor LOCK TABLE takes one; the first SELECT does). TRUNCATE is not MVCC-safe: a snapshot older
 * than a committed TRUNCATE sees the table empty, without the TRUNCATE in its change feed. With
 * the tables locked first, a TRUNCATE committed before is in the feed, and none can commit while
 * the cycle reads: a load's TRUNCATE waits for the cycle to end. All locks are taken at once or
 * none (NOWAIT, rolled back to a savepoint, tried again after a pause): a cycle never waits while
 * it holds some of them, so it can never deadlock with a load that truncates several tables. After
 * LOCK_TRIES_MS it gives up with a TableBusyError (a cycle holds; the next one tries again).
 */
export async function lockSsdTables(reads: PgQueryable, streams: readonly StreamDefinition[], names: SqlNames): Promise<void> {
  const started = Date.now();
  const tables = tablesRead(streams);
  for (let wait = 100; tables.length > 0; wait = Math.min(wait * 2, 2000)) {
    try {
      await reads.exec(`SAVEPOINT ssd_delta_lock; LOCK TABLE ${tables.map((t) => names.ssd(t)).join(', ')} IN ACCESS SHARE MODE NOWAIT; RELEASE SAVEPOINT ssd_delta_lock`);
      return;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      await reads.exec('ROLLBACK TO SAVEPOINT ssd_delta_lock; RELEASE SAVEPOINT ssd_delta_lock');
      // A view or foreign table (an LA may map its SSD so) cannot be locked, nor truncated in place: read as it is.
      const notTable = code === '42809' ? /"([^"]+)" is not a table/.exec((error as Error).message)?.[1] : undefined;
      if (notTable !== undefined && tables.includes(notTable)) {
        tables.splice(tables.indexOf(notTable), 1);
        continue;
      }
      if (code !== '55P03') throw error;
      if (Date.now() - started >= LOCK_TRIES_MS) {
        const table = /relation "([^"]+)"/.exec((error as Error).message)?.[1] ?? null;
        throw new TableBusyError('SSD_TABLE_LOCKED', `${table ?? 'an SSD table'} has been held exclusively by another transaction for ${LOCK_TRIES_MS / 1000} s (a TRUNCATE or ALTER of the SSD load not yet committed): nothing was read; try again once the load has committed`, table, error);
      }
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
