-- error-reasons.sql: children in error grouped by ssd-delta's own reason (api_response up to its
-- first ' - '; what follows is the API's detail, which may quote values), most frequent first, at
-- most @limit groups. Result: reason, count.
SELECT TOP (@limit) e.reason, COUNT(*) AS count
  FROM (SELECT CASE WHEN CHARINDEX(N' - ', r.response) > 0 THEN LEFT(r.response, CHARINDEX(N' - ', r.response) - 1) ELSE r.response END AS reason
          FROM (SELECT COALESCE(CAST(api_response AS NVARCHAR(4000)), N'') AS response
                  FROM {{staging}} WHERE submission_status = 'error') AS r) AS e
 GROUP BY e.reason ORDER BY COUNT(*) DESC, e.reason;
