/**
 * The fewest connections a process's pool needs: a cycle holds one for its run lock throughout,
 * one for its snapshot while marking, and its sending workers (submit.concurrency) each need one.
 * A smaller pool keeps a POST's answer waiting for a connection to be recorded in, and at worst
 * the lease runs out meanwhile.
 */
export function poolSizeFor(concurrency: number, configured: number): number {
  return Math.max(configured, concurrency + 3);
}
