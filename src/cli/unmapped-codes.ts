import type { CodeField } from '../payload/code-lists.js';
import type { DocumentProblem } from '../payload/document-problem.js';

/** One coded value that maps to no API code, and how many children have it. */
export interface UnmappedCode {
  readonly field: CodeField;
  readonly value: string;
  readonly children: number;
}

/**
 * Collects the coded values that mapped to nothing, per field and value, counting children (not
 * occurrences) and naming no child: what an LA needs to extend `payload.codes`.
 */
export class UnmappedCodes {
  readonly #children = new Map<string, { field: CodeField; value: string; ids: Set<string> }>();

  /** Adds one child's warnings. */
  add(personId: string, warnings: readonly DocumentProblem[]): void {
    for (const { unmapped } of warnings) {
      if (!unmapped) continue;
      const key = JSON.stringify([unmapped.field, unmapped.text]);
      const entry = this.#children.get(key) ?? { field: unmapped.field, value: unmapped.text, ids: new Set<string>() };
      entry.ids.add(personId);
      this.#children.set(key, entry);
    }
  }

  /** Every unmapped value, by field then most children first. */
  list(): UnmappedCode[] {
    return [...this.#children.values()]
      .map(({ field, value, ids }) => ({ field, value, children: ids.size }))
      .sort((a, b) => (a.field < b.field ? -1 : a.field > b.field ? 1 : b.children - a.children || (a.value < b.value ? -1 : 1)));
  }
}
