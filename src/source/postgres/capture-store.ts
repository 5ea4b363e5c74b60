import { refreshFingerprints, type RefreshOptions } from '../../capture/refresh-fingerprints.js';
import type { StreamDefinition } from '../../capture/stream-definition.js';
import type { CaptureStore, Change, ChangeBatch, RefreshReport, TableMemory } from '../source.js';
import { storedSignatures, tableMemories, type SignatureRow, type TableMemoryRow } from '../row-mapping.js';
import { sqlFile } from '../sql-file.js';
import type { PgConnection, PgQueryable } from './pg-connection.js';
import { captureTriggersSql, dropCaptureTriggersSql, refreshFingerprintsSql, signatureSql } from './stream-sql.js';

/** Any fixed number, apart from the migration and marking locks': one fingerprint refresh at a time. */
const REFRESH_LOCK = 0x55d_de17c;

/**
 * Postgres change capture into ssd_delta_change_log, each row with the writing transaction's id;
 * the reader takes, in one snapshot, the rows of transactions that snapshot sees committed and
 * the watermark's did not, so nothing that commits late is ever skipped or read twice. In direct mode statement-level triggers on the SSD tables write the log;
 * in fingerprint mode the fingerprint refresh writes it, with only the rows whose hash changed.
 */
export function postgresCaptureStore(db: PgConnection, mode: 'fingerprint' | 'direct', isEmpty: (def: StreamDefinition) => Promise<boolean>): CaptureStore {
  return {
    mode,

    async install(streams: readonly StreamDefinition[]): Promise<string[]> {
      const existing = new Set(
        (await db.query<{ table_name: string }>(
          `SELECT table_name FROM information_schema.tables
            WHERE table_schema = ANY (current_schemas(false)) AND table_name = ANY ($1::text[])`,
          [streams.map((s) => s.table)],
        )).map((r) => r.table_name),
      );
      const done: string[] = [];
      await db.transaction(async (tx) => {
        for (const def of streams) {
          if (!existing.has(def.table)) continue;
          // Fingerprint mode reads the tables themselves: triggers left from direct mode would log every row twice.
          await tx.exec(mode === 'direct' ? captureTriggersSql(def) : dropCaptureTriggersSql(def));
          done.push(def.table);
        }
      });
      return done;
    },

    async installed(streams: readonly StreamDefinition[]): Promise<string[]> {
      if (mode === 'fingerprint') {
        // A table still carrying direct mode's triggers is not ready: they would log every row twice (init drops them).
        const tables = await db.query<{ table_name: string }>(
          `SELECT table_name FROM information_schema.tables t
            WHERE table_schema = ANY (current_schemas(false)) AND table_name = ANY ($1::text[])
              AND NOT EXISTS (SELECT 1 FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
                               WHERE g.tgname = 'ssd_delta_ins' AND c.relname = t.table_name AND pg_table_is_visible(c.oid))`,
          [streams.map((s) => s.table)],
        );
        return tables.map((r) => r.table_name).sort();
      }
      const rows = await db.query<{ relname: string }>(
        `SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
          WHERE t.tgname = 'ssd_delta_ins' AND c.relname = ANY ($1::text[]) AND pg_table_is_visible(c.oid)`,
        [streams.map((s) => s.table)],
      );
      return rows.map((r) => r.relname).sort();
    },

    refresh(streams: readonly StreamDefinition[], options: RefreshOptions): Promise<RefreshReport[]> {
      if (mode !== 'fingerprint') return Promise.resolve([]);
      return refreshFingerprints(streams, options, {
        signature: async (def) => (await db.query<{ signature: string | null }>(signatureSql(def)))[0]?.signature ?? '',
        stored: async (names) => storedSignatures(await db.query<SignatureRow>(sqlFile('postgres', 'queries/read-signature.sql'), [names])),
        hasLiveRows: async (stream) => (await db.query<{ live: boolean }>(sqlFile('postgres', 'queries/has-live-fingerprints.sql'), [stream]))[0]?.live ?? false,
        isEmpty,
        noteSeen: async (stream, signature) => void (await db.query(sqlFile('postgres', 'queries/note-signature.sql'), [stream, signature])),
        markEmpty: async (stream) => void (await db.query(sqlFile('postgres', 'queries/mark-empty.sql'), [stream])),
        refreshAndStore: (def) =>
          db.transaction(async (tx) => {
            // `ssd-delta refresh` and a cycle's poll may refresh the same stream at once: one at a time.
            await tx.query('SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))', [REFRESH_LOCK]);
            const [row] = await tx.query<{ inserted: number; updated: number; deleted: number; signature: string }>(refreshFingerprintsSql(def), [def.stream]);
            await tx.query(sqlFile('postgres', 'queries/write-signature.sql'), [def.stream, row?.signature ?? '']);
            return { stream: def.stream, inserted: row?.inserted ?? 0, updated: row?.updated ?? 0, deleted: row?.deleted ?? 0 };
          }),
      });
    },

    readChanges: (streams: readonly StreamDefinition[]) => db.snapshot((reads) => readPostgresChanges(reads, streams)),

    async tableMemory(streams: readonly string[]): Promise<Map<string, TableMemory>> {
      return tableMemories(await db.query<TableMemoryRow>(sqlFile('postgres', 'queries/read-table-guard.sql'), [streams]));
    },

    async noteHeld(held): Promise<void> {
      if (held.length === 0) return;
      await db.query(sqlFile('postgres', 'queries/note-table-held.sql'), [held.map((h) => h.stream), held.map((h) => h.seen)]);
    },
  };
}

