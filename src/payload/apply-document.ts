import { CHILD_SHAPE, isOwnField, isPurge, itemsOf, type DocumentShape, type JsonObject } from './document-shape.js';

/** One node merged: own fields from `received`, blocks and listed items by the merge rule. */
function applyNode(held: JsonObject, received: JsonObject, shape: DocumentShape): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(received)) if (isOwnField(shape, key)) out[key] = value;
  for (const block of shape.blocks) {
    const sent = received[block];
    const kept = sent === undefined ? held[block] : isPurge(sent) ? undefined : sent;
    if (kept !== undefined) out[block] = kept;
  }
  for (const [key, { idKey, item }] of Object.entries(shape.lists)) {
    const items = new Map(itemsOf(held, key).map((i) => [i[idKey], i]));
    for (const sent of itemsOf(received, key)) {
      if (isPurge(sent)) items.delete(sent[idKey]);
      else items.set(sent[idKey], applyNode(items.get(sent[idKey]) ?? {}, sent, item));
    }
    if (items.size > 0) out[key] = [...items.values()];
  }
  return out;
}

/**
 * The receiver's merge rule (what the simulated API applies, and what a delta is tested
 * against): a child `purge: true` removes the child (undefined); anything else is merged into
 * the document held (none: an empty one) as document-shape.ts describes: items matched by
 * their id key, `purge: true` removes an item or block, own fields of a node sent replace
 * those held. Items keep the order they were first received in: the receiver stores items,
 * not their order, so compare lists by id.
 */
export function applyDocument(held: JsonObject | undefined, received: JsonObject): JsonObject | undefined {
  if (isPurge(received)) return undefined;
  return applyNode(held ?? {}, received, CHILD_SHAPE);
}

/** `doc` with every id-keyed list sorted by id, so documents compare as a receiver holds them. */
export function byItemId(doc: JsonObject, shape: DocumentShape = CHILD_SHAPE): JsonObject {
  const out: JsonObject = { ...doc };
  for (const [key, { idKey, item }] of Object.entries(shape.lists)) {
    const items = itemsOf(doc, key);
    if (items.length === 0) continue;
    out[key] = items.map((i) => byItemId(i, item)).sort((a, b) => (String(a[idKey]) < String(b[idKey]) ? -1 : String(a[idKey]) > String(b[idKey]) ? 1 : 0));
  }
  return out;
}
