-- read-unsent.sql: children no cycle sends as things stand, and those waiting: refused
-- @max_attempts times or more (sent again only after `resend`), refused fewer times (tried again),
-- deleted children waiting while @purge_deleted is 0, pending ones (these four along the filtered
-- index of claimable rows, whose INCLUDE holds every column they read); and those fenced (a
-- document other than the one an ended run's unanswered POST carried, which may still arrive
-- until the fence ends: take-over-leases.sql) with when the last fence ends (ISO, UTC), read along
-- the index of fences. Result: refused, retrying, purges_held, pending, fenced, fenced_until.
SELECT ISNULL(SUM(CASE WHEN submission_status = 'error' AND attempt_count >= @max_attempts THEN 1 ELSE 0 END), 0) AS refused,
       ISNULL(SUM(CASE WHEN submission_status = 'error' AND attempt_count < @max_attempts THEN 1 ELSE 0 END), 0) AS retrying,
       ISNULL(SUM(CASE WHEN submission_status = 'pending' AND row_state = 'deleted' AND @purge_deleted = 0 THEN 1 ELSE 0 END), 0) AS purges_held,
       ISNULL(SUM(CASE WHEN submission_status = 'pending' THEN 1 ELSE 0 END), 0) AS pending,
       f.fenced, CONVERT(VARCHAR(19), f.fenced_until, 126) + 'Z' AS fenced_until
  FROM {{staging}}
 CROSS JOIN (SELECT COUNT(*) AS fenced, MAX(fence_until) AS fenced_until FROM {{staging}}
              WHERE fence_until > SYSUTCDATETIME() AND (fence_hash IS NULL OR current_hash COLLATE Latin1_General_BIN2 <> fence_hash COLLATE Latin1_General_BIN2)
                AND (submission_status = 'pending' OR (submission_status = 'error' AND attempt_count < @max_attempts))
                -- a purge payload.purgeDeleted holds is counted as held, not fenced
                AND (row_state <> 'deleted' OR @purge_deleted = 1)) AS f
 WHERE submission_status IN ('pending', 'sending', 'error')
 GROUP BY f.fenced, f.fenced_until;
