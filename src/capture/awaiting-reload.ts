import type { ChangeBatch, ChildRowStore } from '../source/source.js';
import { needsOwnerMap, type StreamDefinition } from './stream-definition.js';

/**
 * SSD tables that were truncated and are still empty although children had rows in them: their
 * reload has not arrived yet. Marking now would purge every child of theirs at the API, only to
 * resend them all after the reload, so the cycle waits, up to `graceMs` after the truncate (a
 * table may really have been emptied for good; after the grace the deletions go ahead, still
 * subject to the mass-delete guard). Only streams with an owner map are waited for: they are
 * the ones whose emptiness can take a child out of the cohort (the person, episodes, plans);
 * an empty professionals or assessment-factors table changes documents, never who is in them.
 */
export async function tablesAwaitingReload(
  batch: ChangeBatch,
  streams: readonly StreamDefinition[],
  rows: ChildRowStore,
  graceMs: number,
): Promise<string[]> {
  const waiting: string[] = [];
  for (const change of batch.changes) {
    if (change.kind !== 'truncate' || change.ageMs > graceMs) continue;
    const def = streams.find((s) => s.stream === change.stream);
    if (!def || !needsOwnerMap(def) || !(await rows.isEmpty(def))) continue;
    if ((await rows.childrenOfStream(def)).length > 0) waiting.push(def.table);
  }
  return waiting;
}
