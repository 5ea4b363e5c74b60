import { concatMap, type OperatorFunction } from 'rxjs';
import type { Logger } from '../core/logger.js';
import type { Mark, StagingStore } from '../source/source.js';
import { timed, type CycleStats } from './cycle-stats.js';
import { decideMark } from './decide-mark.js';
import { describeProblem, type HashedChunk } from './hash-documents.js';

/**
 * Marks a chunk: reads its children's staging rows, decides each write (decide-mark.ts),
 * skips unchanged hashes before touching the database, and writes marks and owner map in one
 * transaction. Deletions (purges at the API) are not written here but pushed to `deletions`:
 * the cycle writes them at the end, with the watermark advance, once the delete guard has seen
 * how many there are. If the process dies earlier, the next cycle re-reads the same changes
 * and re-marking is idempotent.
 */
export function markChunk(staging: StagingStore, deletions: Mark[], stats: CycleStats, logger: Logger): OperatorFunction<HashedChunk, HashedChunk> {
  return concatMap((chunk) =>
    timed(stats, 'mark', async () => {
      const states = await staging.readState(chunk.ids);
      const marks: Mark[] = [];
      for (const built of chunk.built) {
        const { mark, outcome } = decideMark(built, states.get(built.personId));
        if (mark) (outcome === 'deleted' ? deletions : marks).push(mark);
        if (outcome === 'new' || outcome === 'updated' || outcome === 'unchanged' || outcome === 'deleted' || outcome === 'invalid') stats[outcome] += 1;
        if (outcome === 'invalid' && mark && built.kind === 'document') {
          logger.warn({ personId: built.personId, errors: built.errors }, 'child document invalid: not sent');
        }
      }
      for (const { personId, problem } of chunk.warnings) logger.debug({ personId, problem: describeProblem(problem) }, 'document warning');
      await staging.write({ marks, rebuiltChildren: chunk.ids, owners: chunk.owners });
      return chunk;
    }),
  );
}
