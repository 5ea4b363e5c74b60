-- attention-children.sql: the children an operator may need to look at, for the status page
-- shown with serve.token: refused by the API (error), failing the DfE schema (invalid), then the
-- longest waiting to be sent (pending, sending); at most @limit rows. The reason is ssd-delta's
-- own words (api_response up to its first ' - ', the API's detail which may quote values left
-- out; validation_errors names paths and rules only). Refused and invalid: the filtered index of
-- 0011 gives the oldest in order (then @limit lookups for their reasons); waiting: the claimable
-- index of 0005/0010 (a Top-N of its pending rows).
-- Result: person_id, submission_status, since, reason.
SELECT TOP (@limit) a.person_id, a.submission_status, a.since, a.reason FROM (
  SELECT e.person_id, e.submission_status, e.since,
         CASE WHEN CHARINDEX(N' - ', e.response) > 0 THEN LEFT(e.response, CHARINDEX(N' - ', e.response) - 1) ELSE e.response END AS reason, 1 AS rank
    FROM (SELECT TOP (@limit) person_id, submission_status, last_updated AS since, COALESCE(CAST(api_response AS NVARCHAR(4000)), N'') AS response
            FROM {{staging}} WHERE submission_status = 'error' ORDER BY last_updated, id) AS e
  UNION ALL
  SELECT i.person_id, i.submission_status, i.since, i.reason, 2
    FROM (SELECT TOP (@limit) person_id, submission_status, last_updated AS since, LEFT(COALESCE(CAST(validation_errors AS NVARCHAR(4000)), N''), 300) AS reason
            FROM {{staging}} WHERE submission_status = 'invalid' ORDER BY last_updated, id) AS i
  UNION ALL
  SELECT w.person_id, w.submission_status, w.since, N'', 3
    FROM (SELECT TOP (@limit) person_id, submission_status, COALESCE(waiting_since, last_updated) AS since
            FROM {{staging}} WHERE submission_status IN ('pending', 'sending') ORDER BY COALESCE(waiting_since, last_updated), id) AS w
) AS a
 ORDER BY a.rank, a.since, a.person_id;
