import type { RefreshReport } from '../source/source.js';
import type { StreamDefinition } from './stream-definition.js';

/** What a dialect does for one step of a fingerprint refresh. */
export interface FingerprintOps {
  /** The SSD table's cheap signature now (row count, largest key, checksum); '' when empty. */
  signature(def: StreamDefinition): Promise<string>;
  /** The signature stored at the stream's last refresh, or null before the first. */
  storedSignature(stream: string): Promise<string | null>;
  /** Fingerprints of the stream not flagged deleted (rows the SSD table had at the last refresh). */
  liveRows(stream: string): Promise<number>;
  /** True when the SSD table has no rows. */
  isEmpty(def: StreamDefinition): Promise<boolean>;
  /** Refreshes the stream's fingerprints and stores `signature`, in one transaction. */
  refreshAndStore(def: StreamDefinition, signature: string): Promise<RefreshReport>;
}

/**
 * Refreshes the fingerprints of `streams`, one set-based statement each. With `onlyMoved` (the
 * poll each cycle makes) a stream is refreshed only when its table's signature moved since its
 * last refresh, so a cycle with nothing loaded reads each table once and writes nothing; and an
 * SSD table that is empty while its fingerprints still hold rows is not refreshed (its reload
 * is under way: refreshing now would flag every row deleted, to bring them all back after the
 * reload); it is reported as skipped until it has rows again or `ssd-delta refresh` is run.
 */
export async function refreshFingerprints(streams: readonly StreamDefinition[], options: { readonly onlyMoved: boolean }, ops: FingerprintOps): Promise<RefreshReport[]> {
  const reports: RefreshReport[] = [];
  for (const def of streams) {
    const signature = await ops.signature(def);
    if (options.onlyMoved) {
      if ((await ops.storedSignature(def.stream)) === signature) continue;
      if ((await ops.isEmpty(def)) && (await ops.liveRows(def.stream)) > 0) {
        reports.push({ stream: def.stream, inserted: 0, updated: 0, deleted: 0, skipped: `${def.table} is empty but held rows at the last refresh: waiting for its reload (run \`ssd-delta refresh --stream ${def.stream}\` if it was emptied for good)` });
        continue;
      }
    }
    reports.push(await ops.refreshAndStore(def, signature));
  }
  return reports;
}
