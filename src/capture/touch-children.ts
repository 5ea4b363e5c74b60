import type { ChangeBatch, ChildRowStore } from '../source/source.js';
import type { StreamDefinition } from '../streams/stream-definition.js';

/** The children one cycle must rebuild, and why. */
export interface TouchResult {
  /** Distinct person ids, sorted (stable chunks, repeatable runs). */
  readonly children: string[];
  /** True when every child was evaluated (first run or a stream without a watermark). */
  readonly baseline: boolean;
  /** Streams whose table was truncated since the last cycle (their children were re-evaluated). */
  readonly truncated: string[];
  /** Children whose document changes by time alone by today (valid_until or wake-up reached). */
  readonly due: number;
}

/** The cycle's "today", and whether every child must be evaluated whatever changed. */
export interface TouchDay {
  readonly today: string;
  /**
   * True when today is earlier than the last cycle's (due days assume time moves forward), or
   * the build settings changed (stored documents were built another way).
   */
  readonly everyone: boolean;
}

/**
 * Maps one batch of changes to the children they affect, de-duplicated: each changed row
 * through its stream's reach paths (direct, multi-hop, fan-out) and through the owner map
 * (deleted rows, rows that moved to another child); a TRUNCATE through every child that had a
 * row of that table. With `day`, children whose document changes by time alone by then are
 * added. A stream with no watermark yet, or `day.everyone`, means every child is evaluated.
 */
export async function touchChildren(batch: ChangeBatch, streams: readonly StreamDefinition[], rows: ChildRowStore, day?: TouchDay): Promise<TouchResult> {
  if (batch.baselineStreams.length > 0 || day?.everyone) {
    return { children: [...new Set(await rows.allChildren())].sort(), baseline: true, truncated: [], due: 0 };
  }
  const byStream = new Map<string, string[]>();
  const truncated = new Set<string>();
  for (const change of batch.changes) {
    if (change.kind === 'truncate') truncated.add(change.stream);
    else if (change.kind === 'row' && change.rowKey !== null) {
      const keys = byStream.get(change.stream);
      if (keys) keys.push(change.rowKey);
      else byStream.set(change.stream, [change.rowKey]);
    }
  }
  const touched = new Set<string>();
  for (const def of streams) {
    const keys = byStream.get(def.stream);
    if (keys) for (const id of await rows.childrenOf(def, keys)) touched.add(id);
    if (truncated.has(def.stream)) for (const id of await rows.childrenOfStream(def)) touched.add(id);
  }
  const due = day ? await rows.childrenDue(day.today) : [];
  for (const id of due) touched.add(id);
  return { children: [...touched].sort(), baseline: false, truncated: [...truncated].sort(), due: due.length };
}
