/** A slice of the touched children rebuilt together (one set-based fetch per stream). */
export interface Chunk {
  readonly ids: readonly string[];
  readonly index: number;
  /** The last chunk of the cycle carries the watermark advance. */
  readonly last: boolean;
}

/** Splits ids into chunks of at most `size`; always at least one (possibly empty) chunk, so the watermark advances. */
export function chunkIds(ids: readonly string[], size: number): Chunk[] {
  const count = Math.max(1, Math.ceil(ids.length / size));
  return Array.from({ length: count }, (_, index) => ({
    ids: ids.slice(index * size, (index + 1) * size),
    index,
    last: index === count - 1,
  }));
}
