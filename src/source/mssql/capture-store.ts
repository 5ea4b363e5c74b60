import { refreshFingerprints, type RefreshOptions } from '../refresh-fingerprints.js';
import type { StreamDefinition } from '../../streams/stream-definition.js';
import { SchemaError } from '../../core/errors.js';
import type { CaptureStore, Change, ChangeBatch, RefreshReport } from '../source.js';
import { earliestChangeAfter } from '../row-mapping.js';
import { sqlFile } from '../sql-file.js';
import type { SqlNames } from '../sql-names.js';
import { appLockName } from './run-lock.js';
import { param, SNAPSHOT_LOCK_TIMEOUT_MS, withLockTimeout, type MssqlConnection, type MssqlQueryable } from './mssql-connection.js';
import { permissionDeniedOf, readingTable } from './mssql-errors.js';
import { mssqlStatements } from './mssql-runner.js';
import { captureBookkeeping, fingerprintBookkeeping } from '../stores/capture-bookkeeping.js';
import { openWritesStore } from '../stores/open-writes-store.js';
import { directChangesSql, enableTableTrackingSql, refreshFingerprintsSql, signatureSql } from './stream-sql.js';
import { databaseTrackingSql, readDatabaseTracking, trackingNotes, type ChangeTrackingSettings } from './database-tracking.js';
import { mssqlCapturePlan, primaryKeyRefusal } from './capture-plan.js';

/** How long a fingerprint refresh waits for another one's lock (at most: see MssqlConnection.lockWaitMs). */
const REFRESH_LOCK_WAIT_MS = 600_000;

/** Takes the lock that lets one fingerprint refresh of this schema run at a time (in the caller's transaction). */
const REFRESH_LOCK_SQL =
  "DECLARE @r INT; EXEC @r = sp_getapplock @Resource = @lock, @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = @wait_ms; IF @r < 0 THROW 50002, 'ssd-delta: another fingerprint refresh (ssd-delta refresh, or a cycle''s poll) held its lock for as long as this one could wait; it goes on by itself, or run ssd-delta refresh again when it has finished', 1;";

/** The table whose Change Tracking feeds a stream in each mode, qualified. */
function trackedTable(def: StreamDefinition, mode: 'fingerprint' | 'direct', names: SqlNames): string {
  return mode === 'fingerprint' ? names.own('ssd_delta_fingerprint') : names.ssd(def.table);
}

