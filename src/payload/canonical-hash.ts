import stringify from 'fast-json-stable-stringify';
import xxhash from 'xxhash-wasm';

/** A document's canonical JSON and its hash. */
export interface HashedDocument {
  /** JSON with object keys sorted at every level: equal documents give equal text. */
  json: string;
  /** xxHash64 of `json`, 16 lower-case hex characters. */
  hash: string;
}

/** Canonicalises and hashes documents; create once (WebAssembly instantiation is async). */
export interface DocumentHasher {
  /** Canonical JSON and its xxHash64 for `doc`. */
  hash(doc: unknown): HashedDocument;
}

/**
 * A hasher using fast-json-stable-stringify for the canonical text and xxhash-wasm's
 * `h64ToString` on that string. The string goes to the hasher as is: encoding it to bytes
 * first, or using the streaming hasher, measured 3-6x slower (DESIGN.md). Key order in the
 * built document therefore never matters; array order does, which is why builders sort lists.
 */
export async function createDocumentHasher(): Promise<DocumentHasher> {
  const { h64ToString } = await xxhash();
  return {
    hash(doc: unknown): HashedDocument {
      const json = stringify(doc);
      return { json, hash: h64ToString(json) };
    },
  };
}
