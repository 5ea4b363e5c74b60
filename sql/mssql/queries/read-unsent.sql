-- read-unsent.sql: children no cycle sends as things stand, and those waiting: refused
-- @max_attempts times or more (sent again only after `resend`), refused fewer times (tried again),
-- deleted children waiting while @purge_deleted is 0, pending ones, and those fenced (a newer
-- document than an ended run's unanswered POST, which may still arrive: take-over-leases.sql) with
-- when the last fence ends (ISO, UTC). Counted along the filtered index of claimable rows.
-- Result: refused, retrying, purges_held, pending, fenced, fenced_until.
WITH s AS (
  SELECT submission_status, attempt_count, row_state, fence_until,
         CASE WHEN fence_until > SYSUTCDATETIME() AND submission_status <> 'sending'
                   AND (fence_hash IS NULL OR current_hash <> fence_hash) THEN 1 ELSE 0 END AS fenced
    FROM {{staging}} WHERE submission_status IN ('pending', 'sending', 'error')
)
SELECT ISNULL(SUM(CASE WHEN submission_status = 'error' AND attempt_count >= @max_attempts THEN 1 ELSE 0 END), 0) AS refused,
       ISNULL(SUM(CASE WHEN submission_status = 'error' AND attempt_count < @max_attempts THEN 1 ELSE 0 END), 0) AS retrying,
       ISNULL(SUM(CASE WHEN submission_status = 'pending' AND row_state = 'deleted' AND @purge_deleted = 0 THEN 1 ELSE 0 END), 0) AS purges_held,
       ISNULL(SUM(CASE WHEN submission_status = 'pending' THEN 1 ELSE 0 END), 0) AS pending,
       ISNULL(SUM(fenced), 0) AS fenced,
       CONVERT(VARCHAR(19), MAX(CASE WHEN fenced = 1 THEN fence_until END), 126) + 'Z' AS fenced_until
  FROM s;
