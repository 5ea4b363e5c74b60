import type { PostOutcome } from './api-client.js';

/** Anything that POSTs a batch of serialised documents: the real ApiClient, or a test double. */
export interface BatchPoster {
  postBatch(payloads: readonly string[]): Promise<PostOutcome>;
}
