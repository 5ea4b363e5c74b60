import { childAttempt, fateRecords, type ChildAttemptRow } from '../row-mapping.js';
import type { AttemptRecord, ChildAttempt, ClaimedChild, HourOfAnswers, LeaseGroup, RecordedWaits, SendRun, SubmissionStore, TakenOver, UnsentCounts } from '../source.js';
import { param, type SqlRunner } from '../sql-runner.js';

/**
 * Claiming batches and recording the API's answers, on either dialect. Claims skip rows another
 * worker has locked (SKIP LOCKED on Postgres; READPAST, UPDLOCK, ROWLOCK on SQL Server: see
 * claim-batch.sql), so several workers never take the same row.
 */
export function submissionStore(db: SqlRunner): SubmissionStore {
  return {
    async claimBatch(batchId, size, leaseSeconds, purgeDeleted, run): Promise<ClaimedChild[]> {
      const rows = await db.run<{ person_id: string; json_payload: string; current_hash: string; previous_json_payload: string | null; unconfirmed: string | null }>('claim-batch', {
        batch_id: param.uuid(batchId),
        size: param.int(size),
        lease_seconds: param.int(leaseSeconds),
        purge_deleted: param.bit(purgeDeleted),
        max_attempts: param.int(run.maxAttempts),
        run_started: param.datetime(run.started),
        leased_by: param.text(run.leasedBy),
      });
      return rows.map((r) => ({ personId: r.person_id, json: r.json_payload, hash: r.current_hash, previousJson: r.previous_json_payload, unconfirmedJson: r.unconfirmed }));
    },

    async takeOverLeases(since: Date): Promise<TakenOver[]> {
      const rows = await db.run<{ leased_by: string | null; changed: boolean | number }>('take-over-leases', { since: param.datetime(since) });
      const byRun = new Map<string | null, { children: number; changed: number }>();
      for (const r of rows) {
        const run = byRun.get(r.leased_by) ?? { children: 0, changed: 0 };
        byRun.set(r.leased_by, { children: run.children + 1, changed: run.changed + (r.changed ? 1 : 0) });
      }
      return [...byRun].map(([leasedBy, counts]) => ({ leasedBy, ...counts }));
    },

    async leases(): Promise<LeaseGroup[]> {
      const rows = await db.run<{ leased_by: string | null; children: number; until: string }>('read-leases');
      return rows.map((r) => ({ leasedBy: r.leased_by, children: Number(r.children), until: r.until }));
    },

    async unsent(maxAttempts: number, purgeDeleted: boolean): Promise<UnsentCounts> {
      const [row] = await db.run<{ refused: number; retrying: number; purges_held: number; pending: number; fenced: number; fenced_until: string | null }>('read-unsent', { max_attempts: param.int(maxAttempts), purge_deleted: param.bit(purgeDeleted) });
      return {
        refused: Number(row?.refused ?? 0), retrying: Number(row?.retrying ?? 0), purgesHeld: Number(row?.purges_held ?? 0), pending: Number(row?.pending ?? 0),
        fenced: Number(row?.fenced ?? 0), fencedUntil: row?.fenced_until ?? null,
      };
    },

    async recordWaits(waits: readonly string[]): Promise<void> {
      await db.run('write-cycle-waits', { waits: param.text(JSON.stringify(waits)) });
    },

    async recordRunner(leasedBy: string): Promise<void> {
      await db.run('write-cycle-run', { run_by: param.text(leasedBy) });
    },

    async lastWaits() {
      const [row] = await db.run<{ waits: string | null; waits_at: string | null; run_by: string | null }>('read-cycle-waits');
      const waits: unknown = row?.waits ? JSON.parse(row.waits) : null;
      return {
        waits: Array.isArray(waits) && row?.waits_at ? { at: row.waits_at, waits: waits.map(String) } : null,
        runBy: row?.run_by ?? null,
      };
    },

    async now(): Promise<Date> {
      const [row] = await db.run<{ now: string }>('read-clock');
      return new Date(row?.now ?? Date.now());
    },

    async renewLease(batchId, personIds, leaseSeconds): Promise<string[]> {
      if (personIds.length === 0) return [];
      const rows = await db.run<{ person_id: string }>('renew-lease', { batch_id: param.uuid(batchId), person_ids: param.list(personIds), lease_seconds: param.int(leaseSeconds) });
      return rows.map((r) => r.person_id);
    },

    async release(batchId: string): Promise<void> {
      await db.run('release-batch', { batch_id: param.uuid(batchId) });
    },

    async recordRun(run: SendRun): Promise<void> {
      await db.run('write-last-send', { sent: param.int(run.sent), errors: param.int(run.errors), released: param.int(run.released), stopped: param.text(run.stopped) });
    },

    async lastRun(): Promise<SendRun | null> {
      const [row] = await db.run<{ finished_at: string; sent: number; errors: number; released: number; stopped: string | null }>('read-last-send');
      return row ? { finishedAt: row.finished_at, sent: row.sent, errors: row.errors, released: row.released, stopped: row.stopped } : null;
    },

    async resend(personIds: readonly string[], all: boolean): Promise<string[]> {
      return (await db.run<{ person_id: string }>('resend', { person_ids: param.list(personIds), all: param.bit(all) })).map((r) => r.person_id);
    },

    async history(personId: string): Promise<ChildAttempt[]> {
      return (await db.run<ChildAttemptRow>('child-history', { person_id: param.key(personId) })).map(childAttempt);
    },

    async answersByHour(hours: number): Promise<HourOfAnswers[]> {
      const rows = await db.run<{ hour: string; accepted: number; failed_posts: number }>('answers-by-hour', { hours: param.int(hours) });
      return rows.map((r) => ({ hour: r.hour, accepted: r.accepted, failedPosts: r.failed_posts }));
    },

    async record(attempt: AttemptRecord): Promise<RecordedWaits> {
      const { sent, errors, released, receipts } = fateRecords(attempt);
      const batch = param.uuid(attempt.batchId);
      // Each accepted child's wait, as record-sent found it (a transaction run again finds it again).
      const acceptedWaits = await db.transaction(async (tx) => {
        const waits = sent.length === 0 ? [] : (await tx.run<{ waited_seconds: number }>('record-sent', { rows: param.json(sent), batch_id: batch })).map((r) => Number(r.waited_seconds));
        if (errors.length > 0) await tx.run('record-error', { rows: param.json(errors), batch_id: batch });
        if (released.length > 0) await tx.run('release-children', { rows: param.json(released), batch_id: batch });
        await tx.run('insert-attempt', {
          batch_id: batch,
          attempted_at: param.datetime(attempt.attemptedAt),
          duration_ms: param.int(Math.round(attempt.durationMs)),
          attempt: param.int(attempt.attempt),
          person_ids: param.list(attempt.children.map((c) => c.personId)),
          http_status: param.int(attempt.httpStatus),
          outcome: param.key(attempt.outcome),
          response_excerpt: param.text(attempt.responseExcerpt),
          receipts: param.text(receipts),
        });
        return waits;
      });
      return { acceptedWaits };
    },
  };
}
