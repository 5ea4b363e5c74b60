import type { BatchResult } from './send-batch.js';

/**
 * Stops a run from sending once `threshold` batches in a row came back untaken (the API or its
 * gateway down, auth refused after a token refresh): hammering a failing API helps nobody, and
 * what is left stays pending for the next run. Any batch the API took resets the count.
 */
export class CircuitBreaker {
  readonly #threshold: number;
  #inARow = 0;
  #reason: string | null = null;

  constructor(threshold: number) {
    this.#threshold = threshold;
  }

  /** Counts a finished batch. */
  record(result: BatchResult): void {
    if (result.claimed === 0) return;
    if (result.unavailable === null || result.sent > 0) {
      this.#inARow = 0;
      return;
    }
    this.#inARow += 1;
    if (this.#inARow >= this.#threshold && this.#reason === null) {
      this.#reason = `${this.#inARow} batches in a row were not taken by the API (last: ${result.unavailable})`;
    }
  }

  /** Why sending stopped, or null while it goes on. */
  get reason(): string | null {
    return this.#reason;
  }
}
