import type { Mark } from '../source/source.js';
import type { PurgeMaker } from './decide-mark.js';
import type { DryChild } from './dry-build.js';

/** How a child's accepted document stands against the SSD, for `reconcile`. */
export type Standing =
  /** The API holds the document the SSD gives. */
  | 'ok'
  /** Out of the cohort (or gone from the SSD), and the API does not hold it (never did, or accepted its purge). */
  | 'outside'
  /** A difference is already queued: the staging row is pending or being sent. */
  | 'queued'
  /** The SSD gives an invalid document: it cannot be sent (validate lists why). */
  | 'invalid'
  /** In the cohort, and the API has accepted no document of the child. */
  | 'missing'
  /** The API accepted (or may hold, from an offer never answered) a document other than the one the SSD gives now. */
  | 'differs'
  /** The API holds the child, who is gone from the SSD (or out of the cohort), and no purge is queued. */
  | 'extra';

/** A child whose accepted document differs from the SSD with nothing queued, and the write that queues it. */
export interface Discrepancy {
  readonly personId: string;
  readonly standing: 'missing' | 'differs' | 'extra';
  /** The staging row's submission_status, or null when the child has none. */
  readonly status: string | null;
  /** Marks the child pending with its current document (or its purge). */
  readonly mark: Extract<Mark, { kind: 'upsert' }>;
}

/**
 * Compares one rebuilt child with what the API may hold of it: the document it last accepted
 * (not the staging row's current document, which a missed change or an exhausted retry can leave
 * wrong) and any offered since without an answer. The tool an LA runs after an incident or an
 * upgrade to find every child the DfE may hold wrongly while nothing is queued to put it right. A
 * child whose document changes by time today (`valid_until`) counts as queued: the next cycle
 * rebuilds it.
 */
export function reconcileChild(child: DryChild, makePurge: PurgeMaker, today: string): { standing: Standing; discrepancy: Discrepancy | null } {
  const { built, state } = child;
  const status = state?.submissionStatus ?? null;
  if (status === 'pending' || status === 'sending') return { standing: 'queued', discrepancy: null };
  if (state?.validUntil !== null && state?.validUntil !== undefined && state.validUntil <= today) return { standing: 'queued', discrepancy: null };
  const accepted = state?.previousHash ?? null;
  // An offer that never got an answer may have been applied: the API may hold that document.
  const uncertain = state?.uncertain ?? false;
  const pending = (standing: Discrepancy['standing'], doc: { json: string; hash: string }, legacyId: string | null, rowState: 'new' | 'updated' | 'deleted'): { standing: Standing; discrepancy: Discrepancy } => ({
    standing,
    discrepancy: {
      personId: built.personId, standing, status,
      mark: { kind: 'upsert', personId: built.personId, legacyId, json: doc.json, hash: doc.hash, rowState, submissionStatus: 'pending', validationErrors: null, validUntil: built.validUntil },
    },
  });
  if (built.kind === 'gone') {
    // Held by nobody, or purged already (the API accepted the purge; a refused one leaves it holding the child).
    if ((accepted === null && !uncertain) || (state?.rowState === 'deleted' && status === 'sent' && !uncertain)) return { standing: 'outside', discrepancy: null };
    const legacyId = built.legacyId ?? state?.legacyId ?? null;
    return pending('extra', makePurge(built.personId, legacyId), legacyId, 'deleted');
  }
  if (built.errors.length > 0) return { standing: 'invalid', discrepancy: null };
  if (accepted === built.hash && !uncertain) return { standing: 'ok', discrepancy: null };
  return accepted === null && !uncertain ? pending('missing', built, built.legacyId, 'new') : pending('differs', built, built.legacyId, accepted === null ? 'new' : 'updated');
}
