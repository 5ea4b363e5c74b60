import { CHILD_SHAPE, itemsOf, type DocumentShape, type JsonObject } from './document-shape.js';

/**
 * The parts of a child document a receiver holds and a purge can take away, each with the SSD
 * tables it comes from (for messages an LA's data team can act on): the id-keyed lists and the
 * blocks of document-shape.ts, and care workers, which have no ids but whose loss (an
 * involvements table caught empty) matters as much.
 */
export const DOCUMENT_PARTS: Readonly<Record<string, string>> = {
  social_care_episodes: 'social care episodes (ssd_cin_episodes)',
  child_and_family_assessments: 'child and family assessments (ssd_cin_assessments)',
  child_in_need_plans: 'child in need plans (ssd_cin_plans)',
  section_47_assessments: 'section 47 enquiries (ssd_s47_enquiry)',
  child_protection_plans: 'child protection plans (ssd_cp_plans)',
  child_looked_after_placements: 'looked-after placements (ssd_cla_placement, ssd_cla_episodes)',
  adoption: 'adoption blocks (ssd_permanence)',
  care_leavers: 'care leaver blocks (ssd_care_leavers)',
  health_and_wellbeing: 'health and wellbeing blocks (ssd_sdq_scores)',
  care_worker_details: 'care workers (ssd_involvements, ssd_professionals, ssd_cin_plans)',
};

/** Every block kind of the shape (a block is held at its parent's own place, not below it). */
const BLOCKS: ReadonlySet<string> = (() => {
  const blocks = new Set<string>();
  const walk = (shape: DocumentShape): void => {
    for (const block of shape.blocks) blocks.add(block);
    for (const { item } of Object.values(shape.lists)) walk(item);
  };
  walk(CHILD_SHAPE);
  return blocks;
})();

/** Part kind -> the places it is held at in one document (item ids below their parents' ids). */
export type DocumentParts = Map<string, Set<string>>;

function add(parts: DocumentParts, kind: string, place: string): void {
  const places = parts.get(kind);
  if (places) places.add(place);
  else parts.set(kind, new Set([place]));
}

function walk(node: JsonObject, shape: DocumentShape, at: string, parts: DocumentParts): void {
  for (const block of shape.blocks) if (node[block] !== undefined) add(parts, block, at);
  // Care workers have no id key, and the id they show (a registration number) can change: an
  // episode's list is replaced whole, so what it loses is how many fewer workers it has.
  const workers = node.care_worker_details;
  if (Array.isArray(workers)) workers.forEach((_, i) => add(parts, 'care_worker_details', `${at}#${i}`));
  for (const [key, { idKey, item }] of Object.entries(shape.lists)) {
    for (const child of itemsOf(node, key)) {
      const place = `${at}/${String(child[idKey])}`;
      add(parts, key, place);
      walk(child, item, place, parts);
    }
  }
}

/** Every part a document holds, by kind (a purge document holds none). */
export function partsOf(doc: JsonObject): DocumentParts {
  const parts: DocumentParts = new Map();
  if (doc.purge !== true) walk(doc, CHILD_SHAPE, '', parts);
  return parts;
}

/** What a new document takes away from what a receiver holds, per part kind. */
export interface PartsLost {
  /**
   * Items, blocks and care workers held that the new document lacks, by kind: only the topmost
   * (a purged episode counts once, not with its assessments and plans), so a loss is named by
   * the table it came from.
   */
  readonly purged: Map<string, number>;
  /** Kinds the child held at least one of and now holds none of (a whole section emptied), topmost too. */
  readonly emptied: string[];
}

/** The place of the item or block a place sits under (`/E1/A3` -> `/E1`, `/E1#0` -> `/E1`). */
function parentOf(place: string): string {
  return place.slice(0, Math.max(place.lastIndexOf('/'), place.lastIndexOf('#')));
}

/**
 * Compares what a receiver holds for a child (`held`) with the child's new document: the items
 * and blocks it would take away, how many fewer care workers each episode would have (a list
 * replaced whole), and the sections it would empty. Used to stop a cycle that would purge far
 * more than usual.
 */
export function partsLost(held: JsonObject, current: JsonObject): PartsLost {
  const before = partsOf(held);
  const after = partsOf(current);
  const kept = new Set<string>(['']);
  for (const places of after.values()) for (const place of places) kept.add(place);
  const purged = new Map<string, number>();
  const emptied: string[] = [];
  for (const [kind, places] of before) {
    const now = after.get(kind);
    // Blocks sit at their parent's place: one is lost when its parent is kept and it is not.
    const lost = [...places].filter((p) => !now?.has(p) && (BLOCKS.has(kind) ? kept.has(p) : kept.has(parentOf(p))));
    if (lost.length > 0) purged.set(kind, lost.length);
    // Emptied by its own loss, not because the episodes it sat in went (those are named instead).
    if ((!now || now.size === 0) && lost.length > 0) emptied.push(kind);
  }
  return { purged, emptied };
}
