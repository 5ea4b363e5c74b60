import { applyDocument } from '../payload/apply-document.js';
import type { JsonObject } from '../payload/document-shape.js';

/** One child document as the simulated API received and acknowledged it. */
export interface ReceivedChild {
  /** When the request carrying it was received. */
  readonly at: Date;
  /** The child's `la_child_id`. */
  readonly laChildId: string;
  /** The child's document, parsed from the request body. */
  readonly document: unknown;
  /** The receipt string answered for this child. */
  readonly receipt: string;
}

/**
 * Everything the simulated API accepted, in arrival order, plus the document it holds per
 * child: each received document applied with the receiver's merge rule (apply-document.ts:
 * items merged by id, `purge: true` removes a child, item or block), so a test can compare
 * what the receiver holds with a fresh full build.
 */
export class SimulatedApiStore {
  readonly #all: ReceivedChild[] = [];
  readonly #byChild = new Map<string, ReceivedChild[]>();
  readonly #held = new Map<string, JsonObject>();

  /** Records accepted children (one request's worth, in request order) and applies them. */
  add(children: readonly ReceivedChild[]): void {
    for (const child of children) {
      this.#all.push(child);
      const list = this.#byChild.get(child.laChildId);
      if (list) list.push(child);
      else this.#byChild.set(child.laChildId, [child]);
      const held = applyDocument(this.#held.get(child.laChildId), child.document as JsonObject);
      if (held === undefined) this.#held.delete(child.laChildId);
      else this.#held.set(child.laChildId, held);
    }
  }

  /** Every accepted child document, in order. */
  all(): readonly ReceivedChild[] {
    return this.#all;
  }

  /** Every accepted document of one child, oldest first (empty when none). */
  for(laChildId: string): readonly ReceivedChild[] {
    return this.#byChild.get(laChildId) ?? [];
  }

  /** The document held for a child (everything received, merged), or undefined when none or purged. */
  current(laChildId: string): unknown {
    return this.#held.get(laChildId);
  }

  /** The ids of every child the receiver holds a document for, sorted. */
  heldIds(): string[] {
    return [...this.#held.keys()].sort();
  }

  /** Forgets everything. */
  clear(): void {
    this.#all.length = 0;
    this.#byChild.clear();
    this.#held.clear();
  }
}
