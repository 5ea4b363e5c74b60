import { SsdDeltaError } from '../core/errors.js';
import { DOCUMENT_PARTS, partsOf, type PartsLost } from '../payload/document-parts.js';
import type { JsonObject } from '../payload/document-shape.js';
import type { StagingStore } from '../source/source.js';
import { CHECK_FIRST, CYCLE_WORDING, type CycleGuards, type GuardWording } from './delete-guard.js';

/** What the updated children of one cycle would take away from the receiver, summed. */
export interface PurgeTally {
  /** Items and blocks purged, by part kind (see payload/document-parts.ts). */
  readonly purged: Map<string, number>;
  /** Children that would lose a whole section, by part kind. */
  readonly emptied: Map<string, number>;
}

/** An empty tally. */
export function emptyTally(): PurgeTally {
  return { purged: new Map(), emptied: new Map() };
}

/** Adds one child's losses to the tally. */
export function addLoss(tally: PurgeTally, loss: PartsLost): void {
  for (const [kind, n] of loss.purged) tally.purged.set(kind, (tally.purged.get(kind) ?? 0) + n);
  for (const kind of loss.emptied) tally.emptied.set(kind, (tally.emptied.get(kind) ?? 0) + 1);
}

/** What the receiver holds across every child it accepted: parts by kind, and children. */
export interface HeldParts {
  readonly parts: Map<string, number>;
  readonly children: number;
}

/** Counts the parts of every document the API accepted, reading them a page at a time. */
export async function heldParts(staging: StagingStore, pageSize = 1000): Promise<HeldParts> {
  const parts = new Map<string, number>();
  let children = 0;
  for (let after: string | null = null; ; ) {
    const page = await staging.acceptedDocuments(after, pageSize);
    for (const { json } of page) {
      children += 1;
      for (const [kind, places] of partsOf(JSON.parse(json) as JsonObject)) parts.set(kind, (parts.get(kind) ?? 0) + places.size);
    }
    if (page.length < pageSize) return { parts, children };
    after = page[page.length - 1]?.personId ?? null;
  }
}

const label = (kind: string): string => DOCUMENT_PARTS[kind] ?? kind;

/**
 * Throws when a cycle's updated children would purge more items of a kind than the guards allow
 * (capture.maxPurgedShare of what the API holds, at least `minimumDeletes`), or would empty a
 * section for more children than that share of the children the API holds: a table caught empty
 * or half loaded, not the SSD's real changes. Nothing purging is marked then, and the watermark
 * stays, so the same changes are read again next cycle. What the API holds is counted only when
 * some count passes the minimum.
 */
export async function checkPurgeGuard(tally: PurgeTally, held: () => Promise<HeldParts>, guards: CycleGuards, wording: GuardWording = CYCLE_WORDING): Promise<void> {
  if (guards.maxPurgedShare >= 1) return; // lifted (--allow-mass-delete)
  const suspicious = [...tally.purged.values(), ...tally.emptied.values()].some((n) => n > guards.minimumDeletes);
  if (!suspicious) return;
  const holds = await held();
  const allowed = (of: number): number => Math.max(guards.minimumDeletes, Math.floor(guards.maxPurgedShare * of));
  const over: string[] = [];
  for (const [kind, n] of tally.purged) {
    const of = holds.parts.get(kind) ?? 0;
    if (n > allowed(of)) over.push(`${n} of the ${of} ${label(kind)} it holds (at most ${allowed(of)})`);
  }
  for (const [kind, n] of tally.emptied) {
    if (n > allowed(holds.children)) over.push(`all ${label(kind)} of ${n} of its ${holds.children} children (at most ${allowed(holds.children)})`);
  }
  if (over.length === 0) return;
  throw new SsdDeltaError(
    'MASS_PURGE_GUARD',
    `${wording.subject} would take from the API more than capture.maxPurgedShare=${guards.maxPurgedShare} allows: ${over.join('; ')}. ` +
      `No update that takes anything away was marked, and ${wording.next}. ${CHECK_FIRST}; if they really are gone, ${wording.lift}`,
  );
}
