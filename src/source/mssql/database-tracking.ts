import type { MssqlQueryable } from './mssql-connection.js';

// When init changes a database setting (databaseTrackingSql), as T-SQL conditions: `init --check`
// asks the same ones, so it says "would turn on" exactly where init would.

/** Snapshot isolation is off (not merely changing state). */
export const SNAPSHOT_OFF = '(SELECT snapshot_isolation_state FROM sys.databases WHERE database_id = DB_ID()) = 0';
/** Change Tracking is off on the database. */
export const TRACKING_OFF = 'CHANGE_TRACKING_CURRENT_VERSION() IS NULL';
/** Change Tracking keeps less than `days` of history. */
export function retentionShorterThan(days: number): string {
  return `EXISTS (SELECT 1 FROM sys.change_tracking_databases WHERE database_id = DB_ID() AND ${RETENTION_MINUTES} < ${days * 1440})`;
}

/** Change Tracking settings of the database (capture.retentionDays, capture.autoCleanup). */
export interface ChangeTrackingSettings {
  readonly retentionDays: number;
  readonly autoCleanup: boolean;
}

/** The database's Change Tracking settings now (null when tracking is off). */
export interface DatabaseTracking {
  readonly retentionMinutes: number;
  readonly autoCleanup: boolean;
}

/** Minutes in a retention period (sys.change_tracking_databases.retention_period_units: 1 minutes, 2 hours, 3 days). */
const RETENTION_MINUTES = 'CASE retention_period_units WHEN 1 THEN retention_period WHEN 2 THEN retention_period * 60 ELSE retention_period * 1440 END';

/**
 * The database's Change Tracking settings, or null when it is off (or, to a login that is neither
 * the database's owner nor holds VIEW ANY DATABASE, when sys.change_tracking_databases hides them).
 */
export async function readDatabaseTracking(db: MssqlQueryable): Promise<DatabaseTracking | null> {
  const [row] = await db.query<{ minutes: number; auto_cleanup: boolean }>(
    `SELECT ${RETENTION_MINUTES} AS minutes, is_auto_cleanup_on AS auto_cleanup FROM sys.change_tracking_databases WHERE database_id = DB_ID()`,
  );
  return row ? { retentionMinutes: row.minutes, autoCleanup: Boolean(row.auto_cleanup) } : null;
}

/**
 * What `init` tells the operator about Change Tracking another consumer may already rely on:
 * ssd-delta only ever raises the retention and never changes AUTO_CLEANUP of a database that
 * had tracking on already.
 */
export function trackingNotes(now: DatabaseTracking | null, wanted: ChangeTrackingSettings): string[] {
  if (now === null) return [];
  const notes: string[] = [];
  const wantedMinutes = wanted.retentionDays * 1440;
  if (now.retentionMinutes < wantedMinutes) notes.push(`Change Tracking retention raised from ${now.retentionMinutes} minutes to ${wanted.retentionDays} days (capture.retentionDays)`);
  if (now.retentionMinutes > wantedMinutes) notes.push(`Change Tracking retention left at ${now.retentionMinutes} minutes, longer than capture.retentionDays (${wanted.retentionDays} days): another consumer may rely on it`);
  if (now.autoCleanup !== wanted.autoCleanup) notes.push(`Change Tracking AUTO_CLEANUP left ${now.autoCleanup ? 'on' : 'off'} (capture.autoCleanup asks ${wanted.autoCleanup ? 'on' : 'off'}): it was set before ssd-delta, and another consumer may rely on it; the DBA can change it`);
  return notes;
}

/**
 * Database-level settings Change Tracking capture needs: snapshot isolation (the capture reads
 * under it) and Change Tracking. A database without tracking gets the configured retention and
 * automatic cleanup; one that has it keeps its AUTO_CLEANUP, and its retention unless that is
 * shorter than the configured one (another consumer may rely on either). Each is changed only
 * when needed, so a login without ALTER permission on the database can run `init` once the DBA
 * has run the printed script.
 */
export function databaseTrackingSql(tracking: ChangeTrackingSettings): string {
  const days = tracking.retentionDays;
  if (!Number.isInteger(days) || days < 1) throw new Error('retention must be a whole number of days');
  const cleanup = tracking.autoCleanup ? 'ON' : 'OFF';
  return `IF ${SNAPSHOT_OFF}
  ALTER DATABASE CURRENT SET ALLOW_SNAPSHOT_ISOLATION ON;
GO
IF ${TRACKING_OFF}
  ALTER DATABASE CURRENT SET CHANGE_TRACKING = ON (CHANGE_RETENTION = ${days} DAYS, AUTO_CLEANUP = ${cleanup});
ELSE IF ${retentionShorterThan(days)}
  ALTER DATABASE CURRENT SET CHANGE_TRACKING (CHANGE_RETENTION = ${days} DAYS);`;
}
