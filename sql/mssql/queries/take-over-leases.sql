-- take-over-leases.sql: the run that holds the run lock, before it claims anything, takes over the
-- leases of runs that ended: every lease last claimed or renewed before @since (when this run
-- took the lock, by the database's clock), and a lease from an older version (no leased_at) once
-- it has run out. Only the lock's holder sends, so those runs no longer do (killed, crashed, their
-- lock session gone; one that lost its lock sends no further POST). A lease renewed since @since is
-- a run's that took the lock after this one lost it, and is left alone.
-- Each row goes back as before its claim (sending -> pending; one re-marked in flight keeps its
-- new state); the offer joins the unconfirmed list, so the next body goes whole, with purges for
-- whatever the offer held. An offer had no answer and its POST may still be under way until its
-- lease runs out (a run sends a POST only while its lease outlasts the longest POST:
-- post-with-retries.ts, lease-check.ts): until then only that very document may be sent for the
-- child (fence_until, fence_hash: its hash when it is still the child's document, else none), so
-- an older document never lands after a newer one.
-- Documents are compared byte for byte: under the database's collation 'Smith' may equal 'SMITH'.
-- last_updated is left alone: the rows are claimed in this very run.
-- Result, one row per child: the run it was leased to (leased_by) and whether its document changed
-- since that run's offer (changed: it waits for the fence).
UPDATE {{staging}}
   SET submission_status = CASE WHEN submission_status = 'sending' THEN 'pending' ELSE submission_status END,
       batch_id = NULL,
       lease_expires_at = NULL,
       leased_by = NULL,
       leased_at = NULL,
       -- every right-hand side reads the row as it was before this statement
       fence_until = CASE WHEN offered_json_payload IS NULL THEN fence_until
                          WHEN fence_until > lease_expires_at THEN fence_until
                          ELSE lease_expires_at END,
       fence_hash = CASE WHEN offered_json_payload IS NULL THEN fence_hash
                         WHEN offered_json_payload COLLATE Latin1_General_BIN2 = json_payload COLLATE Latin1_General_BIN2 THEN current_hash END,
       unconfirmed_json_payloads = {{schema}}.ssd_delta_unconfirmed_with(unconfirmed_json_payloads, offered_json_payload),
       offered_json_payload = NULL
OUTPUT deleted.leased_by,
       CAST(CASE WHEN deleted.offered_json_payload COLLATE Latin1_General_BIN2 <> deleted.json_payload COLLATE Latin1_General_BIN2 THEN 1 ELSE 0 END AS BIT) AS changed
 WHERE lease_expires_at IS NOT NULL
   AND (leased_at < @since OR (leased_at IS NULL AND lease_expires_at < SYSUTCDATETIME()));
