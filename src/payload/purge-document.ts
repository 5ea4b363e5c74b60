import type { DocumentHasher, HashedDocument } from './canonical-hash.js';
import type { PurgeDocument } from './child-document.js';
import { misChildId } from './identifiers.js';

/**
 * The document that asks the receiver to delete a whole child:
 * `{la_child_id, mis_child_id?, purge: true}`. `mis_child_id` is included only when the legacy
 * id is valid (trimmed, 1..36 of `[A-Za-z0-9_-]`), the same rule as in a full document, so the
 * receiver matches the child it was sent.
 */
export function purgeDocument(personId: string, legacyId: string | null): PurgeDocument {
  const mis = misChildId(legacyId).value;
  return mis === null
    ? { la_child_id: personId, purge: true }
    : { la_child_id: personId, mis_child_id: mis, purge: true };
}

/** Purge documents, canonicalised and hashed, made on demand (marking needs few of them). */
export function purgeMaker(hasher: DocumentHasher): (personId: string, legacyId: string | null) => HashedDocument {
  return (personId, legacyId) => hasher.hash(purgeDocument(personId, legacyId));
}
