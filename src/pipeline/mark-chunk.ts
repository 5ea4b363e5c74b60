import { concatMap, type OperatorFunction } from 'rxjs';
import type { Logger } from '../core/logger.js';
import type { DueDay, Mark, OwnerEntry, StagingStore } from '../source/source.js';
import { timed, type CycleStats } from './cycle-stats.js';
import type { DocumentHasher } from '../payload/canonical-hash.js';
import { purgeMaker } from '../payload/purge-document.js';
import { decideMark } from './decide-mark.js';
import { dueWrite } from './due-write.js';
import { describeProblem, type HashedChunk } from './hash-documents.js';

/** Writes held back until the end of the cycle: deletions and their owner-map entries. */
export interface Deferred {
  readonly marks: Mark[];
  readonly rebuiltChildren: string[];
  readonly owners: OwnerEntry[];
  /**
   * Deleted children whose rows are as they were: on the last cycle's day they still give the
   * stored document, so time alone took them out of the cohort. The mass-delete guard, which is
   * there for rows that vanished, does not count them.
   */
  readonly timeCaused: Set<string>;
}

/** An empty {@link Deferred}. */
export function emptyDeferred(): Deferred {
  return { marks: [], rebuiltChildren: [], owners: [], timeCaused: new Set() };
}

/**
 * Marks a chunk: reads its children's staging rows, decides each write (decide-mark.ts),
 * skips unchanged hashes before touching the database, and writes marks and owner map in one
 * transaction. Deletions (purges at the API) are not written here but added to `deferred`,
 * with their owner-map entries: the cycle writes them at the end, with the watermark advance,
 * once the delete guard has seen how many there are. Until then the owner map still leads the
 * same changes to those children, so a stopped cycle (guard, crash) loses none of them when
 * the changes are read again.
 */
export function markChunk(staging: StagingStore, hasher: DocumentHasher, deferred: Deferred, stats: CycleStats, logger: Logger): OperatorFunction<HashedChunk, HashedChunk> {
  return concatMap((chunk) =>
    timed(stats, 'mark', async () => {
      const makePurge = purgeMaker(hasher);
      const states = await staging.readState(chunk.ids);
      const marks: Mark[] = [];
      const retimed: DueDay[] = [];
      const wakeups: DueDay[] = [];
      const later = new Set<string>();
      for (const built of chunk.built) {
        const state = states.get(built.personId);
        const { mark, outcome } = decideMark(built, state, makePurge);
        const due = dueWrite(built, state, mark);
        if (due) (due.to === 'staging' ? retimed : wakeups).push(due.due);
        if (mark && outcome === 'deleted') {
          deferred.marks.push(mark);
          later.add(built.personId);
          if (built.kind === 'gone' && built.lastDayHash != null && built.lastDayHash === state?.currentHash) deferred.timeCaused.add(built.personId);
        } else if (mark) marks.push(mark);
        if (outcome === 'new' || outcome === 'updated' || outcome === 'unchanged' || outcome === 'deleted' || outcome === 'invalid') stats[outcome] += 1;
        if (outcome === 'invalid' && mark && built.kind === 'document') {
          logger.warn({ personId: built.personId, errors: built.errors }, 'child document invalid: not sent');
        }
      }
      for (const { personId, problem } of chunk.warnings) logger.debug({ personId, problem: describeProblem(problem) }, 'document warning');
      const owners: OwnerEntry[] = [];
      for (const owner of chunk.owners) (later.has(owner.personId) ? deferred.owners : owners).push(owner);
      deferred.rebuiltChildren.push(...later);
      await staging.write({ marks, rebuiltChildren: chunk.ids.filter((id) => !later.has(id)), owners, retimed, wakeups });
      return chunk;
    }),
  );
}
