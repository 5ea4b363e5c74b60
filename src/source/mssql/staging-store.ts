import { splitMarks, stagingState, type StagingStateRow } from '../row-mapping.js';
import type { MarkWrite, StagingState, StagingStore } from '../source.js';
import { sqlFile } from '../sql-file.js';
import type { SqlNames } from '../sql-names.js';
import { param, type MssqlConnection } from './mssql-connection.js';

/** The staging table on SQL Server: batches travel as one JSON parameter each (OPENJSON). */
export function mssqlStagingStore(db: MssqlConnection, names: SqlNames, retentionDays: number): StagingStore {
  const sql = (name: string): string => sqlFile('mssql', `queries/${name}.sql`, names);
  return {
    async readState(personIds: readonly string[]): Promise<Map<string, StagingState>> {
      const out = new Map<string, StagingState>();
      if (personIds.length === 0) return out;
      for (const r of await db.query<StagingStateRow>(sql('read-staging-state'), { person_ids: param.json(personIds) })) out.set(r.person_id, stagingState(r));
      return out;
    },

    async write(write: MarkWrite): Promise<void> {
      const { upserts, removals } = splitMarks(write);
      await db.transaction(async (tx) => {
        if (upserts.length > 0) await tx.query(sql('upsert-marks'), { rows: param.json(upserts) });
        // Only rows the API never accepted are removed: there is nothing to purge there.
        if (removals.length > 0) await tx.query(sql('remove-unsent'), { person_ids: param.json(removals) });
        if (write.rebuiltChildren.length > 0) {
          await tx.query(sql('replace-owners'), {
            children: param.json(write.rebuiltChildren),
            owners: param.json(write.owners.map((o) => ({ stream: o.stream, row_key: o.rowKey, person_id: o.personId }))),
          });
        }
        const retimed = write.retimed ?? [];
        if (retimed.length > 0) await tx.query(sql('set-valid-until'), { rows: param.json(retimed.map((d) => ({ person_id: d.personId, valid_until: d.day }))) });
        const wakeups = write.wakeups ?? [];
        if (wakeups.length > 0) {
          await tx.query(sql('clear-wakeups'), { person_ids: param.json(wakeups.map((d) => d.personId)) });
          const set = wakeups.filter((d) => d.day !== null);
          if (set.length > 0) await tx.query(sql('insert-wakeups'), { rows: param.json(set.map((d) => ({ person_id: d.personId, due_on: d.day }))) });
        }
        if (write.advance) {
          await tx.query(sql('advance-watermark'), { streams: param.json(write.advance.streams), position: param.key(write.advance.position), position_at: param.datetime(write.advance.positionAt ?? null) });
          await tx.query(sql('prune-change-log'), { retention_days: param.int(retentionDays) });
          await tx.query(sql('write-last-cycle'), { day: param.date(write.advance.day), build_key: param.text(write.advance.buildKey) });
          const rows = write.advance.tableRows ?? [];
          if (rows.length > 0) await tx.query(sql('write-marked-rows'), { marked: param.json(rows) });
        }
      });
    },

    async receiverDocuments(personIds: readonly string[]) {
      if (personIds.length === 0) return new Map();
      const rows = await db.query<{ person_id: string; previous_json_payload: string | null; unconfirmed: string | null }>(sql('read-receiver-documents'), { person_ids: param.json(personIds) });
      return new Map(rows.map((r) => [r.person_id, { previousJson: r.previous_json_payload, unconfirmedJson: r.unconfirmed }]));
    },

    async acceptedDocuments(after: string | null, limit: number) {
      const rows = await db.query<{ person_id: string; previous_json_payload: string }>(sql('read-accepted-documents'), { after: param.key(after ?? ''), limit: param.int(limit) });
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
      await db.query(sql('stamp-waiting'), { changed_at: param.datetime(changedAt) });
    },
    async errorReasons(limit) {
      return db.query<{ reason: string; count: number }>(sql('error-reasons'), { limit: param.int(limit) });
    },
    async attentionChildren(limit) {
      const rows = await db.query<{ person_id: string; submission_status: string; since: Date; reason: string }>(sql('attention-children'), { limit: param.int(limit) });
      return rows.map((r) => ({ personId: r.person_id, status: r.submission_status, since: r.since, reason: r.reason }));
    },
  };
}
