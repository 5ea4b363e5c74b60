import { SsdDeltaError } from '../core/errors.js';

/** The run lock's session ended under the cycle (`stage`: while it marked, while it sent): say so, and what happens next. */
export function runLockLost(stage: string): SsdDeltaError {
  return new SsdDeltaError(
    'RUN_LOCK_LOST',
    `the run lock was lost ${stage} (the database session holding it ended: a kill, a network cut, a restart): this cycle stopped claiming so it cannot overlap another process's; what it marked and sent is recorded, and the next cycle takes the lock again`,
    { retryable: true, exitCode: 1 },
  );
}
