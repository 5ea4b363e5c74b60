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
-- last_updated is left alone: the rows are claimed in this very run.
-- Result, one row per child: the run it was leased to (leased_by) and whether its document changed
-- since that run's offer (changed: it waits for the fence).
UPDATE {{staging}} AS s
   SET submission_status = CASE WHEN s.submission_status = 'sending' THEN 'pending' ELSE s.submission_status END,
       batch_id = NULL,
       lease_expires_at = NULL,
       leased_by = NULL,
       leased_at = NULL,
       fence_until = CASE WHEN s.offered_json_payload IS NULL THEN s.fence_until
                          ELSE greatest(s.fence_until, s.lease_expires_at) END,
       fence_hash = CASE WHEN s.offered_json_payload IS NULL THEN s.fence_hash
                         WHEN s.offered_json_payload = s.json_payload THEN s.current_hash END,
       unconfirmed_json_payloads = {{schema}}.ssd_delta_unconfirmed_with(s.unconfirmed_json_payloads, s.offered_json_payload),
       offered_json_payload = NULL
  FROM (SELECT id, leased_by, (offered_json_payload <> json_payload) AS changed FROM {{staging}}
         WHERE lease_expires_at IS NOT NULL
           AND (leased_at < @since::timestamptz OR (leased_at IS NULL AND lease_expires_at < now()))
           FOR UPDATE) AS held
 WHERE s.id = held.id
RETURNING held.leased_by, coalesce(held.changed, false) AS changed;
