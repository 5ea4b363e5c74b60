import type { AttemptRecord, ClaimedChild, SubmissionStore } from '../source.js';
import { sqlFile } from '../sql-file.js';
import type { PgConnection } from './pg-connection.js';

/** Claiming batches and recording the API's answers on Postgres. */
export function postgresSubmissionStore(db: PgConnection, stagingTable: string): SubmissionStore {
  const sql = (name: string): string => sqlFile('postgres', `queries/${name}.sql`, { staging_table: stagingTable });
  return {
    async claimBatch(batchId: string, size: number, leaseSeconds: number, purgeDeleted: boolean): Promise<ClaimedChild[]> {
      const rows = await db.query<{ person_id: string; json_payload: string; current_hash: string; previous_json_payload: string | null }>(sql('claim-batch'), [batchId, size, leaseSeconds, purgeDeleted]);
      return rows.map((r) => ({ personId: r.person_id, json: r.json_payload, hash: r.current_hash, previousJson: r.previous_json_payload }));
    },

    async release(batchId: string): Promise<void> {
      await db.query(sql('release-batch'), [batchId]);
    },

    async record(attempt: AttemptRecord): Promise<void> {
      const personIds = attempt.children.map((c) => c.personId);
      await db.transaction(async (tx) => {
        if (attempt.outcome === 'sent') {
          const results = attempt.children.map((c) => ({ person_id: c.personId, hash: c.hash, json: c.json, sent: c.sent, receipt: c.receipt, receipt_ts: c.receiptTimestamp }));
          await tx.query(sql('record-sent'), [JSON.stringify(results), attempt.batchId]);
        } else {
          const results = attempt.children.map((c) => ({ person_id: c.personId, hash: c.hash }));
          await tx.query(sql('record-error'), [JSON.stringify(results), attempt.batchId, attempt.error ?? `HTTP ${attempt.httpStatus ?? 'no answer'}`]);
        }
        const receipts = attempt.outcome === 'sent' ? JSON.stringify(Object.fromEntries(attempt.children.map((c) => [c.personId, c.receipt]))) : null;
        await tx.query(sql('insert-attempt'), [
          attempt.batchId,
          attempt.attemptedAt.toISOString(),
          Math.round(attempt.durationMs),
          attempt.attempt,
          personIds,
          attempt.httpStatus,
          attempt.outcome,
          attempt.responseExcerpt,
          receipts,
        ]);
      });
    },
  };
}
