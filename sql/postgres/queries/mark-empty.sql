-- mark-empty.sql: a poll found stream @stream's table empty although its fingerprints hold rows:
-- remembers since when (the first such poll), so the wait can end after the grace. No result.
UPDATE {{schema}}.ssd_delta_signature SET empty_since = coalesce(empty_since, now()) WHERE stream = @stream;
