import type { StoredSignature } from './refresh-fingerprints.js';
import type { SsdRow } from './ssd-row.js';
import type { StreamDefinition } from '../streams/stream-definition.js';
import type { AttemptRecord, Change, ChildAttempt, ChildFate, FetchedRow, Mark, MarkWrite, RowState, StagingState, SubmissionStatus, TableMemory, TableState } from './source.js';

/**
 * What both adapters share between a port call and its SQL: the column names the SQL files of
 * both dialects use, mapped to and from the port's types once, so the dialects differ only in
 * how values travel (arrays and jsonb on Postgres, JSON text and OPENJSON on SQL Server).
 */

/** A staging row as read-staging-state.sql returns it (both dialects). */
export interface StagingStateRow {
  person_id: string;
  current_hash: string;
  previous_hash: string | null;
  row_state: RowState;
  submission_status: SubmissionStatus;
  offered: boolean;
  legacy_id: string | null;
  valid_until: string | null;
  uncertain: boolean;
}

/** The marking inputs of a staging row. */
export function stagingState(r: StagingStateRow): StagingState {
  return {
    personId: r.person_id,
    currentHash: r.current_hash,
    previousHash: r.previous_hash,
    rowState: r.row_state,
    submissionStatus: r.submission_status,
    offered: r.offered,
    legacyId: r.legacy_id,
    validUntil: r.valid_until,
    uncertain: r.uncertain,
  };
}

/** A chunk's marks split as upsert-marks.sql takes them (one record each) and the children to remove. */
export function splitMarks(write: MarkWrite): { upserts: Array<Record<string, unknown>>; removals: string[] } {
  const upserts = write.marks
    .filter((m): m is Extract<Mark, { kind: 'upsert' }> => m.kind === 'upsert')
    .map((m) => ({
      person_id: m.personId,
      legacy_id: m.legacyId,
      json_payload: m.json,
      current_hash: m.hash,
      row_state: m.rowState,
      submission_status: m.submissionStatus,
      validation_errors: m.validationErrors,
      valid_until: m.validUntil,
    }));
  return { upserts, removals: write.marks.filter((m) => m.kind === 'remove').map((m) => m.personId) };
}

/** One POST's children as record-sent.sql, record-error.sql and release-children.sql take them, and its receipts. */
export function fateRecords(attempt: AttemptRecord): {
  sent: Array<Record<string, unknown>>;
  errors: Array<Record<string, unknown>>;
  released: Array<Record<string, unknown>>;
  /** person_id -> receipt (JSON text) when any child was accepted, else null. */
  receipts: string | null;
} {
  const of = <K extends ChildFate['kind']>(kind: K) =>
    attempt.children.flatMap((c) => (c.fate.kind === kind ? [{ ...c, fate: c.fate as Extract<ChildFate, { kind: K }> }] : []));
  const sent = of('sent');
  return {
    sent: sent.map((c) => ({ person_id: c.personId, hash: c.hash, sent: c.sent, receipt: c.fate.receipt, receipt_ts: c.fate.receiptTimestamp })),
    errors: of('error').map((c) => ({ person_id: c.personId, hash: c.hash, error: c.fate.error })),
    released: of('released').map((c) => ({ person_id: c.personId, error: c.fate.error })),
    receipts: sent.length > 0 ? JSON.stringify(Object.fromEntries(sent.map((c) => [c.personId, c.fate.receipt]))) : null,
  };
}

/** A row of child-history.sql (both dialects). */
export interface ChildAttemptRow {
  attempted_at: string;
  batch_id: string;
  attempt: number;
  child_count: number;
  http_status: number | null;
  outcome: string;
  duration_ms: number;
  receipt: string | null;
  response_excerpt: string | null;
}

/** One POST of a child's history. */
export function childAttempt(r: ChildAttemptRow): ChildAttempt {
  return {
    attemptedAt: r.attempted_at, batchId: r.batch_id, attempt: r.attempt, childCount: r.child_count, httpStatus: r.http_status,
    outcome: r.outcome, durationMs: r.duration_ms, receipt: r.receipt, responseExcerpt: r.response_excerpt ?? '',
  };
}

/** A fetched SSD row as the generated fetch SQL returns it (tagged with child and key). */
export type FetchedSqlRow = Record<string, string | number | null> & { ssd_delta_person_id: string; ssd_delta_row_key: string | null };

/** A fetched row for the builder. */
export function fetchedRow({ ssd_delta_person_id, ssd_delta_row_key, ...row }: FetchedSqlRow): FetchedRow {
  return { personId: ssd_delta_person_id, rowKey: ssd_delta_row_key, row: row as SsdRow };
}

/** A row of read-signature.sql (both dialects). */
export interface SignatureRow {
  stream: string;
  signature: string | null;
  seen_signature: string | null;
  empty_for_ms: number | null;
}

/** Stream -> what its last polls and refreshes left. */
export function storedSignatures(rows: readonly SignatureRow[]): Map<string, StoredSignature> {
  return new Map(rows.map((r) => [r.stream, { signature: r.signature, seen: r.seen_signature, emptyForMs: r.empty_for_ms }]));
}

/** A row of read-table-guard.sql (both dialects; SQL Server sends the bigint as text). */
export interface TableMemoryRow {
  stream: string;
  marked_rows: string | number | null;
  held_seen: string | null;
  held_for_ms: number | null;
  held_since: string | null;
}

/** What earlier cycles left about each stream's table, by stream. */
export function tableMemories(rows: readonly TableMemoryRow[]): Map<string, TableMemory> {
  return new Map(rows.map((r) => [r.stream, { markedRows: r.marked_rows === null ? null : Number(r.marked_rows), heldSeen: r.held_seen, heldForMs: r.held_for_ms, heldSince: r.held_since }]));
}

/** The row count a signature starts with (`count/largest key/checksum`, both dialects). */
function signatureRows(signature: string): number {
  return Number(signature.split('/')[0] ?? 0);
}

/**
 * Fingerprint mode: each stream's table as the snapshot sees it, its signature read now (one
 * statement per table, in the snapshot) and compared with the one its last refresh stored.
 */
export async function fingerprintTableStates(streams: readonly StreamDefinition[], stored: ReadonlyMap<string, StoredSignature>, signatureOf: (def: StreamDefinition) => Promise<string>): Promise<TableState[]> {
  const states: TableState[] = [];
  for (const def of streams) {
    const signature = await signatureOf(def);
    states.push({ stream: def.stream, rows: signatureRows(signature), asFingerprinted: stored.get(def.stream)?.signature === signature });
  }
  return states;
}

/**
 * ChangeBatch.oldestChangeAt when the feed cannot date a change itself (Change Tracking, a
 * fingerprint poll): the earliest time a changed stream's stored position was read (a change
 * above it was committed after then); null when nothing changed.
 */
export function earliestChangeAfter(changes: readonly Change[], changedAfter: ReadonlyMap<string, Date | null | undefined>): Date | null {
  const times = [...new Set(changes.map((c) => c.stream))].map((stream) => changedAfter.get(stream)).filter((at): at is Date => at instanceof Date);
  return times.length === 0 ? null : new Date(Math.min(...times.map((t) => t.getTime())));
}
