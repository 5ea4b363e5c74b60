import type { DocumentHasher } from '../payload/canonical-hash.js';
import { purgeDocument } from '../payload/purge-document.js';
import type { StagingState } from '../source/source.js';
import type { BuiltChild } from './decide-mark.js';

/**
 * A purge names the child as the API knows it: `{la_child_id, mis_child_id, purge}`. When the
 * person row itself is gone the rebuild has no legacy id, so the one stored on the staging row
 * (from the last document) is used instead, and the purge document is hashed again with it.
 */
export function withStoredLegacyId(built: BuiltChild, state: StagingState | undefined, hasher: DocumentHasher): BuiltChild {
  if (built.kind !== 'gone' || built.legacyId !== null || !state?.legacyId) return built;
  return { ...built, legacyId: state.legacyId, purge: hasher.hash(purgeDocument(built.personId, state.legacyId)) };
}
