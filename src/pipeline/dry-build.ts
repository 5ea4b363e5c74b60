import { concatMap, from, lastValueFrom, toArray } from 'rxjs';
import type { StreamDefinition } from '../streams/stream-definition.js';
import type { Clock } from '../core/clock.js';
import type { ProgressSink } from '../core/progress.js';
import type { DocumentHasher } from '../payload/canonical-hash.js';
import type { BuildSettings } from '../payload/build-settings.js';
import type { DocumentProblem } from '../payload/document-problem.js';
import { purgeMaker } from '../payload/purge-document.js';
import { reportingWindow } from '../payload/reporting-window.js';
import type { ChildRowStore, Mark, OwnerEntry, Source, StagingState } from '../source/source.js';
import { buildDocuments } from './build-documents.js';
import { chunkIds } from './chunk.js';
import { emptyStats } from './cycle-stats.js';
import { decideMark, type BuiltChild, type MarkOutcome } from './decide-mark.js';
import { fetchChildRows } from './fetch-child-rows.js';
import { hashDocuments } from './hash-documents.js';

/** One child as a dry build sees it: what marking would do with it now, and what it would write. */
export interface DryChild {
  readonly built: BuiltChild;
  /** Its staging row now (absent: none). */
  readonly state: StagingState | undefined;
  /** `absent`: nothing, the child is out of the cohort and unknown to the API. */
  readonly outcome: MarkOutcome;
  /** The staging write marking would make (its json is what would be sent), or null. */
  readonly mark: Mark | null;
  /** What was left out of the document or cut, with why (not errors: those are in `built`). */
  readonly warnings: readonly DocumentProblem[];
}

/** Receives each chunk's children as built, and the owner-map entries their rows imply. */
export type DryChunkHandler = (children: readonly DryChild[], owners: readonly OwnerEntry[]) => Promise<void> | void;

/** What a dry build needs. */
export interface DryBuildDeps {
  readonly source: Source;
  readonly streams: readonly StreamDefinition[];
  readonly hasher: DocumentHasher;
  readonly clock: Clock;
  readonly chunkSize: number;
  /** The LA's code spellings and cohort list; none when absent. */
  readonly settings?: BuildSettings;
  /** Told how many children have been rebuilt, of how many. */
  readonly progress?: ProgressSink;
  /**
   * ssd-delta has no tables in this database (the read-only commands before `init`): every
   * person of the SSD is built from the SSD alone, as never sent, and nothing of ssd-delta's is read.
   */
  readonly ssdOnly?: boolean;
}

/**
 * Rebuilds every child (the same fetch, build, validation and hash as a cycle) and says, per
 * chunk, what marking would do, without writing anything: for `validate`, `export` and
 * `reconcile`. Every SSD row is read in one snapshot (but see Source.readRows: `oneSnapshot`
 * says whether it was). `onChunk` receives each chunk's children as
 * soon as it is built, so memory stays bounded.
 */
export async function dryBuild(deps: DryBuildDeps, onChunk: DryChunkHandler): Promise<{ oneSnapshot: boolean }> {
  return deps.source.readRows(async (rows, oneSnapshot) => {
    await dryBuildFrom(rows, deps, onChunk);
    return { oneSnapshot };
  });
}

/** {@link dryBuild} reading the SSD through `rows` (a cycle view the caller holds open). */
export async function dryBuildFrom(rows: ChildRowStore, deps: DryBuildDeps, onChunk: DryChunkHandler): Promise<void> {
  const stats = emptyStats();
  const window = reportingWindow(deps.clock.today());
  const makePurge = purgeMaker(deps.hasher);
  const children = [...new Set(await (deps.ssdOnly ? rows.ssdChildren() : rows.allChildren()))].sort();
  const total = children.length;
  let done = 0;
  await lastValueFrom(
    from(chunkIds(children, deps.chunkSize)).pipe(
      fetchChildRows(rows, deps.streams, stats),
      buildDocuments({ window, settings: deps.settings }, stats),
      hashDocuments(deps.hasher, stats),
      concatMap(async (chunk) => {
        const states = deps.ssdOnly ? new Map<string, StagingState>() : await deps.source.staging.readState(chunk.ids);
        const warnings = new Map<string, DocumentProblem[]>();
        for (const { personId, problem } of chunk.warnings) warnings.set(personId, [...(warnings.get(personId) ?? []), problem]);
        const children = chunk.built.map((built) => {
          const state = states.get(built.personId);
          return { built, state, ...decideMark(built, state, makePurge), warnings: warnings.get(built.personId) ?? [] };
        });
        await onChunk(children, chunk.owners);
        deps.progress?.((done += chunk.ids.length), total);
      }),
      toArray(),
    ),
  );
}
