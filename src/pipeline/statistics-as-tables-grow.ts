import { concatMap, type OperatorFunction } from 'rxjs';
import { describeError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { SchemaStore } from '../source/source.js';
import type { Chunk } from './chunk.js';
import { timed, type CycleStats } from './cycle-stats.js';

/**
 * Refreshes the planner's statistics of ssd-delta's own tables while a cycle that rebuilds many
 * chunks fills them: after 2, 4, 8, ... chunks (never in a cycle of two chunks or fewer). A
 * baseline starts from empty tables, whose statistics say so; planned as empty, the owner map's
 * per-child statements scanned the whole growing table for every chunk (about 500 ms a chunk by
 * the end of a 100,000-child first cycle, against 250 ms for the same work with its index).
 * The server's autovacuum comes too late within one cycle, and PGlite has none. Only an aid to
 * the planner: a refresh that fails is logged and the cycle goes on.
 */
export function statisticsAsTablesGrow<T extends Chunk>(
  schema: Pick<SchemaStore, 'refreshStatisticsWhileMarking'>,
  chunks: number,
  stats: CycleStats,
  logger: Pick<Logger, 'warn'>,
): OperatorFunction<T, T> {
  let next = 2;
  return concatMap(async (chunk) => {
    const done = chunk.index + 1;
    if (chunks > 2 && done === next && !chunk.last) {
      next *= 2;
      // Counted as marking: it is the marks' statements that need it.
      await timed(stats, 'mark', () => schema.refreshStatisticsWhileMarking()).catch((error: unknown) => {
        logger.warn({ code: (error as { code?: string }).code }, `refreshing the planner's statistics of ssd-delta's tables failed (${describeError(error)}): the cycle goes on without`);
      });
    }
    return chunk;
  });
}
