-- read-watermarks.sql: the stored watermark of each stream in $1 (text[]) that has one.
-- Result: stream; position (a snapshot as text); min_valid, always NULL here: the change log keeps
-- every change until all streams have read it, so no watermark can fall out of it (on SQL
-- Server, Change Tracking's retention can, and this column says where it begins).
SELECT stream, position, NULL::text AS min_valid FROM {{schema}}.ssd_delta_watermark WHERE stream = ANY ($1::text[]);
