/** Spaces the starts of POSTs at least `minGapMs` apart, across every worker that shares it. */
export interface PostGap {
  /** Resolves when the next POST may start, with how long it waited in ms. */
  wait(): Promise<number>;
}

/**
 * A gap shared by the workers of one run (api.md: the reference senders leave ~400 ms between
 * POSTs; some gateways shape traffic). Each caller books the next free start time, so waiting
 * workers go one after another rather than all at once when the gap ends.
 */
export function createPostGap(minGapMs: number, sleep: (ms: number) => Promise<void>, now: () => number = Date.now): PostGap {
  let next = 0;
  return {
    async wait() {
      if (minGapMs <= 0) return 0;
      const at = Math.max(now(), next);
      next = at + minGapMs;
      const wait = at - now();
      if (wait > 0) await sleep(wait);
      return Math.max(0, wait);
    },
  };
}
