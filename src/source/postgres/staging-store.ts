import { SsdDeltaError } from '../../core/errors.js';
import { splitMarks, stagingState, type StagingStateRow } from '../row-mapping.js';
import type { MarkWrite, StagingState, StagingStore } from '../source.js';
import { sqlFile } from '../sql-file.js';
import type { SqlNames } from '../sql-names.js';
import type { PgConnection } from './pg-connection.js';

/**
 * The owner map's key violated (replace-owners.sql): the write adds an entry the map already
 * holds for a child it does not replace. Only another process marking the same children meanwhile
 * (this one's run lock lost under it), or a fault in ssd-delta, can do that; the transaction
 * rolled back whole. The key itself is not said: it holds a child's id.
 */
function ownerMapConflict(error: unknown): SsdDeltaError | null {
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  if (code !== '23505' || typeof constraint !== 'string' || !constraint.startsWith('ssd_delta_owner')) return null;
  return new SsdDeltaError(
    'OWNER_MAP_CONFLICT',
    `the owner map already holds an entry this write adds (${constraint}): another ssd-delta process marked the same children meanwhile (this one's run lock lost?), or this is a fault in ssd-delta; nothing of this write was committed, and the next cycle marks its children again (if it says this every cycle, report it)`,
    { retryable: true, exitCode: 1, cause: error },
  );
}

/** The staging table on Postgres. */
export function postgresStagingStore(db: PgConnection, names: SqlNames): StagingStore {
  const sql = (name: string): string => sqlFile('postgres', `queries/${name}.sql`, names);
  return {
    async readState(personIds: readonly string[]): Promise<Map<string, StagingState>> {
      const out = new Map<string, StagingState>();
      if (personIds.length === 0) return out;
      for (const r of await db.query<StagingStateRow>(sql('read-staging-state'), [personIds])) out.set(r.person_id, stagingState(r));
      return out;
    },

    async write(write: MarkWrite): Promise<void> {
      const { upserts, removals } = splitMarks(write);
      await db.transaction(async (tx) => {
        if (upserts.length > 0) {
          await tx.query(sql('upsert-marks'), [JSON.stringify(upserts)]);
        }
        if (removals.length > 0) {
          // Only rows the API never accepted are removed: there is nothing to purge there.
          await tx.query(sql('remove-unsent'), [removals]);
        }
        if (write.rebuiltChildren.length > 0) {
          await tx.query(sql('replace-owners'), [
            write.rebuiltChildren,
            write.owners.map((o) => o.stream),
            write.owners.map((o) => o.rowKey),
            write.owners.map((o) => o.personId),
          ]);
        }
        const retimed = write.retimed ?? [];
        if (retimed.length > 0) {
          await tx.query(sql('set-valid-until'), [JSON.stringify(retimed.map((d) => ({ person_id: d.personId, valid_until: d.day })))]);
        }
        const wakeups = write.wakeups ?? [];
        if (wakeups.length > 0) {
          await tx.query(sql('clear-wakeups'), [wakeups.map((d) => d.personId)]);
          const set = wakeups.filter((d) => d.day !== null);
          if (set.length > 0) await tx.query(sql('insert-wakeups'), [set.map((d) => d.personId), set.map((d) => d.day)]);
        }
        if (write.advance) {
          await tx.query(sql('advance-watermark'), [write.advance.streams, write.advance.position, write.advance.positionAt ?? null]);
          await tx.query(sql('prune-change-log'));
          await tx.query(sql('write-last-cycle'), [write.advance.day, write.advance.buildKey]);
          const rows = write.advance.tableRows ?? [];
          if (rows.length > 0) await tx.query(sql('write-marked-rows'), [rows.map((r) => r.stream), rows.map((r) => r.rows)]);
        }
      }).catch((error: unknown) => {
        throw ownerMapConflict(error) ?? error;
      });
    },

    async receiverDocuments(personIds: readonly string[]) {
      if (personIds.length === 0) return new Map();
      const rows = await db.query<{ person_id: string; previous_json_payload: string | null; unconfirmed: string | null }>(sql('read-receiver-documents'), [personIds]);
      return new Map(rows.map((r) => [r.person_id, { previousJson: r.previous_json_payload, unconfirmedJson: r.unconfirmed }]));
    },

    async acceptedDocuments(after: string | null, limit: number) {
      const rows = await db.query<{ person_id: string; previous_json_payload: string }>(sql('read-accepted-documents'), [after ?? '', limit]);
      return rows.map((r) => ({ personId: r.person_id, json: r.previous_json_payload }));
    },

    async lastCycle(): Promise<{ day: string; buildKey: string } | null> {
      const [row] = await db.query<{ day: string; build_key: string }>(sql('read-last-cycle'));
      return row ? { day: row.day, buildKey: row.build_key } : null;
    },

    async countAccepted(): Promise<number> {
      const [row] = await db.query<{ n: number }>(sql('count-accepted'));
      return row?.n ?? 0;
    },

    async statusCounts() {
      const rows = await db.query<{ row_state: string; submission_status: string; count: number }>(sql('status-counts'));
      return rows.map((r) => ({ rowState: r.row_state, submissionStatus: r.submission_status, count: r.count }));
    },
    async pendingAge() {
      const rows = await db.query<{ seconds: number | null }>(sql('pending-age'));
      return rows[0]?.seconds ?? null;
    },
    async statusTotals() {
      const rows = await db.query<{ submission_status: string; count: number }>(sql('status-totals'));
      return rows.map((r) => ({ submissionStatus: r.submission_status, count: r.count }));
    },
    async stampWaiting(changedAt) {
      await db.query(sql('stamp-waiting'), [changedAt]);
    },
    async errorReasons(limit) {
      return db.query<{ reason: string; count: number }>(sql('error-reasons'), [limit]);
    },
    async attentionChildren(limit) {
      const rows = await db.query<{ person_id: string; submission_status: string; since: Date; reason: string }>(sql('attention-children'), [limit]);
      return rows.map((r) => ({ personId: r.person_id, status: r.submission_status, since: r.since, reason: r.reason }));
    },
  };
}
