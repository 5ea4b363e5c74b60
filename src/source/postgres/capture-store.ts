import type { StreamDefinition } from '../../capture/stream-definition.js';
import type { CaptureStore, Change, ChangeBatch } from '../source.js';
import { sqlFile } from '../sql-file.js';
import type { PgConnection } from './pg-connection.js';
import { captureTriggersSql } from './stream-sql.js';

/**
 * Postgres change capture: statement-level triggers append each changed key to
 * ssd_delta_change_log with the writing transaction's id; the reader takes only rows of
 * transactions below the snapshot xmin, so nothing that commits late is ever skipped.
 */
export function postgresCaptureStore(db: PgConnection): CaptureStore {
  return {
    async install(streams: readonly StreamDefinition[]): Promise<string[]> {
      const existing = new Set(
        (await db.query<{ table_name: string }>(
          `SELECT table_name FROM information_schema.tables
            WHERE table_schema = ANY (current_schemas(false)) AND table_name = ANY ($1::text[])`,
          [streams.map((s) => s.table)],
        )).map((r) => r.table_name),
      );
      const done: string[] = [];
      await db.transaction(async (tx) => {
        for (const def of streams) {
          if (!existing.has(def.table)) continue;
          await tx.exec(captureTriggersSql(def));
          done.push(def.table);
        }
      });
      return done;
    },

    async installed(streams: readonly StreamDefinition[]): Promise<string[]> {
      const rows = await db.query<{ relname: string }>(
        `SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
          WHERE t.tgname = 'ssd_delta_ins' AND c.relname = ANY ($1::text[]) AND pg_table_is_visible(c.oid)`,
        [streams.map((s) => s.table)],
      );
      return rows.map((r) => r.relname).sort();
    },

    async readChanges(streams: readonly StreamDefinition[]): Promise<ChangeBatch> {
      const names = streams.map((s) => s.stream);
      const [snapshot] = await db.query<{ position: string }>(sqlFile('postgres', 'queries/snapshot-xmin.sql'));
      const position = snapshot?.position as string;
      const marked = new Set(
        (await db.query<{ stream: string }>('SELECT stream FROM ssd_delta_watermark WHERE stream = ANY ($1::text[])', [names])).map((r) => r.stream),
      );
      const rows = await db.query<{ stream: string; kind: Change['kind']; row_key: string | null; n: number; age_ms: number }>(
        sqlFile('postgres', 'queries/read-changes.sql'),
        [position, names],
      );
      const changes: Change[] = rows.map((r) => ({ stream: r.stream, kind: r.kind, rowKey: r.row_key, count: r.n, ageMs: r.age_ms }));
      return {
        changes,
        rawCount: changes.reduce((sum, c) => sum + c.count, 0),
        baselineStreams: names.filter((n) => !marked.has(n)),
        position,
      };
    },
  };
}
