import { refreshFingerprints, type RefreshOptions } from '../../capture/refresh-fingerprints.js';
import type { StreamDefinition } from '../../capture/stream-definition.js';
import { SchemaError } from '../../core/errors.js';
import type { CaptureStore, Change, ChangeBatch, RefreshReport, TableMemory } from '../source.js';
import { storedSignatures, tableMemories, type SignatureRow, type TableMemoryRow } from '../row-mapping.js';
import { sqlFile } from '../sql-file.js';
import { param, type MssqlConnection, type MssqlQueryable } from './mssql-connection.js';
import { directChangesSql, enableTableTrackingSql, refreshFingerprintsSql, signatureSql } from './stream-sql.js';

/** Waits (up to 10 minutes) for the lock that lets one fingerprint refresh run at a time. */
const REFRESH_LOCK_SQL =
  "DECLARE @r INT; EXEC @r = sp_getapplock @Resource = N'ssd_delta_refresh', @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = 600000; IF @r < 0 THROW 50002, 'ssd-delta: another fingerprint refresh held its lock for 10 minutes', 1;";

/** The table whose Change Tracking feeds a stream in each mode. */
function trackedTable(def: StreamDefinition, mode: 'fingerprint' | 'direct'): string {
  return mode === 'fingerprint' ? 'ssd_delta_fingerprint' : def.table;
}

interface WatermarkRow {
  stream: string;
  position: string;
  min_valid: string | null;
}

type ChangeRow = { stream: string; kind: Change['kind']; row_key: string | null; n: number; age_ms: number };

/**
 * SQL Server change capture with Change Tracking. Per cycle, in one SNAPSHOT transaction:
 * read CHANGE_TRACKING_CURRENT_VERSION() first, check every stream's watermark against
 * CHANGE_TRACKING_MIN_VALID_VERSION of the table it is read from, then read CHANGETABLE from each
 * watermark up to that version. The version read first becomes the next watermark, stored with
 * the marking (StagingStore.write). A watermark below the minimum valid version (retention
 * passed, the table truncated, tracking re-enabled) re-baselines its stream: every child is
 * re-evaluated, only real changes are sent, and the reason is reported.
 *
 * In fingerprint mode (the default) the tracked table is ssd_delta_fingerprint, which `refresh`
 * fills from the SSD tables after each load; in direct mode it is each SSD table itself.
 */
