-- read-unsent.sql: children no cycle sends as things stand, and those waiting: refused
-- @max_attempts times or more (sent again only after `resend`), refused fewer times (tried again),
-- deleted children waiting while @purge_deleted is false, pending ones, and those fenced (a newer
-- document than an ended run's unanswered POST, which may still arrive: take-over-leases.sql) with
-- when the last fence ends (ISO, UTC). Counted along the partial index of claimable rows.
-- Result: refused, retrying, purges_held, pending, fenced, fenced_until.
SELECT count(*) FILTER (WHERE submission_status = 'error' AND attempt_count >= @max_attempts::int)::int AS refused,
       count(*) FILTER (WHERE submission_status = 'error' AND attempt_count < @max_attempts::int)::int AS retrying,
       count(*) FILTER (WHERE submission_status = 'pending' AND row_state = 'deleted' AND NOT @purge_deleted::boolean)::int AS purges_held,
       count(*) FILTER (WHERE submission_status = 'pending')::int AS pending,
       count(*) FILTER (WHERE fenced)::int AS fenced,
       to_char(max(fence_until) FILTER (WHERE fenced) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS fenced_until
  FROM (SELECT submission_status, attempt_count, row_state, fence_until,
               (fence_until > now() AND current_hash IS DISTINCT FROM fence_hash AND submission_status <> 'sending') AS fenced
          FROM {{staging}} WHERE submission_status IN ('pending', 'sending', 'error')) AS s;
