import { storedSignatures, tableMemories, type SignatureRow, type TableMemoryRow } from '../row-mapping.js';
import type { FingerprintOps } from '../refresh-fingerprints.js';
import type { CaptureStore } from '../source.js';
import { param, type SqlStatements } from '../sql-runner.js';

/**
 * What change capture remembers in ssd-delta's own tables, the same statements on both dialects:
 * the table guard's memory (what cycles marked from and held for) and the watermarks' age. The
 * capture itself (triggers or Change Tracking, and reading the feed) is each adapter's.
 */
export function captureBookkeeping(db: SqlStatements): Pick<CaptureStore, 'tableMemory' | 'watermarkAge' | 'noteHeld'> {
  return {
    async tableMemory(streams) {
      return tableMemories(await db.run<TableMemoryRow>('read-table-guard', { streams: param.list(streams) }));
    },
    async watermarkAge(streams) {
      const [row] = await db.run<{ seconds: number | null }>('watermark-age', { streams: param.list(streams) });
      return row?.seconds ?? null;
    },
    async noteHeld(held) {
      if (held.length === 0) return;
      await db.run('note-table-held', { held: param.json(held) });
    },
  };
}

/**
 * The fingerprint refresh's bookkeeping, the same statements on both dialects: what the last
 * polls and refreshes left (read through `reads`: on SQL Server the last committed rows, without
 * waiting behind a refresh's locks) and what a poll notes (written through `writes`).
 */
export function fingerprintBookkeeping(writes: SqlStatements, reads: SqlStatements): Pick<FingerprintOps, 'stored' | 'hasLiveRows' | 'noteSeen' | 'markEmpty'> {
  return {
    stored: async (streams) => storedSignatures(await reads.run<SignatureRow>('read-signature', { streams: param.list(streams) })),
    hasLiveRows: async (stream) => (await reads.run<{ live: boolean }>('has-live-fingerprints', { stream: param.stream(stream) }))[0]?.live ?? false,
    noteSeen: async (stream, signature) => void (await writes.run('note-signature', { stream: param.stream(stream), signature: param.text(signature) })),
    markEmpty: async (stream) => void (await writes.run('mark-empty', { stream: param.stream(stream) })),
  };
}
