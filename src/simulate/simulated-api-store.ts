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
 * Everything the simulated API accepted, in arrival order, plus the latest document per
 * child. "Latest wins" is deliberately simple: it is what a test comparing our view of a
 * child with the receiver's needs; partial-update merging can replace it later.
 */
export class SimulatedApiStore {
  readonly #all: ReceivedChild[] = [];
  readonly #byChild = new Map<string, ReceivedChild[]>();

  /** Records accepted children (one request's worth, in request order). */
  add(children: readonly ReceivedChild[]): void {
    for (const child of children) {
      this.#all.push(child);
      const list = this.#byChild.get(child.laChildId);
      if (list) list.push(child);
      else this.#byChild.set(child.laChildId, [child]);
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

  /** The last document accepted for a child, or undefined when none. */
  current(laChildId: string): unknown {
    const list = this.#byChild.get(laChildId);
    return list?.[list.length - 1]?.document;
  }

  /** Forgets everything. */
  clear(): void {
    this.#all.length = 0;
    this.#byChild.clear();
  }
}
