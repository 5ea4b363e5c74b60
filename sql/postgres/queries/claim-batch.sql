-- claim-batch.sql: leases up to $2 children to batch $1 (uuid) for $3 seconds: pending rows not
-- written since $6 (the run's start, by the database's clock: a child the API could not take in
-- this run waits for the next), and 'sending' rows whose lease expired (their worker died); then
-- rows in 'error' that failed fewer than $5 times and not since $6, oldest rows first. SKIP LOCKED lets
-- several workers claim at once without ever taking the same row. Deleted children (purges)
-- only when $4 (payload.purgeDeleted) is true. The document is recorded as offered; an earlier
-- offer still recorded never got a definite answer (its worker died), so it joins the unconfirmed
-- list. Result: person_id, json_payload, current_hash, the last accepted document
-- (previous_json_payload) and the unconfirmed list, which the body is made against.
UPDATE {{staging}} AS s
   SET submission_status = 'sending',
       batch_id = $1::uuid,
       lease_expires_at = now() + make_interval(secs => $3),
       offered_at = coalesce(s.offered_at, now()),
       unconfirmed_json_payloads = {{schema}}.ssd_delta_unconfirmed_with(s.unconfirmed_json_payloads, s.offered_json_payload),
       offered_json_payload = s.json_payload,
       last_updated = now()
 WHERE s.id IN (SELECT id FROM {{staging}}
                 WHERE ((submission_status = 'pending' AND last_updated < $6::timestamptz
                         -- re-marked while a batch is in flight: wait for its answer or lease
                         AND (lease_expires_at IS NULL OR lease_expires_at < now()))
                        OR (submission_status = 'sending' AND lease_expires_at < now())
                        OR (submission_status = 'error' AND attempt_count < $5::int AND last_updated < $6::timestamptz))
                   AND (row_state <> 'deleted' OR $4::boolean)
                 ORDER BY id -- in id order along the partial index of claimable rows (0005), not sorted
                 LIMIT $2
                   FOR UPDATE SKIP LOCKED)
RETURNING s.person_id, s.json_payload, s.current_hash, s.previous_json_payload, s.unconfirmed_json_payloads::text AS unconfirmed;
