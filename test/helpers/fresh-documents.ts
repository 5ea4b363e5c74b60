import type { Clock } from '../../src/core/clock.js';
import { createDocumentHasher } from '../../src/payload/canonical-hash.js';
import type { JsonObject } from '../../src/payload/document-shape.js';
import { dryBuild } from '../../src/pipeline/dry-build.js';
import type { Source } from '../../src/source/source.js';
import { STREAMS } from './test-sources.js';

/**
 * Every sendable child's whole document built afresh from the SSD as it is now (what `export
 * --all` writes): what a receiver should hold once everything has been sent.
 */
export async function freshDocuments(source: Source, clock: Clock): Promise<Map<string, JsonObject>> {
  const fresh = new Map<string, JsonObject>();
  await dryBuild({ source, streams: STREAMS, hasher: await createDocumentHasher(), clock, chunkSize: 100 }, (children) => {
    for (const { built } of children) if (built.kind === 'document' && built.errors.length === 0) fresh.set(built.personId, JSON.parse(built.json) as JsonObject);
  });
  return fresh;
}
