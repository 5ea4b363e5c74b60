-- read-unsent.sql: children no cycle sends as things stand, and those waiting: refused
-- @max_attempts times or more (sent again only after `resend`), refused fewer times (tried again),
-- deleted children waiting while @purge_deleted is false, pending ones; and those fenced (a
-- document other than the one an ended run's unanswered POST carried, which may still arrive
-- until the fence ends: take-over-leases.sql) with when the last fence ends (ISO, UTC), read
-- along the index of fences. Result: refused, retrying, purges_held, pending, fenced, fenced_until.
WITH fenced AS (
  SELECT count(*)::int AS fenced, max(fence_until) AS fenced_until FROM {{staging}}
   WHERE fence_until > now() AND current_hash IS DISTINCT FROM fence_hash
     AND (submission_status = 'pending' OR (submission_status = 'error' AND attempt_count < @max_attempts::int))
     -- a purge payload.purgeDeleted holds is counted as held, not fenced
     AND (row_state <> 'deleted' OR @purge_deleted::boolean)
)
SELECT count(*) FILTER (WHERE submission_status = 'error' AND attempt_count >= @max_attempts::int)::int AS refused,
       count(*) FILTER (WHERE submission_status = 'error' AND attempt_count < @max_attempts::int)::int AS retrying,
       count(*) FILTER (WHERE submission_status = 'pending' AND row_state = 'deleted' AND NOT @purge_deleted::boolean)::int AS purges_held,
       count(*) FILTER (WHERE submission_status = 'pending')::int AS pending,
       (SELECT fenced FROM fenced) AS fenced,
       (SELECT to_char(fenced_until AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') FROM fenced) AS fenced_until
  FROM {{staging}} WHERE submission_status IN ('pending', 'sending', 'error');
