import type { Config } from '../config/config-schema.js';
import { DEFAULT_GUARDS, type CycleGuards } from './delete-guard.js';

/** The cycle's safety limits from the `capture` config section. */
export function guardsFromConfig(capture: Config['capture']): CycleGuards {
  return {
    reloadGraceMs: capture.reloadGraceMinutes * 60_000,
    maxDeletedShare: capture.maxDeletedShare,
    maxPurgedShare: capture.maxPurgedShare,
    maxShrinkShare: capture.maxShrinkShare,
    minimumDeletes: DEFAULT_GUARDS.minimumDeletes,
    waitForSettledLoads: capture.waitForSettledLoads,
  };
}
