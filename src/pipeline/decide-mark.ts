import type { HashedDocument } from '../payload/canonical-hash.js';
import type { Mark, StagingState } from '../source/source.js';

/** What the rebuild produced for one touched child. */
export type BuiltChild =
  | {
      readonly kind: 'document';
      readonly personId: string;
      readonly legacyId: string | null;
      readonly json: string;
      readonly hash: string;
      /** Readable errors that make the document unsendable (empty when valid). */
      readonly errors: readonly string[];
      /** The first day the document changes by time alone, or null. */
      readonly validUntil: string | null;
      /** The document the same rows give on the last cycle's day (see build-documents.ts), when asked; null: none. */
      readonly lastDay?: () => HashedDocument | null;
    }
  | {
      /** Person row gone, or the child is out of the cohort. */
      readonly kind: 'gone';
      readonly personId: string;
      /** From the person row; null when that row is gone. */
      readonly legacyId: string | null;
      /** The first day the child may come back by time alone (a future-dated referral), or null. */
      readonly validUntil: string | null;
      /** The document the same rows give on the last cycle's day (see build-documents.ts), when asked; null: none. */
      readonly lastDay?: () => HashedDocument | null;
    };

/** Makes (canonical JSON and hash of) the document asking the API to delete a child. */
export type PurgeMaker = (personId: string, legacyId: string | null) => { readonly json: string; readonly hash: string };

/** How marking classified a touched child (for the cycle's counts). */
export type MarkOutcome = 'new' | 'updated' | 'unchanged' | 'deleted' | 'invalid' | 'removed' | 'absent';

/**
 * The marking rule for one touched child, from its rebuilt document and its staging row:
 *
 * | rebuilt            | staging row                         | write                          | outcome   |
 * |--------------------|-------------------------------------|--------------------------------|-----------|
 * | document           | none                                | new, pending                   | new       |
 * | document, same hash| any                                 | nothing                        | unchanged |
 * | document, changed  | never accepted by the API           | new, pending (newest document) | new       |
 * | document, changed  | accepted before                     | updated, pending               | updated   |
 * | document = last accepted, not current | accepted before, nothing offered since without an answer | unchanged, sent | unchanged |
 * | invalid document   | none or different hash              | status invalid with reasons    | invalid   |
 * | gone               | none, or already deleted            | nothing                        | absent    |
 * | gone               | never offered to the API (never claimed for sending) | row removed | removed |
 * | gone               | accepted, or offered (the API may hold it) | deleted, pending (a purge) | deleted |
 *
 * A purge names the child by both ids the API knows; when the person row itself is gone the
 * legacy id stored with the last document stands in. It is made only when one is needed.
 */
export function decideMark(built: BuiltChild, state: StagingState | undefined, makePurge: PurgeMaker): { mark: Mark | null; outcome: MarkOutcome } {
  if (built.kind === 'gone') {
    if (!state || state.rowState === 'deleted') return { mark: null, outcome: 'absent' };
    if (neverOffered(state)) return { mark: { kind: 'remove', personId: built.personId }, outcome: 'removed' };
    const legacyId = built.legacyId ?? state.legacyId;
    const purge = makePurge(built.personId, legacyId);
    return { mark: upsert(built, legacyId, purge, 'deleted', 'pending', null), outcome: 'deleted' };
  }
  if (state && state.currentHash === built.hash) return { mark: null, outcome: state.submissionStatus === 'invalid' ? 'invalid' : 'unchanged' };
  const accepted = state?.previousHash ?? null;
  if (built.errors.length > 0) {
    const rowState = accepted === null ? 'new' : 'updated';
    return { mark: upsert(built, built.legacyId, built, rowState, 'invalid', built.errors.join('; ')), outcome: 'invalid' };
  }
  if (accepted !== null && accepted === built.hash && !state?.uncertain) {
    // Changed and changed back before it was sent: the API already holds this document.
    return { mark: upsert(built, built.legacyId, built, 'unchanged', 'sent', null), outcome: 'unchanged' };
  }
  const rowState = accepted === null ? 'new' : 'updated';
  return { mark: upsert(built, built.legacyId, built, rowState, 'pending', null), outcome: rowState };
}

/** True when no document of this child can have reached the API. */
function neverOffered(state: StagingState): boolean {
  return state.previousHash === null && !state.offered && (state.submissionStatus === 'pending' || state.submissionStatus === 'invalid');
}

function upsert(built: BuiltChild, legacyId: string | null, doc: { readonly json: string; readonly hash: string }, rowState: 'new' | 'updated' | 'unchanged' | 'deleted', submissionStatus: 'pending' | 'sent' | 'invalid', validationErrors: string | null): Mark {
  const { personId, validUntil } = built;
  return { kind: 'upsert', personId, legacyId, json: doc.json, hash: doc.hash, rowState, submissionStatus, validationErrors, validUntil };
}
