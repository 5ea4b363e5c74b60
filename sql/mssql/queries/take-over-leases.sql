-- take-over-leases.sql: the run that holds the run lock, before it claims anything, takes over
-- every lease last claimed or renewed before @since (when it took the lock, by the database's
-- clock; a lease from before 0012 has no time): only the lock's holder sends, so each is a run's
-- that no longer holds it (killed, crashed, its lock session gone), which sends nothing more. A
-- lease renewed after @since belongs to a run that took the lock after this one lost it, and is
-- left alone. A child whose document is still the one offered goes at once (should that offer
-- still arrive, it changes nothing); one whose document changed since waits until
-- @dead_offer_seconds after leased_at, when no POST of the ended run can still be under way, so
-- its older document never lands after the newer one. Its rows
-- go back as they were before the claim (sending -> pending; a row re-marked in flight keeps its
-- new state), and the offer it may have sent joins the unconfirmed list, so the next body goes
-- whole with purges for whatever the dead offer held. last_updated is left alone: the rows are
-- claimed in this very run. Result: the run each row was leased to (leased_by), one row per child.
UPDATE {{staging}}
   SET submission_status = CASE WHEN submission_status = 'sending' THEN 'pending' ELSE submission_status END,
       batch_id = NULL,
       lease_expires_at = NULL,
       leased_by = NULL,
       unconfirmed_json_payloads = {{schema}}.ssd_delta_unconfirmed_with(unconfirmed_json_payloads, offered_json_payload),
       offered_json_payload = NULL
OUTPUT deleted.leased_by
 WHERE lease_expires_at IS NOT NULL
   AND (leased_at IS NULL OR leased_at < @since)
   -- compared byte for byte: under the database's collation 'Smith' may equal 'SMITH'
   AND (offered_json_payload IS NULL OR offered_json_payload COLLATE Latin1_General_BIN2 = json_payload COLLATE Latin1_General_BIN2
        OR leased_at < DATEADD(SECOND, -@dead_offer_seconds, @since));