interface WatermarkRow {
  stream: string;
  position: string;
  min_valid: string | null;
  /** When the position was read (stored before 0011: when it was stored). */
  changed_after?: Date | null;
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
export function mssqlCaptureStore(db: MssqlConnection, names: SqlNames, mode: 'fingerprint' | 'direct', tracking: ChangeTrackingSettings, isEmpty: (def: StreamDefinition) => Promise<boolean>): CaptureStore {
  const refreshOne = async (tx: MssqlQueryable, def: StreamDefinition): Promise<RefreshReport> => {
    const [row] = await tx.query<{ inserted: number | null; updated: number | null; deleted: number | null }>(withLockTimeout(refreshFingerprintsSql(def, names), db.lockWaitMs(SNAPSHOT_LOCK_TIMEOUT_MS)), { stream: param.stream(def.stream) });
    return { stream: def.stream, inserted: row?.inserted ?? 0, updated: row?.updated ?? 0, deleted: row?.deleted ?? 0 };
  };

  /** The streams whose SSD table exists (and this login may see): those init installs capture for. */
  const presentTables = async (streams: readonly StreamDefinition[]): Promise<StreamDefinition[]> => {
    const rows = await db.query<{ name: string }>('SELECT name FROM sys.tables WHERE schema_id = SCHEMA_ID(@schema) AND name IN (SELECT value FROM OPENJSON(@tables))', {
      schema: param.key(names.ssdSchema),
      tables: param.json(streams.map((s) => s.table)),
    });
    const existing = new Set(rows.map((r) => r.name.toLowerCase()));
    return streams.filter((s) => existing.has(s.table.toLowerCase()));
  };

  const statements = mssqlStatements(db, names);
  const store: CaptureStore = {
    mode,
    ...captureBookkeeping(statements),

    async install(streams: readonly StreamDefinition[], say: (line: string) => void = () => undefined): Promise<string[]> {
      const present = await presentTables(streams);
      // Before anything is changed: a table Change Tracking cannot track (4997) must not leave the others half done.
      const refusal = mode === 'direct' ? await primaryKeyRefusal(db, names, present) : null;
      if (refusal) throw new SchemaError(refusal);
      for (const line of trackingNotes(await readDatabaseTracking(db), tracking)) say(line);
      await db.exec(databaseTrackingSql(tracking));
      if (mode === 'fingerprint') {
        await db.exec(enableTableTrackingSql(names.own('ssd_delta_fingerprint')));
        return present.map((s) => s.table);
      }
      await db.transaction(async (tx) => {
        for (const def of present) await tx.exec(enableTableTrackingSql(names.ssd(def.table)));
      });
      return present.map((s) => s.table);
    },

    plan: async (streams: readonly StreamDefinition[]) => mssqlCapturePlan(db, names, mode, tracking, streams, await presentTables(streams), new Set(await store.installed(streams))),

    async installed(streams: readonly StreamDefinition[]): Promise<string[]> {
      const rows = await db.query<{ name: string }>(
        'SELECT s.value AS name FROM OPENJSON(@tables) AS s JOIN sys.change_tracking_tables AS c ON c.object_id = OBJECT_ID(s.value)',
        { tables: param.json([...new Set(streams.map((s) => trackedTable(s, mode, names)))]) },
      );
      const tracked = new Set(rows.map((r) => r.name));
      return streams.filter((s) => tracked.has(trackedTable(s, mode, names))).map((s) => s.table).sort();
    },

    refresh(streams: readonly StreamDefinition[], options: RefreshOptions): Promise<RefreshReport[]> {
      if (mode !== 'fingerprint') return Promise.resolve([]);
      return refreshFingerprints(streams, options, {
        // The poll's reads of SSD tables see the last committed rows and wait briefly for a table
        // lock: a load's open transaction makes its table "being written" (the cycle holds for
        // it, naming it), never a poll stalled until the request times out.
        signature: async (def) => (await readingTable(def.table, () => db.readLatest<{ signature: string | null }>(signatureSql(def, names))))[0]?.signature ?? '',
        // ssd-delta's own tables too: a `ssd-delta refresh` MERGE may hold the fingerprints locked.
        ...fingerprintBookkeeping(statements, mssqlStatements({ query: db.readLatest, exec: db.exec }, names)),
        isEmpty: (def) => readingTable(def.table, () => isEmpty(def)),
        refreshAndStore: (def) =>
          readingTable(def.table, () =>
            // SNAPSHOT: the signature stored is of the very rows the MERGE diffed, even while a load writes.
            db.transaction(async (tx) => {
              // `ssd-delta refresh` and a cycle's poll may refresh the same stream at once: one MERGE at a time.
              await tx.query(REFRESH_LOCK_SQL, { lock: param.key(appLockName('refresh', names)), wait_ms: param.int(db.lockWaitMs(REFRESH_LOCK_WAIT_MS)) });
              const [sig] = await tx.query<{ signature: string | null }>(withLockTimeout(signatureSql(def, names), db.lockWaitMs(SNAPSHOT_LOCK_TIMEOUT_MS)));
              const report = await refreshOne(tx, def);
              await mssqlStatements(tx, names).run('write-signature', { stream: param.stream(def.stream), signature: param.text(sig?.signature ?? '') });
              return report;
            }, 'snapshot')),
      });
    },

    readChanges: (streams: readonly StreamDefinition[]) => db.transaction((tx) => readMssqlChanges(tx, streams, mode, names), 'snapshot'),

    openWrites: (olderThanSeconds: number) =>
      openWritesStore(statements)
        .openWrites(olderThanSeconds)
        // The file asks HAS_PERMS_BY_NAME first; a server that still refuses the views (297, 300: a DENY, a contained user) is the same answer.
        .catch((error: unknown) => {
          if (!permissionDeniedOf(error)) throw error;
          return { visible: false, grant: "GRANT VIEW SERVER STATE TO ssd-delta's login (in master; on SQL Server 2022 VIEW SERVER PERFORMANCE STATE is enough)", unseen: 0, transactions: [] };
        }),
  };
  return store;
}

/**
 * Reads Change Tracking inside a SNAPSHOT transaction (`tx`): CHANGE_TRACKING_CURRENT_VERSION()
 * first, every stream's watermark checked against CHANGE_TRACKING_MIN_VALID_VERSION of the table
 * it is read from and against that current version (a watermark outside them is re-baselined),
 * then CHANGETABLE from each watermark up to that version.
 */
export async function readMssqlChanges(tx: MssqlQueryable, streams: readonly StreamDefinition[], mode: 'fingerprint' | 'direct', names: SqlNames): Promise<ChangeBatch> {
  const sql = (name: string): string => sqlFile('mssql', `queries/${name}.sql`, names);
  const [current] = await tx.query<{ position: string | null; position_at?: Date | null }>(sql('read-position'));
  const position = current?.position ?? null;
  if (position === null) {
    throw new SchemaError('Change Tracking is not enabled on this database; run `ssd-delta init` (or the script from `ssd-delta init --dialect mssql --print-sql`)');
  }
  const marks = await tx.query<WatermarkRow>(sql('read-watermarks'), {
    streams: param.json(streams.map((s) => ({ stream: s.stream, tracked_table: trackedTable(s, mode, names) }))),
  });
  const byStream = new Map(marks.map((m) => [m.stream, m]));
  const rebaselined: Array<{ stream: string; reason: string }> = [];
  const readable: Array<{ def: StreamDefinition; from: string }> = [];
  for (const def of streams) {
    const mark = byStream.get(def.stream);
    if (!mark) continue;
    if (mark.min_valid === null) {
      throw new SchemaError(`Change Tracking is not enabled on ${trackedTable(def, mode, names)}; run \`ssd-delta init\` (or the script from \`ssd-delta init --dialect mssql --print-sql\`)`);
    }
    if (BigInt(mark.position) < BigInt(mark.min_valid)) {
      rebaselined.push({ stream: def.stream, reason: `watermark ${mark.position} is below the oldest version Change Tracking holds for ${trackedTable(def, mode, names)} (${mark.min_valid}): retention passed, the table was truncated, or tracking was turned off and on` });
    } else if (BigInt(mark.position) > BigInt(position)) {
      // Reading from it would hide every change until the database's versions caught up with it.
      rebaselined.push({ stream: def.stream, reason: `watermark ${mark.position} is ahead of the database's Change Tracking version (${position}): its versions went back (tracking turned off and on, or the database replaced by another)` });
    } else {
      readable.push({ def, from: mark.position });
    }
  }
  const baselineStreams = [...streams.filter((s) => !byStream.has(s.stream)).map((s) => s.stream), ...rebaselined.map((r) => r.stream)];
  let rows: ChangeRow[] = [];
  if (baselineStreams.length === 0 && readable.length > 0) {
    if (mode === 'fingerprint') {
      const from = readable.reduce((min, r) => (BigInt(r.from) < BigInt(min) ? r.from : min), readable[0]?.from ?? position);
      rows = await tx.query<ChangeRow>(sql('read-changes'), {
        from_version: param.bigint(from),
        to_version: param.bigint(position),
        streams: param.json(readable.map((r) => r.def.stream)),
      });
    } else {
      for (const { def, from } of readable) {
        rows.push(...(await tx.query<ChangeRow>(directChangesSql(def, names), { stream: param.stream(def.stream), from_version: param.bigint(from), to_version: param.bigint(position) })));
      }
    }
  }
  // CHANGETABLE(CHANGES ...) gives each changed primary key once (its net change): one row per changed row.
  const changes: Change[] = rows.map((r) => ({ stream: r.stream, kind: r.kind, rowKey: r.row_key, count: r.n, ageMs: r.age_ms }));
  const oldestChangeAt = earliestChangeAfter(changes, new Map(marks.map((m) => [m.stream, m.changed_after])));
  return { changes, rawCount: rows.length, baselineStreams, position, positionAt: current?.position_at ?? null, rebaselined, oldestChangeAt };
}
