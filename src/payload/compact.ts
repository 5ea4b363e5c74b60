/**
 * A draft of `T`: every key may also be null or undefined, which {@link compact} drops.
 * Optional keys stay optional; required keys must still be written (possibly as null).
 */
export type Nullable<T> = { [K in keyof T]: T[K] | null | undefined };

/**
 * Returns `draft` without its null or undefined values and without its empty arrays, as
 * payload.md requires (a key whose value would be null is left out; a list with no items is
 * left out, not `[]`). Shallow on purpose: each builder compacts its own level, so a nested
 * object is never half-cleaned.
 *
 * `keepEmpty` names array keys that must stay even when empty (an assessment's `factors` is
 * always present, `[]` when none). Callers must give non-null values for T's required keys:
 * the return type trusts them.
 */
export function compact<T extends object>(draft: Nullable<T>, keepEmpty: readonly (keyof T)[] = []): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(draft)) {
    if (value === null || value === undefined) continue;
    if (Array.isArray(value) && value.length === 0 && !keepEmpty.includes(key as keyof T)) continue;
    out[key] = value;
  }
  return out as T;
}
