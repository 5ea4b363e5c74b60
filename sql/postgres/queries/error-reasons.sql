-- error-reasons.sql: children in error grouped by ssd-delta's own reason (api_response up to its
-- first ' - '; what follows is the API's detail, which may quote values), most frequent first, at
-- most @limit groups. Result: reason, count.
SELECT split_part(coalesce(api_response, ''), ' - ', 1) AS reason, count(*)::int AS count
  FROM {{staging}} WHERE submission_status = 'error'
 GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT @limit;
