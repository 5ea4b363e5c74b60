import type { OperatorFunction } from 'rxjs';
import type { Logger } from '../core/logger.js';
import type { DueDay, Mark, OwnerEntry, StagingState, StagingStore } from '../source/source.js';
import { timed, type CycleStats } from './cycle-stats.js';
import { concatMapWhole } from './concat-map-whole.js';
import { runLockLost } from './run-lock-lost.js';
import type { LockProbe } from '../source/lock-probe.js';
import type { DocumentHasher } from '../payload/canonical-hash.js';
import { receiverMayHold } from '../payload/document-delta.js';
import { partsLost, type PartsLost } from '../payload/document-parts.js';
import type { JsonObject } from '../payload/document-shape.js';
import { purgeMaker } from '../payload/purge-document.js';
import { decideMark, type BuiltChild } from './decide-mark.js';
import { dueWrite } from './due-write.js';
import { describeProblem, type HashedChunk } from './hash-documents.js';
import { addLoss, emptyTally, type PurgeTally } from './purge-guard.js';

/** Writes held back until the end of the cycle: everything that purges, and its owner-map entries. */
export interface Deferred {
  readonly marks: Mark[];
  readonly rebuiltChildren: string[];
  readonly owners: OwnerEntry[];
  /** Children marked deleted (a whole-child purge): the mass-delete guard counts them. */
  readonly deleted: Set<string>;
  /**
   * Deleted children whose rows are as they were: on the last cycle's day they still give the
   * stored document, so time alone took them out of the window. The mass-delete guard, which is
   * there for rows that vanished, does not count them.
   */
  readonly timeCaused: Set<string>;
  /** What the deferred updates' rows would take from the receiver (not what the window moved past), and which sections they would empty. */
  readonly purges: PurgeTally;
}

/** An empty {@link Deferred}. */
export function emptyDeferred(): Deferred {
  return { marks: [], rebuiltChildren: [], owners: [], deleted: new Set(), timeCaused: new Set(), purges: emptyTally() };
}

/** True when the child's rows, built on the last cycle's day, give the document stored for it: time alone made the difference. */
function causedByTime(built: BuiltChild, state: StagingState | undefined): boolean {
  const then = built.lastDay?.()?.hash ?? null;
  return then !== null && then === state?.currentHash;
}

/**
 * What a child's new document would take from what the receiver may hold (items, blocks, whole
 * sections), counted as the rows took it: against what the same rows give on the last cycle's
 * day, since what the window moved past since is time's doing, not a vanished row. Null when it
 * takes nothing (or the receiver holds nothing); a loss may be empty when time took it all.
 */
function lossOf(built: BuiltChild, mark: Mark, receiver: { previousJson: string | null; unconfirmedJson: string | null } | undefined): PartsLost | null {
  if (mark.kind !== 'upsert' || !receiver) return null;
  const held = receiverMayHold(receiver.previousJson, receiver.unconfirmedJson);
  if (held === null) return null;
  const loss = partsLost(held, JSON.parse(mark.json) as JsonObject);
  if (loss.purged.size === 0 && loss.emptied.length === 0) return null;
  const then = built.lastDay?.() ?? null;
  return then === null ? loss : partsLost(held, JSON.parse(then.json) as JsonObject);
}

/**
 * Marks a chunk: reads its children's staging rows, decides each write (decide-mark.ts),
 * skips unchanged hashes before touching the database, and writes marks and owner map in one
 * transaction. Writes that purge at the API (a deleted child; a child whose new document loses
 * items, blocks or a whole section the receiver may hold) are not written here but added to `deferred`, with
 * their owner-map entries: the cycle writes them at the end, with the watermark advance, once
 * the mass-delete guards have seen how much would go. Until then the owner map still leads the
 * same changes to those children, so a stopped cycle (guard, crash) loses none of them when the
 * changes are read again.
 */
export function markChunk(
  staging: StagingStore,
  hasher: DocumentHasher,
  deferred: Deferred,
  stats: CycleStats,
  logger: Logger,
  stillHeld?: LockProbe,
): OperatorFunction<HashedChunk, HashedChunk> {
  // A failure upstream waits for the chunk being written: the cycle then ends with no write in flight.
  return concatMapWhole((chunk) =>
    timed(stats, 'mark', async () => {
      const makePurge = purgeMaker(hasher);
      const states = await staging.readState(chunk.ids);
      const decided = chunk.built.map((built) => {
        const state = states.get(built.personId);
        return { built, state, ...decideMark(built, state, makePurge) };
      });
      // What the receiver may hold, for every child sent a document now: an updated one, and a
      // 'new' one whose offers never got an answer (its body goes whole, with purges).
      const sending = decided.filter((d) => d.outcome === 'updated' || d.outcome === 'new').map((d) => d.built.personId);
      const receivers = sending.length > 0 ? await staging.receiverDocuments(sending) : new Map();
      const marks: Mark[] = [];
      const retimed: DueDay[] = [];
      const wakeups: DueDay[] = [];
      const later = new Set<string>();
      for (const { built, state, mark, outcome } of decided) {
        const due = dueWrite(built, state, mark);
        if (due) (due.to === 'staging' ? retimed : wakeups).push(due.due);
        const loss = (outcome === 'updated' || outcome === 'new') && mark ? lossOf(built, mark, receivers.get(built.personId)) : null;
        if (mark && (outcome === 'deleted' || loss)) {
          deferred.marks.push(mark);
          later.add(built.personId);
          if (outcome === 'deleted') deferred.deleted.add(built.personId);
          if (outcome === 'deleted' && causedByTime(built, state)) deferred.timeCaused.add(built.personId);
          if (loss) addLoss(deferred.purges, loss);
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
      // A process whose run lock was lost must not write over another's marking of the same children.
      if (stillHeld && !(await stillHeld())) throw runLockLost('while it marked');
      await staging.write({ marks, rebuiltChildren: chunk.ids.filter((id) => !later.has(id)), owners, retimed, wakeups });
      logger.debug({ chunk: chunk.index, children: chunk.ids.length, marked: marks.length, held: later.size }, 'chunk marked');
      return chunk;
    }),
  );
}
