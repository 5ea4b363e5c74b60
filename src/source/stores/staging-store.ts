import { splitMarks, stagingState, type StagingStateRow } from '../row-mapping.js';
import type { MarkWrite, StagingState, StagingStore } from '../source.js';
import { SsdDeltaError } from '../../core/errors.js';
import { param, type SqlRunner } from '../sql-runner.js';

/**
 * A unique key violated by replace-owners.sql, the only statement this is asked about (a
 * constraint's name could not tell: a staging table may be called ssd_delta_owner_something): the
 * write adds an entry the map already
 * holds for a child it does not replace. Only another process marking the same children meanwhile
 * (this one's run lock lost under it), or a fault in ssd-delta, can do that; the transaction
 * rolled back whole. The key itself is not said: it holds a child's id.
 */
function ownerMapConflict(db: SqlRunner, error: unknown): SsdDeltaError | null {
  const constraint = db.uniqueViolation(error);
  if (constraint === null) return null;
  return new SsdDeltaError(
    'OWNER_MAP_CONFLICT',
    `the owner map already holds an entry this write adds (${constraint}): another ssd-delta process marked the same children meanwhile (this one's run lock lost?), or this is a fault in ssd-delta; nothing of this write was committed, and the next cycle marks its children again (if it says this every cycle, report it)`,
    { retryable: true, exitCode: 1, cause: error },
  );
}

/**
 * The staging table, on either dialect. `retentionDays` (capture.retentionDays) is how long SQL
 * Server keeps the fingerprints of deleted rows (its prune-change-log.sql); null on Postgres,
 * whose change log is pruned by the watermarks alone.
 */
export function stagingStore(db: SqlRunner, retentionDays: number | null): StagingStore {
  return {
    async readState(personIds: readonly string[]): Promise<Map<string, StagingState>> {
      const out = new Map<string, StagingState>();
      if (personIds.length === 0) return out;
      for (const r of await db.run<StagingStateRow>('read-staging-state', { person_ids: param.list(personIds) })) out.set(r.person_id, stagingState(r));
      return out;
    },

    async write(write: MarkWrite): Promise<void> {
      const { upserts, removals } = splitMarks(write);
      await db.transaction(async (tx) => {
        if (upserts.length > 0) await tx.run('upsert-marks', { rows: param.json(upserts) });
        // Only rows the API never accepted are removed: there is nothing to purge there.
        if (removals.length > 0) await tx.run('remove-unsent', { person_ids: param.list(removals) });
        if (write.rebuiltChildren.length > 0) {
          await tx.run('replace-owners', {
            children: param.list(write.rebuiltChildren),
            owners: param.json(write.owners.map((o) => ({ stream: o.stream, row_key: o.rowKey, person_id: o.personId }))),
          }).catch((error: unknown) => {
            throw ownerMapConflict(db, error) ?? error;
          });
        }
        const retimed = write.retimed ?? [];
        if (retimed.length > 0) await tx.run('set-valid-until', { rows: param.json(retimed.map((d) => ({ person_id: d.personId, valid_until: d.day }))) });
        const wakeups = write.wakeups ?? [];
        if (wakeups.length > 0) {
          await tx.run('clear-wakeups', { person_ids: param.list(wakeups.map((d) => d.personId)) });
          const set = wakeups.filter((d) => d.day !== null);
          if (set.length > 0) await tx.run('insert-wakeups', { rows: param.json(set.map((d) => ({ person_id: d.personId, due_on: d.day }))) });
        }
        if (write.advance) {
          await tx.run('advance-watermark', { streams: param.list(write.advance.streams), position: param.key(write.advance.position), position_at: param.datetime(write.advance.positionAt ?? null) });
          await tx.run('prune-change-log', { retention_days: param.int(retentionDays) });
          await tx.run('write-last-cycle', { day: param.date(write.advance.day), build_key: param.text(write.advance.buildKey) });
          const rows = write.advance.tableRows ?? [];
          if (rows.length > 0) await tx.run('write-marked-rows', { marked: param.json(rows) });
        }
      });
    },

    async receiverDocuments(personIds: readonly string[]) {
      if (personIds.length === 0) return new Map();
      const rows = await db.run<{ person_id: string; previous_json_payload: string | null; unconfirmed: string | null }>('read-receiver-documents', { person_ids: param.list(personIds) });
      return new Map(rows.map((r) => [r.person_id, { previousJson: r.previous_json_payload, unconfirmedJson: r.unconfirmed }]));
    },

    async acceptedDocuments(after: string | null, limit: number) {
      const rows = await db.run<{ person_id: string; previous_json_payload: string }>('read-accepted-documents', { after: param.key(after ?? ''), limit: param.int(limit) });
      return rows.map((r) => ({ personId: r.person_id, json: r.previous_json_payload }));
    },

    async lastCycle(): Promise<{ day: string; buildKey: string } | null> {
      const [row] = await db.run<{ day: string; build_key: string }>('read-last-cycle');
      return row ? { day: row.day, buildKey: row.build_key } : null;
    },

    async countAccepted(): Promise<number> {
      const [row] = await db.run<{ n: number }>('count-accepted');
      return row?.n ?? 0;
    },

    async statusCounts() {
      const rows = await db.run<{ row_state: string; submission_status: string; count: number }>('status-counts');
      return rows.map((r) => ({ rowState: r.row_state, submissionStatus: r.submission_status, count: r.count }));
    },
    async pendingAge() {
      const rows = await db.run<{ seconds: number | null }>('pending-age');
      return rows[0]?.seconds ?? null;
    },
    async statusTotals() {
      const rows = await db.run<{ submission_status: string; count: number }>('status-totals');
      return rows.map((r) => ({ submissionStatus: r.submission_status, count: r.count }));
    },
    async stampWaiting(changedAt) {
      await db.run('stamp-waiting', { changed_at: param.datetime(changedAt) });
    },
    async errorReasons(limit) {
      return db.run<{ reason: string; count: number }>('error-reasons', { limit: param.int(limit) });
    },
    async attentionChildren(limit) {
      const rows = await db.run<{ person_id: string; submission_status: string; since: Date; reason: string }>('attention-children', { limit: param.int(limit) });
      return rows.map((r) => ({ personId: r.person_id, status: r.submission_status, since: r.since, reason: r.reason }));
    },
  };
}
