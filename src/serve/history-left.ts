/**
 * SQL Server: what the `history-expiry` alert says, or null while more than a day of Change
 * Tracking history is left. `retentionDays` is capture.retentionDays (init sets retention to at
 * least that); `ageSeconds` is how old ssd-delta's position in the history is.
 */
export function historyExpiry(retentionDays: number, ageSeconds: number): string | null {
  const left = retentionDays * 86_400 - ageSeconds;
  if (left >= 86_400) return null;
  const when = left > 0 ? `in ${Math.round(left / 3600)} hours` : 'now';
  return `Change Tracking keeps ${retentionDays} days of history (capture.retentionDays) and ssd-delta's position is ${Math.round(ageSeconds / 3600)} hours old: ${when} the history it needs expires, and the next cycle re-evaluates every child. Find what keeps cycles from marking (the status page, the log)`;
}
