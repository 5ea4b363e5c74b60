import { refreshFingerprints, type RefreshOptions } from '../refresh-fingerprints.js';
import type { StreamDefinition } from '../../streams/stream-definition.js';
import type { CaptureStore, Change, ChangeBatch, RefreshReport } from '../source.js';
import { earliestChangeAfter } from '../row-mapping.js';
import type { SqlNames } from '../sql-names.js';
import { param } from '../sql-runner.js';
import { captureBookkeeping, fingerprintBookkeeping } from '../stores/capture-bookkeeping.js';
import { openWritesStore } from '../stores/open-writes-store.js';
import { postgresStatements } from './pg-runner.js';
import type { PgConnection, PgQueryable } from './pg-connection.js';
import { captureTriggersSql, dropCaptureTriggersSql, refreshFingerprintsSql, signatureSql } from './stream-sql.js';
import { postgresCapturePlan } from './capture-plan.js';

/** Any fixed number, apart from the migration and marking locks': one fingerprint refresh at a time. */
const REFRESH_LOCK = 0x55d_de17c;

/**
 * Postgres change capture into ssd_delta_change_log, each row with the writing transaction's id;
 * the reader takes, in one snapshot, the rows of transactions that snapshot sees committed and
 * the watermark's did not, so nothing that commits late is ever skipped or read twice. In direct mode statement-level triggers on the SSD tables write the log;
 * in fingerprint mode the fingerprint refresh writes it, with only the rows whose hash changed.
 */
export function postgresCaptureStore(db: PgConnection, names: SqlNames, mode: 'fingerprint' | 'direct', isEmpty: (def: StreamDefinition) => Promise<boolean>): CaptureStore {
  /** The streams whose SSD table exists (and this login may see): those init installs capture for. */
  const presentTables = async (streams: readonly StreamDefinition[]): Promise<StreamDefinition[]> => {
    const rows = await db.query<{ table_name: string }>('SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name = ANY ($2::text[])', [names.ssdSchema, streams.map((s) => s.table)]);
    const existing = new Set(rows.map((r) => r.table_name));
    return streams.filter((s) => existing.has(s.table));
  };

  const statements = postgresStatements(db, names);
  const store: CaptureStore = {
    mode,
    ...captureBookkeeping(statements),

    async install(streams: readonly StreamDefinition[]): Promise<string[]> {
      const present = await presentTables(streams);
      const done: string[] = [];
      await db.transaction(async (tx) => {
        for (const def of present) {
          // Fingerprint mode reads the tables themselves: triggers left from direct mode would log every row twice.
          await tx.exec(mode === 'direct' ? captureTriggersSql(def, names) : dropCaptureTriggersSql(def, names));
          done.push(def.table);
        }
      });
      return done;
    },

    plan: (streams: readonly StreamDefinition[]) => postgresCapturePlan(db, names, mode, streams),

    async installed(streams: readonly StreamDefinition[]): Promise<string[]> {
      if (mode === 'fingerprint') {
        // A table still carrying direct mode's triggers is not ready: they would log every row twice (init drops them).
        const tables = await db.query<{ table_name: string }>(
          `SELECT table_name FROM information_schema.tables t
            WHERE table_schema = $1 AND table_name = ANY ($2::text[])
              AND NOT EXISTS (SELECT 1 FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                               WHERE g.tgname = 'ssd_delta_ins' AND c.relname = t.table_name AND n.nspname = t.table_schema)`,
          [names.ssdSchema, streams.map((s) => s.table)],
        );
        return tables.map((r) => r.table_name).sort();
      }
      const rows = await db.query<{ relname: string }>(
        `SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE t.tgname = 'ssd_delta_ins' AND c.relname = ANY ($2::text[]) AND n.nspname = $1`,
        [names.ssdSchema, streams.map((s) => s.table)],
      );
      return rows.map((r) => r.relname).sort();
    },

    refresh(streams: readonly StreamDefinition[], options: RefreshOptions): Promise<RefreshReport[]> {
      if (mode !== 'fingerprint') return Promise.resolve([]);
      return refreshFingerprints(streams, options, {
        signature: async (def) => (await db.query<{ signature: string | null }>(signatureSql(def, names)))[0]?.signature ?? '',
        ...fingerprintBookkeeping(statements, statements),
        isEmpty,
        refreshAndStore: (def) =>
          db.transaction(async (tx) => {
            // `ssd-delta refresh` and a cycle's poll may refresh the same stream at once: one at a time.
            await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [REFRESH_LOCK, names.schema]);
            const [row] = await tx.query<{ inserted: number; updated: number; deleted: number; signature: string }>(refreshFingerprintsSql(def, names), [def.stream]);
            await postgresStatements(tx, names).run('write-signature', { stream: param.stream(def.stream), signature: param.text(row?.signature ?? '') });
            return { stream: def.stream, inserted: row?.inserted ?? 0, updated: row?.updated ?? 0, deleted: row?.deleted ?? 0 };
          }),
      });
    },

    readChanges: (streams: readonly StreamDefinition[]) => db.snapshot((reads) => readPostgresChanges(reads, streams, names, mode)),

    // The embedded database has one connection, this process's: no other session can hold a write open.
    openWrites: db.embedded ? () => Promise.resolve({ visible: true, grant: null, unseen: 0, transactions: [] }) : openWritesStore(statements).openWrites,
  };
  return store;
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
export async function readPostgresChanges(reads: PgQueryable, streams: readonly StreamDefinition[], sqlNames: SqlNames, mode: 'fingerprint' | 'direct'): Promise<ChangeBatch> {
  const sql = postgresStatements(reads, sqlNames);
  const names = streams.map((s) => s.stream);
  const [snapshot] = await sql.run<{ position: string; position_at: Date }>('read-position');
  const position = snapshot?.position as string;
  const marks = await sql.run<{ stream: string; position: string; changed_after: Date }>('read-watermarks', { streams: param.list(names) });
  const now = bounds(position).xmax;
  const rebaselined = marks
    .filter((m) => bounds(m.position).xmin > now)
    .map((m) => ({ stream: m.stream, reason: `watermark ${m.position} is ahead of every transaction this server has run (${position}): the database was restored or moved` }));
  const readable = new Set(marks.map((m) => m.stream).filter((s) => !rebaselined.some((r) => r.stream === s)));
  const rows = (await sql.run<{ stream: string; kind: Change['kind']; row_key: string | null; n: number; age_ms: number; first_logged_at: Date }>('read-changes', { streams: param.list(names) })).filter((r) => readable.has(r.stream));
  const changes: Change[] = rows.map((r) => ({ stream: r.stream, kind: r.kind, rowKey: r.row_key, count: r.n, ageMs: r.age_ms }));
  return {
    positionAt: snapshot?.position_at ?? null,
    // Triggers log a change before its commit: its first record dates it. A fingerprint poll logs
    // what it finds when it looks: the change came after the position before was read.
    oldestChangeAt:
      mode === 'fingerprint'
        ? earliestChangeAfter(changes, new Map(marks.map((m) => [m.stream, m.changed_after])))
        : rows.length === 0
          ? null
          : new Date(Math.min(...rows.map((r) => r.first_logged_at.getTime()))),
    changes,
    rawCount: changes.reduce((sum, c) => sum + c.count, 0),
    baselineStreams: names.filter((n) => !readable.has(n)),
    position,
    rebaselined,
  };
}
