import type { RefreshReport } from './source.js';
import { needsOwnerMap, type StreamDefinition } from '../streams/stream-definition.js';

/** What the last refresh of a stream left (see read-signature.sql). */
export interface StoredSignature {
  /** The table's signature at its last refresh, or null before the first. */
  readonly signature: string | null;
  /** The signature the last poll saw, or null. */
  readonly seen: string | null;
  /** Milliseconds since a poll first found the table empty (by the database's clock), or null. */
  readonly emptyForMs: number | null;
}

/** What a dialect does for one step of a fingerprint refresh. */
export interface FingerprintOps {
  /** The SSD table's cheap signature now (row count, largest key, checksum). */
  signature(def: StreamDefinition): Promise<string>;
  /** What the last polls and refreshes of these streams left, in one read (absent: never polled). */
  stored(streams: readonly string[]): Promise<Map<string, StoredSignature>>;
  /** True when some fingerprint of the stream is not flagged deleted (the table had rows at its last refresh). */
  hasLiveRows(stream: string): Promise<boolean>;
  /** True when the SSD table has no rows. */
  isEmpty(def: StreamDefinition): Promise<boolean>;
  /** Remembers that a poll found the table empty (from the first time only). */
  markEmpty(stream: string): Promise<void>;
  /** Remembers the signature a poll saw (the table is being written). */
  noteSeen(stream: string, signature: string): Promise<void>;
  /**
   * Refreshes the stream's fingerprints and stores the table's signature read in the same
   * snapshot as the rows it diffed (a load still writing between the poll's look and the refresh
   * must move the signature again, or its last rows would never be refreshed), in one transaction.
   */
  refreshAndStore(def: StreamDefinition): Promise<RefreshReport>;
}

/** How a refresh decides which streams to refresh. */
export interface RefreshOptions {
  /**
   * The poll each cycle makes: refresh a stream only when its table's signature moved since its
   * last refresh. Off (`ssd-delta refresh`, run after a load finished): refresh every stream.
   */
  readonly onlyMoved: boolean;
  /** With onlyMoved: how long a table found empty although it had rows is waited for (capture.reloadGraceMinutes). */
  readonly reloadGraceMs?: number;
  /**
   * With onlyMoved: refresh a table only once two polls in a row saw the same signature (its
   * load has finished); until then it is reported as waited for (capture.waitForSettledLoads).
   */
  readonly waitForSettledLoads?: boolean;
}

/**
 * Refreshes the fingerprints of `streams`, one set-based statement each. With `onlyMoved` a
 * cycle with nothing loaded reads each table's signature and writes nothing, and (with
 * `waitForSettledLoads`) a table whose signature moved since the last poll is still being
 * written: it is refreshed by a later poll that sees the same signature again. A table the poll
 * finds empty while its fingerprints still hold rows may be a reload under way (refreshing now
 * would flag every row deleted, to bring them all back after the reload) or may really have lost
 * its last rows: as for a truncated table in direct mode, a table that decides who is in the
 * cohort is waited for up to `reloadGraceMs` after the first poll that found it empty, then
 * refreshed (and the mass-delete guard still stands between it and the API).
 */
export async function refreshFingerprints(streams: readonly StreamDefinition[], options: RefreshOptions, ops: FingerprintOps): Promise<RefreshReport[]> {
  const reports: RefreshReport[] = [];
  const stored = options.onlyMoved ? await ops.stored(streams.map((s) => s.stream)) : new Map<string, StoredSignature>();
  for (const def of streams) {
    if (options.onlyMoved) {
      const last = stored.get(def.stream) ?? { signature: null, seen: null, emptyForMs: null };
      const signature = await ops.signature(def);
      if (last.signature === signature) continue;
      if (options.waitForSettledLoads && last.seen !== signature) {
        await ops.noteSeen(def.stream, signature);
        reports.push({ stream: def.stream, inserted: 0, updated: 0, deleted: 0, skipped: `${def.table} changed since the last poll: waiting for its load to finish (capture.waitForSettledLoads; \`ssd-delta refresh\` takes it at once)` });
        continue;
      }
      const grace = options.reloadGraceMs ?? 0;
      // Cheapest first: the live-row check reads the stream's fingerprints, only for an empty table.
      if (needsOwnerMap(def) && grace > 0 && (last.emptyForMs ?? 0) < grace && (await ops.isEmpty(def)) && (await ops.hasLiveRows(def.stream))) {
        await ops.markEmpty(def.stream);
        reports.push({ stream: def.stream, inserted: 0, updated: 0, deleted: 0, skipped: `${def.table} is empty but held rows at the last refresh: waiting up to capture.reloadGraceMinutes for its reload before its rows count as gone (run \`ssd-delta refresh --stream ${def.stream}\` once the load has finished)` });
        continue;
      }
    }
    reports.push(await ops.refreshAndStore(def));
  }
  return reports;
}
