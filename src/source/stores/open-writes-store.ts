import type { CaptureStore, OpenWrite, OpenWrites } from '../source.js';
import { param, type SqlStatements } from '../sql-runner.js';

/** A row of read-open-writes.sql (the same columns on both dialects; pid NULL: no transaction). */
interface OpenWriteRow {
  visible: boolean;
  grant_needed: string | null;
  unseen: number | null;
  database: string | null;
  pid: string | null;
  application: string | null;
  seconds: number | null;
  prepared: boolean | null;
}

/** The report of read-open-writes.sql's rows. */
export function openWritesOf(rows: readonly OpenWriteRow[]): OpenWrites {
  const [first] = rows;
  const transactions: OpenWrite[] = rows
    .filter((r) => r.pid !== null)
    .map((r) => ({
      database: r.database ?? '',
      // A session's id is a number; a prepared transaction's gid is any text its manager chose.
      pid: !r.prepared && /^\d+$/.test(r.pid ?? '') ? Number(r.pid) : (r.pid ?? ''),
      application: r.application ?? '',
      seconds: Number(r.seconds ?? 0),
      prepared: r.prepared === true,
    }));
  return { visible: first?.visible !== false, grant: first?.visible === false ? (first.grant_needed ?? null) : null, unseen: Number(first?.unseen ?? 0), transactions };
}

/**
 * The writing transactions open in the SSD's database, the same statement name on both dialects
 * (each reads its own server views: sql/<dialect>/queries/read-open-writes.sql).
 */
export function openWritesStore(db: SqlStatements): Pick<CaptureStore, 'openWrites'> {
  return {
    async openWrites(olderThanSeconds) {
      const rows = await db.run<OpenWriteRow>('read-open-writes', { older_than_seconds: param.int(Math.max(0, Math.floor(olderThanSeconds))) });
      return openWritesOf(rows);
    },
  };
}
