import type { StreamDefinition } from '../../streams/stream-definition.js';
import type { CapturePlan, CaptureSetting, PermissionAsk } from '../source.js';
import type { SqlNames } from '../sql-names.js';
import { checkPermissions, onDatabase, onObject, onSchema, onSsdTable } from '../stores/permission-check.js';
import { param, type MssqlConnection, type MssqlQueryable } from './mssql-connection.js';
import { mssqlRunner } from './mssql-runner.js';
import { readDatabaseTracking, retentionShorterThan, SNAPSHOT_OFF, TRACKING_OFF, trackingNotes, type ChangeTrackingSettings, type DatabaseTracking } from './database-tracking.js';
import { bracketed, grantsFor } from './permission-asks.js';
import { PRIMARY_KEY_COLUMNS_SQL } from './stream-sql.js';

/**
 * Why direct mode cannot track these tables, naming each table and what its key should be
 * (Change Tracking reads changes by primary key, so each must be exactly its stream's key), or
 * null when every one is right. Init refuses before it tracks any.
 */
export async function primaryKeyRefusal(db: MssqlQueryable, names: SqlNames, streams: readonly StreamDefinition[]): Promise<string | null> {
  const rows = await db.query<{ table_name: string; column_name: string }>(PRIMARY_KEY_COLUMNS_SQL, {
    schema: param.key(names.ssdSchema),
    tables: param.json(streams.map((s) => s.table)),
  });
  const keyOf = (def: StreamDefinition) => rows.filter((r) => r.table_name.toLowerCase() === def.table.toLowerCase()).map((r) => r.column_name);
  const wrong = streams.filter((def) => keyOf(def).map((c) => c.toLowerCase()).sort().join(',') !== def.key.map((k) => k.toLowerCase()).sort().join(','));
  if (wrong.length === 0) return null;
  const each = wrong.map((def) => `${names.ssd(def.table)} (primary key ${keyOf(def).length ? `(${keyOf(def).join(', ')})` : 'none'}, needs (${def.key.join(', ')}))`);
  return `capture.mode = direct tracks each SSD table by its primary key, and ${wrong.length === 1 ? 'this table does' : 'these tables do'} not have the stream's key as primary key: ${each.join('; ')}. Add the keys, or use capture.mode = fingerprint (the default on SQL Server), which needs none. Nothing was tracked.`;
}

interface SettingsRow {
  snapshot: string | null;
  snapshot_off: number;
  tracking_off: number;
  retention_short: number;
  database_name: string;
  user_name: string;
  fingerprint_there: number;
}

/** Change Tracking as it is now, in words. */
function trackingNow(off: boolean, now: DatabaseTracking | null): string {
  if (off) return 'off';
  if (now === null) return 'on (its retention is hidden from this login: sys.change_tracking_databases shows it to the database owner or a login with VIEW ANY DATABASE)';
  return `on, retention ${now.retentionMinutes} minutes, auto cleanup ${now.autoCleanup ? 'on' : 'off'}`;
}

/** The database settings init makes (databaseTrackingSql), read with the very conditions it acts on. */
async function readSettings(db: MssqlConnection, names: SqlNames, tracking: ChangeTrackingSettings): Promise<{ row: SettingsRow; settings: CaptureSetting[]; notes: string[] }> {
  const days = tracking.retentionDays;
  const [row] = await db.query<SettingsRow>(
    `-- generated: capture settings (init --check)
SELECT (SELECT snapshot_isolation_state_desc FROM sys.databases WHERE database_id = DB_ID()) AS snapshot,
       CASE WHEN ${SNAPSHOT_OFF} THEN 1 ELSE 0 END AS snapshot_off,
       CASE WHEN ${TRACKING_OFF} THEN 1 ELSE 0 END AS tracking_off,
       CASE WHEN ${retentionShorterThan(days)} THEN 1 ELSE 0 END AS retention_short,
       DB_NAME() AS database_name, USER_NAME() AS user_name,
       CASE WHEN OBJECT_ID(@fingerprint) IS NULL THEN 0 ELSE 1 END AS fingerprint_there`,
    { fingerprint: param.key(names.own('ssd_delta_fingerprint')) },
  );
  if (!row) throw new Error('the capture settings query returned no row');
  const off = Boolean(row.tracking_off);
  const now = off ? null : await readDatabaseTracking(db);
  const settings: CaptureSetting[] = [
    {
      setting: 'snapshot isolation (ALLOW_SNAPSHOT_ISOLATION)',
      now: row.snapshot ?? 'cannot tell',
      change: row.snapshot_off ? 'would turn it on (ALTER DATABASE waits for every open transaction in the database to end: outside the load window)' : null,
    },
    {
      setting: 'Change Tracking on the database',
      now: trackingNow(off, now),
      change: off ? `would turn it on (CHANGE_RETENTION = ${days} DAYS, AUTO_CLEANUP = ${tracking.autoCleanup ? 'ON' : 'OFF'})` : row.retention_short ? `would raise its retention to ${days} days (capture.retentionDays)` : null,
    },
  ];
  // The raise is the change above; what init leaves as another consumer set it is said as init says it.
  return { row, settings, notes: trackingNotes(now, tracking).filter((n) => !n.includes(' raised ')).map((n) => `init would say: ${n}`) };
}

