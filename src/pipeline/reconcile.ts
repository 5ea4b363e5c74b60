import { decideTableHolds } from '../capture/table-guard.js';
import { SsdDeltaError } from '../core/errors.js';
import { receiverMayHold } from '../payload/document-delta.js';
import { partsLost } from '../payload/document-parts.js';
import type { JsonObject } from '../payload/document-shape.js';
import { purgeMaker } from '../payload/purge-document.js';
import type { ChangeBatch, OwnerEntry } from '../source/source.js';
import { checkDeleteGuard, tableGuardLimits, type CycleGuards, type GuardWording } from './delete-guard.js';
import { dryBuildFrom, type DryBuildDeps } from './dry-build.js';
import { addLoss, checkPurgeGuard, emptyTally, heldParts } from './purge-guard.js';
import { reconcileChild, type Discrepancy, type Standing } from './reconcile-child.js';
import { processLabel } from '../submit/run-label.js';

/** What `reconcile` found, and did. */
export interface ReconcileReport {
  /** Children by how their accepted document stands against the SSD. */
  readonly counts: Record<Standing, number>;
  /** Children the API holds wrongly with nothing queued to put it right, in person id order. */
  readonly discrepancies: Discrepancy[];
  /** Why the SSD looks mid-load (a table shrunk or moved since its fingerprints): `--mark` waits then. */
  readonly unsettled: string[];
  /** Children marked pending (with `mark`). */
  readonly marked: number;
}

/**
 * No changes: the table guard judges the tables by themselves (shrunk, or moved since their
 * fingerprints). Every stream counts as never marked, so a table without a stored row count
 * (right after an upgrade) is no reason to wait: reconcile looks once and remembers nothing.
 */
const noChanges = (streams: readonly string[]): ChangeBatch => ({ changes: [], rawCount: 0, baselineStreams: [...streams], position: '' });

/** How the mass-delete guards speak of reconcile. */
const RECONCILE_WORDING: GuardWording = { subject: 'reconcile --mark', next: 'nothing was queued', lift: 'run reconcile --mark --allow-mass-delete' };

/** Marks written per transaction. */
const MARK_CHUNK = 500;

/**
 * Rebuilds every child in one snapshot and compares each with the document the API last
 * accepted (reconcile-child.ts). With `mark`, queues every discrepancy (pending, with its
 * current document or purge) so the next run sends it: all of it under the marking lock (a
 * cycle marking meanwhile could otherwise be overwritten with an older document), and behind
 * the same guards as a cycle: not while the SSD looks mid-load, and not a mass purge unless the
 * guards are lifted.
 */
export async function reconcile(deps: DryBuildDeps, options: { readonly mark: boolean; readonly guards: CycleGuards }): Promise<ReconcileReport> {
  if (!options.mark) return inspect(deps, options);
  const held = await deps.source.lock.whileHeld(async () => {
    // Named as the lock's holder for `status`, as a cycle names itself.
    await deps.source.submissions.recordRunner(processLabel('reconcile --mark'));
    return inspect(deps, options);
  });
  if (!held.ran) throw new SsdDeltaError('MARK_LOCK_BUSY', 'nothing marked: another ssd-delta process (serve, or a run) is running a cycle on this database; run reconcile --mark again between its cycles (serve: a moment later, or stop it for the reconcile)');
  return held.value;
}

async function inspect(deps: DryBuildDeps, options: { readonly mark: boolean; readonly guards: CycleGuards }): Promise<ReconcileReport> {
  const { source, streams } = deps;
  const counts: Record<Standing, number> = { ok: 0, outside: 0, queued: 0, invalid: 0, missing: 0, differs: 0, extra: 0 };
  const discrepancies: Discrepancy[] = [];
  const purges = emptyTally();
  const makePurge = purgeMaker(deps.hasher);
  const today = deps.clock.today();
  const owners: OwnerEntry[] = [];
  const { guards } = options;
  const unsettled = await source.cycleView(async (view) => {
    const memory = await source.capture.tableMemory(streams.map((s) => s.stream));
    const holds = decideTableHolds(streams, await view.tableStates(streams), noChanges(streams.map((s) => s.stream)), memory, tableGuardLimits(guards)).holds.map((h) => h.reason);
    await dryBuildFrom(view.rows, deps, async (children, chunkOwners) => {
      const found: Discrepancy[] = [];
      for (const child of children) {
        const { standing, discrepancy } = reconcileChild(child, makePurge, today);
        counts[standing] += 1;
        if (discrepancy) found.push(discrepancy);
      }
      discrepancies.push(...found);
      if (!options.mark) return;
      // A child the feed missed may be missing from the owner map too: its rows' later deletions must reach it.
      const marked = new Set(found.map((d) => d.personId));
      owners.push(...chunkOwners.filter((o) => marked.has(o.personId)));
      const differing = found.filter((d) => d.standing !== 'extra');
      const receivers = differing.length > 0 ? await source.staging.receiverDocuments(differing.map((d) => d.personId)) : new Map();
      for (const d of differing) {
        const receiver = receivers.get(d.personId);
        const held = receiver ? receiverMayHold(receiver.previousJson, receiver.unconfirmedJson) : null;
        if (held) addLoss(purges, partsLost(held, JSON.parse(d.mark.json) as JsonObject));
      }
    });
    return holds;
  });
  if (!options.mark || discrepancies.length === 0) return { counts, discrepancies, unsettled, marked: 0 };
  if (unsettled.length > 0) {
    throw new SsdDeltaError('SSD_MID_LOAD', `nothing marked: the SSD looks mid-load (${unsettled.join('; ')}); run reconcile --mark again once the load has finished`);
  }
  const extra = discrepancies.filter((d) => d.standing === 'extra').length;
  if (extra > 0) checkDeleteGuard(extra, await source.staging.countAccepted(), guards, RECONCILE_WORDING);
  await checkPurgeGuard(purges, () => heldParts(source.staging), guards, RECONCILE_WORDING);
  for (let i = 0; i < discrepancies.length; i += MARK_CHUNK) {
    const part = discrepancies.slice(i, i + MARK_CHUNK);
    const ids = new Set(part.map((d) => d.personId));
    await source.staging.write({ marks: part.map((d) => d.mark), rebuiltChildren: [...ids], owners: owners.filter((o) => ids.has(o.personId)) });
  }
  return { counts, discrepancies, unsettled, marked: discrepancies.length };
}
