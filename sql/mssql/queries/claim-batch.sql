-- claim-batch.sql: leases up to @size children to batch @batch_id of run @leased_by for @lease_seconds: pending
-- rows not written since @run_started (the run's start, by the database's clock), 'sending'
-- rows whose lease expired (their worker died), and rows in 'error' that failed fewer than
-- @max_attempts times and not since @run_started, in id order. This is UPDATE TOP (n) with
-- READPAST, UPDLOCK, ROWLOCK (written as an updatable CTE so the rows are taken oldest first):
-- a row another worker has locked is skipped, never waited for or taken twice. Deleted children
-- (purges) only when @purge_deleted = 1. The document is recorded as offered; an earlier offer
-- still recorded never got an answer (its worker died) and joins the unconfirmed list.
-- Result: person_id, json_payload, current_hash, previous_json_payload, unconfirmed.
WITH picked AS (
  SELECT TOP (@size) *
    FROM {{staging}} WITH (READPAST, UPDLOCK, ROWLOCK)
   WHERE ((submission_status = 'pending' AND last_updated < @run_started
           -- re-marked while a batch is in flight: wait for its answer or lease
           AND (lease_expires_at IS NULL OR lease_expires_at < SYSUTCDATETIME()))
          OR (submission_status = 'sending' AND lease_expires_at < SYSUTCDATETIME())
          OR (submission_status = 'error' AND attempt_count < @max_attempts AND last_updated < @run_started))
     AND (row_state <> 'deleted' OR @purge_deleted = 1)
     -- an ended run's unanswered POST may still arrive: only its document until then (take-over-leases.sql)
     -- (hashes compared byte for byte, whatever collation each column took when it was made)
     AND (fence_until IS NULL OR fence_until <= SYSUTCDATETIME() OR current_hash COLLATE Latin1_General_BIN2 = fence_hash COLLATE Latin1_General_BIN2)
   ORDER BY id
)
UPDATE picked
   SET submission_status = 'sending',
       batch_id = @batch_id,
       leased_by = @leased_by,
       leased_at = SYSUTCDATETIME(),
       lease_expires_at = DATEADD(SECOND, @lease_seconds, SYSUTCDATETIME()),
       offered_at = COALESCE(offered_at, SYSUTCDATETIME()),
       unconfirmed_json_payloads = {{schema}}.ssd_delta_unconfirmed_with(unconfirmed_json_payloads, offered_json_payload),
       offered_json_payload = json_payload,
       last_updated = SYSUTCDATETIME()
OUTPUT inserted.person_id, inserted.json_payload, inserted.current_hash, inserted.previous_json_payload,
       inserted.unconfirmed_json_payloads AS unconfirmed;
