-- claim-batch.sql: leases up to @size children to batch @batch_id (uuid) of run @leased_by for @lease_seconds seconds: pending rows not
-- written since @run_started (the run's start, by the database's clock: a child the API could not take in
-- this run waits for the next), and 'sending' rows whose lease expired (their worker died); then
-- rows in 'error' that failed fewer than @max_attempts times and not since @run_started, oldest rows first. SKIP LOCKED lets
-- several workers claim at once without ever taking the same row. Deleted children (purges)
-- only when @purge_deleted (payload.purgeDeleted) is true. The document is recorded as offered; an earlier
-- offer still recorded never got a definite answer (its worker died), so it joins the unconfirmed
-- list. Result: person_id, json_payload, current_hash, the last accepted document
-- (previous_json_payload) and the unconfirmed list, which the body is made against.
UPDATE {{staging}} AS s
   SET submission_status = 'sending',
       batch_id = @batch_id::uuid,
       leased_by = @leased_by,
       leased_at = now(),
       lease_expires_at = now() + make_interval(secs => @lease_seconds),
       offered_at = coalesce(s.offered_at, now()),
       unconfirmed_json_payloads = {{schema}}.ssd_delta_unconfirmed_with(s.unconfirmed_json_payloads, s.offered_json_payload),
       offered_json_payload = s.json_payload,
       last_updated = now()
 WHERE s.id IN (SELECT id FROM {{staging}}
                 WHERE ((submission_status = 'pending' AND last_updated < @run_started::timestamptz
                         -- re-marked while a batch is in flight: wait for its answer or lease
                         AND (lease_expires_at IS NULL OR lease_expires_at < now()))
                        OR (submission_status = 'sending' AND lease_expires_at < now())
                        OR (submission_status = 'error' AND attempt_count < @max_attempts::int AND last_updated < @run_started::timestamptz))
                   AND (row_state <> 'deleted' OR @purge_deleted::boolean)
                   -- an ended run's unanswered POST may still arrive: only its document until then (take-over-leases.sql)
                   AND (fence_until IS NULL OR fence_until <= now() OR current_hash = fence_hash)
                 ORDER BY id -- in id order along the partial index of claimable rows (0005), not sorted
                 LIMIT @size
                   FOR UPDATE SKIP LOCKED)
RETURNING s.person_id, s.json_payload, s.current_hash, s.previous_json_payload, s.unconfirmed_json_payloads::text AS unconfirmed;
