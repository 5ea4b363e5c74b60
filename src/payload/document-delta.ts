import stringify from 'fast-json-stable-stringify';
import { CHILD_SHAPE, isOwnField, isPurge, itemsOf, type DocumentShape, type JsonObject } from './document-shape.js';

/**
 * `full`: the whole current document, plus a purge for every item and block the receiver holds
 * from the last accepted document and the current one lacks (a receiver that merges by id would
 * otherwise keep them). `partial`: only what changed (payload.md, Deltas).
 */
export type PayloadMode = 'full' | 'partial';

const same = (a: unknown, b: unknown): boolean => stringify(a) === stringify(b);

/** One node's delta: own fields in full, blocks and listed items by what changed. */
function deltaNode(previous: JsonObject, current: JsonObject, shape: DocumentShape, mode: PayloadMode): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(current)) if (isOwnField(shape, key)) out[key] = value;
  for (const block of shape.blocks) {
    const [was, now] = [previous[block], current[block]];
    if (now === undefined) {
      if (was !== undefined) out[block] = { purge: true };
    } else if (mode === 'full' || !same(was, now)) out[block] = now;
  }
  for (const [key, { idKey, item }] of Object.entries(shape.lists)) {
    const before = new Map(itemsOf(previous, key).map((i) => [i[idKey], i]));
    const list: JsonObject[] = [];
    for (const now of itemsOf(current, key)) {
      const was = before.get(now[idKey]);
      before.delete(now[idKey]);
      if (was === undefined) list.push(now);
      else if (mode === 'full' || !same(was, now)) list.push(deltaNode(was, now, item, mode));
    }
    for (const id of before.keys()) list.push({ [idKey]: id, purge: true });
    if (list.length > 0) out[key] = list;
  }
  return out;
}

/**
 * What to send for a child whose current document is `current`, given the last document the
 * API accepted (`previous`, null when none). A new child, a child the API was last told to
 * purge, and a purge itself are sent as they are. Otherwise `la_child_id`, `mis_child_id`,
 * `purge` and `child_details` always; each changed episode with all its own fields; changed
 * sub-items and blocks in full; removed ones as `{<id key>: id, purge: true}` or
 * `{purge: true}`; unchanged ones left out in `partial` mode and kept in `full` mode. Applying
 * the result with the receiver's merge rule (apply-document.ts) gives `current`.
 */
export function documentDelta(previous: JsonObject | null, current: JsonObject, mode: PayloadMode): JsonObject {
  if (previous === null || isPurge(previous) || isPurge(current)) return current;
  return deltaNode(previous, current, CHILD_SHAPE, mode);
}

/**
 * A document holding every item and block any of `docs` holds (items merged by id, at every
 * level): what a receiver may hold when it is not known which of them it applied. Own fields
 * are the last one's; only the ids matter, for the purges of a full body.
 */
export function unionDocuments(docs: readonly JsonObject[], shape: DocumentShape = CHILD_SHAPE): JsonObject {
  const out: JsonObject = { ...docs[docs.length - 1] };
  for (const block of shape.blocks) {
    const held = docs.find((d) => d[block] !== undefined);
    if (held) out[block] = held[block];
  }
  for (const [key, { idKey, item }] of Object.entries(shape.lists)) {
    const byId = new Map<unknown, JsonObject[]>();
    for (const doc of docs) for (const i of itemsOf(doc, key)) byId.set(i[idKey], [...(byId.get(i[idKey]) ?? []), i]);
    if (byId.size > 0) out[key] = [...byId.values()].map((items) => unionDocuments(items, item));
  }
  return out;
}

/**
 * {@link documentDelta} on stored JSON text: the body to send for a child whose document is
 * `json`, given the last accepted one (`previousJson`, null when none) and the documents offered
 * since whose answer never came (`unconfirmedJson`, a JSON array, or null). A child the API has
 * never been offered gets `json` itself, unparsed. When the receiver may hold an unconfirmed
 * document, the child goes whole (whatever the mode), with purges for every item and block any
 * of those documents, or the accepted one, had and the child no longer has.
 */
export function deltaBody(previousJson: string | null, json: string, mode: PayloadMode, unconfirmedJson: string | null = null): string {
  const unconfirmed = unconfirmedJson === null ? [] : (JSON.parse(unconfirmedJson) as JsonObject[]);
  if (previousJson === null && unconfirmed.length === 0) return json;
  const current = JSON.parse(json) as JsonObject;
  const previous = previousJson === null ? null : (JSON.parse(previousJson) as JsonObject);
  if (unconfirmed.length === 0) return JSON.stringify(documentDelta(previous, current, mode));
  const mayHold = [previous, ...unconfirmed].filter((d): d is JsonObject => d !== null && !isPurge(d));
  return JSON.stringify(mayHold.length === 0 ? current : documentDelta(unionDocuments(mayHold), current, 'full'));
}

/**
 * What the receiver may hold for a child, from the last document it accepted (`previousJson`)
 * and the ones offered since without an answer (`unconfirmedJson`, a JSON array): those merged
 * by id (every item any of them has), or null when it holds nothing of the child.
 */
export function receiverMayHold(previousJson: string | null, unconfirmedJson: string | null): JsonObject | null {
  const offered = unconfirmedJson === null ? [] : (JSON.parse(unconfirmedJson) as JsonObject[]);
  const docs = [...(previousJson === null ? [] : [JSON.parse(previousJson) as JsonObject]), ...offered].filter((d) => !isPurge(d));
  return docs.length === 0 ? null : docs.length === 1 ? (docs[0] as JsonObject) : unionDocuments(docs);
}