export function mssqlCaptureStore(db: MssqlConnection, mode: 'fingerprint' | 'direct', tracking: ChangeTrackingSettings, isEmpty: (def: StreamDefinition) => Promise<boolean>): CaptureStore {
  const refreshOne = async (tx: MssqlQueryable, def: StreamDefinition): Promise<RefreshReport> => {
    const [row] = await tx.query<{ inserted: number | null; updated: number | null; deleted: number | null }>(refreshFingerprintsSql(def), { stream: param.stream(def.stream) });
    return { stream: def.stream, inserted: row?.inserted ?? 0, updated: row?.updated ?? 0, deleted: row?.deleted ?? 0 };
  };

  return {
    mode,

    async install(streams: readonly StreamDefinition[]): Promise<string[]> {
      const existing = new Set(
        (await db.query<{ name: string }>("SELECT name FROM sys.tables WHERE name IN (SELECT value FROM OPENJSON(@tables))", { tables: param.json(streams.map((s) => s.table)) })).map((r) => r.name),
      );
      await db.exec(databaseTrackingSql(tracking));
      const done: string[] = [];
      if (mode === 'fingerprint') {
        await db.exec(enableTableTrackingSql('ssd_delta_fingerprint'));
        return streams.filter((s) => existing.has(s.table)).map((s) => s.table);
      }
      for (const def of streams) {
        if (!existing.has(def.table)) continue;
        await db.exec(enableTableTrackingSql(def.table));
        done.push(def.table);
      }
      return done;
    },

    async installed(streams: readonly StreamDefinition[]): Promise<string[]> {
      const rows = await db.query<{ name: string }>(
        `SELECT t.name FROM sys.change_tracking_tables AS c JOIN sys.tables AS t ON t.object_id = c.object_id
          WHERE t.name IN (SELECT value FROM OPENJSON(@tables))`,
        { tables: param.json([...new Set(streams.map((s) => trackedTable(s, mode)))]) },
      );
      const tracked = new Set(rows.map((r) => r.name));
      return streams.filter((s) => tracked.has(trackedTable(s, mode))).map((s) => s.table).sort();
    },

    refresh(streams: readonly StreamDefinition[], options: RefreshOptions): Promise<RefreshReport[]> {
      if (mode !== 'fingerprint') return Promise.resolve([]);
      return refreshFingerprints(streams, options, {
        signature: async (def) => (await db.query<{ signature: string | null }>(signatureSql(def)))[0]?.signature ?? '',
        stored: async (names) => storedSignatures(await db.query<SignatureRow>(sqlFile('mssql', 'queries/read-signature.sql'), { streams: param.json(names) })),
        hasLiveRows: async (stream) => (await db.query<{ live: boolean }>(sqlFile('mssql', 'queries/has-live-fingerprints.sql'), { stream: param.stream(stream) }))[0]?.live ?? false,
        isEmpty,
        noteSeen: async (stream, signature) => void (await db.query(sqlFile('mssql', 'queries/note-signature.sql'), { stream: param.stream(stream), signature: param.text(signature) })),
        markEmpty: async (stream) => void (await db.query(sqlFile('mssql', 'queries/mark-empty.sql'), { stream: param.stream(stream) })),
        refreshAndStore: (def) =>
          // SNAPSHOT: the signature stored is of the very rows the MERGE diffed, even while a load writes.
          db.transaction(async (tx) => {
            // `ssd-delta refresh` and a cycle's poll may refresh the same stream at once: one MERGE at a time.
            await tx.query(REFRESH_LOCK_SQL);
            const [sig] = await tx.query<{ signature: string | null }>(signatureSql(def));
            const report = await refreshOne(tx, def);
            await tx.query(sqlFile('mssql', 'queries/write-signature.sql'), { stream: param.stream(def.stream), signature: param.text(sig?.signature ?? '') });
            return report;
          }, 'snapshot'),
      });
    },

    readChanges: (streams: readonly StreamDefinition[]) => db.transaction((tx) => readMssqlChanges(tx, streams, mode), 'snapshot'),

    async tableMemory(streams: readonly string[]): Promise<Map<string, TableMemory>> {
      return tableMemories(await db.query<TableMemoryRow>(sqlFile('mssql', 'queries/read-table-guard.sql'), { streams: param.json(streams) }));
    },

    async noteHeld(held): Promise<void> {
      if (held.length === 0) return;
      await db.query(sqlFile('mssql', 'queries/note-table-held.sql'), { held: param.json(held) });
    },
  };
}

/**
 * Reads Change Tracking inside a SNAPSHOT transaction (`tx`): CHANGE_TRACKING_CURRENT_VERSION()
 * first, every stream's watermark checked against CHANGE_TRACKING_MIN_VALID_VERSION of the table
 * it is read from, then CHANGETABLE from each watermark up to that version.
 */