/**
 * What `init` would do for capture on SQL Server, read only: the database settings, Change
 * Tracking on ssd-delta's fingerprint table (fingerprint mode) or on each SSD table `present`
 * (direct mode, after the primary-key check), which of them `tracked` already, and the
 * permissions: ALTER on the database for a setting to change, ALTER on each table to track, and
 * VIEW CHANGE TRACKING on what capture reads from.
 */
export async function mssqlCapturePlan(db: MssqlConnection, names: SqlNames, mode: 'fingerprint' | 'direct', tracking: ChangeTrackingSettings, streams: readonly StreamDefinition[], present: readonly StreamDefinition[], tracked: ReadonlySet<string>): Promise<CapturePlan> {
  const { row, settings, notes } = await readSettings(db, names, tracking);
  // (The own-tables GRANT is the schema plan's: not asked here.)
  const grant = grantsFor(names, mode, { user: row.user_name, database: bracketed(row.database_name), ownTables: [], ssdTables: present.length });
  const fingerprint = 'ssd_delta_fingerprint';
  const targets = mode === 'fingerprint' ? [{ table: `${names.schema}.${fingerprint}`, done: tracked.size > 0 }] : present.map((def) => ({ table: `${names.ssdSchema}.${def.table}`, done: tracked.has(def.table) }));
  const asks: PermissionAsk[] = [];
  if (settings.some((s) => s.change !== null)) {
    asks.push({ when: 'init', step: 'capture', permission: 'ALTER on the database', purpose: 'make the database settings above', checks: [onDatabase('ALTER')], grant: grant('alter-database') });
  }
  if (mode === 'fingerprint') {
    // Not there yet: the migrations create it, and ALTER on ssd-delta's schema (asked with them) covers tracking it.
    if (!targets[0]?.done) asks.push({ when: 'init', step: 'capture', permission: `ALTER on ${names.schema}.${fingerprint}`, purpose: 'turn Change Tracking on for it', checks: [onObject(names.schema, fingerprint, 'ALTER')], grant: grant('alter-own-schema') });
    const readsFrom = row.fingerprint_there ? onObject(names.schema, fingerprint, 'VIEW CHANGE TRACKING') : onSchema(names.schema, 'VIEW CHANGE TRACKING');
    asks.push({ when: 'run', step: 'capture', permission: `VIEW CHANGE TRACKING on ${names.schema}.${fingerprint}`, purpose: 'read the change feed on every run', checks: [readsFrom], grant: grant('view-tracking') });
  } else {
    // Every configured table, not only those this login sees (metadata visibility hides the
    // others): their NULL from HAS_PERMS_BY_NAME counts as lacking, so the list is whole in one go.
    const tables = [...new Set(streams.map((def) => def.table))];
    const untracked = tables.filter((t) => !tracked.has(t));
    asks.push(
      { when: 'init', step: 'capture', permission: `ALTER on the SSD tables in ${names.ssdSchema}`, purpose: 'turn Change Tracking on for each', checks: untracked.map((t) => onSsdTable(names.ssdSchema, t, 'ALTER')), grant: grant('alter-ssd-schema') },
      { when: 'run', step: 'capture', permission: `VIEW CHANGE TRACKING on the SSD tables in ${names.ssdSchema}`, purpose: 'read the change feed', checks: tables.map((t) => onSsdTable(names.ssdSchema, t, 'VIEW CHANGE TRACKING')), grant: grant('view-tracking') },
    );
    const unseen = tables.length - new Set(present.map((def) => def.table)).size;
    if (unseen > 0) notes.push(`${unseen} SSD tables not found, or hidden from this login: grant SELECT (listed) and run the check again; init would turn Change Tracking on for them too`);
  }
  const refusal = mode === 'direct' ? await primaryKeyRefusal(db, names, present) : null;
  const installs = mode === 'fingerprint' ? "Change Tracking on ssd-delta's fingerprint table (the SSD tables are only read)" : 'Change Tracking on each SSD table';
  return { installs, action: 'would turn it on for', settings, targets, refusal, notes, permissions: await checkPermissions(mssqlRunner(db, names), asks) };
}
