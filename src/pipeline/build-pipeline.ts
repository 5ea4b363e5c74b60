import { from, lastValueFrom, reduce } from 'rxjs';
import { touchChildren } from '../capture/touch-children.js';
import type { StreamDefinition } from '../capture/stream-definition.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { DocumentHasher } from '../payload/canonical-hash.js';
import { reportingWindow } from '../payload/reporting-window.js';
import type { Source } from '../source/source.js';
import { buildDocuments } from './build-documents.js';
import { chunkIds } from './chunk.js';
import { emptyStats, timed, type CycleStats } from './cycle-stats.js';
import { fetchChildRows } from './fetch-child-rows.js';
import { hashDocuments } from './hash-documents.js';
import { markChunk } from './mark-chunk.js';

const PROGRESS_EVERY_MS = 10_000;

/** Everything one delta cycle needs (all injected: no globals). */
export interface CycleDeps {
  readonly source: Source;
  readonly streams: readonly StreamDefinition[];
  readonly hasher: DocumentHasher;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly chunkSize: number;
}

/**
 * Capture -> touch -> rebuild -> hash -> mark for one cycle. Reads the change feed, maps it to
 * touched children, then streams them through an RxJS pipeline in chunks: fetch (one
 * set-based query per stream), build, hash, mark. The watermark advances with the last
 * chunk's marks. Sending is separate (see submit/submit-pending.ts) so a cycle's marking is
 * complete and durable before any POST.
 */
export async function markChanges(deps: CycleDeps, stats: CycleStats = emptyStats()): Promise<CycleStats> {
  const { source, streams, logger } = deps;
  const batch = await timed(stats, 'capture', () => source.capture.readChanges(streams));
  stats.changesRead = batch.rawCount;
  const touch = await timed(stats, 'touch', () => touchChildren(batch, streams, source.rows));
  stats.touched = touch.children.length;
  stats.baseline = touch.baseline;
  if (touch.baseline) {
    logger.info({ streams: batch.baselineStreams.length, children: touch.children.length }, 'baseline: evaluating every child');
    const withoutId = await source.rows.countPersonsWithoutId();
    if (withoutId > 0) logger.warn({ rows: withoutId }, 'ssd_person rows without pers_person_id cannot be sent: give them an id in the SSD load');
  }
  if (touch.truncated.length > 0) logger.info({ streams: touch.truncated, children: touch.children.length }, 'tables truncated: re-evaluating their children');
  const window = reportingWindow(deps.clock.today());
  const advance = { streams: streams.map((s) => s.stream), position: batch.position };
  const chunks = chunkIds(touch.children, deps.chunkSize);
  let lastReport = performance.now();
  await lastValueFrom(
    from(chunks).pipe(
      fetchChildRows(source.rows, streams, stats),
      buildDocuments(window, stats),
      hashDocuments(deps.hasher, stats),
      markChunk(source.staging, advance, stats, logger),
      reduce((done, chunk) => {
        const rebuilt = done + chunk.ids.length;
        // Long rebuilds (a baseline of a large LA) say how far they are every 10 seconds.
        if (!chunk.last && performance.now() - lastReport > PROGRESS_EVERY_MS) {
          lastReport = performance.now();
          logger.info({ rebuilt, of: touch.children.length }, 'rebuilding children');
        }
        return rebuilt;
      }, 0),
    ),
  );
  // A baseline fills the staging table and the owner map from nothing; PGlite has no
  // autovacuum, so without this the next cycles would plan as if they were empty.
  if (touch.baseline) await source.schema.refreshStatistics();
  return stats;
}
