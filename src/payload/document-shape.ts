/**
 * How a receiver holds a child document, part by part, for partial updates and purges
 * (payload.md, Deltas; the OpenAPI purge descriptions). Declared once here: the sender's delta
 * and the receiver's merge rule both walk this tree, so a new list or block is one entry.
 *
 * Every node (the child, an episode, a sub-item) has:
 * - own fields: everything not named below (ids, dates, codes, `purge`, `child_details`,
 *   `care_worker_details`, which has no ids to match by). A node that is sent carries all of
 *   them, and they replace what the receiver held.
 * - lists of items matched by an id key: an item sent is merged into the one with its id (or
 *   added); `{<id key>: id, purge: true}` removes it; an item not sent stays as it was.
 * - blocks (objects without ids): one sent replaces the one held; `{purge: true}` removes it;
 *   one not sent stays as it was.
 */
export interface DocumentShape {
  /** List key -> the key that identifies its items, and the items' own shape. */
  readonly lists: Readonly<Record<string, { readonly idKey: string; readonly item: DocumentShape }>>;
  /** Keys of blocks. */
  readonly blocks: readonly string[];
}

/** An item replaced whole when sent: an assessment, plan, enquiry or placement. */
const LEAF: DocumentShape = { lists: {}, blocks: [] };

/** A social care episode. */
const EPISODE: DocumentShape = {
  lists: {
    child_and_family_assessments: { idKey: 'child_and_family_assessment_id', item: LEAF },
    child_in_need_plans: { idKey: 'child_in_need_plan_id', item: LEAF },
    section_47_assessments: { idKey: 'section_47_assessment_id', item: LEAF },
    child_protection_plans: { idKey: 'child_protection_plan_id', item: LEAF },
    child_looked_after_placements: { idKey: 'child_looked_after_placement_id', item: LEAF },
  },
  blocks: ['adoption', 'care_leavers'],
};

/** A whole child document. */
export const CHILD_SHAPE: DocumentShape = {
  lists: { social_care_episodes: { idKey: 'social_care_episode_id', item: EPISODE } },
  blocks: ['health_and_wellbeing'],
};

/** A JSON object as the delta and merge code sees it. */
export type JsonObject = { [key: string]: unknown };

/** True when `key` is one of the node's own fields (neither a list nor a block of `shape`). */
export function isOwnField(shape: DocumentShape, key: string): boolean {
  return !(key in shape.lists) && !shape.blocks.includes(key);
}

/** The items of list `key` of `node` (none when absent). */
export function itemsOf(node: JsonObject | undefined, key: string): JsonObject[] {
  const items = node?.[key];
  return Array.isArray(items) ? (items as JsonObject[]) : [];
}

/** True for `{..., purge: true}`: a request to remove that child, item or block. */
export function isPurge(node: unknown): boolean {
  return typeof node === 'object' && node !== null && (node as JsonObject).purge === true;
}
