-- read-watermarks.sql: the stored watermark of each stream in @streams (text[]) that has one.
-- Result: stream; position (a snapshot as text); min_valid, always NULL here: the change log keeps
-- every change until all streams have read it, so no watermark can fall out of it (on SQL
-- Server, Change Tracking's retention can, and this column says where it begins); changed_after,
-- when the position was read (stored before 0011, or left behind by an older ssd-delta that moved
-- the position without it: when it was stored): a change above it was made after then
-- (fingerprint mode dates its changes from there).
SELECT stream, position, NULL::text AS min_valid,
       CASE WHEN position_at <= updated_at AND position_at > updated_at - interval '1 hour' THEN position_at ELSE updated_at END AS changed_after FROM {{schema}}.ssd_delta_watermark WHERE stream = ANY (@streams::text[]);
