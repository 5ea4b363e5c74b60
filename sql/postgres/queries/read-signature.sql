-- read-signature.sql: what the polls and refreshes of the streams in @streams (text[]) left, in one
-- read: the table's signature at the last refresh (NULL before the first), the one the last poll
-- saw, and how long ago a poll first found the table empty (empty_for_ms, by the database's
-- clock; NULL when it has not). Streams never polled are left out.
-- Result: stream, signature, seen_signature, empty_for_ms.
SELECT stream, signature, seen_signature, (extract(epoch FROM now() - empty_since) * 1000)::float8 AS empty_for_ms
  FROM {{schema}}.ssd_delta_signature WHERE stream = ANY (@streams::text[]);