export async function readMssqlChanges(tx: MssqlQueryable, streams: readonly StreamDefinition[], mode: 'fingerprint' | 'direct'): Promise<ChangeBatch> {
  const [current] = await tx.query<{ position: string | null }>(sqlFile('mssql', 'queries/read-position.sql'));
  const position = current?.position ?? null;
  if (position === null) {
    throw new SchemaError('Change Tracking is not enabled on this database; run `ssd-delta init` (or the script from `ssd-delta init --dialect mssql --print-sql`)');
  }
  const marks = await tx.query<WatermarkRow>(sqlFile('mssql', 'queries/read-watermarks.sql'), {
    streams: param.json(streams.map((s) => ({ stream: s.stream, tracked_table: trackedTable(s, mode) }))),
  });
  const byStream = new Map(marks.map((m) => [m.stream, m]));
  const rebaselined: Array<{ stream: string; reason: string }> = [];
  const readable: Array<{ def: StreamDefinition; from: string }> = [];
  for (const def of streams) {
    const mark = byStream.get(def.stream);
    if (!mark) continue;
    if (mark.min_valid === null) {
      throw new SchemaError(`Change Tracking is not enabled on ${trackedTable(def, mode)}; run \`ssd-delta init\` (or the script from \`ssd-delta init --dialect mssql --print-sql\`)`);
    }
    if (BigInt(mark.position) < BigInt(mark.min_valid)) {
      rebaselined.push({ stream: def.stream, reason: `watermark ${mark.position} is below the oldest version Change Tracking holds for ${trackedTable(def, mode)} (${mark.min_valid}): retention passed, the table was truncated, or tracking was turned off and on` });
    } else {
      readable.push({ def, from: mark.position });
    }
  }
  const baselineStreams = [...streams.filter((s) => !byStream.has(s.stream)).map((s) => s.stream), ...rebaselined.map((r) => r.stream)];
  let rows: ChangeRow[] = [];
  if (baselineStreams.length === 0 && readable.length > 0) {
    if (mode === 'fingerprint') {
      const from = readable.reduce((min, r) => (BigInt(r.from) < BigInt(min) ? r.from : min), readable[0]?.from ?? position);
      rows = await tx.query<ChangeRow>(sqlFile('mssql', 'queries/read-changes.sql'), {
        from_version: param.bigint(from),
        to_version: param.bigint(position),
        streams: param.json(readable.map((r) => r.def.stream)),
      });
    } else {
      for (const { def, from } of readable) {
        rows.push(...(await tx.query<ChangeRow>(directChangesSql(def), { stream: param.stream(def.stream), from_version: param.bigint(from), to_version: param.bigint(position) })));
      }
    }
  }
  // CHANGETABLE(CHANGES ...) gives each changed primary key once (its net change): one row per changed row.
  const changes: Change[] = rows.map((r) => ({ stream: r.stream, kind: r.kind, rowKey: r.row_key, count: r.n, ageMs: r.age_ms }));
  return { changes, rawCount: rows.length, baselineStreams, position, rebaselined };
}

/** Change Tracking settings of the database (capture.retentionDays, capture.autoCleanup). */
export interface ChangeTrackingSettings {
  readonly retentionDays: number;
  readonly autoCleanup: boolean;
}

/**
 * Database-level settings Change Tracking capture needs: snapshot isolation (the capture reads
 * under it) and Change Tracking with the configured retention and automatic cleanup. Each is
 * changed only when it is not already so, so a login without ALTER permission on the database can
 * run `init` once the DBA has run the printed script.
 */
export function databaseTrackingSql(tracking: ChangeTrackingSettings): string {
  const days = tracking.retentionDays;
  if (!Number.isInteger(days) || days < 1) throw new Error('retention must be a whole number of days');
  const cleanup = tracking.autoCleanup ? 'ON' : 'OFF';
  return `IF (SELECT snapshot_isolation_state FROM sys.databases WHERE database_id = DB_ID()) = 0
  ALTER DATABASE CURRENT SET ALLOW_SNAPSHOT_ISOLATION ON;
GO
IF NOT EXISTS (SELECT 1 FROM sys.change_tracking_databases WHERE database_id = DB_ID())
  ALTER DATABASE CURRENT SET CHANGE_TRACKING = ON (CHANGE_RETENTION = ${days} DAYS, AUTO_CLEANUP = ${cleanup});
ELSE IF NOT EXISTS (SELECT 1 FROM sys.change_tracking_databases WHERE database_id = DB_ID()
                      AND retention_period = ${days} AND retention_period_units_desc = 'DAYS' AND is_auto_cleanup_on = ${tracking.autoCleanup ? 1 : 0})
  ALTER DATABASE CURRENT SET CHANGE_TRACKING (CHANGE_RETENTION = ${days} DAYS, AUTO_CLEANUP = ${cleanup});`;
}
