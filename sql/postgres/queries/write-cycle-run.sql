-- write-cycle-run.sql: the run that has just taken the run lock (@run_by, run-label.ts): while the
-- lock is held, `status` knows the leases under that name are a live run's. Kept on the last
-- marking cycle's row; before the first cycle has marked there is none. No result.
UPDATE {{schema}}.ssd_delta_last_cycle SET run_by = @run_by;
