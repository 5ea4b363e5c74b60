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
 * {@link documentDelta} on stored JSON text: the body to send for a child whose document is
 * `json`, given the last accepted one (`previousJson`, null when none). A child the API has never
 * accepted gets `json` itself, unparsed.
 */
export function deltaBody(previousJson: string | null, json: string, mode: PayloadMode): string {
  if (previousJson === null) return json;
  return JSON.stringify(documentDelta(JSON.parse(previousJson) as JsonObject, JSON.parse(json) as JsonObject, mode));
}