/** The xmin and xmax of a snapshot's text (`xmin:xmax:xip,...`; an old xid8 watermark `X` is `X:X:`). */
function bounds(position: string): { xmin: bigint; xmax: bigint } {
  const [xmin = '0', xmax = xmin] = position.split(':');
  return { xmin: BigInt(xmin), xmax: BigInt(xmax === '' ? xmin : xmax) };
}

/**
 * Reads the change feed in the snapshot `reads` sees (it must be one: PgConnection.snapshot): every
 * change it shows that each stream's watermark did not, and that snapshot as the next position. A
 * watermark ahead of every transaction this server has run (the database was restored from a
 * dump, or moved to another cluster) would hide every change: that stream is re-baselined.
 */
export async function readPostgresChanges(reads: PgQueryable, streams: readonly StreamDefinition[]): Promise<ChangeBatch> {
  const names = streams.map((s) => s.stream);
  const [snapshot] = await reads.query<{ position: string }>(sqlFile('postgres', 'queries/read-position.sql'));
  const position = snapshot?.position as string;
  const marks = await reads.query<{ stream: string; position: string }>(sqlFile('postgres', 'queries/read-watermarks.sql'), [names]);
  const now = bounds(position).xmax;
  const rebaselined = marks
    .filter((m) => bounds(m.position).xmin > now)
    .map((m) => ({ stream: m.stream, reason: `watermark ${m.position} is ahead of every transaction this server has run (${position}): the database was restored or moved` }));
  const readable = new Set(marks.map((m) => m.stream).filter((s) => !rebaselined.some((r) => r.stream === s)));
  const rows = await reads.query<{ stream: string; kind: Change['kind']; row_key: string | null; n: number; age_ms: number }>(sqlFile('postgres', 'queries/read-changes.sql'), [names]);
  const changes: Change[] = rows.filter((r) => readable.has(r.stream)).map((r) => ({ stream: r.stream, kind: r.kind, rowKey: r.row_key, count: r.n, ageMs: r.age_ms }));
  return {
    changes,
    rawCount: changes.reduce((sum, c) => sum + c.count, 0),
    baselineStreams: names.filter((n) => !readable.has(n)),
    position,
    rebaselined,
  };
}
