import { map, type OperatorFunction } from 'rxjs';
import { buildChildDocument, type BuildResult } from '../payload/build-child-document.js';
import type { ReportingWindow } from '../payload/reporting-window.js';
import type { OwnerEntry } from '../source/source.js';
import type { Chunk } from './chunk.js';
import { type CycleStats } from './cycle-stats.js';
import type { FetchedChunk } from './fetch-child-rows.js';

/** One child's build result with the ids marking needs. */
export interface ChildBuild {
  readonly personId: string;
  readonly legacyId: string | null;
  readonly result: BuildResult;
}

/** A chunk of built (not yet hashed) documents. */
export interface BuiltChunk extends Chunk {
  readonly builds: readonly ChildBuild[];
  readonly owners: readonly OwnerEntry[];
}

/** Builds each child's document for the reporting window (pure CPU work, no I/O). */
export function buildDocuments(window: ReportingWindow, stats: CycleStats): OperatorFunction<FetchedChunk, BuiltChunk> {
  return map((chunk) => {
    const start = performance.now();
    const builds = chunk.children.map((rows) => {
      const legacy = rows.tables.ssd_person?.[0]?.pers_legacy_id;
      return { personId: rows.personId, legacyId: typeof legacy === 'string' ? legacy : null, result: buildChildDocument(rows, window) };
    });
    stats.ms.build += performance.now() - start;
    return { ids: chunk.ids, index: chunk.index, last: chunk.last, builds, owners: chunk.owners };
  });
}
