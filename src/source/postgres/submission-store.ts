import { childAttempt, fateRecords, type ChildAttemptRow } from '../row-mapping.js';
import type { AttemptRecord, ChildAttempt, ClaimedChild, HourOfAnswers, RecordedWaits, SendRun, SubmissionStore } from '../source.js';
import { sqlFile } from '../sql-file.js';
import type { SqlNames } from '../sql-names.js';
import type { PgConnection } from './pg-connection.js';

/** Claiming batches and recording the API's answers on Postgres. */
export function postgresSubmissionStore(db: PgConnection, names: SqlNames): SubmissionStore {
  const sql = (name: string): string => sqlFile('postgres', `queries/${name}.sql`, names);
  return {
    async claimBatch(batchId, size, leaseSeconds, purgeDeleted, run): Promise<ClaimedChild[]> {
      const rows = await db.query<{ person_id: string; json_payload: string; current_hash: string; previous_json_payload: string | null; unconfirmed: string | null }>(
        sql('claim-batch'),
        [batchId, size, leaseSeconds, purgeDeleted, run.maxAttempts, run.started.toISOString()],
      );
      return rows.map((r) => ({ personId: r.person_id, json: r.json_payload, hash: r.current_hash, previousJson: r.previous_json_payload, unconfirmedJson: r.unconfirmed }));
    },

    async now(): Promise<Date> {
      const [row] = await db.query<{ now: string }>("SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') AS now");
      return new Date(row?.now ?? Date.now());
    },

    async renewLease(batchId, personIds, leaseSeconds): Promise<string[]> {
      if (personIds.length === 0) return [];
      const rows = await db.query<{ person_id: string }>(sql('renew-lease'), [batchId, personIds, leaseSeconds]);
      return rows.map((r) => r.person_id);
    },

    async release(batchId: string): Promise<void> {
      await db.query(sql('release-batch'), [batchId]);
    },

    async recordRun(run: SendRun): Promise<void> {
      await db.query(sql('write-last-send'), [run.sent, run.errors, run.released, run.stopped]);
    },

    async lastRun(): Promise<SendRun | null> {
      const [row] = await db.query<{ finished_at: string; sent: number; errors: number; released: number; stopped: string | null }>(sql('read-last-send'));
      return row ? { finishedAt: row.finished_at, sent: row.sent, errors: row.errors, released: row.released, stopped: row.stopped } : null;
    },

    async resend(personIds: readonly string[], all: boolean): Promise<string[]> {
      return (await db.query<{ person_id: string }>(sql('resend'), [personIds, all])).map((r) => r.person_id);
    },

    async history(personId: string): Promise<ChildAttempt[]> {
      return (await db.query<ChildAttemptRow>(sql('child-history'), [personId])).map(childAttempt);
    },

    async answersByHour(hours: number): Promise<HourOfAnswers[]> {
      const rows = await db.query<{ hour: string; accepted: number; failed_posts: number }>(sql('answers-by-hour'), [hours]);
      return rows.map((r) => ({ hour: r.hour, accepted: r.accepted, failedPosts: r.failed_posts }));
    },

    async record(attempt: AttemptRecord): Promise<RecordedWaits> {
      const { sent, errors, released, receipts } = fateRecords(attempt);
      // Each accepted child's wait, as record-sent found it (a transaction run again finds it again).
      const acceptedWaits = await db.transaction(async (tx) => {
        const waits = sent.length === 0 ? [] : (await tx.query<{ waited_seconds: number }>(sql('record-sent'), [JSON.stringify(sent), attempt.batchId])).map((r) => Number(r.waited_seconds));
        if (errors.length > 0) await tx.query(sql('record-error'), [JSON.stringify(errors), attempt.batchId]);
        if (released.length > 0) await tx.query(sql('release-children'), [JSON.stringify(released), attempt.batchId]);
        await tx.query(sql('insert-attempt'), [
          attempt.batchId,
          attempt.attemptedAt.toISOString(),
          Math.round(attempt.durationMs),
          attempt.attempt,
          attempt.children.map((c) => c.personId),
          attempt.httpStatus,
          attempt.outcome,
          attempt.responseExcerpt,
          receipts,
        ]);
        return waits;
      });
      return { acceptedWaits };
    },
  };
}
