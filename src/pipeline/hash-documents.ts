import { map, type OperatorFunction } from 'rxjs';
import type { DocumentHasher, HashedDocument } from '../payload/canonical-hash.js';
import type { DocumentProblem } from '../payload/document-problem.js';
import type { OwnerEntry } from '../source/source.js';
import type { BuiltChunk } from './build-documents.js';
import type { Chunk } from './chunk.js';
import type { CycleStats } from './cycle-stats.js';
import type { BuiltChild } from './decide-mark.js';

/** A chunk ready for marking. */
export interface HashedChunk extends Chunk {
  readonly built: readonly BuiltChild[];
  readonly owners: readonly OwnerEntry[];
  /** Warnings found while building (ids and rules only), for the log. */
  readonly warnings: ReadonlyArray<{ personId: string; problem: DocumentProblem }>;
}

/** "path: rule (detail)": how a problem reads on the staging row and in logs. */
export function describeProblem(p: DocumentProblem): string {
  return `${p.path}: ${p.rule} (${p.detail})`;
}

/** Canonical JSON + xxHash64 of each built document (a child without one is `gone`: marking decides about a purge). */
export function hashDocuments(hasher: DocumentHasher, stats: CycleStats): OperatorFunction<BuiltChunk, HashedChunk> {
  return map((chunk) => {
    const start = performance.now();
    const warnings: Array<{ personId: string; problem: DocumentProblem }> = [];
    const built = chunk.builds.map((b): BuiltChild => {
      const build = b.lastDayDocument;
      const lastDay = build ? { lastDay: (): HashedDocument | null => { const doc = build(); return doc === null ? null : hasher.hash(doc); } } : {};
      if (b.result.document === null) return { kind: 'gone', personId: b.personId, legacyId: b.legacyId, validUntil: b.validUntil, ...lastDay };
      const errors = b.result.problems.filter((p) => p.severity === 'error').map(describeProblem);
      for (const problem of b.result.problems) if (problem.severity === 'warning') warnings.push({ personId: b.personId, problem });
      return { kind: 'document', personId: b.personId, legacyId: b.legacyId, errors, validUntil: b.validUntil, ...hasher.hash(b.result.document), ...lastDay };
    });
    stats.ms.hash += performance.now() - start;
    return { ids: chunk.ids, index: chunk.index, last: chunk.last, built, owners: chunk.owners, warnings };
  });
}
