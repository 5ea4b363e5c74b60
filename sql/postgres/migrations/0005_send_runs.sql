-- 0005_send_runs.sql: the last sending run, so `status` can say how it went and why it stopped.
CREATE TABLE IF NOT EXISTS {{schema}}.ssd_delta_last_send (
  single        boolean PRIMARY KEY DEFAULT true CHECK (single),
  finished_at   timestamptz NOT NULL,
  sent          integer NOT NULL,
  errors        integer NOT NULL,   -- children refused (now error)
  released      integer NOT NULL,   -- children the API could not take (back to pending)
  stopped       text                -- why the circuit breaker stopped the run, or NULL
);

-- Claiming walks the rows that may need sending in id order and stops at a batch: without this
-- index every claim read (and sorted) the whole staging table, which made sending slow down as
-- the table grew (a first cycle of 20,000 children: 200 claims of 20,000 rows each).
CREATE INDEX IF NOT EXISTS {{staging_table}}_claimable_idx ON {{staging}} (id)
  WHERE submission_status IN ('pending', 'sending', 'error');

-- What the receiver may hold beyond the last accepted document. A claim stores the document it
-- is about to send (offered); a definite answer clears it (accepted: it is the new baseline;
-- refused: never applied). An offer with no definite answer (a timeout, a reset, a killed
-- process) may have been applied: it moves to the unconfirmed list, and the next body for the
-- child is sent whole, with purges for everything in the list the child no longer has.
ALTER TABLE {{staging}} ADD COLUMN IF NOT EXISTS offered_json_payload text;
ALTER TABLE {{staging}} ADD COLUMN IF NOT EXISTS unconfirmed_json_payloads jsonb;

-- The unconfirmed list with an offer added (unchanged when there is none): every place an offer
-- loses its definite answer (a claim finding a dead worker's offer, a refusal, a release) says so
-- through this one definition.
CREATE OR REPLACE FUNCTION {{schema}}.ssd_delta_unconfirmed_with(list jsonb, offered text) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN offered IS NULL THEN list ELSE coalesce(list, '[]'::jsonb) || jsonb_build_array(offered::jsonb) END
$$;
