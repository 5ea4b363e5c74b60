-- read-watermarks.sql: the stored watermark of each stream in $1 (text[]) that has one.
-- Result: stream; position (a snapshot as text); min_valid, always NULL here: the change log keeps
-- every change until all streams have read it, so no watermark can fall out of it (on SQL
-- Server, Change Tracking's retention can, and this column says where it begins); since_ms, how
-- long ago the last cycle stored the position (fingerprint mode dates its changes from there).
SELECT stream, position, NULL::text AS min_valid, (extract(epoch FROM clock_timestamp() - updated_at) * 1000)::float8 AS since_ms FROM {{schema}}.ssd_delta_watermark WHERE stream = ANY ($1::text[]);
